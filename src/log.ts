import pino, { type Logger } from "pino";
import type { Problem } from "./corpus/article.js";

/**
 * Structured logs on stderr, so stdout stays the CLI's answer. Secrets are redacted by path
 * wherever they might be attached to a log object.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
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
    },
    pino.destination({ dest: 2, sync: true }),
  );
}

/** One line per corpus problem, naming the file, the field and the reason. */
export function logProblems(log: Logger, problems: Problem[]): void {
  for (const p of problems) {
    const where = p.field ? `${p.file} (${p.field})` : p.file;
    const action = p.severity === "error" ? "skipped" : "loaded anyway";
    log.warn({ file: p.file, field: p.field }, `corpus: ${where}: ${p.message} [${action}]`);
  }
}
