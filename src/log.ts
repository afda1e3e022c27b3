import pino, { type Logger } from "pino";
import type { Problem } from "./corpus/article.js";

/**
 * The one structured log: pino JSON lines, on stderr for the CLI (stdout is its answer) and on
 * stdout for the bot (it has no other output). Secrets are redacted by path wherever they might
 * sit in a log object, and every line is also scrubbed of the secrets given and of interaction
 * tokens inside webhook URLs, because those arrive where no path can predict them: a
 * discord.js error's `url`, a message, a stack.
 */
export interface LogOptions {
  level?: string;
  /** 1: stdout, 2: stderr. */
  dest?: 1 | 2;
  /** Values never to print, such as the bot token. */
  secrets?: string[];
}

export function createLogger(options: LogOptions | string = {}): Logger {
  const {
    level = process.env.LOG_LEVEL ?? "info",
    dest = 2,
    secrets = [],
  } = typeof options === "string" ? { level: options } : options;
  const scrub = secrets.filter((s) => s.length >= 8);
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          "token",
          "*.token",
          "config.token",
          "headers.authorization",
          "*.headers.authorization",
        ],
        censor: "[redacted]",
      },
      serializers: { err: serializeError },
      hooks: { streamWrite: (line) => scrubLine(line, scrub) },
    },
    pino.destination({ dest, sync: true }),
  );
}

// discord.js errors carry the whole request body (every reply) in `requestBody`; the message,
// code and status are what helps, and stay one readable line.
function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const e = err as Error & { code?: unknown; status?: unknown; method?: unknown; url?: unknown };
  return {
    type: e.name,
    message: e.message,
    stack: e.stack,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(e.status !== undefined ? { status: e.status } : {}),
    ...(e.method !== undefined ? { method: e.method } : {}),
    ...(e.url !== undefined ? { url: e.url } : {}),
  };
}

// /webhooks/{app}/{token} and /interactions/{id}/{token}: the token part is a live credential
// for replying as the bot to that interaction for 15 minutes.
const INTERACTION_TOKEN = /(\/(?:webhooks|interactions)\/\d+\/)[^/\s"?]+/g;

export function scrubLine(line: string, secrets: string[]): string {
  let out = line.replace(INTERACTION_TOKEN, "$1[redacted]");
  for (const secret of secrets) out = out.split(secret).join("[redacted]");
  return out;
}

/** One line per corpus problem, naming the file, the field and the reason. */
export function logProblems(log: Logger, problems: Problem[]): void {
  for (const p of problems) {
    const where = p.field ? `${p.file} (${p.field})` : p.file;
    const action = p.severity === "error" ? "skipped" : "loaded anyway";
    log.warn({ file: p.file, field: p.field }, `corpus: ${where}: ${p.message} [${action}]`);
  }
}
