import pino, { type Logger } from "pino";

/**
 * The bot's structured log: JSON lines on stdout (the bot has no other output). Beyond the
 * path-based redaction of src/log.ts, every line is scrubbed of the bot token itself and of
 * interaction tokens inside webhook URLs, because those arrive where no path can predict them:
 * a discord.js error's `url`, a message, a stack.
 */
export function createBotLogger(level: string, secrets: string[] = []): Logger {
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
      serializers: {
        // discord.js errors carry the whole request body (every reply) in `requestBody`; the
        // message, code and status are what helps, and stay one readable line.
        err: (err: unknown) => {
          if (!(err instanceof Error)) return err;
          const e = err as Error & {
            code?: unknown;
            status?: unknown;
            method?: unknown;
            url?: unknown;
          };
          return {
            type: e.name,
            message: e.message,
            stack: e.stack,
            ...(e.code !== undefined ? { code: e.code } : {}),
            ...(e.status !== undefined ? { status: e.status } : {}),
            ...(e.method !== undefined ? { method: e.method } : {}),
            ...(e.url !== undefined ? { url: e.url } : {}),
          };
        },
      },
      hooks: {
        streamWrite: (line) => scrubLine(line, scrub),
      },
    },
    pino.destination({ dest: 1, sync: true }),
  );
}

// /webhooks/{app}/{token} and /interactions/{id}/{token}: the token part is a live credential
// for replying as the bot to that interaction for 15 minutes.
const INTERACTION_TOKEN = /(\/(?:webhooks|interactions)\/\d+\/)[^/\s"?]+/g;

export function scrubLine(line: string, secrets: string[]): string {
  let out = line.replace(INTERACTION_TOKEN, "$1[redacted]");
  for (const secret of secrets) out = out.split(secret).join("[redacted]");
  return out;
}
