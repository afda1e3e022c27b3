import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../src/corpus/load.js";
import { createEngine, type Engine } from "../src/engine/engine.js";
import type { DealDate, DealResult, DealView, Quote } from "../src/engine/types.js";
import {
  type Embed,
  echoUserText,
  embedSize,
  enforceLimits,
  escapeMarkdown,
  joinWithin,
  LIMITS,
  mergeHighlights,
  quoteMarkdown,
  type ReplyPayload,
  renderAskReply,
  renderCompanyReply,
  renderDealReply,
  renderSourceReply,
  renderUnknownArticle,
  timelineOrder,
} from "../src/render/embeds.js";
import { renderAskText, renderDealText } from "../src/render/text.js";

/** What a reader sees: Discord drops a backslash before ASCII punctuation. */
function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, "$1");
}

/** Every `**` that is a real bold marker, i.e. not preceded by an escaping backslash. */
function boldMarkers(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === "\\") {
      i++;
      continue;
    }
    if (text[i] === "*" && text[i + 1] === "*") {
      n++;
      i++;
    }
  }
  return n;
}

function stripBold(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") {
      out += text.slice(i, i + 2);
      i++;
    } else if (text[i] === "*" && text[i + 1] === "*") i++;
    else out += text[i];
  }
  return out;
}

function checkLimits(payload: ReplyPayload) {
  expect(payload.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  expect((payload.content ?? "").length).toBeLessThanOrEqual(LIMITS.content);
  expect(payload.embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(LIMITS.total);
  for (const e of payload.embeds) {
    expect((e.title ?? "").length).toBeLessThanOrEqual(LIMITS.title);
    expect((e.description ?? "").length).toBeLessThanOrEqual(LIMITS.description);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      expect(f.value.length).toBeGreaterThan(0);
    }
    // Bold markers come in pairs within every line, so nothing is left half-formatted.
    for (const line of (e.description ?? "").split("\n")) expect(boldMarkers(line) % 2).toBe(0);
  }
}

function allText(payload: ReplyPayload): string {
  return [
    payload.content ?? "",
    ...payload.embeds.flatMap((e) => [
      e.title ?? "",
      e.description ?? "",
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      e.footer?.text ?? "",
    ]),
  ].join("\n");
}

// ---- synthetic results ----------------------------------------------------------------------

const company = (id: string, name = id[0]?.toUpperCase() + id.slice(1)) => ({
  id,
  name,
  curated: true,
});

function quote(text: string, articleId = "a1", highlights: Quote["highlights"] = []): Quote {
  return {
    source: {
      articleId,
      title: `Article ${articleId}`,
      publisher: "Wire",
      published: "2020-01-02",
      url: `https://news.example/${articleId}`,
    },
    text,
    highlights,
    articleStart: 0,
    articleEnd: text.length,
  };
}

function deal(id: string, quotes: Quote[], dates: DealDate[] = []): DealView {
  return {
    id,
    summary: `Summary of ${id}.`,
    kinds: ["license"],
    status: "reported",
    parties: [
      { company: company("huawei"), role: "licensor" },
      { company: company("nokia"), role: "licensee" },
    ],
    dates,
    terms: { disclosed: false, amounts: [] },
    technologies: [],
    related: [],
    quotes,
    reportedBy: new Set(quotes.map((q) => q.source.articleId)).size,
    differences: [],
  };
}

const words = (n: number, seed: string) =>
  Array.from({ length: n }, (_, i) => `${seed}${i}`).join(" ");

// ---- escaping ---------------------------------------------------------------------------------

describe("escaping", () => {
  it("escapes Markdown so it renders as written", () => {
    expect(escapeMarkdown("*a* _b_ ~~c~~ `d` ||e|| [f](g) <@1> \\")).toBe(
      "\\*a\\* \\_b\\_ \\~\\~c\\~\\~ \\`d\\` \\|\\|e\\|\\| \\[f\\](g) \\<@1\\> \\\\",
    );
    expect(escapeMarkdown("# Title\n- item\n-# small\n1. first")).toBe(
      "\\# Title\n\\- item\n\\-# small\n1\\. first",
    );
    expect(escapeMarkdown("cross-licensing $2.50 1,887")).toBe("cross-licensing $2.50 1,887");
  });

  it("reads back as the original text for any input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii", maxLength: 120 }), (s) => {
        expect(unescapeMarkdown(escapeMarkdown(s))).toBe(s);
      }),
    );
  });

  it("neutralises mentions, masked links and direction tricks in echoed user text", () => {
    const echoed = echoUserText("@everyone <@123> @here [click](https://evil.example)\u202E x");
    expect(echoed).not.toMatch(/(^|[^\\])<@/);
    expect(echoed).not.toMatch(/@(everyone|here)/);
    expect(echoed).toContain("@\u200beveryone");
    expect(echoed).not.toMatch(/(^|[^\\])\[click(\\)?\]\(/);
    expect(echoed).toContain("\\[click\\](https://evil.example)");
    expect(echoed).not.toContain("\u202E");
  });

  it("keeps echoed text to one short line, without cutting a surrogate pair", () => {
    const long = echoUserText(`${"🦄".repeat(300)}\nsecond line`, 100);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long.endsWith("…")).toBe(true);
    expect(long).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(echoUserText("a\nb")).toBe("a b");
    expect(echoUserText("x\ud800y")).toBe("x\uFFFDy");
  });

  it("joins whole items only and says how many were left out", () => {
    expect(joinWithin(["alpha", "beta", "gamma"], ", ", 100)).toBe("alpha, beta, gamma");
    const cut = joinWithin(["alpha", "beta", "gamma", "delta"], ", ", 20);
    expect(cut).toBe("alpha, beta, +2 more");
    expect(cut.length).toBeLessThanOrEqual(20);
  });
});

// ---- quotes -----------------------------------------------------------------------------------

describe("quotes with highlighted hits", () => {
  it("bolds the hits and escapes Markdown in the quote before adding bold", () => {
    const text = "Huawei_Tech *said* it would charge $2.50";
    const md = quoteMarkdown({
      text,
      highlights: [
        { start: 0, end: 11 },
        { start: 19, end: 21 },
      ],
    });
    expect(md).toBe("**Huawei\\_Tech** \\*said\\* **it** would charge $2.50");
  });

  it("merges adjacent and overlapping hits, drops empty ones and trims spaces", () => {
    expect(
      mergeHighlights("per device fee", [
        { start: 0, end: 3 },
        { start: 4, end: 10 },
      ]),
    ).toEqual([{ start: 0, end: 10 }]);
    expect(
      mergeHighlights("abcdef", [
        { start: 0, end: 3 },
        { start: 3, end: 6 },
      ]),
    ).toEqual([{ start: 0, end: 6 }]);
    expect(
      mergeHighlights("abcdef", [
        { start: 2, end: 5 },
        { start: 0, end: 3 },
      ]),
    ).toEqual([{ start: 0, end: 5 }]);
    expect(
      mergeHighlights("ab cd", [
        { start: 2, end: 3 },
        { start: 4, end: 4 },
        { start: 9, end: 20 },
      ]),
    ).toEqual([]);
    expect(
      quoteMarkdown({
        text: "per device",
        highlights: [
          { start: 0, end: 3 },
          { start: 3, end: 10 },
        ],
      }),
    ).toBe("**per device**");
  });

  it("never puts a bold marker inside an escape, and reads back as the quote", () => {
    const textArb = fc.string({
      unit: fc.constantFrom("a", "b", " ", "*", "_", "\\", "`", "|", "[", "]", "\n", "é"),
      maxLength: 60,
    });
    fc.assert(
      fc.property(
        textArb,
        fc.array(
          fc.record({
            start: fc.integer({ min: -5, max: 70 }),
            end: fc.integer({ min: -5, max: 70 }),
          }),
          { maxLength: 6 },
        ),
        (text, highlights) => {
          const md = quoteMarkdown({ text, highlights });
          expect(boldMarkers(md) % 2).toBe(0);
          expect(unescapeMarkdown(stripBold(md))).toBe(text.replace(/\s*\n\s*/g, " "));
          // A marker glued to escaped text would read `\**`: the escape would eat a star.
          expect(md).not.toMatch(/(^|[^\\])(\\\\)*\\\*\*(?!\*)/);
          // No bold run starts or ends on whitespace (Discord would not render it).
          for (const run of md.matchAll(/(?<!\\)\*\*([^*]+?)(?<!\\)\*\*/g)) {
            expect(run[1]).toBe(run[1]?.trim());
          }
        },
      ),
    );
  });
});

// ---- replies from the real engine -----------------------------------------------------------------

describe("replies to the bundled corpus", () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = createEngine(await loadCorpus("corpus"));
  });

  it("/deal Huawei × Nokia: titled embeds, kinds, dates, terms, numbered bold-hit quotes, sources", () => {
    const reply = renderDealReply(engine.findDeals("Huawei", "Nokia"));
    checkLimits(reply);
    expect(reply.outcome).toBe("answered");
    expect(reply.content).toMatch(/^\*\*Huawei × Nokia\*\*: \d+ deals? in the corpus$/);
    const [first] = reply.embeds;
    expect(first?.title).toBe("Huawei × Nokia");
    expect(first?.description).toMatch(/^\*\*[A-Z][a-z, ]+\*\*/);
    expect(first?.fields?.map((f) => f.name)).toContain("Terms");
    expect(first?.description).toMatch(/\*\*\[1\]\*\* “.*\*\*Huawei\*\*/);
    expect(first?.footer?.text).toMatch(/^\d+ sources? · record /);
    const numbers = [...allText(reply).matchAll(/\*\*\[(\d+)\]\*\*/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it("says plainly when two companies have no deal, then each party's deals", () => {
    const reply = renderDealReply(engine.findDeals("Huawei", "Xiaomi"));
    expect(reply.outcome).toBe("not-found");
    expect(reply.content).toMatch(/^No deal between Huawei and Xiaomi in the corpus\./);
    expect(reply.content).toContain("Huawei's recorded deals:");
    expect(reply.content).toContain("Xiaomi's recorded deals:");
    expect(reply.content).toMatch(/Try `\/deal company:\S+ with:/);
  });

  it("says once that a single company has no deals, quoting articles that mention it", () => {
    const reply = renderDealReply({
      kind: "none",
      company: company("vivo"),
      otherDeals: { company: [], other: [] },
      coMentions: [quote("Rivals such as Vivo grew fast in that market.", "a9")],
      denials: [],
      reportDenied: false,
    });
    expect(reply.content).toBe("No recorded deals for Vivo in the corpus.");
    expect(reply.embeds[0]?.title).toBe("Articles that mention it:");
    expect(reply.embeds[0]?.description).toContain(
      "“Rivals such as Vivo grew fast in that market.”",
    );
  });

  it("says a deal one party denied is no confirmed deal, on both surfaces, and quotes the denial", () => {
    const denial = quote(
      "Sorrelby denied a report that it had signed a licence with Invarra.",
      "d1",
    );
    const result: DealResult = {
      kind: "none",
      company: company("Sorrelby"),
      other: company("Invarra"),
      otherDeals: { company: [], other: [] },
      coMentions: [denial],
      denials: [denial],
      reportDenied: true,
    };
    const reply = renderDealReply(result);
    expect(reply.content).toContain(
      "No confirmed deal between Sorrelby and Invarra: the articles report one that was denied.",
    );
    expect(reply.embeds[0]?.title).toBe("What the articles say:");
    const text = renderDealText(result, { color: false });
    expect(text).toMatch(/^No confirmed deal between Sorrelby and Invarra/);
    expect(text).toContain("Sorrelby denied a report");
    // A deal ruled out rather than a report denied.
    const refusal = quote("Druvel has joined neither pool.", "d2");
    expect(
      renderDealReply({
        ...result,
        coMentions: [refusal],
        denials: [refusal],
        reportDenied: false,
      }).content,
    ).toContain(
      "No deal between Sorrelby and Invarra in the corpus: the articles say there is none.",
    );
    // Without a denial, the pair simply has no deal.
    const none = renderDealReply({ ...result, denials: [], reportDenied: false });
    expect(none.content).toContain("No deal between Sorrelby and Invarra in the corpus.");
    expect(none.embeds[0]?.title).toBe("They are named together, though not as a deal, in:");
  });

  it("says so when a company is unknown, and echoes the name safely", () => {
    const reply = renderDealReply(
      engine.findDeals("@everyone [x](https://e.example) <@1>", "Nokia"),
    );
    expect(reply.content).toMatch(
      /^No company called "@\u200beveryone \\\[x\\\]\(https:\/\/e\.example\) \\<@1\\>" in the corpus\./,
    );
    expect(reply.content).toContain("Nokia's recorded deals:");
  });

  it("/ask: quotes first, and abstains in the words the evaluation looks for", () => {
    const answer = renderAskReply(
      engine.answer("What royalty per device did Huawei say it would charge?"),
    );
    checkLimits(answer);
    expect(answer.embeds[0]?.description).toMatch(/^\*\*\[1\]\*\* “/);
    expect(unescapeMarkdown(stripBold(allText(answer)))).toContain("$2.50 per device");
    const none = renderAskReply({
      kind: "abstain",
      question: "pizza?",
      reason: "nothing-relevant",
    });
    expect(none.content).toBe(
      "The corpus has nothing relevant to that question, so there is nothing to quote.",
    );
    expect(none.embeds).toEqual([]);
  });

  it("/ask: says first, on both surfaces, that no article states the figure asked for", () => {
    const result = engine.answer("how many patents are covered by the huawei oppo cross licence");
    const notStated = {
      ...result,
      ...(result.kind === "answer" ? { notStated: "figure" as const } : {}),
    };
    expect(notStated.kind).toBe("answer");
    const reply = renderAskReply(notStated);
    checkLimits(reply);
    expect(reply.embeds[0]?.description).toMatch(
      /^Not in the corpus: no article states that figure/,
    );
    expect(renderAskText(notStated, { color: false })).toMatch(
      /^Not in the corpus: no article states that figure/,
    );
    const term = { ...notStated, notStated: "term" as const };
    expect(renderAskText(term, { color: false })).toMatch(
      /^Not in the corpus: no article says how long it runs/,
    );
    const unnamed = { ...notStated, notStated: "name" as const };
    expect(renderAskReply(unnamed).embeds[0]?.description).toMatch(
      /^Not in the corpus: no article names that/,
    );
    expect(renderAskText(unnamed, { color: false })).toMatch(
      /^Not in the corpus: no article names that/,
    );
  });

  it("/ask: says first that a deal's terms were not disclosed, and names a deal that is not there", () => {
    const undisclosed = renderAskReply(
      engine.answer("how much is huawei's extended licence with nokia worth"),
    );
    checkLimits(undisclosed);
    expect(undisclosed.embeds[0]?.description).toMatch(
      /^Not in the corpus: the articles say it was not disclosed/,
    );
    // Asked whether the terms were made public, the articles saying they were not answer it.
    const asked = engine.answer("were the money terms of the huawei oppo pact made public");
    expect(asked).toMatchObject({ kind: "answer", termsUndisclosed: true, disclosureAsked: true });
    expect(renderAskReply(asked).embeds[0]?.description).toMatch(
      /^The articles say the terms were not disclosed:/,
    );
    expect(renderAskText(asked, { color: false })).toMatch(
      /^The articles say the terms were not disclosed:/,
    );
    // Named together, not as a deal: said first, then quoted.
    const together = {
      kind: "answer" as const,
      question: "is *tamsin* joining?",
      quotes: [quote("Tamsin EV said it had no plans to join.", "t1")],
      deals: [],
      noDeal: ["Tamsin *EV*", "ChargeLink"] as [string, string],
    };
    expect(renderAskReply(together).embeds[0]?.description).toMatch(
      /^No deal between Tamsin \\\*EV\\\* and ChargeLink in the corpus\. They are named together, though not as a deal, in:/,
    );
    expect(renderAskText(together, { color: false })).toMatch(
      /^No deal between Tamsin \*EV\* and ChargeLink in the corpus\. They are named together/,
    );
    const noDeal = renderAskReply({
      kind: "abstain",
      question: "did a and b sign?",
      reason: "nothing-relevant",
      noDeal: ["Greyfield Mobile", "Velmont Wireless"],
    });
    expect(noDeal.content).toContain("No deal between Greyfield Mobile and Velmont Wireless");
    expect(noDeal.embeds).toEqual([]);
  });

  it("/company: a timeline in date order, dates only as precise as recorded", () => {
    const huawei = engine.resolveCompany("Huawei");
    expect(huawei).toBeDefined();
    if (!huawei) return;
    const reply = renderCompanyReply(huawei, engine.companyDeals(huawei.id));
    checkLimits(reply);
    expect(reply.embeds[0]?.title).toMatch(/^Huawei: \d+ deals$/);
    const text = allText(reply);
    expect(text.indexOf("Signed 2017")).toBeGreaterThan(-1);
    expect(text.indexOf("Signed 2017")).toBeLessThan(text.indexOf("January 2023"));
    expect(text).toContain("Undated");
  });
});

// ---- budgets --------------------------------------------------------------------------------------

describe("budgeting against Discord's limits", () => {
  it("drops whole quotes and deals from a huge result and says how many", () => {
    const deals = Array.from({ length: 30 }, (_, d) =>
      deal(
        `deal-${d}`,
        Array.from({ length: 6 }, (_, q) => quote(words(120, `w${d}x${q}y`), `art-${d}-${q}`)),
      ),
    );
    const reply = renderDealReply({
      kind: "deals",
      company: company("huawei"),
      other: company("nokia"),
      deals,
    });
    checkLimits(reply);
    expect(reply.content).toMatch(/\+\d+ more not shown/);
    expect(allText(reply)).toMatch(/\+\d+ more quotes? not shown/);
    // Every quote shown is whole: its last word is there and nothing ends mid-word.
    for (const m of allText(reply).matchAll(/“([^”]*)”/g)) {
      const shown = m[1] ?? "";
      expect(deals.some((dl) => dl.quotes.some((q) => q.text === shown))).toBe(true);
    }
  });

  it("holds every limit for random results", () => {
    const quoteArb = fc.record({
      text: fc.string({ minLength: 1, maxLength: 1500 }),
      article: fc.constantFrom("a", "b", "c"),
      hl: fc.array(fc.record({ start: fc.nat(1500), end: fc.nat(1500) }), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(quoteArb, { maxLength: 8 }), { maxLength: 14 }),
        fc.string({ maxLength: 300 }),
        (dealQuotes, summary) => {
          const deals = dealQuotes.map((qs, i) => ({
            ...deal(
              `d${i}`,
              qs.map((q) => quote(q.text, q.article, q.hl)),
            ),
            summary: summary || "s",
          }));
          const result: DealResult = { kind: "deals", company: company("huawei"), deals };
          checkLimits(renderDealReply(result));
          const allQuotes = deals.flatMap((d) => d.quotes);
          checkLimits(
            renderAskReply({ kind: "answer", question: summary || "q", quotes: allQuotes, deals }),
          );
          checkLimits(renderCompanyReply(company("huawei"), deals));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("enforceLimits is a backstop that only drops whole lines, fields and embeds", () => {
    const huge: Embed = {
      title: "t".repeat(300),
      description: Array.from({ length: 100 }, (_, i) => `line ${i} ${"x".repeat(60)}`).join("\n"),
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: "v".repeat(1100) })),
    };
    const out = enforceLimits({
      content: "c\n".repeat(1500),
      embeds: Array.from({ length: 12 }, () => huge),
    });
    checkLimits({ ...out, outcome: "answered" });
    expect(out.embeds.length).toBeGreaterThan(0);
    for (const line of (out.embeds[0]?.description ?? "").split("\n").slice(0, -1))
      expect(line).toMatch(/^line \d+ x{60}$/);
  });
});

describe("timeline order and /source", () => {
  it("sorts oldest first by the most telling date, undated last", () => {
    const d = (id: string, dates: DealDate[]) => deal(id, [], dates);
    const ordered = timelineOrder([
      d("undated", []),
      d("late", [{ type: "signed", value: "2017-07-05", precision: "day" }]),
      d("year", [
        { type: "reported", value: "2019", precision: "year" },
        { type: "signed", value: "2017", precision: "year" },
      ]),
      d("early", [{ type: "announced", value: "2016-05", precision: "month" }]),
    ]);
    expect(ordered.map((x) => x.id)).toEqual(["early", "year", "late", "undated"]);
    const text = allText(renderCompanyReply(company("huawei"), ordered));
    expect(text).toContain("**Announced May 2016**");
    expect(text).toContain("**Signed 2017**");
    expect(text).toContain("**Signed 5 July 2017**");
  });

  it("shows an article's metadata, its link without a preview, and the deals it supports", () => {
    const reply = renderSourceReply({
      id: "a1",
      title: "Deal *news*",
      publisher: "Wire",
      published: "2020-01-02",
      url: "https://news.example/a(1)",
      deals: [
        {
          id: "d1",
          kinds: ["license"],
          parties: ["Huawei", "Nokia"],
          dates: [],
          summary: "S.",
          quote: "The two signed a deal.",
        },
      ],
    });
    checkLimits(reply);
    const [embed] = reply.embeds;
    expect(embed?.title).toBe("Deal \\*news\\*");
    expect(embed?.url).toBe("https://news.example/a%281%29");
    expect(embed?.fields).toContainEqual({
      name: "Link",
      value: "[Read the article](<https://news.example/a%281%29>)",
      inline: true,
    });
    expect(embed?.description).toContain("“The two signed a deal.”");
    expect(embed?.description).toContain("**Licence** · Huawei × Nokia");
    const missing = renderUnknownArticle("nope", [{ title: "A" }]);
    expect(missing.content).toBe('No article called "nope" in the corpus.\nDid you mean: “A”?');
  });
});
