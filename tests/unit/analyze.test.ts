import { describe, expect, it } from "vitest";
import {
  analyze,
  isStopword,
  normalize,
  termsOf,
  tokenize,
  wordSpans,
  wordTerms,
} from "../../src/text/analyze.js";

/** The one analyser shared by indexing, querying and highlighting. */

/** True when the two texts share at least one index term. */
function meet(a: string, b: string): boolean {
  const terms = new Set(analyze(a));
  return analyze(b).some((t) => terms.has(t));
}

describe("normalize", () => {
  it("folds full-width letters (NFKC)", () => {
    expect(normalize("ＨＵＡＷＥＩ")).toBe("HUAWEI");
    expect(analyze("ＨＵＡＷＥＩ")).toEqual(["huawei"]);
    expect(analyze("ＨＵＡＷＥＩ")).toEqual(analyze("Huawei"));
  });

  it("folds curly quotes and apostrophes", () => {
    expect(normalize("“Nokia’s ‘deal’”")).toBe("\"Nokia's 'deal'\"");
    expect(analyze("Nokia’s")).toEqual(["nokia"]);
    expect(analyze("Nokia's")).toEqual(["nokia"]);
    expect(analyze("companies’")).toEqual(analyze("companies"));
  });

  it("turns non-breaking and other wide spaces into plain spaces", () => {
    expect(normalize("Nokia\u00a0Oyj")).toBe("Nokia Oyj");
    expect(normalize("a\u202fb\u3000c")).toBe("a b c");
    expect(tokenize("Nokia\u00a0Oyj")).toEqual(["Nokia", "Oyj"]);
  });

  it("folds dashes to a hyphen", () => {
    expect(normalize("cross–licensing — 2017")).toBe("cross-licensing - 2017");
    expect(analyze("cross–licensing")).toEqual(analyze("cross-licensing"));
  });

  it("keeps the length of ordinary text, so offsets stay usable", () => {
    const text = "Huawei, the Chinese technology giant, has announced a deal.";
    expect(normalize(text)).toBe(text);
  });
});

describe("tokenize and termsOf", () => {
  it("keeps money whole and findable as the plain number", () => {
    expect(tokenize("charge $2.50 per device")).toEqual(["charge", "$2.50", "per", "device"]);
    expect(termsOf("$2.50")).toEqual(["2.50", "$2.50"]);
    expect(meet("$2.50", "2.50")).toBe(true);
    expect(meet("$2.50", "$2.50")).toBe(true);
    expect(meet("$2.50", "2.5")).toBe(false);
  });

  it("treats 1,887 and 1887 as the same number", () => {
    expect(tokenize("About 1,887 patents")).toContain("1,887");
    expect(termsOf("1,887")).toEqual(["1887"]);
    expect(termsOf("1887")).toEqual(["1887"]);
    expect(termsOf("16,000")).toEqual(["16000"]);
  });

  it("keeps a ticker whole and emits its parts", () => {
    expect(tokenize("Nokia Oyj (ADR) (NYSE:NOK) and Xiaomi")).toContain("NYSE:NOK");
    const terms = termsOf("NYSE:NOK");
    expect(terms).toContain("nyse-nok");
    expect(terms).toContain("nyse");
    expect(terms).toContain("nok");
    expect(meet("NYSE:NOK", "NOK")).toBe(true);
  });

  it("keeps a hyphenated word whole and emits its stemmed parts", () => {
    expect(tokenize("a patent cross-licensing agreement")).toContain("cross-licensing");
    expect(termsOf("cross-licensing")).toEqual(["cross-licens", "cross", "licens"]);
    expect(meet("cross-licensing", "licensing")).toBe(true);
    expect(meet("cross-licensing", "licensed")).toBe(true);
    expect(meet("cross-licensing", "cross-license")).toBe(true);
  });

  it("reads U.S. and US as the country, not as a dropped stopword nor as 'use'", () => {
    expect(tokenize("the U.S. sanctions")).toEqual(["the", "U.S", "sanctions"]);
    expect(termsOf("U.S")).toEqual(["usa"]);
    expect(analyze("U.S. sanctions")).toEqual(["usa", "sanction"]);
    expect(analyze("US sanctions")).toEqual(["usa", "sanction"]);
    // "use" stems to "us"; the pronoun "us" is a stopword.
    expect(analyze("use")).not.toContain("usa");
    expect(analyze("tell us")).toEqual([]);
  });

  it("makes licence and license meet in every form", () => {
    expect(termsOf("licence")).toEqual(termsOf("license"));
    expect(termsOf("licences")).toEqual(termsOf("licenses"));
    expect(termsOf("licenced")).toEqual(termsOf("licensed"));
    expect(termsOf("licencing")).toEqual(termsOf("licensing"));
    expect(meet("licence", "licensing")).toBe(true);
  });

  it("stems word forms together", () => {
    expect(termsOf("royalties")).toEqual(termsOf("royalty"));
    expect(termsOf("patents")).toEqual(termsOf("patented"));
    expect(termsOf("signed")).toEqual(termsOf("signing"));
  });

  it("maps purchase, acquire and bought to one term", () => {
    const purchase = analyze("purchase");
    expect(purchase).toHaveLength(1);
    for (const word of ["purchased", "acquire", "acquiring", "acquired", "acquisition", "bought"]) {
      expect(analyze(word), word).toEqual(purchase);
    }
  });

  it("maps buy, buys and buying to the same term as purchase and acquire", () => {
    const purchase = analyze("purchase");
    for (const word of ["buy", "buys", "buying"]) {
      expect(analyze(word), word).toEqual(purchase);
    }
    expect(meet("Xiaomi Buys Nokia Patents", "acquire")).toBe(true);
  });

  it("maps automakers, car makers and carmakers to one term", () => {
    const automakers = analyze("automakers");
    expect(automakers).toHaveLength(1);
    for (const phrase of [
      "automaker",
      "car makers",
      "carmakers",
      "car maker",
      "car manufacturers",
      "vehicle makers",
      "auto companies",
    ]) {
      expect(analyze(phrase), phrase).toEqual(automakers);
    }
  });

  it("maps fee and levy to royalty, handset and phone to device", () => {
    expect(analyze("fee")).toEqual(analyze("royalty"));
    expect(analyze("levies")).toEqual(analyze("royalties"));
    expect(analyze("handset")).toEqual(analyze("device"));
    expect(analyze("phones")).toEqual(analyze("devices"));
  });

  it("folds 'chief executive' into CEO", () => {
    expect(analyze("chief executive officer")).toEqual(analyze("CEO"));
    expect(analyze("Nokia Chief Executive Rajeev Suri")).toContain(analyze("CEO")[0]);
  });

  it.each([
    ["how much income", "revenu", "licensing brought in 610 million", "revenu"],
    ["when was it set up", "found", "the company was founded in 2016", "found"],
    ["they made peace", "settl", "the companies settled", "settl"],
    ["did they cough up cash", "pai", "a one-time payment of $18.5 million", "pai"],
    ["who shot down the report", "deni", "Sorrelby denied the report", "deni"],
    ["the chief exec's view", "ceo", "said its chief executive", "ceo"],
    ["tv sets", "televis", "per television", "televis"],
    ["which company lost out", "lose", "one of the losing bidders", "lose"],
    ["who won the auction", "win", "after winning the auction", "win"],
  ])("meets %j with the article's wording (%s)", (asked, askedTerm, written, writtenTerm) => {
    expect(analyze(asked)).toContain(askedTerm);
    expect(analyze(written)).toContain(writtenTerm);
  });

  it("drops stopwords, also capitalised, and question filler", () => {
    expect(analyze("the of and is it was to")).toEqual([]);
    expect(analyze("The And Of")).toEqual([]);
    expect(analyze("Does anyone know, please?")).toEqual([]);
    expect(isStopword("The")).toBe(true);
    expect(isStopword("when")).toBe(true);
    expect(isStopword("Huawei")).toBe(false);
    expect(analyze("What is the royalty?")).toEqual(["royalti"]);
  });

  it("keeps a capitalised acronym that spells a stopword", () => {
    expect(termsOf("IT")).toEqual(["it"]);
    expect(termsOf("it")).toEqual([]);
  });
});

describe("words of deal news that mean the same", () => {
  const same = (a: string, b: string) => expect(analyze(a)).toEqual(analyze(b));
  it.each([
    ["patent holders", "patent owners"],
    ["a judge", "the court"],
    ["the yearly ceiling", "the yearly cap"],
    ["newer rivals", "newer competitors"],
    ["600 employees", "600 jobs"],
    ["a German court", "a Germany court"],
    ["Chinese phone makers", "China phone makers"],
    ["in the United States", "in the US"],
    ["U.S. sanctions", "American sanctions"],
    ["$4.75 for each connected car", "$4.75 per connected vehicle"],
    ["barring sales", "blocking sales"],
    ["140 redundancies", "140 cuts"],
    ["its workforce", "its staff"],
    ["forking out $2 million", "paid $2 million"],
    ["a dash cam maker", "a dashboard cameras maker"],
    ["in which regions", "in which countries"],
    ["when is the sale wrapped up", "when is the sale closed"],
    ["the US crackdown", "the US sanctions"],
    ["put pen to paper before March 31", "sign before March 31"],
    ["the sale has been completed", "the sale has closed"],
    ["the money", "the cash"],
    ["the proceeds", "the cash"],
    ["its expansion into Canada", "it expands into Canada"],
    ["moving into Canada", "expanding into Canada"],
    ["it employs 310 people", "it jobs 310 people"],
    ["a fully staffed team", "a fully job team"],
    ["needs the green light", "needs approval"],
    ["Justice Oyelaran-Whitby", "Judge Oyelaran-Whitby"],
    ["an early-signing reduction", "an early-signing discount"],
    ["the upside for OPPO", "the advantage for OPPO"],
    ["when does the licence lapse", "when does the licence expire"],
    ["its outlook for the whole year", "its forecast for the full-year"],
    ["the guidance", "the forecast"],
    ["Q4 licensing revenue", "fourth quarter licensing revenue"],
    ["which customer quit paying", "which customer stopped paying"],
    ["who brokered the peace", "who mediated the peace"],
    ["where the bikes are put together", "where the bikes are assembled"],
    ["the only company allowed to use them", "the exclusive use of them"],
    ["how much did the stock drop", "how much did the shares fall"],
    ["its shares fell 3%", "its stock dropped 3%"],
    ["the shares rose", "the stock climbed"],
  ])("%j meets %j", same);

  it("reads selling or buying something for a sum as a payment, keeping every word", () => {
    const terms = analyze("agreed to sell 312 patents to Velmont for $41 million");
    expect(terms).toEqual(expect.arrayContaining(["sell", "pai", "patent", "velmont"]));
    expect(analyze("agreed to sell 312 patents to Velmont")).not.toContain("pai");
    expect(analyze("its agreed $40 million purchase of 300 patents")).toContain("pai");
  });

  it("reads teaming up as a partnership, and letting others use something as a licence", () => {
    expect(analyze("are they teaming up")).toContain("cooper");
    expect(analyze("will it let rivals use the patents")).toContain("licens");
  });

  it("reads 'per the story' as 'according to', and where things are heading as no head", () => {
    expect(analyze("per the OPPO cross-licence story")).not.toContain("per");
    expect(analyze("$2.50 per device")).toContain("per");
    expect(analyze("where are the pools heading")).not.toContain("head");
  });

  it("reads a licence that applies worldwide as one about countries", () => {
    expect(analyze("It applies worldwide")).toContain("countri");
  });

  it("reads '15% off' as a discount, and 'itself' as filler", () => {
    expect(analyze("will get 15% off those figures")).toContain("discount");
    expect(analyze("keep it all to itself")).toEqual(["keep"]);
  });

  it("reads royalties a licensor collects as its revenue, not a collection of patents", () => {
    expect(analyze("royalties collected in 2024 came to $11 million")).toContain("revenu");
    expect(analyze("Harwick collects the royalties")).toContain("revenu");
    expect(analyze("one of the larger collections of patents")).not.toContain("revenu");
  });

  it("reads a payment made once as a lump sum, keeping the payment", () => {
    for (const text of ["a one-off payment", "a single payment", "a one-time payment"]) {
      expect(analyze(text)).toEqual(expect.arrayContaining(["pai", "lump", "sum"]));
    }
  });

  it("reads a yearly or annual figure as the year's, and 'these days' as no date", () => {
    expect(analyze("its yearly take")).toContain(analyze("year")[0]);
    expect(analyze("annual income")).toContain(analyze("year")[0]);
    expect(analyze("licensing these days")).toEqual(analyze("licensing"));
    expect(analyze("the runner-up")).toEqual(analyze("the other bidder"));
    expect(analyze("its yearly take")).toContain(analyze("revenue")[0]);
  });

  it("reads buying off someone as buying from them, and 'was going to' as no words of the question", () => {
    expect(analyze("was going to buy off Corriemoor")).toEqual(analyze("buy Corriemoor"));
    // "only" alone is a stop word; as part of "wifi-only" it is the term "alone" reads as.
    expect(analyze("connects over Wi-Fi alone")).toContain("onli");
  });

  it("reads money pulled in as money raised", () => {
    expect(analyze("the start-up pulled in $14 million")).toContain(analyze("raised")[0]);
  });

  it("reads a catch-up payment as a back payment", () => {
    expect(analyze("the catch-up payment it owes")).toEqual(
      expect.arrayContaining(analyze("back payment")),
    );
  });

  it("reads letting people go and laying them off as cutting jobs", () => {
    expect(analyze("how many workers did it let go")).toEqual(
      expect.arrayContaining(["cut", "job"]),
    );
    expect(analyze("it laid off 600 staff")).toEqual(expect.arrayContaining(["cut", "job"]));
    expect(analyze("a judge must sign off")).toEqual(expect.arrayContaining(["court", "approv"]));
  });
});

describe("wordSpans and wordTerms", () => {
  it("gives offsets that slice back to each word", () => {
    const text = "Nokia Oyj (ADR) (NYSE:NOK) charges $2.50 per device, about 1,887 U.S. patents.";
    const spans = wordSpans(text);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(spans.map((s) => s.text)).toEqual([
      "Nokia",
      "Oyj",
      "ADR",
      "NYSE:NOK",
      "charges",
      "$2.50",
      "per",
      "device",
      "about",
      "1,887",
      "U.S",
      "patents",
    ]);
  });

  it("gives the words of a phrase read as several words each of their terms", () => {
    const words = wordTerms("Halvergate will pay $62 million up front within 30 days.");
    expect(words.find((w) => w.text === "front")?.terms).toEqual(
      expect.arrayContaining(analyze("lump sum")),
    );
    const quarter = wordTerms("Q3 licensing revenue").find((w) => w.text === "Q3")?.terms;
    expect(quarter).toEqual(expect.arrayContaining(analyze("third quarter")));
  });

  it("gives the words of a folded phrase the phrase's term", () => {
    const words = wordTerms("Nokia Chief Executive Rajeev Suri");
    const ceo = analyze("CEO")[0] ?? "";
    expect(words.find((w) => w.text === "Chief")?.terms).toContain(ceo);
    expect(words.find((w) => w.text === "Executive")?.terms).toContain(ceo);
    expect(words.find((w) => w.text === "Nokia")?.terms).not.toContain(ceo);
  });
});
