import { config as loadDotenv } from "dotenv";
import { configErrorLine, readConfig } from "./config.js";

/**
 * `npm start`: checks the settings, then runs the Discord bot until SIGINT/SIGTERM. A bad
 * setting stops it here with one line on stderr and exit code 1.
 */

loadDotenv({ quiet: true });
const result = await readConfig(process.env, "start");
if (!result.ok) {
  process.stderr.write(`${configErrorLine(result)}\n`);
  process.exit(1);
}
// discord.js takes most of a second to load; pay for it only once the settings are known good.
const { startBot } = await import("./discord/main.js");
await startBot(result.config);
