import { Worker } from "node:worker_threads";
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.js";
import { type CorpusSource, diffCorpora, type SourceRefresh } from "../engine/live.js";
import { loadSavedEngineInSteps } from "../engine/persist.js";
import type { RefreshRequest, WorkerInit, WorkerReply } from "./reload-worker.js";

/**
 * The corpus as the live engine reads it, with the reading, building and saving done in a
 * worker thread (./reload-worker.ts). Built on the main thread, a new engine for 1,000 articles
 * held every query up for 0.7 to 1.3 s; here the main thread only loads the finished engine
 * from the file the worker saved (`loadSavedEngineInSteps`), a step at a time with the event
 * loop free in between (the longest 0.1 s at 20,000 articles, 0.4 s at 100,000), its article
 * text left on disk. A failure to save or to load fails the refresh: the engine in use stays.
 *
 * The worker starts on the first refresh and stays while edits come, holding the parsed files,
 * so later refreshes parse only what changed; idle for a while, it is stopped, since it holds
 * a parsed copy of the corpus (about 130 MiB of RSS on 1,000 articles). A new worker, or one
 * started after the old one died, compares what it reads with the corpus in use by content.
 * If a worker dies, the refresh it was on fails and the engine in use stays.
 */

export interface ThreadedCorpusOptions {
  dir: string;
  cacheDir: string;
  /** The engine in use: what a fresh worker's first read is compared with. */
  current: () => Engine;
  /** The content hash of the files `current` was opened from (see RefreshRequest). */
  hash?: string;
  log: Logger;
  /** How long the worker may sit idle before it is stopped (default 30 seconds). */
  idleMs?: number;
}

// Long enough for a run of saves while someone edits; short, because the parsed corpus it holds
// costs more than the bot itself (600 MiB at 20,000 articles, over the 450 MiB budget).
const IDLE_MS = 30_000;

// The ES module build: tsx's CommonJS one cannot register hooks from inside a worker.
const TSX_API = import.meta.resolve("tsx/esm/api");
const ENTRY = new URL("./reload-worker.ts", import.meta.url).href;
// The bot runs its TypeScript through tsx, and a worker thread does not inherit the loader
// hooks that `--import tsx` installed: the worker registers them itself before its entry.
const BOOT = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(ENTRY)}); });`;

interface Pending {
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
}

export class ThreadedCorpus implements CorpusSource {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private hash: string | undefined;
  private closed = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ThreadedCorpusOptions) {
    this.hash = options.hash;
  }

  async refresh(): Promise<SourceRefresh> {
    const reply = await this.ask();
    if (!reply.ok) {
      this.forget();
      const error = new Error(`reload worker: ${reply.message}`);
      if (reply.stack) error.stack = reply.stack;
      throw error;
    }
    const current = this.options.current();
    if (reply.kind === "same") {
      this.hash = reply.hash;
      return {
        corpus: { ...current.data.corpus, problems: reply.problems },
        changes: reply.changes,
        kept: reply.kept,
      };
    }
    const { cacheDir, log } = this.options;
    const started = performance.now();
    const engine = await loadSavedEngineInSteps(cacheDir, reply.key);
    if (!engine) {
      this.forget();
      throw new Error(`could not load the index the reload worker saved (${reply.file})`);
    }
    this.hash = reply.hash;
    // The one saved under the files' hash is also what the next start loads.
    if (reply.hash) log.info({ file: reply.file, ms: reply.saveMs }, "index saved");
    log.debug(
      {
        buildMs: reply.buildMs,
        saveMs: reply.saveMs,
        loadMs: Math.round(performance.now() - started),
        articles: engine.data.corpus.articles.length,
      },
      "engine built in the reload worker",
    );
    const changes = reply.cold
      ? diffCorpora(current.data.corpus, engine.data.corpus, (id) => reply.dealFiles?.[id] ?? id)
      : reply.changes;
    return { corpus: engine.data.corpus, changes, kept: reply.kept, engine };
  }

  /** Stops the worker; a refresh in progress fails. */
  close(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error("the corpus was closed"));
    void worker?.terminate();
  }

  private ask(): Promise<WorkerReply> {
    if (this.closed) return Promise.reject(new Error("the corpus was closed"));
    clearTimeout(this.idleTimer);
    const worker = this.worker ?? this.spawn();
    const id = this.nextId++;
    const request: RefreshRequest = { id, ...(this.hash ? { expectHash: this.hash } : {}) };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  private spawn(): Worker {
    const { dir, cacheDir, log } = this.options;
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { dir, cacheDir } satisfies WorkerInit,
    });
    // An idle worker must not keep a stopping bot alive.
    worker.unref();
    worker.on("message", (message: WorkerReply) => {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      waiting?.resolve(message);
      // Counted from its last reply, and only while nothing waits.
      clearTimeout(this.idleTimer);
      if (this.pending.size === 0) {
        this.idleTimer = setTimeout(() => this.retire(worker), this.options.idleMs ?? IDLE_MS);
        this.idleTimer.unref();
      }
    });
    const gone = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(error);
    };
    worker.on("error", (error) => {
      log.error({ err: error }, "the reload worker failed; the next reload starts a new one");
      gone(error);
    });
    worker.on("exit", (code) => gone(new Error(`the reload worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  /**
   * After a failed refresh the worker has read files whose engine never went live: a warm one
   * would then report only what changed after them. It goes, and the next refresh starts a new
   * one, which compares what it reads with the engine in use.
   */
  private forget(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private retire(worker: Worker): void {
    if (this.worker !== worker || this.pending.size > 0) return;
    this.worker = undefined;
    void worker.terminate();
    this.options.log.debug("reload worker stopped after being idle");
  }

  private failAll(error: Error): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(error);
  }
}
