import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Command, CommandModuleSchema } from "./command.js";

/** `commands/` at the project root, wherever the process was started from. */
export const COMMANDS_DIR = fileURLToPath(new URL("../../commands/", import.meta.url));

const MODULE_FILE = /^[^.].*(?<!\.d)\.(?:ts|mts|js|mjs)$/;

export class CommandLoadError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `malformed command module${problems.length === 1 ? "" : "s"}:\n  ${problems.join("\n  ")}`,
    );
    this.name = "CommandLoadError";
  }
}

/**
 * Imports every module in `dir` and checks its default export against the command predicate.
 * All problems are collected first, so one run names every malformed file (by path, with the
 * field and the reason) instead of failing on the first.
 */
export async function loadCommands(dir: string = COMMANDS_DIR): Promise<Command[]> {
  const files = (await readdir(dir))
    .filter((f) => MODULE_FILE.test(f) && !/\.test\./.test(f))
    .sort();
  const problems: string[] = [];
  const commands: Command[] = [];
  const byName = new Map<string, string>();
  for (const file of files) {
    const full = path.join(dir, file);
    const shown = path.relative(process.cwd(), full) || full;
    let mod: { default?: unknown };
    try {
      mod = (await import(pathToFileURL(full).href)) as { default?: unknown };
    } catch (error) {
      problems.push(
        `${shown}: cannot be imported: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    if (mod.default === undefined) {
      problems.push(
        `${shown}: has no default export; end it with \`export default { data, execute } satisfies Command\``,
      );
      continue;
    }
    const parsed = CommandModuleSchema.safeParse(mod.default);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const where = issue.path.length > 0 ? ` (${issue.path.join(".")})` : "";
        problems.push(`${shown}${where}: ${issue.message}`);
      }
      continue;
    }
    const command = mod.default as Command;
    const clash = byName.get(command.data.name);
    if (clash) {
      problems.push(`${shown}: command name "${command.data.name}" is already used by ${clash}`);
      continue;
    }
    byName.set(command.data.name, shown);
    commands.push(command);
  }
  if (problems.length > 0) throw new CommandLoadError(problems);
  if (commands.length === 0) throw new CommandLoadError([`${dir}: no command modules found`]);
  return commands;
}
