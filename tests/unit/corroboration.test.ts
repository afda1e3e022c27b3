import { afterEach, describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { createEngine } from "../../src/engine/engine.js";
import { renderDealText } from "../../src/render/text.js";
import { removeDir, tempCorpus } from "./helpers.js";

/** A deal reported by several articles that disagree on a figure. */

const article = (title: string, body: string) => `---\ntitle: ${title}\n---\n${title}\n\n${body}\n`;

const files = {
  "companies.json": JSON.stringify({
    companies: [
      { id: "alder", name: "Alder Radio" },
      { id: "birch", name: "Birch Phones" },
    ],
  }),
  "articles/wire-a.md": article(
    "Alder sells patents to Birch",
    "Alder Radio has sold 120 patents to Birch Phones, the companies said. Terms were not given.",
  ),
  "articles/wire-b.md": article(
    "Birch buys Alder portfolio",
    "Birch Phones bought about 150 patents from Alder Radio on Monday. The price was not disclosed.",
  ),
  "deals/alder-birch.json": JSON.stringify({
    id: "alder-birch",
    summary: "Alder Radio sold a patent portfolio to Birch Phones.",
    parties: [
      { company: "alder", role: "seller" },
      { company: "birch", role: "buyer" },
    ],
    kinds: ["patent-sale"],
    terms: { disclosed: false },
    sources: [
      {
        article: "wire-a",
        quote: "Alder Radio has sold 120 patents to Birch Phones, the companies said.",
        supports: ["parties", "kinds", "summary"],
        says: { patents: "120 patents" },
      },
      {
        article: "wire-b",
        quote: "Birch Phones bought about 150 patents from Alder Radio on Monday.",
        supports: ["parties", "kinds"],
        says: { patents: "about 150 patents" },
      },
    ],
  }),
};

let dir: string | undefined;
afterEach(async () => {
  await removeDir(dir);
  dir = undefined;
});

describe("corroboration", () => {
  it("one deal, every source quoted, and differing figures shown side by side", async () => {
    dir = await tempCorpus(files);
    const corpus = await loadCorpus(dir);
    expect(corpus.problems).toEqual([]);
    const result = createEngine(corpus).findDeals("Birch", "Alder");
    expect(result.kind).toBe("deals");
    if (result.kind !== "deals") return;
    const [deal] = result.deals;
    expect(deal?.reportedBy).toBe(2);
    expect(deal?.quotes.map((q) => q.source.articleId).sort()).toEqual(["wire-a", "wire-b"]);
    expect(deal?.differences).toHaveLength(1);
    expect(deal?.differences[0]?.claims.map((c) => [c.value, c.quote.source.articleId])).toEqual([
      ["120 patents", "wire-a"],
      ["about 150 patents", "wire-b"],
    ]);
    const text = renderDealText(result, { color: false });
    expect(text).toContain("Sources differ on patents:");
    expect(text).toContain("120 patents: Alder sells patents to Birch");
    expect(text).toContain("about 150 patents: Birch buys Alder portfolio");
  });

  it("a figure that does not stand in its own quote refuses the record, naming the field", async () => {
    const wrong = JSON.parse(files["deals/alder-birch.json"]);
    wrong.sources[1].says = { patents: "120 patents" };
    dir = await tempCorpus({ ...files, "deals/alder-birch.json": JSON.stringify(wrong) });
    const corpus = await loadCorpus(dir);
    expect(corpus.problems.map((p) => p.field)).toEqual(["sources.1.says.patents"]);
    expect(corpus.deals).toEqual([]);
  });

  it("sources that agree (case aside) are not reported as differing", async () => {
    const agreeing = JSON.parse(files["deals/alder-birch.json"]);
    agreeing.sources[1].quote = "Birch Phones bought 120 Patents from Alder Radio on Monday.";
    agreeing.sources[1].says = { patents: "120 Patents" };
    dir = await tempCorpus({
      ...files,
      "articles/wire-b.md": article(
        "Birch buys Alder portfolio",
        "Birch Phones bought 120 Patents from Alder Radio on Monday. The price was not disclosed.",
      ),
      "deals/alder-birch.json": JSON.stringify(agreeing),
    });
    const corpus = await loadCorpus(dir);
    expect(corpus.problems).toEqual([]);
    const result = createEngine(corpus).findDeals("Alder", "Birch");
    expect(result.kind === "deals" && result.deals[0]?.differences).toEqual([]);
  });
});
