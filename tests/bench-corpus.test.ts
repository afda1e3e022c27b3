import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  companyCount,
  main,
  type Needle,
  needleCount,
  writeCorpus,
} from "../src/bench/generate-corpus.js";
import { type Corpus, loadCorpus } from "../src/corpus/load.js";
import { CompanyDirectory } from "../src/engine/companies.js";
import { createEngine } from "../src/engine/engine.js";

const N = 40;
const SEED = "bench-test";

let root: string;
let dir: string;
let corpus: Corpus;
let needles: Needle[];

/** Every file under `base`, as relative path → bytes. */
function snapshot(base: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(base, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else out.set(child, readFileSync(path.join(base, child)));
    }
  };
  walk("");
  return out;
}

/** Runs the CLI entry point with its output captured instead of printed. */
function runCli(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function storyText(corpus: Corpus, articleId: string): string {
  const article = corpus.articles.find((a) => a.id === articleId);
  if (!article) throw new Error(`no article ${articleId}`);
  return article.paragraphs
    .filter((p) => p.kind === "text")
    .map((p) => article.text.slice(p.start, p.end))
    .join("\n");
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "bench-corpus-"));
  dir = path.join(root, "a");
  writeCorpus(dir, { articles: N, seed: SEED });
  corpus = await loadCorpus(dir);
  needles = (
    JSON.parse(readFileSync(path.join(dir, "needles.json"), "utf8")) as { needles: Needle[] }
  ).needles;
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("bench:corpus generator", () => {
  it("writes byte-identical output for the same size and seed, and different output for another seed", () => {
    const again = path.join(root, "again");
    const cli = runCli(["--articles", String(N), "--out", again, "--seed", SEED]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`wrote ${N} articles`);
    expect(cli.stderr).toContain(`${N}/${N} articles`);

    const first = snapshot(dir);
    const second = snapshot(again);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [file, bytes] of first) {
      expect(second.get(file)?.equals(bytes), file).toBe(true);
    }

    const other = path.join(root, "other-seed");
    writeCorpus(other, { articles: N, seed: `${SEED}-2` });
    const third = snapshot(other);
    const same = [...third].filter(([file, bytes]) => first.get(file)?.equals(bytes));
    expect(same.map(([file]) => file)).not.toContain("companies.json");
    expect(same.filter(([file]) => file.startsWith("articles/"))).toEqual([]);
  });

  it("loads with every article and deal and zero problems", () => {
    expect(corpus.problems).toEqual([]);
    expect(corpus.articles).toHaveLength(N);
    expect(readdirSync(path.join(dir, "articles"))).toHaveLength(N);
    const dealFiles = readdirSync(path.join(dir, "deals"));
    expect(dealFiles.length).toBeGreaterThan(0);
    expect(corpus.deals).toHaveLength(dealFiles.length);
    expect(corpus.companies).toHaveLength(companyCount(N));
  });

  it("generates unique companies with aliases and some tickers", () => {
    const { companies } = corpus;
    const unique = (values: string[]) => new Set(values.map((v) => v.toLowerCase())).size;
    expect(unique(companies.map((c) => c.id))).toBe(companies.length);
    expect(unique(companies.map((c) => c.name))).toBe(companies.length);
    const shortNames = companies.map((c) => c.aliases[0] ?? "");
    expect(unique(shortNames)).toBe(companies.length);
    for (const c of companies) expect(c.name.startsWith(`${c.aliases[0]} `)).toBe(true);
    const tickers = companies.flatMap((c) => c.tickers);
    expect(tickers.length).toBeGreaterThan(0);
    expect(unique(tickers)).toBe(tickers.length);
  });

  it("writes news-like articles naming 2-4 companies, with site chrome kept out of the story", () => {
    const directory = new CompanyDirectory(corpus.companies);
    const slugs = new Set<string>();
    let chromeSeen = 0;
    for (const article of corpus.articles) {
      slugs.add(article.id);
      expect(article.meta.publisher).toBeTruthy();
      expect(article.meta.published).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(article.meta.url).toMatch(/^https:\/\/example\.com\//);
      const mentioned = directory.mentionedIn(article.text);
      expect(mentioned.length).toBeGreaterThanOrEqual(2);
      expect(mentioned.length).toBeLessThanOrEqual(4);

      const story = storyText(corpus, article.id);
      const words = story.split(/\s+/).filter(Boolean).length;
      expect(words, article.id).toBeGreaterThanOrEqual(300);
      expect(words, article.id).toBeLessThanOrEqual(600);
      expect(story).not.toMatch(
        /Featured image for|Leave a (?:Comment|Reply)|newsletter|Published by/,
      );
      if (/Featured image for|Leave a Comment|Sign up for our newsletter/.test(article.text))
        chromeSeen++;
    }
    expect(slugs.size).toBe(N);
    expect(chromeSeen).toBeGreaterThan(N / 4);
  });

  it("lists needles whose pair meets in exactly one article, which states the royalty", () => {
    expect(needles).toHaveLength(needleCount(N));
    const directory = new CompanyDirectory(corpus.companies);
    const idOf = (name: string) => corpus.companies.find((c) => c.name === name)?.id;
    const pairs = new Set(needles.map((n) => [n.companyA, n.companyB].sort().join(" & ")));
    expect(pairs.size).toBe(needles.length);
    const figures = needles.map((n) => n.royalty);
    expect(new Set(figures).size).toBe(needles.length);

    for (const needle of needles) {
      const a = idOf(needle.companyA);
      const b = idOf(needle.companyB);
      expect(a && b, `${needle.companyA} / ${needle.companyB} in companies.json`).toBeTruthy();
      const together = corpus.articles
        .filter((article) => {
          const named = directory.mentionedIn(article.text);
          return named.includes(a ?? "") && named.includes(b ?? "");
        })
        .map((article) => article.id);
      expect(together).toEqual([needle.articleId]);

      expect(needle.royalty).toMatch(/^\$\d+\.\d{2} per unit$/);
      expect(storyText(corpus, needle.articleId)).toContain(needle.royalty);
      // The figure stands in no other article, so only one answer can be right.
      const figure = needle.royalty.split(" ")[0] ?? "";
      const elsewhere = corpus.articles.filter(
        (article) => article.id !== needle.articleId && article.text.includes(figure),
      );
      expect(elsewhere.map((article) => article.id)).toEqual([]);
      expect(needle.question).toContain(needle.companyA);
      expect(needle.question).toContain(needle.companyB);
    }
  });

  it("spreads needles through the corpus", () => {
    const index = (id: string) => corpus.articles.findIndex((a) => a.id === id);
    const positions = needles.map((n) => index(n.articleId)).sort((x, y) => x - y);
    const stretch = N / needles.length;
    positions.forEach((position, i) => {
      expect(position).toBeGreaterThanOrEqual(Math.floor(i * stretch));
      expect(position).toBeLessThan(Math.ceil((i + 1) * stretch));
    });
  });

  it("lets the engine answer every needle with its royalty in the first quote", () => {
    const engine = createEngine(corpus);
    for (const needle of needles) {
      const result = engine.answer(needle.question);
      expect(result.kind, needle.question).toBe("answer");
      if (result.kind !== "answer") continue;
      const first = result.quotes[0];
      expect(first?.source.articleId, needle.question).toBe(needle.articleId);
      expect(first?.text, needle.question).toContain(needle.royalty);
    }
  });
});

describe("bench:corpus command line", () => {
  it("refuses too few articles and a missing --out", () => {
    expect(runCli(["--articles", "5", "--out", path.join(root, "few")]).code).toBe(2);
    expect(runCli(["--articles", "100"]).code).toBe(2);
    expect(runCli(["--articles", "ten", "--out", path.join(root, "nan")]).code).toBe(2);
  });

  it("never writes into a folder it did not create", () => {
    const foreign = path.join(root, "foreign");
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, "notes.txt"), "keep me");
    const run = runCli(["--articles", "10", "--out", foreign]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("not empty");
    expect(readdirSync(foreign)).toEqual(["notes.txt"]);
  });

  it("replaces its own earlier output instead of mixing two runs", async () => {
    const reused = path.join(root, "reused");
    writeCorpus(reused, { articles: 30, seed: SEED });
    writeCorpus(reused, { articles: 12, seed: SEED });
    const loaded = await loadCorpus(reused);
    expect(loaded.problems).toEqual([]);
    expect(loaded.articles).toHaveLength(12);
    expect(loaded.companies).toHaveLength(companyCount(12));
  });
});
