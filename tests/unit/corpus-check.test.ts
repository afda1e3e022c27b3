import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkReport, unknownCompanies } from "../../src/corpus/check.js";
import { loadCorpus } from "../../src/corpus/load.js";
import { CORPUS_DIR, removeDir, tempCorpus } from "./helpers.js";

/** The `corpus:check` report, in process (tests/corpus-check.test.ts runs the command). */

describe("the corpus:check report", () => {
  it("passes a corpus whose only finding is an uncited article, still listing it", async () => {
    const corpus = await loadCorpus(CORPUS_DIR);
    const extra = { ...corpus.articles[0], id: "lonely", file: "corpus/articles/lonely.md" };
    const { lines, ok } = checkReport(
      { ...corpus, articles: [...corpus.articles, extra as (typeof corpus.articles)[number]] },
      "corpus",
    );
    expect(ok).toBe(true);
    expect(lines).toContain("Articles no deal cites (1 of 6):");
    expect(lines.join("\n")).toMatch(/notice: corpus\/articles\/lonely\.md .*no deal record cites/);
    expect(lines.at(-1)).toBe(
      "corpus:check: ok (6 articles, 11 deals, 18 companies); 1 article no deal cites",
    );
    expect(unknownCompanies(corpus.problems)).toEqual([]);
  });

  it("groups deals by the unknown company they name, and fails the check", async () => {
    const dir = await tempCorpus({
      "companies.json": JSON.stringify({
        companies: [{ id: "alpha", name: "Alpha", aliases: [], tickers: [] }],
      }),
      "articles/a.md":
        "---\ntitle: Alpha and Beta sign\n---\nAlpha and Beta sign\n\nAlpha Corp has signed a patent licence with Beta Ltd covering video codecs.\n",
      "deals/d.json": JSON.stringify({
        id: "alpha-beta",
        summary: "Alpha licenses patents to Beta.",
        parties: [
          { company: "alpha", role: "licensor" },
          { company: "beta", role: "licensee" },
        ],
        kinds: ["license"],
        terms: { disclosed: false },
        sources: [
          {
            article: "a",
            quote: "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs.",
            supports: ["parties", "kinds", "summary"],
          },
        ],
      }),
    });
    try {
      const corpus = await loadCorpus(dir);
      expect(unknownCompanies(corpus.problems)).toEqual([
        {
          company: "beta",
          places: [{ file: path.join(dir, "deals", "d.json"), field: "parties.1.company" }],
        },
      ]);
      const { lines, ok } = checkReport(corpus, dir);
      expect(ok).toBe(false);
      expect(lines).toContain(
        "Deals naming companies missing from companies.json (1 company, 1 deal):",
      );
      expect(lines).not.toContain("Articles no deal cites (0 of 1):");
      expect(lines.filter((l) => l.includes('"beta"'))).toHaveLength(1);
    } finally {
      await removeDir(dir);
    }
  });
});
