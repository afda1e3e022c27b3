import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/corpus/article.js";
import { nameMatcher, quoteOf } from "../../src/engine/quotes.js";
import {
  answerShape,
  bestWindow,
  cutSnippet,
  givesFigure,
  termMatcher,
  UNDISCLOSED,
} from "../../src/engine/snippets.js";
import type { Highlight } from "../../src/engine/types.js";
import { analyze } from "../../src/text/analyze.js";
import { sentenceSpans } from "../../src/text/sentences.js";

/** Choosing the sentence to quote, cutting it, and marking the words that matched. */

function matcherFor(question: string) {
  const terms = [...new Set(analyze(question))];
  return termMatcher(new Map(terms.map((t) => [t, t])));
}

function isHitFor(question: string) {
  const matcher = matcherFor(question);
  return (terms: string[]) => matcher.queryTermOf(terms) !== undefined;
}

function marked(text: string, highlights: Highlight[]): string[] {
  return highlights.map((h) => text.slice(h.start, h.end));
}

describe("bestWindow", () => {
  const text =
    "Nokia signed a deal with a partner. The sky was grey over the city that morning. Huawei charges royalties on phones.";
  const sentences = sentenceSpans(text);
  const matcher = matcherFor("Nokia royalties");

  it("finds three sentences in the sample", () => {
    expect(sentences).toHaveLength(3);
  });

  it("prefers the sentence covering the most query weight", () => {
    const heavyRoyalty = bestWindow(
      text,
      sentences,
      matcher,
      new Map([
        ["nokia", 1],
        ["royalti", 3],
      ]),
    );
    expect(heavyRoyalty && text.slice(heavyRoyalty.span.start, heavyRoyalty.span.end)).toBe(
      "Huawei charges royalties on phones.",
    );
    expect(heavyRoyalty?.coverage).toBeCloseTo(0.75);
    expect([...(heavyRoyalty?.covered ?? [])]).toEqual(["royalti"]);

    const heavyNokia = bestWindow(
      text,
      sentences,
      matcher,
      new Map([
        ["nokia", 3],
        ["royalti", 1],
      ]),
    );
    expect(heavyNokia && text.slice(heavyNokia.span.start, heavyNokia.span.end)).toBe(
      "Nokia signed a deal with a partner.",
    );
  });

  it("prefers covering more distinct terms to repeating one", () => {
    const t =
      "Nokia, Nokia and Nokia again. Filler sentence without any match. Nokia pays royalties.";
    const w = bestWindow(
      t,
      sentenceSpans(t),
      matcher,
      new Map([
        ["nokia", 1],
        ["royalti", 1],
      ]),
    );
    expect(w && t.slice(w.span.start, w.span.end)).toBe("Nokia pays royalties.");
    expect(w?.coverage).toBe(1);
  });

  it("takes two adjacent sentences when together they cover more of the question", () => {
    const t = "Nokia signed a deal. It pays royalties every year. Nothing else happened.";
    const w = bestWindow(
      t,
      sentenceSpans(t),
      matcher,
      new Map([
        ["nokia", 1],
        ["royalti", 1],
      ]),
    );
    expect(w && t.slice(w.span.start, w.span.end)).toBe(
      "Nokia signed a deal. It pays royalties every year.",
    );
  });

  it("with a money question, prefers the sentence that states an amount", () => {
    const t =
      "Huawei charges royalties to phone makers. Filler sentence without any match here. Huawei charges royalties of $2.50 per device.";
    const w = bestWindow(t, sentenceSpans(t), matcherFor("royalty"), new Map([["royalti", 1]]), {
      shape: answerShape("What royalty does Huawei charge?"),
    });
    expect(w && t.slice(w.span.start, w.span.end)).toBe(
      "Huawei charges royalties of $2.50 per device.",
    );
  });

  it("for 'how many patents', prefers the number that counts patents to any other number", () => {
    const t =
      "Quillon signed a seven-year patent licence with Marrowfield. Quillon gets a licence to Marrowfield's 640 patents.";
    const weights = new Map([
      ["quillon", 1],
      ["patent", 1],
      ["licens", 1],
    ]);
    const shape = answerShape("How many patents did Marrowfield license to Quillon?");
    expect(shape.counted).toEqual(["patent"]);
    const w = bestWindow(t, sentenceSpans(t), matcherFor("Quillon patent licence"), weights, {
      shape,
    });
    expect(w && t.slice(w.span.start, w.span.end)).toBe(
      "Quillon gets a licence to Marrowfield's 640 patents.",
    );
  });

  it("credits a rare word of the headline to a sentence that lacks it, at a discount", () => {
    const t = "Licensees of the pool pay $0.40 per television. The pool was launched in 2021.";
    const weights = new Map([
      ["kestrel", 3],
      ["royalti", 1],
      ["pool", 1],
    ]);
    const matcher = matcherFor("kestrel pool royalty fee pay");
    const plain = bestWindow(t, sentenceSpans(t), matcher, weights);
    const headed = bestWindow(t, sentenceSpans(t), matcher, weights, {
      headline: new Set(["kestrel"]),
    });
    expect(plain && headed).toBeTruthy();
    if (!plain || !headed) return;
    expect(headed.coverage).toBeGreaterThan(plain.coverage);
    // Half the weight of a word as rare as any in the question: 1.5 of 5.
    expect(headed.coverage - plain.coverage).toBeCloseTo(1.5 / 5);
  });

  it("reads cents and rates as money, and millions of devices as a count", () => {
    const t =
      "Ketterby shipped 9.6 million devices in 2024. Ketterby will pay a royalty of 35 cents for each product.";
    const w = bestWindow(t, sentenceSpans(t), matcherFor("Ketterby"), new Map([["ketterbi", 1]]), {
      shape: answerShape("what fee does Ketterby pay"),
    });
    expect(w && t.slice(w.span.start, w.span.end)).toBe(
      "Ketterby will pay a royalty of 35 cents for each product.",
    );
  });

  it("for a who-question, prefers the sentence naming a person to one naming a company", () => {
    const t =
      "Ostrava Codec Labs was founded in Brno in 2016. The pool grows, said Katarina Novotná, chief executive of Ostrava Codec Labs.";
    const w = bestWindow(t, sentenceSpans(t), matcherFor("Ostrava"), new Map([["ostrava", 1]]), {
      shape: answerShape("Who leads Ostrava Codec Labs?"),
    });
    expect(w && t.slice(w.span.start, w.span.end)).toContain("Katarina Novotná");
  });

  it("returns undefined when there are no sentences", () => {
    expect(bestWindow("", [], matcher, new Map([["nokia", 1]]))).toBeUndefined();
  });
});

describe("bestWindow: a second sentence", () => {
  const text =
    "Velmont bought the mesh patents from Tessaly. Velmont plans to offer licences to router makers.";
  const sentences = sentenceSpans(text);
  const weights = new Map([
    ["velmont", 2],
    ["mesh", 2],
    ["hope", 2],
  ]);
  const quoted = (question: string) => {
    const w = bestWindow(text, sentences, matcherFor("velmont mesh hope"), weights, {
      shape: answerShape(question),
    });
    return w && text.slice(w.span.start, w.span.end);
  };

  it("is taken beside the matching one for an open question, whose answer it often is", () => {
    expect(quoted("what is velmont hoping to do with the mesh portfolio")).toBe(text);
  });

  it("must cover more of the question for a figure question", () => {
    expect(quoted("how much did velmont pay for the mesh portfolio")).toBe(
      "Velmont bought the mesh patents from Tessaly.",
    );
  });
});

describe("answerShape", () => {
  it("recognises what kind of answer a question wants", () => {
    expect(answerShape("What royalty per device did Huawei charge?").money).toBe(true);
    expect(answerShape("How many patents were granted?").number).toBe(true);
    expect(answerShape("When did Huawei and Nokia sign?").date).toBe(true);
    expect(answerShape("Who is the CEO of Nokia?").person).toBe(true);
    expect(answerShape("What else besides patents?").additive).toBe(true);
    expect(answerShape("Who is the CEO of Nokia?").money).toBe(false);
    expect(answerShape("how many of its US patents were sold").counted).toEqual(["patent"]);
    expect(answerShape("Who is the CEO of Nokia?").counted).toEqual([]);
    expect(answerShape("which analyst said the purchase was defensive").person).toBe(true);
    expect(answerShape("When did Huawei and Nokia sign?").date).toBe(true);
    expect(answerShape("so when was it signed").date).toBe(true);
    expect(answerShape("what did the nokia ceo say when they signed xiaomi").date).toBe(false);
  });

  it("reads what a 'how many' question counts up to its first plural, owners left out", () => {
    expect(answerShape("how many patent holders contribute to the pool").counted).toEqual([
      "patent",
      "owner",
    ]);
    expect(answerShape("How many of Xiaomi's patents were granted?").counted).toEqual(["patent"]);
    expect(answerShape("how many redundancies are coming").counted).toEqual(["cut"]);
    // A plural before another names what is counted; "does" is no plural noun.
    expect(answerShape("how many rights holders put patents into the pool").counted).toEqual([
      "right",
      "owner",
    ]);
    expect(answerShape("how many patents does velmont own").counted).toEqual(["patent"]);
    // Read with the analyser's phrases: "auto manufacturers" are automakers.
    expect(answerShape("how many auto manufacturers has huawei licensed").counted).toEqual(
      analyze("automakers"),
    );
  });

  it("reads a question asking which regions or where, and prefers the sentence naming places", () => {
    expect(answerShape("which regions does the licence apply to").place).toBe(true);
    expect(answerShape("where can it sell the cameras").place).toBe(true);
    expect(answerShape("which company bought the patents").place).toBe(false);
    const text =
      "BERGEN, Norway, Oct. 27 (Wire) - Skerrylund, the Norwegian maker, has signed a licence. " +
      "The licence covers 640 patent families. " +
      "It is limited to devices sold in Europe, North America and New Zealand.";
    const window = bestWindow(
      text,
      sentenceSpans(text),
      matcherFor("licence covers"),
      new Map([
        ["licens", 1],
        ["cover", 1],
      ]),
      { shape: answerShape("which regions does the licence cover") },
    );
    // The dateline's "Norway" is where the story was written, not where the licence applies.
    expect(window && text.slice(window.span.start, window.span.end)).toContain(
      "Europe, North America and New Zealand",
    );
  });

  it("reads 'what share' as asking for a percentage, which a year or a count does not give", () => {
    const shape = answerShape("what share of voltreach does the university own?");
    expect(shape).toMatchObject({ number: true, percent: true });
    const text =
      "The university formed the company in 2006. Then came the war. We hold 11% of the company.";
    const window = bestWindow(
      text,
      sentenceSpans(text),
      matcherFor("company"),
      new Map([["compani", 1]]),
      {
        shape,
      },
    );
    expect(window && text.slice(window.span.start, window.span.end)).toBe(
      "We hold 11% of the company.",
    );
  });

  it("reads yes-no questions, except whether a deal was signed", () => {
    expect(answerShape("Is Pennick only a customer of the pool?").yesNo).toBe(true);
    expect(answerShape("so has the sale closed yet").yesNo).toBe(true);
    expect(answerShape("did veyrac and brackwater actually sign anything?").yesNo).toBe(false);
    expect(answerShape("who is the ceo").yesNo).toBe(false);
  });

  it("lets an answer to what someone says run on, as a quote often does", () => {
    expect(answerShape("what does the boss say the proceeds make possible").runsOn).toBe(true);
    expect(answerShape("what does the pool charge per charger").runsOn).toBe(false);
    expect(answerShape("how did the boss describe what the deal does").runsOn).toBe(true);
  });

  it("asks for a person with 'who' opening a clause, not with 'people who buy'", () => {
    expect(answerShape("and who signed it for Nokia?").person).toBe(true);
    expect(answerShape("so who runs licensing there").person).toBe(true);
    expect(answerShape("will people who buy norrgate tablets notice anything").person).toBe(false);
  });

  it("asks for money with 'charge', not with 'charger'", () => {
    expect(answerShape("what does the pool charge per charger").money).toBe(true);
    expect(answerShape("what's the upside of the ceiling for big charger makers").money).toBe(
      false,
    );
  });

  it("asks for no money with 'what's the upside of its prices', but does with 'what's the price'", () => {
    expect(
      answerShape("whats the upside of trevanion putting its prices out in the open").money,
    ).toBe(false);
    expect(answerShape("what's the catch for norrgate apart from the payment").money).toBe(false);
    expect(answerShape("what's the price trevanion puts on a phone").money).toBe(true);
  });

  it("asks for a figure with 'how much money', not with 'what will they spend the money on'", () => {
    expect(answerShape("how much money is saffrey putting into the project").money).toBe(true);
    expect(answerShape("what is tessaly going to spend the velmont money on").money).toBe(false);
  });

  it("asks for names with 'which car brands pay', for a figure with 'which royalty rate'", () => {
    expect(answerShape("which car brands pay huawei to use its patents").money).toBe(false);
    expect(answerShape("which royalty rate applies to tablets").money).toBe(true);
  });
});

describe("cutSnippet", () => {
  // One sentence of about 900 characters with a single hit in the middle.
  const before = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
  const after = Array.from({ length: 60 }, (_, i) => `item${i}`).join(" ");
  const sentence = `Opening ${before} royalties ${after} closing.`;
  const text = `Intro sentence here. ${sentence} Outro sentence.`;
  const span = { start: text.indexOf("Opening"), end: text.indexOf(" Outro") };
  const isHit = isHitFor("royalty");

  it("leaves a short sentence whole", () => {
    const short = { start: 0, end: "Intro sentence here.".length };
    const cut = cutSnippet(text, short, isHit);
    expect(cut.text).toBe("Intro sentence here.");
    expect(cut.highlights).toEqual([]);
    expect([cut.start, cut.end]).toEqual([0, short.end]);
  });

  it("cuts a very long sentence at word boundaries with … and keeps the hit", () => {
    expect(span.end - span.start).toBeGreaterThan(800);
    const cut = cutSnippet(text, span, isHit);
    expect(cut.text.startsWith("…")).toBe(true);
    expect(cut.text.endsWith("…")).toBe(true);
    expect(cut.text.slice(1, -1)).toBe(text.slice(cut.start, cut.end));
    expect(cut.end - cut.start).toBeLessThanOrEqual(420);
    expect(cut.end - cut.start).toBeGreaterThan(380);
    expect(cut.start).toBeGreaterThan(span.start);
    expect(cut.end).toBeLessThan(span.end);
    // Word boundaries: a space before the first word and after the last.
    expect(text[cut.start - 1]).toBe(" ");
    expect(text[cut.end]).toBe(" ");
    expect(text[cut.start]).toMatch(/\w/);
    expect(text[cut.end - 1]).toMatch(/\w/);
    expect(marked(cut.text, cut.highlights)).toEqual(["royalties"]);
    const hitAt = text.indexOf("royalties");
    expect(cut.start).toBeLessThan(hitAt);
    expect(cut.end).toBeGreaterThan(hitAt + "royalties".length);
  });

  it("keeps the sentence start when the hit is near it", () => {
    const s = `Royalties ${before} ${after} closing.`;
    const cut = cutSnippet(s, { start: 0, end: s.length }, isHit);
    expect(cut.text.startsWith("Royalties ")).toBe(true);
    expect(cut.text.endsWith("…")).toBe(true);
    expect(cut.start).toBe(0);
    expect(cut.highlights).toEqual([{ start: 0, end: "Royalties".length }]);
  });

  it("keeps the sentence end when the hit is near it", () => {
    const s = `Opening ${before} ${after} royalties.`;
    const cut = cutSnippet(s, { start: 0, end: s.length }, isHit);
    expect(cut.text.startsWith("…")).toBe(true);
    expect(cut.text.endsWith("royalties.")).toBe(true);
    expect(cut.end).toBe(s.length);
    expect(marked(cut.text, cut.highlights)).toEqual(["royalties"]);
  });

  it("honours a smaller maximum length", () => {
    const cut = cutSnippet(text, span, isHit, 60);
    expect(cut.end - cut.start).toBeLessThanOrEqual(60);
    expect(cut.text.slice(1, -1)).toBe(text.slice(cut.start, cut.end));
    expect(marked(cut.text, cut.highlights)).toEqual(["royalties"]);
  });
});

describe("highlights", () => {
  it("cover exactly the words whose stems match: licensing marks licensed, license, licences", () => {
    const t = "Beta licensed the patents under a license from Alpha, and its licences continue.";
    const cut = cutSnippet(t, { start: 0, end: t.length }, isHitFor("licensing"));
    expect(marked(cut.text, cut.highlights)).toEqual(["licensed", "license", "licences"]);
  });

  it("mark money and numbers in their written form", () => {
    const t = "Huawei said it would charge $2.50 per device and has about 1,887 patents.";
    const cut = cutSnippet(t, { start: 0, end: t.length }, isHitFor("2.50 1887"));
    expect(marked(cut.text, cut.highlights)).toEqual(["$2.50", "1,887"]);
  });

  it("merge adjacent hits into one run, but not across punctuation or other words", () => {
    const t = "Nokia Technologies signed with Audi, BMW and Porsche.";
    const cut = cutSnippet(
      t,
      { start: 0, end: t.length },
      nameMatcher(["Nokia Technologies", "Audi", "BMW", "Porsche"]),
    );
    expect(marked(cut.text, cut.highlights)).toEqual([
      "Nokia Technologies",
      "Audi",
      "BMW",
      "Porsche",
    ]);
  });

  it("merge runs across several spaces and a line break", () => {
    const t = "We licence  royalty\nfree patents.";
    const cut = cutSnippet(t, { start: 0, end: t.length }, isHitFor("licence royalty"));
    expect(marked(cut.text, cut.highlights)).toEqual(["licence  royalty"]);
  });
});

describe("quoteOf", () => {
  const source = `---
title: Alpha and Beta sign a licence
publisher: Example News
published: "2024-01-02"
---
Alpha and Beta sign a licence

Alpha Corp has signed a patent licence with Beta Ltd covering video codecs. The licence runs for five years.
`;
  const parsed = parseArticle("alpha-beta", "alpha-beta.md", source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const article = parsed.value;

  it("quotes whole sentences as they stand, with the source", () => {
    const from = article.text.indexOf("Alpha Corp");
    const to = article.text.indexOf("codecs.") + "codecs.".length;
    const quote = quoteOf(article, { start: from, end: to }, isHitFor("licence"));
    expect(quote.text).toBe(
      "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs.",
    );
    expect(marked(quote.text, quote.highlights)).toEqual(["licence"]);
    expect(quote.source).toEqual({
      articleId: "alpha-beta",
      title: "Alpha and Beta sign a licence",
      publisher: "Example News",
      published: "2024-01-02",
    });
    expect(article.text.slice(quote.articleStart, quote.articleEnd)).toBe(quote.text);
  });

  it("marks a span taken from inside a sentence with … on both sides, highlights shifted", () => {
    const from = article.text.indexOf("signed a patent");
    const to = article.text.indexOf(" with Beta");
    const quote = quoteOf(article, { start: from, end: to }, isHitFor("licence"));
    expect(quote.text).toBe("…signed a patent licence…");
    expect(marked(quote.text, quote.highlights)).toEqual(["licence"]);
    expect(article.text.slice(quote.articleStart, quote.articleEnd)).toBe(
      "signed a patent licence",
    );
  });
});

describe("givesFigure and UNDISCLOSED", () => {
  it("counts a number as a figure, not a date, a year or a name with digits", () => {
    expect(givesFigure("signed in 2022 and covering 4G devices; Qi2 and 3GPP")).toBe(false);
    expect(givesFigure("on November 3, 2026")).toBe(false);
    expect(givesFigure("it pays 45 cents a module")).toBe(true);
    expect(givesFigure("$6.8 million")).toBe(true);
  });

  it("reads 'would not say at what rate' as undisclosed, but not 'declined to say whether'", () => {
    expect(UNDISCLOSED.test("but would not say at what rate")).toBe(true);
    expect(UNDISCLOSED.test("He refused to say how much it paid")).toBe(true);
    expect(UNDISCLOSED.test("he declined to say whether the two companies were talking")).toBe(
      false,
    );
  });
});
