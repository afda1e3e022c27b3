import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  corpusHash,
  indexFile,
  loadSavedEngine,
  loadSavedEngineInSteps,
  openEngine,
} from "../../src/engine/persist.js";
import { CORPUS_DIR } from "./helpers.js";

/** The persisted index: same answers as a fresh build, and never used for another corpus. */

const temps: string[] = [];
async function temp(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const QUESTIONS = [
  "What royalty per device did Huawei say it would charge?",
  "Which car makers did Huawei reach agreements with?",
  "What is the best pizza topping?",
];

describe("persisted index", () => {
  it("is built once, then loaded, and answers exactly as the fresh build", async () => {
    const cache = await temp("index-");
    const built = await openEngine([CORPUS_DIR], cache);
    expect(built.source).toBe("built");
    expect(await readdir(cache)).toEqual([path.basename(indexFile(cache, built.hash))]);

    const loaded = await openEngine([CORPUS_DIR], cache);
    expect(loaded.source).toBe("saved");
    expect(loaded.hash).toBe(built.hash);
    for (const q of QUESTIONS) expect(loaded.engine.answer(q)).toEqual(built.engine.answer(q));
    expect(loaded.engine.findDeals("Nokia", "Xiaomi")).toEqual(
      built.engine.findDeals("Nokia", "Xiaomi"),
    );
    expect(loaded.engine.suggestCompanies("hua")).toEqual(built.engine.suggestCompanies("hua"));
  });

  it("loads in steps, with the same answers", async () => {
    const cache = await temp("index-");
    const built = await openEngine([CORPUS_DIR], cache);
    const engine = await loadSavedEngineInSteps(cache, built.hash);
    if (!engine) throw new Error("not loaded");
    for (const q of QUESTIONS) expect(engine.answer(q)).toEqual(built.engine.answer(q));
    expect(engine.findDeals("Huawei")).toEqual(built.engine.findDeals("Huawei"));
    expect(engine.data.corpus.articles.map((a) => a.text)).toEqual(
      built.engine.data.corpus.articles.map((a) => a.text),
    );
    expect(await loadSavedEngineInSteps(cache, "0".repeat(64))).toBeUndefined();
  });

  it("is stale as soon as any corpus file changes, and the old one is removed", async () => {
    const corpus = await temp("corpus-");
    await cp(CORPUS_DIR, corpus, { recursive: true });
    const cache = await temp("index-");
    const first = await openEngine([corpus], cache);

    const article = path.join(corpus, "articles", "000_121a5d68fb5167c5.md");
    await writeFile(article, `${await readFile(article, "utf8")}\nOne more line.\n`);
    const hash = await corpusHash([corpus]);
    expect(hash).not.toBe(first.hash);
    expect(await loadSavedEngine(cache, hash)).toBeUndefined();

    const second = await openEngine([corpus], cache);
    expect(second.source).toBe("built");
    expect(await readdir(cache)).toEqual([path.basename(indexFile(cache, second.hash))]);
  });

  it("a damaged index file is not trusted: the engine is rebuilt", async () => {
    const cache = await temp("index-");
    const first = await openEngine([CORPUS_DIR], cache);
    await writeFile(indexFile(cache, first.hash), '{"format": 1, "hash": "');
    expect(await loadSavedEngine(cache, first.hash)).toBeUndefined();
    expect((await openEngine([CORPUS_DIR], cache)).source).toBe("built");
  });

  it("a cache folder that cannot be written is reported, and the built engine still answers", async () => {
    const file = path.join(await temp("index-"), "not-a-folder");
    await writeFile(file, "");
    const errors: unknown[] = [];
    const opened = await openEngine([CORPUS_DIR], file, (e) => errors.push(e));
    expect(errors).toHaveLength(1);
    expect(opened.engine.answer(QUESTIONS[0] ?? "").kind).toBe("answer");
  });
});
