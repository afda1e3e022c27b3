import { config as loadDotenv } from "dotenv";
import { configErrorLine, readConfig } from "../config.js";

/**
 * `npm run start:sharded`: the bot as one process per gateway shard (src/discord/shard-manager.ts).
 * The settings are those of `npm start`, plus TOTAL_SHARDS; a bad one stops it here with one
 * line on stderr and exit code 1.
 */

loadDotenv({ quiet: true });
const result = await readConfig(process.env, "start");
if (!result.ok) {
  process.stderr.write(`${configErrorLine(result)}\n`);
  process.exit(1);
}
const { startShardManager } = await import("../discord/shard-manager.js");
await startShardManager(result.config);
