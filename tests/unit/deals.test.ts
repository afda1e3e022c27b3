import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { createEngine, type Engine } from "../../src/engine/engine.js";
import type { CompanyRef, DealResult, DealView, Quote } from "../../src/engine/types.js";
import { bundledEngine, CORPUS_DIR, FIXTURE_CORPUS_DIR, highlighted } from "./helpers.js";

/** `/deal`: curated deals between two companies, or one company's deals. */

let engine: Engine;

beforeAll(async () => {
  ({ engine } = await bundledEngine());
});

function dealsOf(result: DealResult): DealView[] {
  if (result.kind !== "deals") {
    throw new Error(`expected deals, got ${result.kind}: ${JSON.stringify(result).slice(0, 300)}`);
  }
  return result.deals;
}

describe("findDeals", () => {
  it("Huawei × Nokia: the extension first, related to the 2017 deal, then the 2017 deal", () => {
    const result = engine.findDeals("Huawei", "Nokia");
    expect(result.kind).toBe("deals");
    if (result.kind !== "deals") return;
    expect(result.company.id).toBe("huawei");
    expect(result.other?.id).toBe("nokia");
    const [extension, original, ...rest] = result.deals;
    expect(rest).toEqual([]);
    expect(extension?.id).toBe("huawei-nokia-license-extension-2022");
    expect(extension?.kinds).toContain("extension");
    expect(extension?.related).toEqual([
      {
        relation: "extends",
        dealId: "huawei-nokia-license-2017",
        summary: expect.stringContaining("2017"),
      },
    ]);
    expect(original?.id).toBe("huawei-nokia-license-2017");
    expect(original?.dates).toEqual([{ type: "signed", value: "2017", precision: "year" }]);
    expect(extension?.parties.map((p) => [p.company.id, p.role])).toEqual([
      ["huawei", "licensor"],
      ["nokia", "licensee"],
    ]);
    // Quotes come from the article and mark both names.
    const quote = extension?.quotes[0];
    expect(quote?.source.articleId).toBe("001_095b81ffdf6e0750");
    expect(quote?.text).toContain("extended a patent license agreement with Nokia");
    expect(quote && highlighted(quote)).toEqual(["Huawei", "Nokia"]);
  });

  it("Nokia × Xiaomi: one deal reported by three articles, a quote from each", () => {
    const deals = dealsOf(engine.findDeals("Nokia", "Xiaomi"));
    expect(deals.map((d) => d.id)).toEqual(["nokia-xiaomi-2017"]);
    const [deal] = deals;
    expect(deal?.reportedBy).toBe(3);
    expect(deal?.quotes).toHaveLength(3);
    expect(deal?.quotes.map((q) => q.source.articleId).sort()).toEqual([
      "002_749c1ce1607455d3",
      "003_b39af41b2f9a09de",
      "004_ea5d3809efce0ac9",
    ]);
    expect(deal?.kinds).toEqual(["cross-license", "patent-sale", "business-cooperation"]);
    // Several roles of one party are merged into one line.
    expect(deal?.parties.map((p) => [p.company.id, p.role])).toEqual([
      ["nokia", "cross-licensor, seller, partner"],
      ["xiaomi", "cross-licensor, buyer, partner"],
    ]);
    expect(deal?.terms).toMatchObject({ disclosed: false, term: "multi-year", amounts: [] });
  });

  it("Huawei alone: lists its deals, with OPPO and Nokia among the other parties", () => {
    const result = engine.findDeals("Huawei");
    const deals = dealsOf(result);
    expect(result.kind === "deals" && result.other).toBeUndefined();
    const ids = deals.map((d) => d.id);
    expect(ids).toContain("huawei-oppo-cross-license-2023");
    expect(ids).toContain("huawei-nokia-license-extension-2022");
    expect(ids).toContain("huawei-nokia-license-2017");
    for (const deal of deals) {
      expect(deal.parties.map((p) => p.company.id)).toContain("huawei");
    }
    const others = new Set(deals.flatMap((d) => d.parties.map((p) => p.company.id)));
    expect(others.has("oppo")).toBe(true);
    expect(others.has("nokia")).toBe(true);
    // Newest first: the 2023 OPPO deal comes before the 2017 Nokia one.
    expect(ids.indexOf("huawei-oppo-cross-license-2023")).toBeLessThan(
      ids.indexOf("huawei-nokia-license-2017"),
    );
  });

  it("Huawei × Xiaomi: no deal, and each party's other deals are listed", () => {
    const result = engine.findDeals("Huawei", "Xiaomi");
    expect(result.kind).not.toBe("deals");
    expect(["none", "mentions"]).toContain(result.kind);
    if (result.kind !== "none" && result.kind !== "mentions") return;
    expect(result.company.id).toBe("huawei");
    expect(result.other?.id).toBe("xiaomi");
    const huaweiDeals = result.otherDeals.company.map((d) => d.id);
    const xiaomiDeals = result.otherDeals.other.map((d) => d.id);
    expect(huaweiDeals).toContain("huawei-oppo-cross-license-2023");
    expect(huaweiDeals).toContain("huawei-nokia-license-2017");
    expect(xiaomiDeals.sort()).toEqual(["microsoft-xiaomi-patent-sale-2016", "nokia-xiaomi-2017"]);
    for (const d of result.otherDeals.company) {
      expect(d.parties.map((p) => p.company.id)).not.toContain("xiaomi");
    }
  });

  it.each([
    ["Huawei", "Nokia"],
    ["Nokia", "Xiaomi"],
    ["Huawei", "OPPO"],
    ["Microsoft", "Xiaomi"],
    ["Apple", "Nokia"],
  ])("%s × %s in reversed order gives the same deals", (a, b) => {
    const forward = dealsOf(engine.findDeals(a, b)).map((d) => d.id);
    const reversed = dealsOf(engine.findDeals(b, a)).map((d) => d.id);
    expect(forward.length).toBeGreaterThan(0);
    expect(reversed).toEqual(forward);
  });

  it("typos and aliases on both sides find the same deal", () => {
    const ids = (a: string, b: string) => dealsOf(engine.findDeals(a, b)).map((d) => d.id);
    expect(ids("huwaei", "opo")).toEqual(["huawei-oppo-cross-license-2023"]);
    expect(ids("NYSE:NOK", "Xiaomy")).toEqual(["nokia-xiaomi-2017"]);
    expect(ids("ＨＵＡＷＥＩ", "Nokia Oyj")).toEqual(ids("Huawei", "Nokia"));
  });

  it("the same company twice is treated as one company", () => {
    expect(dealsOf(engine.findDeals("Nokia", "nokia")).map((d) => d.id)).toEqual(
      dealsOf(engine.findDeals("Nokia")).map((d) => d.id),
    );
  });

  it("an unknown second company reports it and keeps the first company's deals", () => {
    const result = engine.findDeals("Huawei", "Ericsson");
    expect(result.kind).toBe("unknown-company");
    if (result.kind !== "unknown-company") return;
    expect(result.name).toBe("Ericsson");
    expect(result.known?.company.id).toBe("huawei");
    expect(result.known?.deals.map((d) => d.id)).toContain("huawei-oppo-cross-license-2023");
  });

  it("companyDeals lists a company's deals newest first", () => {
    const ids = engine.companyDeals("xiaomi").map((d) => d.id);
    expect(ids).toEqual(["nokia-xiaomi-2017", "microsoft-xiaomi-patent-sale-2016"]);
  });
});

/** True when one of the quote's highlights is the name of `party`. */
function names(quote: Quote, party: CompanyRef): boolean {
  return highlighted(quote).some((mark) =>
    party.curated
      ? engine.resolveCompany(mark)?.id === party.id
      : mark.toLowerCase() === party.name.toLowerCase(),
  );
}

describe("findDeals without a curated deal: quotes about both companies", () => {
  it("Nokia × Samsung: no sentence names both, so nothing is quoted and no deal is claimed", () => {
    // 003 names Samsung two sentences away from Nokia; a quote of either alone would suggest a
    // link the article does not make.
    const result = engine.findDeals("Nokia", "Samsung");
    expect(result.kind).toBe("none");
    if (result.kind !== "none") return;
    expect(result.coMentions).toEqual([]);
    expect(result.otherDeals.company.length).toBeGreaterThan(0);
    expect(result.otherDeals.other.length).toBeGreaterThan(0);
  });

  it("HMD × Nokia: a sentence denying HMD's part is not reported as a deal", () => {
    expect(engine.findDeals("HMD", "Nokia").kind).toBe("none");
  });

  // "mentions" says article text reports a deal naming both; "none" lists co-mentions, which
  // are documented as "the best sentence of each article that names all parties".
  it.each([
    ["OPPO", "Vivo"],
    ["Huawei", "Bloomberg"],
    ["HMD", "Nokia"],
    ["Bloomberg", "Xiaomi"],
  ])("%s × %s: every quote shown names both companies", (a, b) => {
    const result = engine.findDeals(a, b);
    expect(["mentions", "none"]).toContain(result.kind);
    if (result.kind !== "mentions" && result.kind !== "none") return;
    const quotes = result.kind === "mentions" ? result.quotes : result.coMentions;
    expect(quotes.length).toBeGreaterThan(0);
    const other = result.other;
    if (!other) throw new Error("no second company in the result");
    // The first quote from each article links the two; any further quote from it states the
    // deal's figures (a number), for a deal reported only in article text.
    const seen = new Set<string>();
    for (const quote of quotes) {
      const context = `${result.kind}: ${quote.text} (marked ${JSON.stringify(highlighted(quote))})`;
      if (!seen.has(quote.source.articleId)) {
        seen.add(quote.source.articleId);
        expect(names(quote, result.company), context).toBe(true);
        expect(names(quote, other), context).toBe(true);
      } else {
        expect(result.kind, context).toBe("mentions");
        expect(quote.text, context).toMatch(/\d/);
      }
    }
  });
});

describe("findDeals from article text: the terms quoted", () => {
  let fixtures: Engine;

  beforeAll(async () => {
    fixtures = createEngine(await loadCorpus([CORPUS_DIR, FIXTURE_CORPUS_DIR]));
  });

  function quoted(a: string, b: string): string {
    const result = fixtures.findDeals(a, b);
    if (result.kind !== "mentions") throw new Error(`expected mentions, got ${result.kind}`);
    return result.quotes.map((q) => q.text).join("\n");
  }

  it("looks for terms some paragraphs past the report, and a payment in its story", () => {
    // The royalty stands five paragraphs after the lead.
    expect(quoted("Skarnholt Geosystems", "Ambersley Robotics")).toContain(
      "capped at €11 per unit",
    );
    // "That one is fully paid up: we made a single payment of €4.2 million in 2023…"
    expect(quoted("Pelvance Aerial", "Ardlow Imaging")).toContain("€4.2 million");
  });

  it("stops at a sentence bringing in someone else: what follows naming no one is theirs", () => {
    // The Brenscombe cross-licence follows the Ardlow licence in the interview.
    expect(quoted("Pelvance Aerial", "Ardlow Imaging")).not.toContain("runs for ten years");
    // The next item of a roundup is about Claimstead's funding.
    expect(quoted("Halstow Mobile", "Kessock Semiconductor")).not.toContain("valuation");
  });

  it("quotes the deal's own royalty, not an analyst's estimate of what it will bring", () => {
    const text = quoted("Brennholt Hearing", "Calvora Audio");
    expect(text).toContain("22 cents for each hearing aid");
    expect(text).not.toContain("estimated");
  });
});
