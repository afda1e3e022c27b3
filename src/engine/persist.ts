import { createHash } from "node:crypto";
import { closeSync, fstatSync, open, read, readdirSync, readFileSync, readSync } from "node:fs";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { Problem } from "../corpus/article.js";
import { type Corpus, loadCorpus } from "../corpus/load.js";
import type { ArticleMeta, Company, Deal } from "../corpus/schemas.js";
import { ANALYZER_TABLES } from "../text/analyze.js";
import type { Span } from "../text/sentences.js";
import { ArticleStore, packTexts, StoredArticle } from "./article-store.js";
import { CompanyDirectory } from "./companies.js";
import { assembleEngineData, type Engine, engineOf, indexPassages } from "./engine.js";
import { PassageStore } from "./passages.js";
import { type IndexParts, TermIndex } from "./search-index.js";

/**
 * A built engine saved to disk, so start-up reads one file instead of analysing every article.
 * A content hash of the corpus names the file: any change to any corpus file makes a new hash,
 * and a saved index for another hash is never used.
 *
 * The file is the engine's typed arrays laid end to end behind a small JSON header, so loading
 * it is one read and a view per array: nothing is parsed per posting or per passage, and the
 * article text stays UTF-8 until an article is read (./article-store.ts). The same file carries
 * an engine from the bot's reload worker to the thread answering queries
 * (`loadSavedEngineInSteps`).
 */

/** Bumped whenever the saved shape or the analyser changes, so old files are not trusted. */
export const INDEX_FORMAT = 5;

const MAGIC = "PDIX";

type ArrayKind = "u8" | "u32" | "i32" | "f64";
type Typed = Uint8Array | Uint32Array | Int32Array | Float64Array;

interface SectionEntry {
  name: string;
  kind: ArrayKind | "json";
  offset: number;
  bytes: number;
}

interface Header {
  format: number;
  hash: string;
  sections: SectionEntry[];
}

/** What is saved besides typed arrays, in JSON sections of their own. */
interface CorpusJson {
  dirs: string[];
  companies: Company[];
  problems: Problem[];
  /** How many "articles.N" and "deals.N" sections follow. */
  articleChunks: number;
  dealChunks: number;
}

type ArticleJson = [id: string, file: string, meta: ArticleMeta];

/**
 * Articles' front matter and deal records are saved as JSON in chunks: parsing all of them at
 * once took about 0.4 s at 100,000 articles, a stall for a bot taking in an engine built by its
 * reload worker (`loadSavedEngineInSteps`), which can pause between chunks.
 */
const ARTICLE_CHUNK = 10_000;
const DEAL_CHUNK = 4_000;

interface IndexJson {
  fieldCount: number;
  documentCount: number;
  terms: string[];
}

const TEXT_SECTION = "text.bytes";
const ALIGN = 8;
// Arithmetic, not bit operations: offsets pass 2 GB in a big enough corpus.
const pad = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** The engine as one byte buffer: what `saveEngine` writes. */
export function encodeEngine(engine: Engine, hash = ""): Uint8Array {
  const { corpus, passages, passageIndex, dealIndex, sourceSpans } = engine.data;
  const parts: Array<{ name: string; kind: SectionEntry["kind"]; data: Uint8Array }> = [];
  const encoder = new TextEncoder();
  const json = (name: string, value: unknown) =>
    parts.push({ name, kind: "json", data: encoder.encode(JSON.stringify(value)) });
  const array = (name: string, value: Typed) => {
    const kind: ArrayKind =
      value instanceof Uint8Array
        ? "u8"
        : value instanceof Uint32Array
          ? "u32"
          : value instanceof Int32Array
            ? "i32"
            : "f64";
    parts.push({
      name,
      kind,
      data: new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
    });
  };

  const corpusJson: CorpusJson = {
    dirs: corpus.dirs,
    companies: corpus.companies,
    problems: corpus.problems,
    articleChunks: Math.ceil(corpus.articles.length / ARTICLE_CHUNK),
    dealChunks: Math.ceil(corpus.deals.length / DEAL_CHUNK),
  };
  json("corpus", corpusJson);
  for (let i = 0; i < corpusJson.articleChunks; i++) {
    const chunk = corpus.articles.slice(i * ARTICLE_CHUNK, (i + 1) * ARTICLE_CHUNK);
    json(
      `articles.${i}`,
      chunk.map((a): ArticleJson => [a.id, a.file, a.meta]),
    );
  }
  for (let i = 0; i < corpusJson.dealChunks; i++)
    json(`deals.${i}`, corpus.deals.slice(i * DEAL_CHUNK, (i + 1) * DEAL_CHUNK));
  const texts = packTexts(corpus.articles);
  array("text.start", texts.textStart);
  array("text.paragraphs", texts.paragraphs);
  array("text.paragraphFirst", texts.paragraphFirst);

  const p = passages.parts;
  json("passages", { sections: p.sections, companyIds: p.companyIds });
  array("passages.articleFirst", p.articleFirst);
  array("passages.start", p.start);
  array("passages.end", p.end);
  array("passages.sentenceFirst", p.sentenceFirst);
  array("passages.sentences", p.sentences);
  array("passages.section", p.section);
  array("passages.companyFirst", p.companyFirst);
  array("passages.companies", p.companies);

  for (const [name, index] of [
    ["passageIndex", passageIndex],
    ["dealIndex", dealIndex],
  ] as const) {
    const ip = index.parts();
    json(name, {
      fieldCount: ip.fieldCount,
      documentCount: ip.documentCount,
      terms: ip.terms,
    } satisfies IndexJson);
    array(`${name}.avgFieldLength`, ip.avgFieldLength);
    array(`${name}.longestField`, ip.longestField);
    array(`${name}.runs`, ip.runs);
    array(`${name}.postingStart`, ip.postingStart);
    array(`${name}.postingCount`, ip.postingCount);
    array(`${name}.postings`, ip.postings);
  }

  // Each source quote's span in its article, -1 where it stands nowhere.
  const spans: number[] = [];
  for (const deal of corpus.deals) {
    const located = sourceSpans.get(deal);
    deal.sources.forEach((_, i) => {
      const span = located?.[i];
      spans.push(span ? span.start : -1, span ? span.end : -1);
    });
  }
  array("sourceSpans", Int32Array.from(spans));
  // The text goes last: a loader can read everything before it and leave the text on disk.
  array(TEXT_SECTION, texts.bytes);

  // Offsets are final only once the header's own length is known; it is padded to settle it.
  const sections: SectionEntry[] = [];
  let offset = 0;
  for (const part of parts) {
    sections.push({ name: part.name, kind: part.kind, offset, bytes: part.data.byteLength });
    offset = pad(offset + part.data.byteLength);
  }
  const header = encoder.encode(
    JSON.stringify({ format: INDEX_FORMAT, hash, sections } satisfies Header),
  );
  const bodyStart = pad(8 + header.byteLength);
  const out = new Uint8Array(bodyStart + offset);
  out.set(encoder.encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, header.byteLength, true);
  out.set(header, 8);
  parts.forEach((part, i) => {
    out.set(part.data, bodyStart + (sections[i] as SectionEntry).offset);
  });
  return out;
}

/** The header of an encoded engine, or undefined when the bytes are not one. */
function readHeader(bytes: Uint8Array): { header: Header; bodyStart: number } | undefined {
  if (bytes.byteLength < 8) return undefined;
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) return undefined;
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
  if (8 + length > bytes.byteLength) return undefined;
  try {
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as Header;
    return { header, bodyStart: pad(8 + length) };
  } catch {
    return undefined;
  }
}

/**
 * The steps of decoding an engine, so a caller that must stay responsive can pause between
 * them (`loadSavedEngineInSteps`); `decodeEngine` runs them all at once.
 */
function* decodeSteps(
  input: Uint8Array,
  expectHash?: string,
  /** Reads bytes of the text section when `input` stops before it (see `loadSavedEngine`). */
  readText?: (from: number, to: number) => Uint8Array,
): Generator<void, Engine | undefined> {
  const read = readHeader(input);
  if (!read || read.header.format !== INDEX_FORMAT) return undefined;
  if (expectHash !== undefined && read.header.hash !== expectHash) return undefined;
  // Typed arrays need aligned offsets; a buffer that does not start aligned is copied once.
  const bytes = input.byteOffset % ALIGN === 0 ? input : input.slice();
  const { header, bodyStart } = read;
  const byName = new Map(header.sections.map((s) => [s.name, s]));
  const section = (name: string) => {
    const s = byName.get(name);
    if (!s || bodyStart + s.offset + s.bytes > bytes.byteLength) {
      throw new Error(`saved engine: section ${name} is missing or cut short`);
    }
    return { ...s, at: bytes.byteOffset + bodyStart + s.offset };
  };
  const decoder = new TextDecoder();
  const json = <T>(name: string): T => {
    const s = section(name);
    return JSON.parse(decoder.decode(new Uint8Array(bytes.buffer, s.at, s.bytes))) as T;
  };
  const view = {
    u8: (name: string) => {
      const s = section(name);
      return new Uint8Array(bytes.buffer, s.at, s.bytes);
    },
    u32: (name: string) => {
      const s = section(name);
      return new Uint32Array(bytes.buffer, s.at, s.bytes / 4);
    },
    i32: (name: string) => {
      const s = section(name);
      return new Int32Array(bytes.buffer, s.at, s.bytes / 4);
    },
    f64: (name: string) => {
      const s = section(name);
      return new Float64Array(bytes.buffer, s.at, s.bytes / 8);
    },
  };

  const saved = json<CorpusJson>("corpus");
  const savedArticles: ArticleJson[] = [];
  for (let i = 0; i < saved.articleChunks; i++) {
    for (const a of json<ArticleJson[]>(`articles.${i}`)) savedArticles.push(a);
    yield;
  }
  const deals: Deal[] = [];
  for (let i = 0; i < saved.dealChunks; i++) {
    for (const d of json<Deal[]>(`deals.${i}`)) deals.push(d);
    yield;
  }
  let reader = readText;
  if (!reader) {
    const text = view.u8(TEXT_SECTION);
    reader = (from, to) => text.subarray(from, to);
  }
  const store = new ArticleStore({
    read: reader,
    textStart: view.u32("text.start"),
    paragraphs: view.u32("text.paragraphs"),
    paragraphFirst: view.u32("text.paragraphFirst"),
  });
  const articles = savedArticles.map(
    ([id, file, meta], i) => new StoredArticle(store, i, id, file, meta),
  );
  const corpus: Corpus = {
    dirs: saved.dirs,
    articles,
    deals,
    companies: saved.companies,
    problems: saved.problems,
  };
  yield;

  const passageJson = json<{ sections: string[]; companyIds: string[] }>("passages");
  const passages = new PassageStore(
    {
      articleFirst: view.u32("passages.articleFirst"),
      start: view.u32("passages.start"),
      end: view.u32("passages.end"),
      sentenceFirst: view.u32("passages.sentenceFirst"),
      sentences: view.u32("passages.sentences"),
      section: view.i32("passages.section"),
      sections: passageJson.sections,
      companyFirst: view.u32("passages.companyFirst"),
      companies: view.u32("passages.companies"),
      companyIds: passageJson.companyIds,
    },
    articles.map((a) => a.id),
  );
  const index = (name: string): TermIndex => {
    const meta = json<IndexJson>(name);
    const parts: IndexParts = {
      ...meta,
      avgFieldLength: view.f64(`${name}.avgFieldLength`),
      longestField: view.u32(`${name}.longestField`),
      runs: view.u8(`${name}.runs`),
      postingStart: view.u32(`${name}.postingStart`),
      postingCount: view.u32(`${name}.postingCount`),
      postings: view.u8(`${name}.postings`),
    };
    return new TermIndex(parts);
  };
  const passageIndex = index("passageIndex");
  yield;
  const dealIndex = index("dealIndex");

  const flat = view.i32("sourceSpans");
  const sourceSpans = new Map<Deal, Array<Span | undefined>>();
  let at = 0;
  for (const deal of deals) {
    sourceSpans.set(
      deal,
      deal.sources.map(() => {
        const start = flat[at++] as number;
        const end = flat[at++] as number;
        return start >= 0 ? { start, end } : undefined;
      }),
    );
  }
  yield;
  const directory = new CompanyDirectory(corpus.companies);
  yield;
  return engineOf(
    assembleEngineData(corpus, directory, { passages, passageIndex }, { dealIndex, sourceSpans }),
  );
}

/** The engine in `bytes` (from `encodeEngine`), or undefined when they hold none (or another hash's). */
export function decodeEngine(bytes: Uint8Array, expectHash?: string): Engine | undefined {
  const steps = decodeSteps(bytes, expectHash);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

function filesUnder(dir: string): string[] {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * SHA-256 over every corpus file's path and bytes, in a fixed order. The reads are synchronous
 * on purpose: each asynchronous read is four round trips through libuv's thread pool, which
 * made hashing 24,000 small files take 6.4 s against 0.3 s this way (and 100,000 articles
 * about 35 s against 2 s). It runs at start-up and in the reload worker, where nothing waits.
 */
export async function corpusHash(dirs: string[]): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`format ${INDEX_FORMAT}\0${ANALYZER_TABLES}\0`);
  for (const dir of dirs) {
    const files = [
      ...filesUnder(path.join(dir, "articles")),
      ...filesUnder(path.join(dir, "deals")),
      path.join(dir, "companies.json"),
    ];
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        continue;
      }
      hash.update(`${path.relative(dir, file)}\0${bytes.length}\0`);
      hash.update(bytes);
    }
  }
  return hash.digest("hex");
}

export function indexFile(cacheDir: string, hash: string): string {
  return path.join(cacheDir, `engine-${hash.slice(0, 16)}.bin`);
}

export async function saveEngine(engine: Engine, hash: string, cacheDir: string): Promise<string> {
  await mkdir(cacheDir, { recursive: true });
  const file = indexFile(cacheDir, hash);
  // Written aside and renamed, so a reader never sees half a file.
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, encodeEngine(engine, hash));
  await rename(partial, file);
  // Indexes of older corpus versions (and of older formats) are never read again.
  for (const name of await readdir(cacheDir)) {
    const old = path.join(cacheDir, name);
    if (name.startsWith("engine-") && /\.(?:bin|json)$/.test(name) && old !== file) {
      // An engine still reading its text from the old file may hold it open, which some
      // systems refuse to delete: it goes at a later save.
      await rm(old, { force: true }).catch(() => {});
    }
  }
  return file;
}

/** Closes the file an engine reads its article text from, once the engine is gone. */
const openIndexFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
});

/**
 * The saved engine for exactly this hash, or undefined when there is none (or it is unusable).
 * Everything but the article text is read into memory; the text is read from the file an
 * article at a time (a few microseconds from the page cache), which keeps it out of the
 * process: about 60 MB at 20,000 articles, 300 MB at 100,000. The file stays open for as long
 * as the engine lives; replacing or deleting it does not disturb an open file on Linux or macOS.
 */
export function loadSavedEngine(cacheDir: string, hash: string): Promise<Engine | undefined> {
  return readSavedEngine(cacheDir, hash);
}

/**
 * `loadSavedEngine` in steps, with the event loop free between them: for a running bot taking
 * in the engine its reload worker just saved. The longest steps are the last two (the company
 * directory, then the look-up maps): 60–130 ms at 20,000 articles, 0.2–0.4 s at 100,000.
 */
export function loadSavedEngineInSteps(
  cacheDir: string,
  hash: string,
): Promise<Engine | undefined> {
  return readSavedEngine(cacheDir, hash, () => new Promise((resolve) => setImmediate(resolve)));
}

const openAsync = promisify(open);
const readAsync = promisify(read);

async function readSavedEngine(
  cacheDir: string,
  hash: string,
  pause?: () => Promise<void>,
): Promise<Engine | undefined> {
  let fd: number;
  try {
    fd = await openAsync(indexFile(cacheDir, hash), "r");
  } catch {
    return undefined;
  }
  let keepOpen = false;
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(8);
    await readAsync(fd, head, 0, 8, 0);
    const headerLength = head.readUInt32LE(4);
    if (head.toString("latin1", 0, 4) !== MAGIC || 8 + headerLength > size) return undefined;
    const headerBytes = Buffer.alloc(8 + headerLength);
    await readAsync(fd, headerBytes, 0, headerBytes.length, 0);
    const parsed = readHeader(headerBytes);
    const text = parsed?.header.sections.find((s) => s.name === TEXT_SECTION);
    if (!parsed || !text) return undefined;
    const textAt = parsed.bodyStart + text.offset;
    const textLast = parsed.header.sections.every(
      (s) => s === text || parsed.bodyStart + s.offset + s.bytes <= textAt,
    );
    if (!textLast || textAt + text.bytes > size) return undefined;
    const bytes = Buffer.alloc(textAt);
    const { bytesRead } = await readAsync(fd, bytes, 0, textAt, 0);
    if (bytesRead !== textAt) return undefined;
    const readText = (from: number, to: number) => {
      const out = Buffer.allocUnsafe(to - from);
      readSync(fd, out, 0, to - from, textAt + from);
      return out;
    };
    const steps = decodeSteps(bytes, hash, readText);
    let next = steps.next();
    while (!next.done) {
      if (pause) await pause();
      next = steps.next();
    }
    const engine = next.value;
    if (engine) {
      keepOpen = true;
      openIndexFiles.register(engine, fd);
    }
    return engine;
  } catch {
    return undefined;
  } finally {
    if (!keepOpen) closeSync(fd);
  }
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
