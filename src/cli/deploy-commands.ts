import { DiscordAPIError, REST, Routes } from "discord.js";
import { config as loadDotenv } from "dotenv";
import { configErrorLine, readConfig } from "../config.js";
import { CommandLoadError, loadCommands } from "../discord/loader.js";

/**
 * `npm run deploy-commands`: registers every command in `commands/` with ONE bulk overwrite,
 * in DISCORD_GUILD_ID when set (instant; for development) or globally. Run it after changing a
 * definition; the bot itself never registers commands (Discord limits command creation per day).
 */

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

loadDotenv({ quiet: true });
const result = await readConfig(process.env, "deploy");
if (!result.ok) fail(configErrorLine(result));
const { token, clientId, guildId, apiUrl } = result.config;
if (!clientId) fail("Configuration error: DISCORD_CLIENT_ID is not set.");

let commands: Awaited<ReturnType<typeof loadCommands>>;
try {
  commands = await loadCommands();
} catch (error) {
  fail(error instanceof CommandLoadError ? `Cannot deploy: ${error.message}` : String(error));
}

const rest = new REST({ api: apiUrl }).setToken(token);
const route = guildId
  ? Routes.applicationGuildCommands(clientId, guildId)
  : Routes.applicationCommands(clientId);
const body = commands.map((c) => c.data);

try {
  const registered = (await rest.put(route, { body })) as Array<{ name: string }>;
  const names = registered.map((c) => `/${c.name}`).join(", ");
  process.stdout.write(
    guildId
      ? `Registered ${registered.length} commands in guild ${guildId}: ${names}\n`
      : `Registered ${registered.length} commands globally: ${names}\n`,
  );
} catch (error) {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401)
      fail(
        "Discord refused DISCORD_TOKEN (401): reset it in the Developer Portal (Bot → Reset Token) and update .env.",
      );
    if (error.code === 10002 || error.status === 404) {
      fail(
        `Discord does not know application DISCORD_CLIENT_ID=${clientId} (${error.status}): copy the Application ID from the Developer Portal → General Information.`,
      );
    }
    if (error.status === 403 || error.code === 50001) {
      fail(
        `The bot may not register commands in guild DISCORD_GUILD_ID=${guildId} (${error.status}): invite it with the applications.commands scope (see docs/discord-setup.md), or leave DISCORD_GUILD_ID empty.`,
      );
    }
    fail(`Discord rejected the commands (${error.status}, code ${error.code}): ${error.message}`);
  }
  fail(
    `Could not reach Discord at ${apiUrl}: ${error instanceof Error ? error.message : String(error)}`,
  );
}
