import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { Problem } from "../corpus/article.js";
import { anyChange, CorpusCache, type CorpusChanges } from "../corpus/cache.js";
import { type Corpus, listFiles } from "../corpus/load.js";
import { createEngine } from "../engine/engine.js";
import { diffCorpora, noChanges } from "../engine/live.js";
import { corpusHash, loadSavedEngine, saveEngine } from "../engine/persist.js";

/**
 * The reload worker: a thread of the bot's process that owns the corpus cache, reads the files
 * when asked, builds the new engine and saves it, so none of that runs on the thread answering
 * queries (./threaded-corpus.ts is the other end). One request at a time, in order.
 *
 * Objects cannot move between threads, only be copied, so the engine travels as the file of
 * the persisted index: the worker saves it, and the main thread loads it a step at a time
 * (`loadSavedEngineInSteps`), which costs it a fraction of what building does and leaves the
 * article text on disk. (Sent as bytes, the engine came with all its text, which the main
 * thread then held: 298 MiB at 100,000 articles.) When the corpus in use is exactly the files
 * on disk, the file is saved under their hash, so the next start loads it too; otherwise under
 * a name of its own, which no start looks for and the next save removes.
 */

export interface WorkerInit {
  dir: string;
  cacheDir: string;
}

export interface RefreshRequest {
  id: number;
  /**
   * The content hash of the files the engine in use was made from, when it was made from
   * exactly them. A worker that has not read the files yet has no idea what is in use; if the
   * files still hash to this, it has nothing to build.
   */
  expectHash?: string;
}

interface Outcome {
  id: number;
  ok: true;
  changes: CorpusChanges;
  kept: string[];
  /** The files' hash when the corpus in use is exactly what a fresh start would load. */
  hash?: string;
}

export type WorkerReply =
  | (Outcome & { kind: "same"; problems: Problem[] })
  | (Outcome & {
      kind: "built";
      /**
       * A first read with nothing to compare it with: `changes` are relative to nothing, and
       * the receiver must diff.
       */
      cold: boolean;
      /** What the engine was saved under in the cache folder: `hash`, or a name of its own. */
      key: string;
      file: string;
      /** On a first read: the file of each deal record by id, to name changed deals by. */
      dealFiles?: Record<string, string>;
      buildMs: number;
      saveMs: number;
    })
  | { id: number; ok: false; message: string; stack?: string };

const port = parentPort;
if (!port) throw new Error("reload-worker.ts runs as a worker thread only");
const { dir, cacheDir } = workerData as WorkerInit;
const cache = new CorpusCache(dir);
let warm = false;

async function refresh(request: RefreshRequest): Promise<void> {
  const { id } = request;
  // Hashed before and after reading: equal, the files held still while they were read, so
  // the engine built is the one a start-up would build from them and may be saved as such.
  const before = await corpusHash([dir]);
  const refreshed = await cache.refresh();
  const cold = !warm;
  warm = true;
  const after = await corpusHash([dir]);
  // A file kept at its last good version makes the corpus in use differ from the files.
  const exact = before === after && refreshed.kept.length === 0;
  const hash = exact ? after : undefined;
  const outcome = { id, ok: true as const, kept: refreshed.kept, ...(hash ? { hash } : {}) };

  const nothingNew = cold
    ? hash !== undefined && hash === request.expectHash
    : !anyChange(refreshed.changes);
  if (nothingNew) {
    port?.postMessage({
      ...outcome,
      kind: "same",
      changes: cold ? noChanges() : refreshed.changes,
      problems: refreshed.corpus.problems,
    } satisfies WorkerReply);
    return;
  }

  // A first read is compared with the engine in use. That engine was opened from the index of
  // `expectHash`, if there is one: compared with that file here, the main thread need not
  // compare every article's text itself (half a second at 20,000 articles, all of it a stall).
  let changes = refreshed.changes;
  let dealFiles: Record<string, string> | undefined;
  let mustDiff = cold;
  if (cold) {
    dealFiles = await dealFilesOf(dir);
    const since = await changesSince(request.expectHash, refreshed.corpus, dealFiles);
    if (since) {
      changes = since;
      mustDiff = false;
    }
  }

  const started = performance.now();
  const engine = createEngine(refreshed.corpus);
  const built = performance.now();
  // 16 characters: the part of a hash that names an index file.
  const key = hash ?? `live${randomBytes(6).toString("hex")}`;
  let file: string;
  try {
    file = await saveEngine(engine, key, cacheDir);
  } catch (error) {
    // The engine reaches the main thread only through the file: no file, no new engine.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not save the new index in ${cacheDir}: ${reason}`);
  }
  port?.postMessage({
    ...outcome,
    kind: "built",
    cold: mustDiff,
    changes,
    key,
    file,
    ...(mustDiff && dealFiles ? { dealFiles } : {}),
    buildMs: Math.round(built - started),
    saveMs: Math.round(performance.now() - built),
  } satisfies WorkerReply);
}

/**
 * What differs in `corpus` from the saved index of `hash`, or undefined without one. A function
 * of its own, so that the engine loaded to compare with is gone before the new one is built.
 */
async function changesSince(
  hash: string | undefined,
  corpus: Corpus,
  dealFiles: Record<string, string>,
): Promise<CorpusChanges | undefined> {
  const previous = hash ? await loadSavedEngine(cacheDir, hash) : undefined;
  return previous && diffCorpora(previous.data.corpus, corpus, (id) => dealFiles[id] ?? id);
}

/** Each deal record's file, by the record's id (a record does not keep its file name). */
async function dealFilesOf(corpusDir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of await listFiles(path.join(corpusDir, "deals"), ".json", [])) {
    try {
      const id = (JSON.parse(await readFile(file, "utf8")) as { id?: unknown }).id;
      if (typeof id === "string") out[id] ??= file;
    } catch {
      // A broken record is reported by the refresh itself.
    }
  }
  return out;
}

let queue: Promise<void> = Promise.resolve();
port.on("message", (request: RefreshRequest) => {
  queue = queue.then(() =>
    refresh(request).catch((error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      port?.postMessage({
        id: request.id,
        ok: false,
        message: err.message,
        ...(err.stack ? { stack: err.stack } : {}),
      } satisfies WorkerReply);
    }),
  );
});
