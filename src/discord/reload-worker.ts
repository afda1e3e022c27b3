import { readFile } from "node:fs/promises";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import type { Problem } from "../corpus/article.js";
import { anyChange, CorpusCache, type CorpusChanges } from "../corpus/cache.js";
import { listFiles } from "../corpus/load.js";
import { createEngine } from "../engine/engine.js";
import { noChanges } from "../engine/live.js";
import { corpusHash, packEngine, saveEngine } from "../engine/persist.js";

/**
 * The reload worker: a thread of the bot's process that owns the corpus cache, reads the files
 * when asked, builds the new engine and saves it, so none of that runs on the thread answering
 * queries (./threaded-corpus.ts is the other end). One request at a time, in order.
 *
 * Objects cannot move between threads, only be copied, so the engine travels as the bytes of
 * the persisted index's format (`packEngine`), transferred without a copy, and the main thread
 * takes it in a step at a time (`unpackEngine`), which costs it a fraction of what building
 * does. When the corpus in use is exactly the files on disk, the engine is also saved as the
 * persisted index, for the next start.
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
      /** The first read: `changes` are relative to nothing, and the receiver must diff. */
      cold: boolean;
      /** The engine, from `packEngine`. */
      packed: Uint8Array;
      /** On a first read: the file of each deal record by id, to name changed deals by. */
      dealFiles?: Record<string, string>;
      buildMs: number;
      packMs: number;
    })
  | { id: number; ok: false; message: string; stack?: string };

export type WorkerEvent =
  | { event: "saved"; file: string; ms: number }
  | { event: "save-failed"; message: string };

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

  const started = performance.now();
  const engine = createEngine(refreshed.corpus);
  const built = performance.now();
  const { packed, transfer } = packEngine(engine);
  port?.postMessage(
    {
      ...outcome,
      kind: "built",
      cold,
      changes: refreshed.changes,
      packed,
      ...(cold ? { dealFiles: await dealFilesOf(dir) } : {}),
      buildMs: Math.round(built - started),
      packMs: Math.round(performance.now() - built),
    } satisfies WorkerReply,
    transfer,
  );
  // After the reply: the new engine goes live first, the file follows.
  if (hash) {
    const savedAt = performance.now();
    try {
      const file = await saveEngine(engine, hash, cacheDir);
      port?.postMessage({
        event: "saved",
        file,
        ms: Math.round(performance.now() - savedAt),
      } satisfies WorkerEvent);
    } catch (error) {
      port?.postMessage({ event: "save-failed", message: String(error) } satisfies WorkerEvent);
    }
  }
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
