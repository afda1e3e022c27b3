import { ApplicationCommandOptionType } from "discord.js";
import type { Logger } from "pino";
import { z } from "zod";
import type { Engine } from "../engine/engine.js";
import type { LiveEngine } from "../engine/live.js";
import type { ReplyPayload } from "../render/embeds.js";

/**
 * What a file in `commands/` exports: a definition that is plain data (exactly what is sent to
 * Discord on deploy) and thin handlers. Handlers receive options already read and checked
 * against the definition, typed from it, so the two cannot drift; they return a reply payload
 * and never talk to Discord themselves (src/discord/respond.ts does that).
 */

/** The option kinds this bot's commands use. */
type OptionKind =
  | ApplicationCommandOptionType.String
  | ApplicationCommandOptionType.Boolean
  | ApplicationCommandOptionType.Integer
  | ApplicationCommandOptionType.Number
  | ApplicationCommandOptionType.User;

export interface OptionDefinition {
  readonly type: OptionKind;
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  readonly autocomplete?: boolean;
  readonly min_length?: number;
  readonly max_length?: number;
  /** A fixed list to pick from; Discord shows only these, and the bot refuses anything else. */
  readonly choices?: readonly OptionChoice[];
}

export interface OptionChoice {
  readonly name: string;
  readonly value: string | number;
}

export interface CommandDefinition {
  readonly name: string;
  /** Required for slash commands; a message command (type 3) has none. */
  readonly description?: string;
  /** 1 (default): a slash command. 3: a message command, under a message's "Apps" menu. */
  readonly type?: 1 | 3;
  readonly options?: readonly OptionDefinition[];
  readonly contexts?: readonly number[];
  readonly integration_types?: readonly number[];
  /** Permission bits a member needs to see the command ("32": Manage Server); admins can override. */
  readonly default_member_permissions?: string | null;
}

// A user option arrives as the user's id.
type ValueOf<T extends OptionKind> = T extends
  | ApplicationCommandOptionType.String
  | ApplicationCommandOptionType.User
  ? string
  : T extends ApplicationCommandOptionType.Boolean
    ? boolean
    : number;

// With choices, only their values can arrive (readOptions refuses others): `depth?: 1 | 2`.
type ValueFor<P extends OptionDefinition> = P extends {
  choices: readonly (infer C extends OptionChoice)[];
}
  ? C["value"]
  : ValueOf<P["type"]>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type OptionsFrom<O extends OptionDefinition> = Simplify<
  { [P in O as P extends { required: true } ? P["name"] : never]: ValueFor<P> } & {
    [P in O as P extends { required: true } ? never : P["name"]]?: ValueFor<P>;
  }
>;

/**
 * `{ company: string; with?: string; private?: boolean }` from the `/deal` definition; a message
 * command gets the message it was used on.
 */
export type OptionsOf<D extends CommandDefinition> = D extends { type: 3 }
  ? { message: TargetMessage }
  : D extends {
        options: readonly (infer O extends OptionDefinition)[];
      }
    ? OptionsFrom<O>
    : Record<string, unknown>;

/** The message a message command was used on. */
export interface TargetMessage {
  id: string;
  /** Its text; empty for a message of only attachments or embeds. */
  content: string;
}

/** Who is asking, for answers whose buttons belong to the asker when private. */
export interface Asker {
  id: string;
  private: boolean;
}

export interface Choice {
  name: string;
  value: string;
}

export interface CommandContext {
  /** The engine in use when the handler was called; a reload swaps it for later calls. */
  engine: Engine;
  /** The reloadable corpus behind `engine`, when the bot runs with one (for /reload). */
  live?: LiveEngine;
  log: Logger;
  /** Every loaded command, for /help. */
  commands: readonly Command[];
  /** Set for each command call. */
  asker?: Asker;
}

export interface Command<D extends CommandDefinition = CommandDefinition> {
  data: D;
  /**
   * The answer may take long on a big corpus: the reply is deferred first when recent answers
   * of this command were slow (see src/discord/latency.ts).
   */
  mayBeSlow?: boolean;
  /** Always answer for the asker only, whatever `private` says (admin commands). */
  ephemeral?: boolean;
  /** Run once at start-up and timed, so the first real answer already knows if it is slow. */
  warmUp?(ctx: CommandContext): unknown;
  execute(options: OptionsOf<D>, ctx: CommandContext): ReplyPayload | Promise<ReplyPayload>;
  /** Suggestions for the option being typed; `options` holds what the other options say so far. */
  autocomplete?(
    focused: { name: string; value: string },
    options: Partial<OptionsOf<D>>,
    ctx: CommandContext,
  ): Choice[];
}

/** Every command works in servers, the bot's DMs and group DMs (contexts 0, 1, 2). */
export const EVERYWHERE = { contexts: [0, 1, 2], integration_types: [0] } as const;

/** The same `private` option on every command: answer ephemerally, for the asker only. */
export const PRIVATE_OPTION = {
  type: ApplicationCommandOptionType.Boolean,
  name: "private",
  description: "Show the answer to you only (default: everyone in the channel sees it)",
} as const;

// ---- the predicate a command module must pass --------------------------------------------------

// Discord's rules for names: 1–32 letters, digits, '-' or '_', lower case where a case exists.
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const name = z
  .string()
  .regex(NAME, "must be 1–32 letters, digits, '-' or '_'")
  .refine((s) => s === s.toLowerCase(), "must be lower case");
const description = z
  .string()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters");

const OptionSchema = z
  .object({
    type: z.union([
      z.literal(ApplicationCommandOptionType.String),
      z.literal(ApplicationCommandOptionType.Boolean),
      z.literal(ApplicationCommandOptionType.Integer),
      z.literal(ApplicationCommandOptionType.Number),
      z.literal(ApplicationCommandOptionType.User),
    ]),
    name,
    description,
    required: z.boolean().optional(),
    autocomplete: z.boolean().optional(),
    min_length: z.number().int().min(0).max(6000).optional(),
    max_length: z.number().int().min(1).max(6000).optional(),
    choices: z
      .array(
        z
          .object({
            name: z.string().min(1).max(100, "a choice name must be at most 100 characters"),
            value: z.union([z.string().min(1).max(100), z.number()]),
          })
          .strict(),
      )
      .min(1)
      .max(25, "at most 25 choices")
      .optional(),
  })
  .strict()
  .refine(
    (o) =>
      !o.autocomplete ||
      (o.type !== ApplicationCommandOptionType.Boolean &&
        o.type !== ApplicationCommandOptionType.User),
    { message: "a boolean or user option cannot autocomplete" },
  )
  // Discord refuses both on one option, and choices of another type than the option's.
  .refine((o) => !(o.autocomplete && o.choices), {
    message: "an option cannot both autocomplete and have choices",
  })
  .refine(
    (o) =>
      (o.choices ?? []).every((c) =>
        o.type === ApplicationCommandOptionType.String
          ? typeof c.value === "string"
          : o.type === ApplicationCommandOptionType.Integer
            ? Number.isInteger(c.value)
            : o.type === ApplicationCommandOptionType.Number && Number.isFinite(c.value),
      ),
    { message: "every choice's value must be of the option's type (booleans take no choices)" },
  )
  .refine(
    (o) =>
      o.type !== ApplicationCommandOptionType.String ||
      (o.max_length !== undefined && o.max_length <= 6000),
    { message: "a string option needs a max_length, which the bot also enforces itself" },
  );

export const CommandDefinitionSchema = z
  .object({
    name,
    description,
    type: z.literal(1).optional(),
    options: z
      .array(OptionSchema)
      .max(25, "at most 25 options")
      .refine(
        (opts) => !opts.some((o, i) => o.required && opts.slice(0, i).some((p) => !p.required)),
        "required options must come before optional ones",
      )
      .refine(
        (opts) => new Set(opts.map((o) => o.name)).size === opts.length,
        "option names must be unique",
      )
      .optional(),
    contexts: z.array(z.union([z.literal(0), z.literal(1), z.literal(2)])).optional(),
    integration_types: z.array(z.union([z.literal(0), z.literal(1)])).optional(),
    default_member_permissions: z
      .string()
      .regex(/^\d+$/, 'must be a permission bit set written in decimal, e.g. "32"')
      .nullable()
      .optional(),
  })
  .strict();

// Message commands: 1–32 characters, and unlike slash commands they may have capitals and
// spaces ("Find sources"); Discord wants no description and no options.
const MessageDefinitionSchema = z
  .object({
    type: z.literal(3),
    name: z
      .string()
      .regex(/^[-_' \p{L}\p{N}]{1,32}$/u, "must be 1–32 letters, digits, spaces, '-', '_' or \"'\"")
      .refine((s) => s === s.trim(), "must not start or end with a space"),
    contexts: z.array(z.union([z.literal(0), z.literal(1), z.literal(2)])).optional(),
    integration_types: z.array(z.union([z.literal(0), z.literal(1)])).optional(),
  })
  .strict();

const isFunction = (what: string) =>
  z.custom<(...args: never[]) => unknown>(
    (v) => typeof v === "function",
    `${what} must be a function`,
  );

const SlashModuleSchema = z
  .object({
    data: CommandDefinitionSchema,
    mayBeSlow: z.boolean().optional(),
    ephemeral: z.boolean().optional(),
    warmUp: isFunction("warmUp").optional(),
    execute: isFunction("execute"),
    autocomplete: isFunction("autocomplete").optional(),
  })
  .strict()
  .refine(
    (m) => !m.data.options?.some((o) => o.autocomplete) || m.autocomplete !== undefined,
    "an option has autocomplete: true, so the module must export an autocomplete handler",
  );

// A message command has no options, so nothing to autocomplete.
const MessageModuleSchema = z
  .object({
    data: MessageDefinitionSchema,
    mayBeSlow: z.boolean().optional(),
    ephemeral: z.boolean().optional(),
    warmUp: isFunction("warmUp").optional(),
    execute: isFunction("execute"),
  })
  .strict();

/**
 * The predicate for a module's default export. The definition's `type` picks the rules, rather
 * than a union trying both, so a problem is reported against the rules the author meant.
 */
export const CommandModuleSchema = {
  safeParse(value: unknown) {
    const type = (value as { data?: { type?: unknown } } | null)?.data?.type;
    return type === 3 ? MessageModuleSchema.safeParse(value) : SlashModuleSchema.safeParse(value);
  },
};
