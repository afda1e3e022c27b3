import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import MiniSearch, { type AsPlainObject } from "minisearch";
import { type Corpus, loadCorpus } from "../corpus/load.js";
import { CompanyDirectory } from "./companies.js";
import {
  assembleEngineData,
  type Engine,
  engineOf,
  indexPassages,
  PASSAGE_INDEX_OPTIONS,
} from "./engine.js";
import type { Passage } from "./passages.js";

/**
 * A built engine saved to disk, so start-up reads one file instead of analysing every article.
 * A content hash of the corpus names the file: any change to any corpus file makes a new hash,
 * and a saved index for another hash is never used.
 */

/** Bumped whenever the saved shape or the analyser changes, so old files are not trusted. */
export const INDEX_FORMAT = 1;

interface SavedEngine {
  format: number;
  hash: string;
  corpus: Corpus;
  passages: Passage[];
  passageIndex: AsPlainObject;
  docFreq: Array<[string, number]>;
}

async function filesUnder(dir: string): Promise<string[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** SHA-256 over every corpus file's path and bytes, in a fixed order. */
export async function corpusHash(dirs: string[]): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`format ${INDEX_FORMAT}\0`);
  for (const dir of dirs) {
    const files = [
      ...(await filesUnder(path.join(dir, "articles"))),
      ...(await filesUnder(path.join(dir, "deals"))),
      path.join(dir, "companies.json"),
    ];
    for (const file of files) {
      const bytes = await readFile(file).catch(() => undefined);
      if (!bytes) continue;
      hash.update(`${path.relative(dir, file)}\0${bytes.length}\0`);
      hash.update(bytes);
    }
  }
  return hash.digest("hex");
}

export function indexFile(cacheDir: string, hash: string): string {
  return path.join(cacheDir, `engine-${hash.slice(0, 16)}.json`);
}

export async function saveEngine(engine: Engine, hash: string, cacheDir: string): Promise<string> {
  const { corpus, passages, passageIndex, docFreq } = engine.data;
  const saved: SavedEngine = {
    format: INDEX_FORMAT,
    hash,
    corpus,
    passages,
    passageIndex: passageIndex.toJSON(),
    docFreq: [...docFreq],
  };
  await mkdir(cacheDir, { recursive: true });
  const file = indexFile(cacheDir, hash);
  // Written aside and renamed, so a reader never sees half a file.
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, JSON.stringify(saved));
  await rename(partial, file);
  // Indexes of older corpus versions are never read again.
  for (const name of await readdir(cacheDir)) {
    const old = path.join(cacheDir, name);
    if (name.startsWith("engine-") && name.endsWith(".json") && old !== file)
      await rm(old, { force: true });
  }
  return file;
}

/** The saved engine for exactly this hash, or undefined when there is none (or it is unusable). */
export async function loadSavedEngine(cacheDir: string, hash: string): Promise<Engine | undefined> {
  let saved: SavedEngine;
  try {
    saved = JSON.parse(await readFile(indexFile(cacheDir, hash), "utf8")) as SavedEngine;
  } catch {
    return undefined;
  }
  if (saved.format !== INDEX_FORMAT || saved.hash !== hash) return undefined;
  const passageIndex = MiniSearch.loadJS<Passage>(saved.passageIndex, PASSAGE_INDEX_OPTIONS);
  const directory = new CompanyDirectory(saved.corpus.companies);
  return engineOf(
    assembleEngineData(saved.corpus, directory, {
      passages: saved.passages,
      passageIndex,
      docFreq: new Map(saved.docFreq),
    }),
  );
}

export interface OpenedEngine {
  engine: Engine;
  /** "saved": loaded from the persisted index; "built": built from the corpus (and saved). */
  source: "saved" | "built";
  hash: string;
  ms: number;
}

/**
 * The engine for the corpus as it is on disk now: the saved index when its hash matches,
 * otherwise a fresh build, saved for next time (a failure to save is reported, not fatal).
 */
export async function openEngine(
  dirs: string[],
  cacheDir: string,
  onSaveError: (error: unknown) => void = () => {},
): Promise<OpenedEngine> {
  const started = performance.now();
  const hash = await corpusHash(dirs);
  const saved = await loadSavedEngine(cacheDir, hash);
  if (saved) return { engine: saved, source: "saved", hash, ms: performance.now() - started };
  const corpus = await loadCorpus(dirs);
  const directory = new CompanyDirectory(corpus.companies);
  const engine = engineOf(assembleEngineData(corpus, directory, indexPassages(corpus, directory)));
  await saveEngine(engine, hash, cacheDir).catch(onSaveError);
  return { engine, source: "built", hash, ms: performance.now() - started };
}
