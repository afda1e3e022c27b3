import path from "node:path";
import type { Problem } from "../corpus/article.js";
import {
  anyChange,
  type CorpusChanges,
  type CorpusRefresh,
  type FileChanges,
} from "../corpus/cache.js";
import type { Corpus } from "../corpus/load.js";
import { createEngine, type Engine } from "./engine.js";

/**
 * The engine of a corpus that changes while the bot runs. A reload reads the corpus and builds
 * a whole new engine aside, then swaps one reference: a query holds the engine it started with
 * to the end, so none ever sees an index half built or two corpus versions at once. Reloads
 * never overlap: one asked for while another runs waits for it, and all those asked for
 * meanwhile share a single follow-up, which reads the files after every one of them asked.
 *
 * Building is the slow part (seconds on thousands of articles) and synchronous: done on the
 * thread that answers queries it stalls every one of them. So a source may hand back the
 * engine already built elsewhere (the bot builds it in a worker thread), and `build` may be
 * asynchronous; only a source that returns no engine is built for here.
 */

/** A refresh, possibly with the engine of its corpus already built by the source. */
export interface SourceRefresh extends CorpusRefresh {
  engine?: Engine;
}

export interface CorpusSource {
  refresh(): Promise<SourceRefresh>;
}

/** What caused a reload: the first load, a file change seen by the watcher, or /reload. */
export type ReloadTrigger = "start" | "watch" | "command";

export interface ReloadReport {
  trigger: ReloadTrigger;
  /** When it finished (ms since the epoch). */
  at: number;
  /** Whether a new engine went live. */
  swapped: boolean;
  changes: CorpusChanges;
  /** Files whose newest content failed validation; their last good version is in use. */
  kept: string[];
  /** Every problem the corpus has now. */
  problems: Problem[];
  /** The problems the previous reload did not have: the ones to tell about. */
  newProblems: Problem[];
  totals: { articles: number; deals: number; companies: number };
  ms: number;
  /** The reload itself failed (a bug, or the folder vanished); the engine in use stays. */
  error?: unknown;
}

export interface LiveEngineOptions {
  /** Builds an engine when the source did not; the default is the real one. */
  build?: (corpus: Corpus) => Engine | Promise<Engine>;
  /** Told of every finished reload, the first load included. */
  onReload?: (report: ReloadReport) => void;
  /**
   * The engine to start with, already opened (say from the persisted index): `start` then
   * neither reads the source nor builds, and the first reload is the source's first read.
   */
  initial?: Engine;
}

const problemKey = (p: Problem) => `${p.severity}\0${p.file}\0${p.field ?? ""}\0${p.message}`;

export class LiveEngine {
  private engine: Engine;
  private problemKeys: Set<string>;
  private running: Promise<ReloadReport> | undefined;
  private queued: Promise<ReloadReport> | undefined;
  private queuedTrigger: ReloadTrigger = "watch";
  private lastSwap: ReloadReport;

  private constructor(
    private readonly source: CorpusSource,
    private readonly options: LiveEngineOptions,
    first: { engine: Engine; report: ReloadReport },
  ) {
    this.engine = first.engine;
    this.lastSwap = first.report;
    this.problemKeys = new Set(first.report.problems.map(problemKey));
  }

  /** Loads the corpus once and returns the live engine holding it. */
  static async start(source: CorpusSource, options: LiveEngineOptions = {}): Promise<LiveEngine> {
    const started = performance.now();
    let engine: Engine;
    let report: ReloadReport;
    if (options.initial) {
      engine = options.initial;
      const { corpus } = engine.data;
      report = reportOf(
        "start",
        { corpus, changes: noChanges(), kept: [] },
        true,
        started,
        corpus.problems,
      );
    } else {
      const refresh = await source.refresh();
      engine = refresh.engine ?? (await (options.build ?? createEngine)(refresh.corpus));
      report = reportOf("start", refresh, true, started, refresh.corpus.problems);
    }
    // Not kept in the options: the first engine must be free to go once a reload replaces it.
    const { initial: _, ...kept } = options;
    const live = new LiveEngine(source, kept, { engine, report });
    options.onReload?.(report);
    return live;
  }

  /** The engine to answer with now. Read it once per query and keep it for that query. */
  get current(): Engine {
    return this.engine;
  }

  /** The last reload that changed the corpus in use (the first load, if none since). */
  get lastChange(): ReloadReport {
    return this.lastSwap;
  }

  /** True while a reload runs or waits to. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Reads the corpus again and, if anything in use changed, swaps in a new engine. Resolves
   * with a report of a reload that started after this call; it never rejects.
   */
  reload(trigger: ReloadTrigger = "command"): Promise<ReloadReport> {
    if (!this.running) return this.begin(trigger);
    // Someone asking outranks the watcher: the shared follow-up is then theirs, logged as such.
    if (!this.queued || trigger === "command") this.queuedTrigger = trigger;
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.begin(this.queuedTrigger);
    });
    return this.queued;
  }

  private begin(trigger: ReloadTrigger): Promise<ReloadReport> {
    const run = this.run(trigger).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async run(trigger: ReloadTrigger): Promise<ReloadReport> {
    const started = performance.now();
    let report: ReloadReport;
    try {
      const refresh = await this.source.refresh();
      const swap = anyChange(refresh.changes);
      // Built in full before anyone can see it; the assignment below is the whole swap.
      if (swap)
        this.engine =
          refresh.engine ?? (await (this.options.build ?? createEngine)(refresh.corpus));
      const fresh = refresh.corpus.problems.filter((p) => !this.problemKeys.has(problemKey(p)));
      this.problemKeys = new Set(refresh.corpus.problems.map(problemKey));
      report = reportOf(trigger, refresh, swap, started, fresh);
      if (swap) this.lastSwap = report;
    } catch (error) {
      const corpus = this.engine.data.corpus;
      report = {
        ...reportOf(trigger, { corpus, changes: noChanges(), kept: [] }, false, started, []),
        error,
      };
    }
    try {
      this.options.onReload?.(report);
    } catch {
      // A listener's failure is not the reload's.
    }
    return report;
  }
}

export function noChanges(): CorpusChanges {
  const none = () => ({ added: [], changed: [], removed: [] });
  return { articles: none(), deals: none(), companies: none() };
}

function reportOf(
  trigger: ReloadTrigger,
  refresh: CorpusRefresh,
  swapped: boolean,
  started: number,
  newProblems: Problem[],
): ReloadReport {
  const { corpus } = refresh;
  return {
    trigger,
    at: Date.now(),
    swapped,
    changes: refresh.changes,
    kept: refresh.kept,
    problems: corpus.problems,
    newProblems,
    totals: {
      articles: corpus.articles.length,
      deals: corpus.deals.length,
      companies: corpus.companies.length,
    },
    ms: Math.round(performance.now() - started),
  };
}

/** "articles 1 added, 2 changed · deals 1 removed", or "no changes". */
export function changeSummary(changes: CorpusChanges): string {
  const parts: string[] = [];
  for (const [kind, c] of Object.entries(changes) as Array<[keyof CorpusChanges, FileChanges]>) {
    const bits = [
      c.added.length > 0 ? `${c.added.length} added` : "",
      c.changed.length > 0 ? `${c.changed.length} changed` : "",
      c.removed.length > 0 ? `${c.removed.length} removed` : "",
    ].filter(Boolean);
    if (bits.length === 0) continue;
    // There is one companies file: its count says nothing.
    parts.push(
      kind === "companies"
        ? `companies.json ${bits[0]?.replace(/^1 /, "")}`
        : `${kind} ${bits.join(", ")}`,
    );
  }
  return parts.join(" · ") || "no changes";
}

/**
 * What differs between two versions of a corpus, by content: for a source that has no memory
 * of the files behind the corpus in use (a worker started afresh) and so cannot tell by file.
 * Articles and companies.json are named by their files; a deal, whose record does not keep its
 * file name, by `dealName` (its id unless told better).
 */
export function diffCorpora(
  before: Corpus,
  after: Corpus,
  dealName: (id: string) => string = (id) => id,
): CorpusChanges {
  const changes = noChanges();
  const compare = <T>(
    into: FileChanges,
    was: T[],
    now: T[],
    key: (item: T) => string,
    name: (item: T) => string,
    same: (a: T, b: T) => boolean,
  ) => {
    const old = new Map(was.map((item) => [key(item), item]));
    const fresh = new Set<string>();
    for (const item of now) {
      const k = key(item);
      fresh.add(k);
      const previous = old.get(k);
      if (previous === undefined) into.added.push(name(item));
      else if (!same(previous, item)) into.changed.push(name(item));
    }
    for (const [k, item] of old) if (!fresh.has(k)) into.removed.push(name(item));
  };
  const json = (value: unknown) => JSON.stringify(value);
  // By id, not by path: the same folder may be named differently ("./corpus", "/srv/corpus").
  compare(
    changes.articles,
    before.articles,
    after.articles,
    (a) => a.id,
    (a) => a.file,
    (a, b) => a.text === b.text && json(a.meta) === json(b.meta),
  );
  compare(
    changes.deals,
    before.deals,
    after.deals,
    (d) => d.id,
    (d) => dealName(d.id),
    (a, b) => json(a) === json(b),
  );
  if (json(before.companies) !== json(after.companies)) {
    const file = path.join(after.dirs[0] ?? before.dirs[0] ?? ".", "companies.json");
    if (before.companies.length === 0) changes.companies.added.push(file);
    else if (after.companies.length === 0) changes.companies.removed.push(file);
    else changes.companies.changed.push(file);
  }
  return changes;
}
