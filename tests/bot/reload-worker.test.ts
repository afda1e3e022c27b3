import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import pino from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { ThreadedCorpus } from "../../src/discord/threaded-corpus.js";
import { createEngine, type Engine } from "../../src/engine/engine.js";
import { diffCorpora, LiveEngine, noChanges } from "../../src/engine/live.js";
import { corpusHash, indexFile, openEngine } from "../../src/engine/persist.js";
import { ADDED_ARTICLE, ADDED_QUESTION } from "../support/added-article.js";
import { ROOT } from "./harness.js";

// Worker threads that load the engine's modules through tsx: seconds, not milliseconds.
vi.setConfig({ testTimeout: 30_000 });

/**
 * Reloading in a worker thread: the live engine swaps in engines built off the main thread and
 * handed over as saved index files, saved as the persisted index when the corpus in use is
 * exactly the files on disk.
 */

const logged: string[] = [];
const log = pino(
  { level: "debug" },
  { write: (line: string) => logged.push(String(JSON.parse(line).msg)) },
);
let home: string | undefined;
let opened: ThreadedCorpus | undefined;

afterEach(async () => {
  opened?.close();
  opened = undefined;
  if (home) await rm(home, { recursive: true, force: true });
  home = undefined;
});

/** A copy of the bundled corpus, its engine opened (and saved) as the bot opens it. */
async function setUp(idleMs?: number) {
  home = await mkdtemp(path.join(tmpdir(), "reload-worker-"));
  const dir = path.join(home, "corpus");
  const cacheDir = path.join(home, "index");
  await cp(path.join(ROOT, "corpus"), dir, { recursive: true });
  const first = await openEngine([dir], cacheDir);
  let live: LiveEngine | undefined;
  const source = new ThreadedCorpus({
    dir,
    cacheDir,
    hash: first.hash,
    current: () => (live as LiveEngine).current,
    log,
    ...(idleMs !== undefined ? { idleMs } : {}),
  });
  opened = source;
  live = await LiveEngine.start(source, {
    initial: first.engine,
    // Every engine after the first must come from the worker: building here is a failure.
    build: () => {
      throw new Error("built on the main thread");
    },
  });
  return { dir, cacheDir, live, source, first };
}

const says = (engine: Engine, text: string) =>
  JSON.stringify(engine.answer(ADDED_QUESTION)).includes(text);

describe("reloading in a worker thread", () => {
  it("starts from the opened engine without reading the files, and finds nothing new in them", async () => {
    const { live, first } = await setUp();
    expect(live.current).toBe(first.engine);
    const report = await live.reload("command");
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({ swapped: false, changes: noChanges(), kept: [] });
    expect(live.current).toBe(first.engine);
  });

  it("swaps in an engine built in the worker and saves it as the index of the new files", async () => {
    const { dir, cacheDir, live } = await setUp();
    await live.reload("watch");
    const added = path.join(dir, "articles", "zorblat.md");
    await writeFile(added, ADDED_ARTICLE);
    const report = await live.reload("watch");
    expect(report.error).toBeUndefined();
    expect(report.swapped).toBe(true);
    expect(report.changes.articles.added).toEqual([added]);
    expect(says(live.current, "$3.75")).toBe(true);
    // The engine came through that file, so it is there once the engine is live; the previous
    // index is gone.
    expect(await readdir(cacheDir)).toEqual([
      path.basename(indexFile(cacheDir, await corpusHash([dir]))),
    ]);
    expect((await openEngine([dir], cacheDir)).source).toBe("saved");
  });

  it("does not save a corpus that keeps a broken file's last good version as the files' index", async () => {
    const { dir, cacheDir, live } = await setUp();
    const article = path.join(dir, "articles", "zorblat.md");
    await writeFile(article, ADDED_ARTICLE);
    await live.reload("watch");
    await writeFile(article, "---\ntitle: [unclosed\n---\nText.\n");
    const companies = path.join(dir, "companies.json");
    const before = await readFile(companies, "utf8");
    // A change that does go live alongside the kept file.
    await writeFile(companies, before.replace('"name": "Huawei"', '"name": "Huawei Technologies"'));
    const report = await live.reload("watch");
    expect(report.kept).toEqual([article]);
    expect(report.swapped).toBe(true);
    expect(says(live.current, "$3.75")).toBe(true);
    // The files on disk hold the broken version: no index may claim to be theirs. The engine
    // came through a file of its own, which no start looks for.
    const hash = await corpusHash([dir]);
    const files = await readdir(cacheDir);
    expect(files).not.toContain(path.basename(indexFile(cacheDir, hash)));
    expect(files).toEqual([expect.stringMatching(/^engine-live[0-9a-f]{12}\.bin$/)]);
  });

  it("lets the first engine go once a reload has replaced it", async () => {
    const { dir, live } = await setUp();
    const firstEngine = new WeakRef(live.current);
    await writeFile(path.join(dir, "articles", "zorblat.md"), ADDED_ARTICLE);
    expect((await live.reload("watch")).swapped).toBe(true);
    // Kept by anything, the first engine would sit in memory beside its replacement.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(firstEngine.deref()).toBeUndefined();
  });

  it("keeps the engine in use when the new index cannot be saved, and catches up once it can", async () => {
    const { dir, cacheDir, live, first } = await setUp();
    await live.reload("watch");
    // A file where the index folder was: nothing can be saved there.
    await rm(cacheDir, { recursive: true });
    await writeFile(cacheDir, "");
    await writeFile(path.join(dir, "articles", "zorblat.md"), ADDED_ARTICLE);
    const report = await live.reload("watch");
    expect(report.swapped).toBe(false);
    expect(String(report.error)).toMatch(/could not save the new index in .*index/);
    expect(live.current).toBe(first.engine);
    expect(says(live.current, "$3.75")).toBe(false);
    // Once the index can be saved again, the next reload takes the change in.
    await rm(cacheDir);
    const again = await live.reload("command");
    expect(again.error).toBeUndefined();
    expect(again.changes.articles.added).toEqual([path.join(dir, "articles", "zorblat.md")]);
    expect(says(live.current, "$3.75")).toBe(true);
  });

  it("stops an idle worker; a new one compares what it reads with the corpus in use", async () => {
    const { dir, live } = await setUp(50);
    await live.reload("watch");
    await vi.waitFor(() => expect(logged).toContain("reload worker stopped after being idle"), {
      timeout: 5_000,
    });
    const deal = path.join(dir, "deals", "huawei-nokia-license-2017.json");
    const record = JSON.parse(await readFile(deal, "utf8")) as { summary: string };
    record.summary = `${record.summary} (edited)`;
    await writeFile(deal, JSON.stringify(record));
    await writeFile(path.join(dir, "articles", "zorblat.md"), ADDED_ARTICLE);
    const report = await live.reload("watch");
    expect(report.error).toBeUndefined();
    // Named by file, as a worker that saw the files before would have named them.
    expect(report.changes.deals).toEqual({ added: [], changed: [deal], removed: [] });
    expect(report.changes.articles.added).toEqual([path.join(dir, "articles", "zorblat.md")]);
    expect(report.changes.articles.changed).toEqual([]);
    expect(says(live.current, "$3.75")).toBe(true);
  });
});

describe("what differs between two corpora", () => {
  it("names added, changed and removed articles, deals and companies.json", async () => {
    const before = await loadCorpus(path.join(ROOT, "corpus"));
    const [first, second, ...rest] = before.articles;
    if (!first || !second) throw new Error("the bundled corpus has articles");
    const after = {
      ...before,
      articles: [
        { ...first, text: `${first.text}\nOne more line.` },
        ...rest,
        { ...second, id: "new-one", file: "articles/new-one.md" },
      ],
      deals: before.deals.slice(1),
      companies: before.companies.slice(1),
    };
    const changes = diffCorpora(before, after, (id) => `deals/${id}.json`);
    expect(changes.articles).toEqual({
      added: ["articles/new-one.md"],
      changed: [first.file],
      removed: [second.file],
    });
    expect(changes.deals).toEqual({
      added: [],
      changed: [],
      removed: [`deals/${before.deals[0]?.id}.json`],
    });
    expect(changes.companies.changed).toEqual([path.join(before.dirs[0] ?? "", "companies.json")]);
    expect(diffCorpora(before, before)).toEqual(noChanges());
    // The same content under another spelling of the folder is no change.
    const elsewhere = await loadCorpus(`${path.join(ROOT, "corpus")}/`);
    expect(diffCorpora(before, elsewhere)).toEqual(noChanges());
    expect(createEngine(elsewhere).data.corpus.articles).toHaveLength(before.articles.length);
  });
});
