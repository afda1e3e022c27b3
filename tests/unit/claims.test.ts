import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../../src/corpus/load.js";
import { dealCitations, fingerprint } from "../../src/engine/citations.js";
import {
  type Claim,
  claimKey,
  companiesIn,
  extractClaim,
  findSources,
  parseClaimKey,
  parseFigures,
  typoDistance,
} from "../../src/engine/claims.js";
import type { Engine } from "../../src/engine/engine.js";
import { bundledEngine, quoteViolations } from "./helpers.js";

let engine: Engine;
let corpus: Corpus;

beforeAll(async () => {
  ({ engine, corpus } = await bundledEngine());
});

/** The claim as the bot uses it: through its compact form, as a button would carry it. */
function claimOf(message: string, room = 68): Claim {
  const parsed = parseClaimKey(engine, claimKey(extractClaim(engine, message), room));
  if (!parsed.ok) throw new Error(`unparseable key for ${message}`);
  return parsed.claim;
}

function sourcesOf(message: string) {
  return findSources(engine, claimOf(message));
}

describe("reading a chat message", () => {
  it("finds companies written lower-case, with typos, and by alias", () => {
    const data = engine.data;
    expect(companiesIn(data, "pretty sure huawei charges like 2.50 a phone lol")).toEqual([
      "huawei",
    ]);
    expect(companiesIn(data, "huwaei and xiamoi")).toEqual(["huawei", "xiaomi"]);
    expect(companiesIn(data, "nokai vs samsnug")).toEqual(["nokia", "samsung"]);
    expect(companiesIn(data, "Samsung Electronics and mercedes benz")).toEqual([
      "samsung",
      "mercedes-benz",
    ]);
    // Ordinary words near a name are not the name; a two-letter alias counts only as written.
    expect(companiesIn(data, "please apply the patch, mi amigo")).toEqual([]);
    expect(companiesIn(data, "the phones and patents")).toEqual([]);
  });

  it("counts a swap of two letters as one typo", () => {
    expect(typoDistance("huwaei", "huawei")).toBe(1);
    expect(typoDistance("nokia", "nokia")).toBe(0);
    expect(typoDistance("oppo", "apple")).toBeGreaterThan(2);
  });

  it("reads figures as chat writes them: $2.50, 2.50, 1,500, 100k, a year, a phone", () => {
    const figures = parseFigures(
      "$2.50 per device, like 2.50 a phone, 1,500 patents, 100k patents, $1 billion a year, 3 bucks each unit, 10%, Q1 2017 and 5G",
    );
    expect(figures.map((f) => [f.text, f.value, f.kind])).toEqual([
      ["$2.50 per device", 2.5, "money"],
      ["2.50 per phone", 2.5, "number"],
      ["1,500 patents", 1500, "number"],
      ["100k patents", 100_000, "number"],
      ["$1 billion per year", 1e9, "money"],
      ["$3 per unit", 3, "money"],
      ["10%", 10, "percent"],
      ["2017", 2017, "year"],
    ]);
  });

  it("keeps only words the corpus knows, and the deal kinds it names", () => {
    const claim = extractClaim(engine, "ngl i heard huawei and oppo settled some lawsuit lmao");
    expect(claim.companies).toEqual(["huawei", "oppo"]);
    expect(claim.kinds).toEqual(["settlement"]);
    expect(claim.words).not.toContain("lmao");
    expect(claim.words).not.toContain("ngl");
  });

  it("ignores mentions, links and emoji", () => {
    const claim = extractClaim(
      engine,
      "<@123456789012345678> <:pog:123456789012345678> https://example.com/xiaomi huawei",
    );
    expect(claim.companies).toEqual(["huawei"]);
    expect(claim.figures).toEqual([]);
  });
});

describe("the compact form of a claim", () => {
  it("round-trips and fits the room it is given", () => {
    const claim = extractClaim(engine, "xiaomi bought like 1,500 patents from microsoft right?");
    const key = claimKey(claim, 68);
    expect(key).toBe("xiaomi+microsoft~1500_patents~ps~bought+patents");
    const parsed = parseClaimKey(engine, key);
    expect(parsed.ok && claimKey(parsed.claim, 68)).toBe(key);
    // Companies first, then figures, kinds and words as room allows.
    expect(claimKey(claim, 20)).toBe("xiaomi+microsoft~~~");
    for (const room of [10, 30, 50]) expect(claimKey(claim, room).length).toBeLessThanOrEqual(room);
  });

  it("refuses a malformed key and a company the corpus no longer has", () => {
    for (const bad of ["", "huawei", "huawei~~~~", "Huawei~~~", "huawei~2.5.0~~", "huawei~~zz~"]) {
      expect(parseClaimKey(engine, bad)).toEqual({ ok: false, reason: "malformed" });
    }
    expect(parseClaimKey(engine, "ericsson~~~")).toEqual({
      ok: false,
      reason: "unknown-company",
    });
  });
});

describe("finding sources for a claim", () => {
  it("a casual claim with the right figure: the $2.50 quote supports it", () => {
    const result = sourcesOf("pretty sure huawei charges like 2.50 a phone lol");
    expect(result.kind).toBe("sources");
    if (result.kind !== "sources") return;
    const [first] = result.citations;
    expect(first?.stance).toBe("supports");
    expect(first?.quote.text).toContain("$2.50 per device");
    expect(first?.reason).toEqual({ claim: "2.50 per phone", source: "$2.50 per device" });
    // The licence deals are about Huawei too, but say nothing of the figure.
    expect(result.citations.slice(1).every((c) => c.stance === "related")).toBe(true);
    for (const c of result.citations) {
      expect(quoteViolations(c.quote, new Map(corpus.articles.map((a) => [a.id, a])))).toEqual([]);
    }
  });

  it("a different figure for the same thing differs; a date in the same quote does not", () => {
    const result = sourcesOf("huwaei wants $3 per device from everyone");
    if (result.kind !== "sources") throw new Error("expected sources");
    const differing = result.citations.filter((c) => c.stance === "differs");
    expect(differing).toHaveLength(1);
    expect(differing[0]?.reason).toEqual({ claim: "$3 per device", source: "$2.50 per device" });
    // "Monday, December 26" is in a Huawei quote: a bare number, not a price.
    expect(result.citations.some((c) => c.quote.text.includes("December 26"))).toBe(true);
  });

  it("a yearly sum: $1 billion a year against the claimed 2 billion", () => {
    const result = sourcesOf("microsoft gets 2 billion a year from samsung");
    if (result.kind !== "sources") throw new Error("expected sources");
    expect(result.citations[0]).toMatchObject({
      stance: "differs",
      reason: { claim: "2 billion per year", source: "$1 billion per year" },
      deal: { id: "microsoft-samsung-license" },
    });
  });

  it("100k patents finds 100,000 patents; 1,500 finds 1500", () => {
    const big = sourcesOf("huawei has like 100k patents");
    expect(big.kind === "sources" && big.citations[0]).toMatchObject({
      stance: "supports",
      reason: { source: "100,000 patents" },
    });
    const sale = sourcesOf("xiaomi bought 1,500 patents off microsoft");
    expect(sale.kind === "sources" && sale.citations[0]).toMatchObject({
      stance: "supports",
      reason: { source: "1500 patents" },
    });
  });

  it("the wrong kind of deal between the named companies differs", () => {
    const result = sourcesOf("huawei and oppo settled their lawsuit");
    if (result.kind !== "sources") throw new Error("expected sources");
    expect(result.citations[0]).toMatchObject({
      stance: "differs",
      reason: { claim: "settlement", source: "cross-licence" },
      deal: { id: "huawei-oppo-cross-license-2023" },
    });
  });

  it("a quote saying the kind claimed supports it", () => {
    const result = sourcesOf("nokia and xiaomi did a cross licensing deal");
    if (result.kind !== "sources") throw new Error("expected sources");
    expect(result.citations[0]?.stance).toBe("supports");
    expect(result.citations[0]?.quote.text).toMatch(/cross-license/);
  });

  it("nothing about deals, or nothing the corpus has: says so and quotes nothing", () => {
    expect(sourcesOf("anyone want to grab lunch later? the pizza place is great")).toMatchObject({
      kind: "nothing",
      reason: "no-claim",
    });
    expect(sourcesOf("I paid $3 for coffee")).toMatchObject({ kind: "nothing" });
    expect(sourcesOf("the patent pool for pizza toppings is a scam")).toMatchObject({
      kind: "nothing",
    });
  });

  it("quotes about none of the companies named are left out", () => {
    const result = sourcesOf("xiaomi and microsoft patent deal");
    if (result.kind !== "sources") throw new Error("expected sources");
    for (const c of result.citations) {
      const named = engine.data.directory.mentionedIn(c.quote.text);
      const parties = c.deal?.parties ?? [];
      expect(
        named.some((id) => id === "xiaomi" || id === "microsoft") ||
          parties.some((p) => p === "Xiaomi" || p === "Microsoft"),
        c.quote.text,
      ).toBe(true);
    }
  });
});

describe("fingerprints", () => {
  it("change when the sources or their order change, and only then", () => {
    const citations = dealCitations(engine.findDeals("Huawei", "Nokia"));
    expect(fingerprint(citations)).toMatch(/^[0-9a-z]{7}$/);
    expect(fingerprint(citations)).toBe(
      fingerprint(dealCitations(engine.findDeals("huwaei", "nokia"))),
    );
    expect(fingerprint([...citations].reverse())).not.toBe(fingerprint(citations));
    expect(fingerprint(citations.slice(1))).not.toBe(fingerprint(citations));
  });
});
