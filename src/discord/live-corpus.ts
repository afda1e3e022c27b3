import type { Logger } from "pino";
import type { Problem } from "../corpus/article.js";
import { CorpusCache, type FileChanges } from "../corpus/cache.js";
import { type CorpusWatcher, DEFAULT_DEBOUNCE_MS, watchCorpus } from "../corpus/watch.js";
import { changeSummary, LiveEngine, type ReloadReport } from "../engine/live.js";

/**
 * The bot's corpus, kept live: loaded at start, then reloaded whenever its files change (and on
 * /reload), each reload logged as one summary line plus one line per new problem. Logs name
 * files as they are on disk, for the operator; the /reload reply shortens them.
 */

export interface LiveCorpus {
  live: LiveEngine;
  /** Stops watching; reloads already running finish on their own. */
  close(): void;
}

export interface LiveCorpusOptions {
  /** Watch the folder for changes (default true); /reload works either way. */
  watch?: boolean;
  debounceMs?: number;
}

// A summary line names at most this many files per list; the counts are always complete.
const FILES_LOGGED = 20;

export async function startLiveCorpus(
  dir: string,
  log: Logger,
  options: LiveCorpusOptions = {},
): Promise<LiveCorpus> {
  const live = await LiveEngine.start(new CorpusCache(dir), {
    onReload: (report) => logReload(log, dir, report),
  });
  let watcher: CorpusWatcher | undefined;
  if (options.watch !== false) {
    watcher = watchCorpus(dir, {
      debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
      onChange: (paths) => {
        log.debug({ paths }, "corpus files changed");
        void live.reload("watch");
      },
      onError: (err, folder) =>
        log.warn(
          { err, folder },
          "corpus: cannot watch a folder; changes there are picked up once it can be watched again, or with /reload",
        ),
    });
  }
  return {
    live,
    close() {
      watcher?.close();
    },
  };
}

function logProblem(log: Logger, p: Problem, kept: Set<string>): void {
  const where = p.field ? `${p.file} (${p.field})` : p.file;
  const action =
    p.severity === "warning"
      ? "loaded anyway"
      : kept.has(p.file)
        ? `kept the last good version of ${p.file}`
        : "skipped";
  log.warn({ file: p.file, field: p.field }, `corpus: ${where}: ${p.message} [${action}]`);
}

const counts = (c: FileChanges) => ({
  added: c.added.length,
  changed: c.changed.length,
  removed: c.removed.length,
});

const names = (c: FileChanges) => {
  const all = [...c.added, ...c.changed, ...c.removed];
  return all.length > FILES_LOGGED ? [...all.slice(0, FILES_LOGGED), "…"] : all;
};

export function logReload(log: Logger, dir: string, report: ReloadReport): void {
  const kept = new Set(report.kept);
  for (const p of report.newProblems) logProblem(log, p, kept);
  // A file that stays broken was reported when it broke; this says it is still being held.
  for (const file of report.kept) {
    if (!report.newProblems.some((p) => p.file === file)) {
      log.debug({ file }, `corpus: ${file} still fails; kept the last good version of ${file}`);
    }
  }
  const { totals, changes } = report;
  if (report.trigger === "start") {
    if (totals.articles === 0) {
      log.warn(
        { corpusDir: dir },
        'corpus: no articles loaded; every question will be answered with "nothing relevant"',
      );
    }
    log.info(
      { corpusDir: dir, ...totals, problems: report.problems.length, ms: report.ms },
      "corpus loaded",
    );
    return;
  }
  if (report.error !== undefined) {
    log.error(
      { err: report.error, corpusDir: dir, trigger: report.trigger, ms: report.ms },
      "corpus reload failed; answering from the corpus already in use",
    );
    return;
  }
  const line = {
    corpusDir: dir,
    trigger: report.trigger,
    swapped: report.swapped,
    articles: counts(changes.articles),
    deals: counts(changes.deals),
    companies: counts(changes.companies),
    files: [...names(changes.articles), ...names(changes.deals), ...names(changes.companies)],
    kept: report.kept,
    problems: report.problems.length,
    newProblems: report.newProblems.length,
    totals,
    ms: report.ms,
  };
  const message = `corpus reloaded: ${changeSummary(changes)} in ${report.ms} ms`;
  // An editor's swap file or a save with no real change reloads to no effect: not worth a line
  // at info, unless someone asked for the reload.
  if (report.swapped || report.newProblems.length > 0 || report.trigger === "command") {
    log.info(line, message);
  } else log.debug(line, message);
}
