import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Problem } from "../../src/corpus/article.js";
import { type Corpus, loadCorpus } from "../../src/corpus/load.js";
import { type FileContent, removeDir, tempCorpus } from "./helpers.js";

/**
 * Every way a corpus file can be wrong: each problem must name the file, the field where there
 * is one, and a reason, and the rest of the corpus must still load.
 */

const GOOD_ARTICLE = `---
title: Alpha and Beta sign a codec licence
published: 2024-01-02
url: https://news.example.com/alpha-beta
---
Alpha and Beta sign a codec licence

Alpha Corp has signed a patent licence with Beta Ltd covering video codecs. The licence runs for five years.

Terms of the agreement were not disclosed by either company, which declined to comment further.
`;

const GOOD_DEAL = {
  id: "alpha-beta-licence",
  summary: "Alpha licenses its video codec patents to Beta for five years.",
  parties: [
    { company: "alpha", role: "licensor" },
    { company: "beta", role: "licensee" },
  ],
  kinds: ["license"],
  terms: { disclosed: false },
  sources: [
    {
      article: "good",
      quote: "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs.",
      supports: ["parties", "kinds", "summary"],
    },
  ],
};

const COMPANIES = {
  companies: [
    { id: "alpha", name: "Alpha Corp" },
    { id: "beta", name: "Beta Ltd" },
    { id: "gamma", name: "Gamma Inc" },
  ],
};

function baseFiles(): Record<string, FileContent> {
  return {
    "articles/good.md": GOOD_ARTICLE,
    "deals/alpha-beta-licence.json": JSON.stringify(GOOD_DEAL, null, 2),
    "companies.json": JSON.stringify(COMPANIES),
  };
}

function deal(overrides: Record<string, unknown>): string {
  return JSON.stringify({ ...GOOD_DEAL, id: "other-deal", ...overrides }, null, 2);
}

let dir: string | undefined;
afterEach(async () => {
  await removeDir(dir);
  dir = undefined;
});

async function load(extra: Record<string, FileContent>, base = baseFiles()): Promise<Corpus> {
  dir = await tempCorpus({ ...base, ...extra });
  return loadCorpus(dir);
}

function file(name: string): string {
  if (!dir) throw new Error("no temp corpus");
  return path.join(dir, name);
}

function problemsFor(corpus: Corpus, name: string): Problem[] {
  return corpus.problems.filter((p) => p.file === file(name));
}

/** The good article, the good deal and the three companies all loaded. */
function expectRestLoaded(corpus: Corpus, opts: { companies?: number } = {}) {
  expect(corpus.articles.map((a) => a.id)).toContain("good");
  expect(corpus.deals.map((d) => d.id)).toContain("alpha-beta-licence");
  expect(corpus.companies).toHaveLength(opts.companies ?? 3);
}

/** Exactly one problem, about `name`, with the given field, severity and reason. */
function expectOneProblem(
  corpus: Corpus,
  name: string,
  expected: { field?: string; severity?: "error" | "warning"; message: RegExp },
): Problem {
  expect(corpus.problems).toHaveLength(1);
  const [problem] = problemsFor(corpus, name);
  expect(problem, `problems: ${JSON.stringify(corpus.problems)}`).toBeDefined();
  if (!problem) throw new Error("unreachable");
  expect(problem.file).toBe(file(name));
  expect(problem.field).toBe(expected.field);
  expect(problem.severity).toBe(expected.severity ?? "error");
  expect(problem.message).toMatch(expected.message);
  return problem;
}

describe("loadCorpus: a good corpus", () => {
  it("loads the article, deal and companies without problems", async () => {
    const corpus = await load({});
    expect(corpus.problems).toEqual([]);
    expectRestLoaded(corpus);
    const [article] = corpus.articles;
    expect(article?.meta).toEqual({
      title: "Alpha and Beta sign a codec licence",
      published: "2024-01-02",
      url: "https://news.example.com/alpha-beta",
    });
    expect(article?.file).toBe(file("articles/good.md"));
    expect(article?.paragraphs.filter((p) => p.kind === "text")).toHaveLength(2);
  });
});

describe("loadCorpus: article errors", () => {
  it.each<[string, FileContent, RegExp]>([
    ["empty file", "", /empty/],
    ["whitespace-only file", "  \n\t\n   \n", /only whitespace/],
    [
      "binary file with NUL bytes",
      new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02]),
      /NUL/,
    ],
    [
      "invalid UTF-8",
      new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28, 0xff, 0xfe, 0x0a]),
      /UTF-8/,
    ],
    [
      "no front matter",
      "Alpha and Beta\n\nAlpha signed a licence with Beta today.\n",
      /no front matter/,
    ],
  ])("%s: error naming the file, rest still loads", async (_name, content, message) => {
    const corpus = await load({ "articles/bad.md": content });
    expectOneProblem(corpus, "articles/bad.md", { message });
    expect(corpus.articles.map((a) => a.id)).toEqual(["good"]);
    expectRestLoaded(corpus);
  });

  it("invalid YAML in the front matter: field 'front matter' and the parser's reason", async () => {
    const corpus = await load({
      "articles/bad.md": "---\ntitle: [unclosed\npublished: 2024-01-02\n---\nBody text here.\n",
    });
    const problem = expectOneProblem(corpus, "articles/bad.md", {
      field: "front matter",
      message: /front matter is not valid YAML: \S+/,
    });
    expect(problem.message.length).toBeGreaterThan("front matter is not valid YAML: ".length);
    expectRestLoaded(corpus);
  });

  it("missing title: field 'title'", async () => {
    const corpus = await load({
      "articles/bad.md":
        "---\npublished: 2024-01-02\n---\nSomething happened at Alpha Corp today, and it was reported widely.\n",
    });
    expectOneProblem(corpus, "articles/bad.md", { field: "title", message: /expected string/ });
    expectRestLoaded(corpus);
  });

  it("bad published date: field 'published'", async () => {
    const corpus = await load({
      "articles/bad.md":
        "---\ntitle: A story\npublished: 2023-02-30\n---\nSomething happened at Alpha Corp today, and it was reported widely.\n",
    });
    expectOneProblem(corpus, "articles/bad.md", {
      field: "published",
      message: /not a real calendar date/,
    });
    expectRestLoaded(corpus);
  });

  it("unknown front-matter field: named in the message", async () => {
    const corpus = await load({
      "articles/bad.md":
        "---\ntitle: A story\nsection: tech\n---\nSomething happened at Alpha Corp today, and it was reported widely.\n",
    });
    expectOneProblem(corpus, "articles/bad.md", { field: "front matter", message: /section/ });
    expectRestLoaded(corpus);
  });

  it("only a headline and chrome after the front matter: field 'body'", async () => {
    const corpus = await load({
      "articles/bad.md": "---\ntitle: A story\n---\nA story\n\nLeave a Comment\n",
    });
    expectOneProblem(corpus, "articles/bad.md", { field: "body", message: /no article text/ });
    expectRestLoaded(corpus);
  });

  it("a non-.md file in articles/ is a warning, and is not loaded", async () => {
    const corpus = await load({ "articles/notes.txt": "Some notes, not an article." });
    expectOneProblem(corpus, "articles/notes.txt", {
      severity: "warning",
      message: /only \.md files/,
    });
    expect(corpus.articles.map((a) => a.id)).toEqual(["good"]);
    expectRestLoaded(corpus);
  });
});

describe("loadCorpus: deal errors", () => {
  it("invalid JSON", async () => {
    const corpus = await load({ "deals/broken.json": '{ "id": "broken", ' });
    expectOneProblem(corpus, "deals/broken.json", { message: /not valid JSON: \S+/ });
    expectRestLoaded(corpus);
    expect(corpus.deals).toHaveLength(1);
  });

  it("schema-invalid (unknown kind): names the field", async () => {
    const corpus = await load({ "deals/other-deal.json": deal({ kinds: ["merger"] }) });
    const problem = expectOneProblem(corpus, "deals/other-deal.json", {
      field: "kinds.0",
      message: /\S/,
    });
    expect(problem.message).toMatch(/license/);
    expectRestLoaded(corpus);
    expect(corpus.deals).toHaveLength(1);
  });

  it("a quote that does not stand verbatim in the article", async () => {
    const corpus = await load({
      "deals/other-deal.json": deal({
        sources: [
          {
            article: "good",
            quote: "Alpha Corp has signed a patent license with Beta Ltd covering video codecs.",
            supports: ["parties", "kinds", "summary"],
          },
        ],
      }),
    });
    expectOneProblem(corpus, "deals/other-deal.json", {
      field: "sources.0.quote",
      message: /does not stand verbatim in good/,
    });
    expect(corpus.deals.map((d) => d.id)).toEqual(["alpha-beta-licence"]);
    expectRestLoaded(corpus);
  });

  it("a quote whose whitespace differs only in width still counts as verbatim", async () => {
    const corpus = await load({
      "deals/other-deal.json": deal({
        sources: [
          {
            article: "good",
            quote: "Alpha Corp has\u00a0signed a patent licence   with Beta Ltd",
            supports: ["parties", "kinds", "summary"],
          },
        ],
      }),
    });
    expect(corpus.problems).toEqual([]);
    expect(corpus.deals.map((d) => d.id).sort()).toEqual(["alpha-beta-licence", "other-deal"]);
  });

  it("a quote taken from the headline", async () => {
    const corpus = await load({
      "deals/other-deal.json": deal({
        sources: [
          {
            article: "good",
            quote: "Alpha and Beta sign a codec licence",
            supports: ["parties", "kinds", "summary"],
          },
        ],
      }),
    });
    expectOneProblem(corpus, "deals/other-deal.json", {
      field: "sources.0.quote",
      message: /headline or site chrome/,
    });
    expectRestLoaded(corpus);
    expect(corpus.deals).toHaveLength(1);
  });

  it("a quote taken from site chrome", async () => {
    const article = GOOD_ARTICLE.replace(
      "Terms of the agreement",
      "Sign up for our newsletter to get licensing news\n\nTerms of the agreement",
    );
    const corpus = await load({
      "articles/good.md": article,
      "deals/other-deal.json": deal({
        sources: [
          {
            article: "good",
            quote: "Sign up for our newsletter",
            supports: ["parties", "kinds", "summary"],
          },
        ],
      }),
    });
    expectOneProblem(corpus, "deals/other-deal.json", {
      field: "sources.0.quote",
      message: /headline or site chrome/,
    });
    expectRestLoaded(corpus);
  });

  it("an unknown article", async () => {
    const corpus = await load({
      "deals/other-deal.json": deal({
        sources: [
          {
            article: "missing-article",
            quote: "Alpha Corp has signed a patent licence with Beta Ltd",
            supports: ["parties", "kinds", "summary"],
          },
        ],
      }),
    });
    expectOneProblem(corpus, "deals/other-deal.json", {
      field: "sources.0.article",
      message: /no article "missing-article"/,
    });
    expectRestLoaded(corpus);
    expect(corpus.deals).toHaveLength(1);
  });

  it("a duplicate deal id: the second file is the one reported and skipped", async () => {
    const corpus = await load({ "deals/zz-copy.json": JSON.stringify(GOOD_DEAL) });
    expectOneProblem(corpus, "deals/zz-copy.json", {
      field: "id",
      message: /duplicate deal id "alpha-beta-licence"/,
    });
    expect(corpus.deals).toHaveLength(1);
    expectRestLoaded(corpus);
  });

  it("an unknown company is a warning and the deal still loads", async () => {
    const corpus = await load({
      "deals/other-deal.json": deal({
        parties: [
          { company: "alpha", role: "licensor" },
          { company: "omega", role: "licensee" },
        ],
      }),
    });
    expectOneProblem(corpus, "deals/other-deal.json", {
      field: "parties.1.company",
      severity: "warning",
      message: /unknown company "omega"/,
    });
    expect(corpus.deals.map((d) => d.id).sort()).toEqual(["alpha-beta-licence", "other-deal"]);
    expectRestLoaded(corpus);
  });

  it("an unknown related deal is a warning and the deal still loads", async () => {
    const corpus = await load({
      "deals/other-deal.json": deal({
        related: [{ relation: "extends", deal: "no-such-deal" }],
        sources: [
          {
            ...GOOD_DEAL.sources[0],
            supports: ["parties", "kinds", "summary", "related"],
          },
        ],
      }),
    });
    expectOneProblem(corpus, "deals/other-deal.json", {
      field: "related.0.deal",
      severity: "warning",
      message: /no deal "no-such-deal"/,
    });
    expect(corpus.deals.map((d) => d.id).sort()).toEqual(["alpha-beta-licence", "other-deal"]);
    expectRestLoaded(corpus);
  });

  it("a related deal that exists raises no warning", async () => {
    const corpus = await load({
      "deals/other-deal.json": deal({
        related: [{ relation: "extends", deal: "alpha-beta-licence" }],
        sources: [
          { ...GOOD_DEAL.sources[0], supports: ["parties", "kinds", "summary", "related"] },
        ],
      }),
    });
    expect(corpus.problems).toEqual([]);
    expect(corpus.deals).toHaveLength(2);
  });

  it("a stated fact no source supports", async () => {
    const corpus = await load({
      "deals/other-deal.json": deal({
        dates: [{ type: "signed", value: "2024-01", precision: "month" }],
      }),
    });
    expectOneProblem(corpus, "deals/other-deal.json", {
      field: "sources",
      message: /no source supports the deal's dates/,
    });
    expectRestLoaded(corpus);
    expect(corpus.deals).toHaveLength(1);
  });
});

describe("loadCorpus: companies.json errors", () => {
  it("invalid JSON: no companies, articles and deals still load", async () => {
    const corpus = await load({ "companies.json": '{"companies": [' });
    expectOneProblem(corpus, "companies.json", { message: /not valid JSON: \S+/ });
    expectRestLoaded(corpus, { companies: 0 });
  });

  it("wrong top-level shape names the 'companies' field", async () => {
    const corpus = await load({ "companies.json": '[{"id": "alpha", "name": "Alpha"}]' });
    expectOneProblem(corpus, "companies.json", {
      field: "companies",
      message: /expected \{"companies"/,
    });
    expectRestLoaded(corpus, { companies: 0 });
  });

  it("one bad entry is reported by index, the others are kept", async () => {
    const corpus = await load({
      "companies.json": JSON.stringify({
        companies: [
          COMPANIES.companies[0],
          { id: "Not A Slug", name: "Broken" },
          COMPANIES.companies[1],
          COMPANIES.companies[2],
        ],
      }),
    });
    expectOneProblem(corpus, "companies.json", {
      field: "companies.1.id",
      message: /lower-case/,
    });
    expect(corpus.companies.map((c) => c.id)).toEqual(["alpha", "beta", "gamma"]);
    expectRestLoaded(corpus);
  });

  it("a duplicate company id: the first entry wins", async () => {
    const corpus = await load({
      "companies.json": JSON.stringify({
        companies: [...COMPANIES.companies, { id: "alpha", name: "Alpha Again" }],
      }),
    });
    expectOneProblem(corpus, "companies.json", {
      field: "companies.3.id",
      message: /duplicate company id "alpha"/,
    });
    expect(corpus.companies.find((c) => c.id === "alpha")?.name).toBe("Alpha Corp");
    expectRestLoaded(corpus);
  });
});

describe("loadCorpus: folders", () => {
  it("a missing corpus folder does not crash and loads nothing", async () => {
    dir = await tempCorpus({});
    const corpus = await loadCorpus(path.join(dir, "does-not-exist"));
    expect(corpus.articles).toEqual([]);
    expect(corpus.deals).toEqual([]);
    expect(corpus.companies).toEqual([]);
    expect(corpus.problems).toEqual([]);
  });

  it("loads several folders as one corpus; the first to name an id wins", async () => {
    dir = await tempCorpus({
      "a/articles/good.md": GOOD_ARTICLE,
      "a/companies.json": JSON.stringify(COMPANIES),
      "b/articles/second.md":
        "---\ntitle: Gamma joins a pool\n---\nGamma joins a pool\n\nGamma Inc has joined the codec patent pool run by Alpha Corp this week.\n",
      // Same id as in a/: reported, a/'s copy kept.
      "b/articles/good.md":
        "---\ntitle: Another good\n---\nA different story about Beta Ltd and its many video codec patents.\n",
      "b/companies.json": JSON.stringify({
        companies: [
          { id: "alpha", name: "Alpha Other" },
          { id: "delta", name: "Delta Co" },
        ],
      }),
      // A deal in b/ citing an article in a/ and one in b/.
      "b/deals/gamma-pool.json": deal({
        id: "gamma-pool",
        parties: [
          { company: "gamma", role: "pool-member" },
          { company: "alpha", role: "pool-administrator" },
        ],
        kinds: ["pool-membership"],
        sources: [
          {
            article: "second",
            quote: "Gamma Inc has joined the codec patent pool run by Alpha Corp this week.",
            supports: ["parties", "kinds", "summary"],
          },
          GOOD_DEAL.sources[0],
        ],
      }),
    });
    const a = path.join(dir, "a");
    const b = path.join(dir, "b");
    const corpus = await loadCorpus([a, b]);
    expect(corpus.dirs).toEqual([a, b]);
    expect(corpus.articles.map((art) => art.id).sort()).toEqual(["good", "second"]);
    expect(corpus.articles.find((art) => art.id === "good")?.meta.title).toBe(
      "Alpha and Beta sign a codec licence",
    );
    expect(corpus.companies.map((c) => c.id).sort()).toEqual(["alpha", "beta", "delta", "gamma"]);
    expect(corpus.companies.find((c) => c.id === "alpha")?.name).toBe("Alpha Corp");
    expect(corpus.deals.map((d) => d.id)).toEqual(["gamma-pool"]);
    expect(corpus.problems).toHaveLength(1);
    expect(corpus.problems[0]).toMatchObject({
      file: path.join(b, "articles", "good.md"),
      severity: "error",
    });
    expect(corpus.problems[0]?.message).toMatch(/duplicate article id "good"/);
  });
});
