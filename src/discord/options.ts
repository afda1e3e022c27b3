import { ApplicationCommandOptionType } from "discord.js";
import type { CommandDefinition, OptionsOf } from "./command.js";

/**
 * Reads a command's options from the raw interaction data against the command's definition.
 * Discord enforces `required` and `max_length` in its client, but an interaction is only a JSON
 * payload: a stale command registration, another client or a forged request can send anything,
 * so every rule is checked again here and broken ones become a message for the user.
 */

/** A problem the user can fix; shown to them (ephemerally), not logged as a bug. */
export class UserError extends Error {
  override name = "UserError";
}

/** The shape of `interaction.options.data` entries that matter here. */
export interface RawOption {
  name: string;
  type: number;
  value?: unknown;
  focused?: boolean;
}

// Whitespace, format characters (zero-width spaces, joiners, direction marks) and controls: an
// option made only of these is as good as empty.
const BLANK = /^[\s\p{Cf}\p{Cc}\p{Z}]*$/u;

export function isBlank(value: string): boolean {
  return BLANK.test(value);
}

/** Length as people count it (code points), so an emoji is one character, not two. */
export function charLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

const KIND_WORDS: Record<number, string> = {
  [ApplicationCommandOptionType.String]: "text",
  [ApplicationCommandOptionType.Boolean]: "True or False",
  [ApplicationCommandOptionType.Integer]: "a whole number",
  [ApplicationCommandOptionType.Number]: "a number",
  [ApplicationCommandOptionType.User]: "a user",
};

function typeMatches(kind: number, value: unknown): boolean {
  switch (kind) {
    case ApplicationCommandOptionType.String:
      return typeof value === "string";
    case ApplicationCommandOptionType.Boolean:
      return typeof value === "boolean";
    case ApplicationCommandOptionType.Integer:
      return typeof value === "number" && Number.isInteger(value);
    case ApplicationCommandOptionType.Number:
      return typeof value === "number" && Number.isFinite(value);
    // A user arrives as their id, a snowflake; anything else would make a broken mention.
    case ApplicationCommandOptionType.User:
      return typeof value === "string" && /^\d{17,20}$/.test(value);
    default:
      return false;
  }
}

export function readOptions<D extends CommandDefinition>(
  definition: D,
  raw: readonly RawOption[] | undefined,
): OptionsOf<D> {
  const given = new Map((Array.isArray(raw) ? raw : []).map((o) => [o?.name, o]));
  const out: Record<string, unknown> = {};
  for (const option of definition.options ?? []) {
    const found = given.get(option.name);
    const value = found?.value;
    if (found === undefined || value === undefined || value === null) {
      if (option.required)
        throw new UserError(`\`${option.name}\` is required: ${example(definition, option.name)}`);
      continue;
    }
    if (!typeMatches(option.type, value)) {
      throw new UserError(
        `\`${option.name}\` should be ${KIND_WORDS[option.type] ?? "a different kind of value"}. Pick the command again from the / menu.`,
      );
    }
    // Discord's client offers only the choices, but a stale registration or a forged payload
    // could send any value, and the handler is typed to receive only these.
    if (option.choices && !option.choices.some((c) => c.value === value)) {
      throw new UserError(
        `\`${option.name}\` should be one of ${option.choices.map((c) => c.value).join(", ")}. Pick it from the list in the / menu.`,
      );
    }
    if (typeof value === "string") {
      if (isBlank(value)) {
        if (option.required)
          throw new UserError(`\`${option.name}\` is empty: ${example(definition, option.name)}`);
        continue;
      }
      const length = charLength(value);
      if (option.max_length !== undefined && length > option.max_length) {
        throw new UserError(
          `\`${option.name}\` is ${length.toLocaleString("en-US")} characters long; the limit is ${option.max_length}. Shorten it and try again.`,
        );
      }
      out[option.name] = value.trim();
    } else out[option.name] = value;
  }
  return out as OptionsOf<D>;
}

const EXAMPLES: Record<string, string> = {
  company: "Huawei",
  with: "Nokia",
  name: "Nokia",
  question: "Who licenses patents to Nokia?",
  article: "Huawei & OPPO sign a patent cross-licensing agreement",
};

function example(definition: CommandDefinition, option: string): string {
  return `for example \`/${definition.name} ${option}:${EXAMPLES[option] ?? "…"}\``;
}

/** The `private` option, read leniently: anything but a real `true` means public. */
export function readPrivate(raw: readonly RawOption[] | undefined): boolean {
  return Array.isArray(raw) && raw.some((o) => o?.name === "private" && o.value === true);
}
