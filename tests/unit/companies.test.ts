import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../../src/corpus/load.js";
import { CompanyDirectory, nameKey, swapDistance } from "../../src/engine/companies.js";
import type { Engine } from "../../src/engine/engine.js";
import type { DealResult, Quote } from "../../src/engine/types.js";
import { bundledEngine } from "./helpers.js";

/** Turning what people type into a company: names, aliases, tickers, case, width, typos. */

let engine: Engine;
let corpus: Corpus;

beforeAll(async () => {
  ({ engine, corpus } = await bundledEngine());
});

const resolved = (name: string) => engine.resolveCompany(name)?.id;

/** The article quotes shown for a company known only from text. */
function textQuotes(result: DealResult): Quote[] {
  if (result.kind === "none") return result.coMentions;
  if (result.kind === "mentions") return result.quotes;
  return [];
}

describe("resolveCompany", () => {
  it.each([
    ["Huawei", "huawei"],
    ["OPPO", "oppo"],
    ["Nokia", "nokia"],
    ["Xiaomi", "xiaomi"],
    ["Microsoft", "microsoft"],
    ["Samsung Electronics", "samsung"],
    ["Mercedes-Benz", "mercedes-benz"],
  ])("canonical name %j → %s", (name, id) => {
    expect(resolved(name)).toBe(id);
  });

  it.each([
    ["Nokia Oyj", "nokia"],
    ["Nokia Technologies", "nokia"],
    ["Mercedes Benz", "mercedes-benz"],
    ["Mercedes", "mercedes-benz"],
    ["Samsung", "samsung"],
    ["Huawei Technologies Co., Ltd.", "huawei"],
    ["Apple Inc.", "apple"],
    ["Bayerische Motoren Werke", "bmw"],
  ])("alias %j → %s", (name, id) => {
    expect(resolved(name)).toBe(id);
  });

  it.each([
    ["NYSE:NOK", "nokia"],
    ["NOK", "nokia"],
    ["HEL:NOKIA", "nokia"],
    ["NASDAQ:MSFT", "microsoft"],
    ["MSFT", "microsoft"],
    ["HKG:1810", "xiaomi"],
  ])("ticker %j → %s", (name, id) => {
    expect(resolved(name)).toBe(id);
  });

  it.each([
    ["huawei", "huawei"],
    ["HUAWEI", "huawei"],
    ["ＨＵＡＷＥＩ", "huawei"],
    ["ｏｐｐｏ", "oppo"],
    ["  nokia  ", "nokia"],
    ["nokia oyj", "nokia"],
  ])("case and width %j → %s", (name, id) => {
    expect(resolved(name)).toBe(id);
  });

  it.each([
    ["huwaei", "huawei"],
    ["Huawie", "huawei"],
    ["opo", "oppo"],
    ["Nokai", "nokia"],
    ["Xiaomy", "xiaomi"],
    ["Mircosoft", "microsoft"],
    ["Samsnug", "samsung"],
    // Three edits in a long name: a letter left out and two swapped.
    ["Lamborgihni", "lamborghini"],
    ["Lambrogini", "lamborghini"],
    // Two letters swapped and one left out: two edits from "audi" by plain edits, yet Huawei.
    ["hauwi", "huawei"],
    ["Xaiomi", "xiaomi"],
  ])("typo %j → %s", (name, id) => {
    expect(resolved(name)).toBe(id);
  });

  it("counts a swap of two neighbouring letters as one edit", () => {
    expect(swapDistance("hauwi", "huawei")).toBe(2);
    expect(swapDistance("hauwi", "audi")).toBe(2);
    expect(swapDistance("nokai", "nokia")).toBe(1);
    expect(swapDistance("nokia", "nokia")).toBe(0);
    expect(swapDistance("", "abc")).toBe(3);
  });

  it("returns the curated display name", () => {
    expect(engine.resolveCompany("ＨＵＡＷＥＩ")).toEqual({
      id: "huawei",
      name: "Huawei",
      curated: true,
    });
    expect(engine.resolveCompany("Samsung")).toEqual({
      id: "samsung",
      name: "Samsung Electronics",
      curated: true,
    });
  });

  it.each(["Ericsson", "Qualcomm", "Google", "", "   "])("unknown %j → undefined", (name) => {
    expect(engine.resolveCompany(name)).toBeUndefined();
  });

  it("a name known only from article text is not a curated company", () => {
    const names = corpus.companies
      .flatMap((c) => [c.name, ...c.aliases])
      .map((n) => n.toLowerCase());
    for (const name of ["Bloomberg", "CNBC"]) {
      expect(names).not.toContain(name.toLowerCase());
      expect(corpus.articles.some((a) => a.text.includes(name))).toBe(true);
      expect(engine.resolveCompany(name)).toBeUndefined();
    }
  });
});

describe("findDeals on unknown and text-only companies", () => {
  it("Ericsson: unknown-company with no false suggestion", () => {
    const result = engine.findDeals("Ericsson");
    expect(result.kind).toBe("unknown-company");
    if (result.kind !== "unknown-company") return;
    expect(result.name).toBe("Ericsson");
    expect(result.suggestions).toEqual([]);
    expect(result.known).toBeUndefined();
  });

  it("Ericsson × Apple: unknown-company that still lists Apple's deals", () => {
    const result = engine.findDeals("Ericsson", "Apple");
    expect(result.kind).toBe("unknown-company");
    if (result.kind !== "unknown-company") return;
    expect(result.known?.company.id).toBe("apple");
    expect(result.known?.deals.map((d) => d.id).sort()).toEqual([
      "apple-nokia-settlement-2017",
      "huawei-apple-royalties",
    ]);
  });

  it("Bloomberg: found in the passages that mention it, not as a curated company", () => {
    const result = engine.findDeals("Bloomberg");
    const quotes = textQuotes(result);
    expect(
      result.kind === "none" || result.kind === "mentions" ? result.company : undefined,
    ).toEqual({ id: "text:bloomberg", name: "Bloomberg", curated: false });
    expect(quotes.length).toBeGreaterThan(0);
    for (const quote of quotes) {
      expect(["001_095b81ffdf6e0750", "002_749c1ce1607455d3"]).toContain(quote.source.articleId);
      expect(quote.text).toContain("Bloomberg");
      expect(quote.highlights.map((h) => quote.text.slice(h.start, h.end))).toContain("Bloomberg");
    }
  });

  it("cnbc (lower-case): found as CNBC, as written in the article", () => {
    const result = engine.findDeals("cnbc");
    expect(
      result.kind === "none" || result.kind === "mentions" ? result.company : undefined,
    ).toEqual({ id: "text:cnbc", name: "CNBC", curated: false });
    expect(textQuotes(result).map((q) => q.text)).toEqual([
      "Xiaomi is looking to expand its portfolio to include products such as televisions, air conditioners and smartphones, notes CNBC.",
    ]);
  });

  it("a common lower-case word is not taken for a company", () => {
    const result = engine.findDeals("sanctions");
    expect(result.kind).toBe("unknown-company");
  });
});

describe("CompanyDirectory", () => {
  const directory = new CompanyDirectory([
    { id: "samsung", name: "Samsung Electronics", aliases: ["Samsung"], tickers: ["KRX:005930"] },
    { id: "nokia", name: "Nokia", aliases: ["Nokia Oyj"], tickers: ["NYSE:NOK"] },
  ]);

  it("drops legal forms from name keys, unless nothing else is left", () => {
    expect(nameKey("Nokia Oyj")).toBe("nokia");
    expect(nameKey("Samsung Electronics Co., Ltd.")).toBe("samsung electronics");
    expect(nameKey("Group AG")).toBe("group ag");
  });

  it("finds companies a text names, longest name first, in order of first mention", () => {
    expect(
      directory.mentionedIn(
        "Nokia’s deal with Samsung Electronics, and Nokia again, then Samsung.",
      ),
    ).toEqual(["nokia", "samsung"]);
    expect(directory.mentionedIn("Samsung Electronics signed with NOKIA")).toEqual([
      "samsung",
      "nokia",
    ]);
    expect(directory.mentionedIn("Nothing to see here.")).toEqual([]);
  });

  it("does not fuzz a ticker into a name", () => {
    expect(directory.resolve("NOK")?.id).toBe("nokia");
    expect(directory.resolve("NOX")).toBeUndefined();
  });

  it("suggests by prefix", () => {
    expect(directory.suggest("sams").map((c) => c.id)).toEqual(["samsung"]);
    expect(directory.suggest("nok").map((c) => c.id)).toEqual(["nokia"]);
  });
});

describe("suggestCompanies while a name is typed", () => {
  const first = (typed: string) => engine.suggestCompanies(typed)[0]?.name;
  const offered = (typed: string) => engine.suggestCompanies(typed).map((c) => c.name);

  it("offers a name from the start of it or of any of its words, typos allowed", () => {
    expect(first("huwa")).toBe("Huawei");
    expect(first("benz")).toBe("Mercedes-Benz");
    expect(first("lambor")).toBe("Lamborghini");
  });

  it("allows one typo in three or four letters, two from five on, none in one or two", () => {
    expect(offered("hx")).not.toContain("Huawei");
    expect(offered("huxw")).toContain("Huawei");
    expect(offered("hxxw")).not.toContain("Huawei");
    expect(offered("hxawxi")).toContain("Huawei");
    expect(offered("mxrcxdes")).toContain("Mercedes-Benz");
  });

  it("offers the other party's partners first when nothing is typed, never the party itself", () => {
    const names = engine.suggestCompanies("", 25, "Huawei").map((c) => c.name);
    expect(names).not.toContain("Huawei");
    expect(names.slice(0, 3)).toContain("OPPO");
    expect(engine.suggestCompanies("hua", 25, "Huawei").map((c) => c.name)).not.toContain("Huawei");
  });
});
