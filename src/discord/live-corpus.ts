import type { Logger } from "pino";
import { DEFAULT_INDEX_DIR } from "../config.js";
import type { Problem } from "../corpus/article.js";
import type { FileChanges } from "../corpus/cache.js";
import { type CorpusWatcher, DEFAULT_DEBOUNCE_MS, watchCorpus } from "../corpus/watch.js";
import { changeSummary, LiveEngine, type ReloadReport } from "../engine/live.js";
import { corpusHash, type OpenedEngine, openEngine } from "../engine/persist.js";
import { ThreadedCorpus } from "./threaded-corpus.js";

/**
 * The bot's corpus, kept live: opened at start from the persisted index (or built and saved
 * when the corpus changed since it was saved), then reloaded whenever its files change (and on
 * /reload), each reload logged as one summary line plus one line per new problem. Reloads read,
 * build and save in a worker thread (./threaded-corpus.ts). Logs name files as they are on
 * disk, for the operator; the /reload reply shortens them.
 */

export interface LiveCorpus {
  live: LiveEngine;
  /** How the engine in use at start was had: from the saved index, or built. */
  opened: Pick<OpenedEngine, "source" | "hash" | "ms">;
  /**
   * Reloads if the files changed since the engine was opened (while the bot was connecting,
   * before anything watched them); resolves with the report, or undefined when nothing did.
   */
  catchUp(): Promise<ReloadReport | undefined>;
  /** Stops watching and the reload worker; a reload in progress fails. */
  close(): void;
}

export interface LiveCorpusOptions {
  /** Where the persisted index is kept (default `.cache/index`). */
  cacheDir?: string;
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
  const cacheDir = options.cacheDir ?? DEFAULT_INDEX_DIR;
  const opened = await openEngine([dir], cacheDir, (err) =>
    log.warn({ err, cacheDir }, "could not save the index; the next start builds it again"),
  );
  const started = { source: opened.source, ms: Math.round(opened.ms) };
  // What the closures below need of `opened`, which holds the first engine: none may keep it,
  // or that engine would stay in memory beside every one that replaces it.
  const openedHash = opened.hash;
  let live: LiveEngine | undefined;
  const source = new ThreadedCorpus({
    dir,
    cacheDir,
    hash: opened.hash,
    // Only asked for on a reload, which needs the live engine to exist.
    current: () => (live as LiveEngine).current,
    log,
  });
  live = await LiveEngine.start(source, {
    initial: opened.engine,
    onReload: (report) => logReload(log, dir, report, started),
  });
  const running = live;
  let watcher: CorpusWatcher | undefined;
  if (options.watch !== false) {
    watcher = watchCorpus(dir, {
      debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
      onChange: (paths) => {
        log.debug({ paths }, "corpus files changed");
        void running.reload("watch");
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
    opened: { source: opened.source, hash: opened.hash, ms: opened.ms },
    async catchUp() {
      const now = await corpusHash([dir]);
      return now === openedHash ? undefined : running.reload("watch");
    },
    close() {
      watcher?.close();
      source.close();
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

/** How the engine at start was had, for the start-up line. */
export interface StartedFrom {
  source: "saved" | "built";
  ms: number;
}

export function logReload(
  log: Logger,
  dir: string,
  report: ReloadReport,
  started?: StartedFrom,
): void {
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
    // The one start-up line: where the engine came from, how big, how long it took.
    log.info(
      {
        corpusDir: dir,
        source: started?.source ?? "built",
        ...totals,
        problems: report.problems.length,
        ms: started?.ms ?? report.ms,
      },
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
