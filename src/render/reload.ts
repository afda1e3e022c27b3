import path from "node:path";
import type { Problem } from "../corpus/article.js";
import type { FileChanges } from "../corpus/cache.js";
import { changeSummary, type ReloadReport } from "../engine/live.js";
import {
  COLOR,
  clampWords,
  escapeMarkdown,
  joinWithin,
  LIMITS,
  type ReplyPayload,
} from "./embeds.js";

/**
 * The /reload reply: what the reload changed, file by file (capped), which files kept their last
 * good version, and the problems the corpus has. File names are shown as `articles/<name>`,
 * never as full paths: where the bot's files live on its server is nobody's business in a chat.
 */

const WARN_COLOR = 0xd69e2e;
const FAIL_COLOR = 0xc53030;
const MAX_PROBLEMS = 8;
const LIST_CHARS = 300;

/** `articles/x.md`, `deals/y.json`, `companies.json`. */
export function shortName(file: string): string {
  const folder = path.basename(path.dirname(file));
  const name = path.basename(file);
  return folder === "articles" || folder === "deals" ? `${folder}/${name}` : name;
}

const code = (file: string) => `\`${shortName(file).replace(/`/g, "'")}\``;

function fileLines(kind: string, changes: FileChanges): string[] {
  return (["added", "changed", "removed"] as const)
    .filter((what) => changes[what].length > 0)
    .map((what) => `**${kind} ${what}:** ${joinWithin(changes[what].map(code), ", ", LIST_CHARS)}`);
}

function problemLine(p: Problem): string {
  const where = p.field ? `${shortName(p.file)} (${p.field})` : shortName(p.file);
  return `• ${escapeMarkdown(clampWords(`${where}: ${p.message}`, 200))}`;
}

/** The problems most worth reading first: those of kept files, then errors, then warnings. */
function ranked(report: ReloadReport): Problem[] {
  const kept = new Set(report.kept);
  const fresh = new Set(report.newProblems);
  const rank = (p: Problem) =>
    (kept.has(p.file) ? 0 : 4) + (fresh.has(p) ? 0 : 2) + (p.severity === "error" ? 0 : 1);
  return [...report.problems].sort((a, b) => rank(a) - rank(b));
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export function renderReloadReport(report: ReloadReport, lastChange?: ReloadReport): ReplyPayload {
  const { totals } = report;
  const footer = {
    text: `Now ${plural(totals.articles, "article")}, ${plural(totals.deals, "deal")}, ${plural(totals.companies, "company", "companies")} · ${plural(report.problems.length, "problem")} in all (npm run corpus:check lists them)`,
  };
  if (report.error !== undefined) {
    return {
      outcome: "not-found",
      embeds: [
        {
          title: "Reload failed",
          color: FAIL_COLOR,
          description:
            "The corpus could not be read again, so the bot keeps answering from the version it had. The reason is in the bot's log.",
          footer,
        },
      ],
    };
  }

  const lines: string[] = [];
  if (report.swapped) {
    lines.push(
      `${changeSummary(report.changes)}, in ${report.ms.toLocaleString("en-US")} ms. Answers come from the new version now.`,
      ...fileLines("Articles", report.changes.articles),
      ...fileLines("Deals", report.changes.deals),
      ...fileLines("Companies", report.changes.companies),
    );
  } else {
    lines.push("Nothing changed: the bot already answers from the files as they are.");
    if (lastChange && lastChange.trigger !== "start") {
      const { articles, deals, companies } = lastChange.changes;
      const files = [articles, deals, companies].flatMap((c) => [
        ...c.added,
        ...c.changed,
        ...c.removed,
      ]);
      lines.push(
        `Last change <t:${Math.floor(lastChange.at / 1000)}:R>: ${changeSummary(lastChange.changes)} (${joinWithin(files.map(code), ", ", LIST_CHARS)}).`,
      );
    }
  }
  if (report.kept.length > 0) {
    lines.push(
      "",
      `**Kept the last good version of** ${joinWithin(report.kept.map(code), ", ", LIST_CHARS)}: the file's new content has a problem, listed below. Fix it and the fixed version goes live.`,
    );
  }
  const problems = ranked(report);
  if (problems.length > 0) {
    lines.push(
      "",
      `**Problems found** (${problems.length}):`,
      ...problems.slice(0, MAX_PROBLEMS).map(problemLine),
    );
    if (problems.length > MAX_PROBLEMS) lines.push(`+${problems.length - MAX_PROBLEMS} more`);
  }
  const hasErrors = problems.some((p) => p.severity === "error");
  return {
    outcome: "answered",
    embeds: [
      {
        title: report.swapped ? "Corpus reloaded" : "Corpus unchanged",
        color: hasErrors ? WARN_COLOR : COLOR,
        description: withinLimit(lines, LIMITS.description),
        footer,
      },
    ],
  };
}

/** Whole lines only: a cut line could end inside a `code` span or a **bold** pair. */
function withinLimit(lines: string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > max - 2) return [...kept, "…"].join("\n");
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join("\n");
}

/** For a bot whose corpus cannot be reloaded (started without a live corpus). */
export function renderReloadUnavailable(): ReplyPayload {
  return {
    outcome: "not-found",
    embeds: [
      {
        title: "Reload unavailable",
        color: FAIL_COLOR,
        description:
          "This bot was started without a live corpus, so there is nothing to reload; restart it to read the corpus again.",
      },
    ],
  };
}
