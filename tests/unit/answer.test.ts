import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import type { Engine } from "../../src/engine/engine.js";
import { createEngine } from "../../src/engine/engine.js";
import type { AskResult, Quote } from "../../src/engine/types.js";
import { wordSpans } from "../../src/text/analyze.js";
import { bundledEngine, CORPUS_DIR, FIXTURE_CORPUS_DIR, highlighted } from "./helpers.js";

/** `/ask`: quotes that answer, or an honest abstention. */

let engine: Engine;

beforeAll(async () => {
  ({ engine } = await bundledEngine());
});

function quotes(result: AskResult): Quote[] {
  if (result.kind !== "answer") {
    throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
  }
  return result.quotes;
}

describe("answer: abstaining", () => {
  it("abstains on 'What is the best pizza topping?' with no quotes", () => {
    const result = engine.answer("What is the best pizza topping?");
    expect(result).toEqual({
      kind: "abstain",
      question: "What is the best pizza topping?",
      reason: "nothing-relevant",
    });
  });

  it.each([
    "How do I bake sourdough bread?",
    "What is the weather in Paris tomorrow?",
    "Who won the football world cup?",
    "Recommend a good novel to read on holiday",
  ])("abstains on the off-topic question %j", (question) => {
    const result = engine.answer(question);
    expect(result.kind).toBe("abstain");
    expect(result.kind === "abstain" && result.reason).toBe("nothing-relevant");
  });

  it("names a company the corpus never mentions", () => {
    const result = engine.answer("Did Ericsson license patents to Nokia?");
    expect(result).toMatchObject({
      kind: "abstain",
      reason: "nothing-relevant",
      missing: "Ericsson",
    });
  });

  it("names a company typed in lower case that did a deal, though a dictionary knows the word", () => {
    expect(engine.answer("did dolby sign any patent licences this year")).toMatchObject({
      kind: "abstain",
      missing: "dolby",
    });
    // "they", "anyone": no name.
    expect(engine.answer("did anyone sign with huawei").kind).toBe("answer");
  });

  it("does not take 'the FTC' for a missing company: an institution the article may name otherwise", () => {
    const result = engine.answer("Did the FTC look into Huawei's royalty per device?");
    expect(result.kind === "abstain" ? result.missing : undefined).toBeUndefined();
    expect(result.kind).toBe("answer");
  });

  it("names a company typed in lower case that is neither English nor in any article", () => {
    expect(engine.answer("qualcomm huawei patent deal terms?")).toMatchObject({
      kind: "abstain",
      missing: "qualcomm",
    });
  });

  it("answers when a lower-case word is a known company mistyped or plain English", () => {
    expect(engine.answer("how many patents does huawie have").kind).toBe("answer");
    expect(engine.answer("what royalty does huawei charge per handset").kind).toBe("answer");
  });

  it("reads a mistyped company name as the company: 'hauwei and opo'", () => {
    const result = engine.answer("wat did hauwei and opo agree on");
    expect(result.kind).toBe("answer");
    if (result.kind !== "answer") return;
    expect(result.quotes[0]?.text).toMatch(/Huawei|OPPO/);
  });

  it("abstains on a licence of another sort: what the asker needs to drive", () => {
    expect(engine.answer("what licence do i need to drive a truck in the uk").kind).toBe("abstain");
  });

  it.each(["", "   ", "?", "the and of?", "What is it?", "Does anyone know, please?"])(
    "an empty or stopword-only question %j → empty-question",
    (question) => {
      expect(engine.answer(question)).toEqual({
        kind: "abstain",
        question,
        reason: "empty-question",
      });
    },
  );
});

describe("answer: answering", () => {
  it("answers the royalty question with $2.50 in the first quote", () => {
    const [first] = quotes(
      engine.answer("What royalty per device did Huawei say it would charge?"),
    );
    expect(first?.source.articleId).toBe("000_121a5d68fb5167c5");
    expect(first?.source.title).toBe("Huawei & OPPO sign a patent cross-licensing agreement");
    expect(first?.text).toContain("$2.50 per device");
    expect(first && highlighted(first)).toContain("Huawei");
  });

  it("finds a number written with a thousands separator", () => {
    const [first] = quotes(engine.answer("How many of Xiaomi's patents were granted overseas?"));
    expect(first?.source.articleId).toBe("002_749c1ce1607455d3");
    expect(first?.text).toContain("1,887");
  });

  it("finds 'car makers' in an article that says 'automakers'", () => {
    const all = quotes(engine.answer("Which car makers did Huawei reach agreements with?"));
    const first = all[0];
    expect(first?.source.articleId).toBe("001_095b81ffdf6e0750");
    expect(first?.text).toContain("Audi");
    expect(first && highlighted(first)).toContain("automakers");
  });

  it("question 'licensing' highlights the article's 'license'", () => {
    const all = quotes(engine.answer("licensing"));
    const marks = all.flatMap(highlighted);
    expect(marks).toContain("license");
    expect(marks).toContain("licensing");
    // Only forms of the word are marked.
    for (const mark of marks) expect(mark.toLowerCase()).toMatch(/licens/);
  });

  it("a typo in the question ('royaltes') still highlights the article's 'royalties'", () => {
    const all = quotes(engine.answer("What did Huawei say about royaltes?"));
    expect(all.flatMap(highlighted)).toContain("royalties");
  });

  it("quotes the best article in up to three places, others once, and the deals between named companies", () => {
    const result = engine.answer("What did Nokia and Xiaomi agree?");
    const all = quotes(result);
    const [best, ...others] = [...new Set(all.map((q) => q.source.articleId))];
    const inBest = all.filter((q) => q.source.articleId === best);
    // The best article's places come first and never overlap.
    expect(all.slice(0, inBest.length)).toEqual(inBest);
    expect(inBest.length).toBeLessThanOrEqual(3);
    const spans = inBest.sort((a, b) => a.articleStart - b.articleStart);
    spans.forEach((q, i) => {
      if (i > 0) expect(q.articleStart).toBeGreaterThanOrEqual(spans[i - 1]?.articleEnd ?? 0);
    });
    for (const id of others) expect(all.filter((q) => q.source.articleId === id)).toHaveLength(1);
    expect(all.length).toBeGreaterThan(0);
    expect(all.length).toBeLessThanOrEqual(4);
    expect(result.kind === "answer" && result.deals.map((d) => d.id)).toEqual([
      "nokia-xiaomi-2017",
    ]);
  });

  it("full-width and curly-quoted questions work like plain ones", () => {
    const plain = quotes(engine.answer("What royalty did Huawei charge?"));
    const wide = quotes(engine.answer("What royalty did ＨＵＡＷＥＩ charge?"));
    expect(wide.map((q) => q.text)).toEqual(plain.map((q) => q.text));
    const straight = quotes(engine.answer("What did OPPO's IP chief say?"));
    const curly = quotes(engine.answer("What did OPPO’s IP chief say?"));
    expect(curly.map((q) => q.text)).toEqual(straight.map((q) => q.text));
    expect(curly.length).toBeGreaterThan(0);
  });
});

describe("answer: a company's deals", () => {
  it("answers 'list Huawei's deals' with what /deal finds for it, not any sentence naming it", () => {
    const result = engine.answer("list huawei's deals");
    const all = quotes(result);
    expect(all[0]?.text).toContain("cross-licensing agreement");
    expect(all.map((q) => q.text).join("\n")).not.toContain("sanctions");
    expect(result.kind === "answer" && result.deals.length).toBeGreaterThan(1);
  });
});

describe("answer: long questions", () => {
  it("a 6,000-character question returns without throwing", () => {
    const question = "What royalty per device did Huawei say it would charge? "
      .repeat(120)
      .slice(0, 6000);
    expect(question).toHaveLength(6000);
    const [first] = quotes(engine.answer(question));
    expect(first?.text).toContain("$2.50");
  });

  it("6,000 characters of one unknown word abstain", () => {
    const result = engine.answer("x".repeat(6000));
    expect(result.kind).toBe("abstain");
  });

  it("a long question is not cut inside a word: no invented 'missing' name", () => {
    // 100 × "Huawei " is 700 characters; the cut at 600 must not leave a word fragment.
    const question = "Huawei ".repeat(100);
    const result = engine.answer(question);
    const words = new Set(wordSpans(question).map((w) => w.text));
    if (result.kind === "abstain" && result.missing !== undefined) {
      expect(words, `missing "${result.missing}" is not a word of the question`).toContain(
        result.missing,
      );
    }
    // The same question, shorter than the limit, is answered.
    expect(engine.answer("Huawei ".repeat(80)).kind).toBe("answer");
  });
});

describe("answer: related deal records", () => {
  it("attaches the one deal of a named company that the question's other words match", () => {
    const result = engine.answer("Which automakers license Huawei's wireless technology?");
    expect(result.kind).toBe("answer");
    if (result.kind !== "answer") return;
    expect(result.deals.map((d) => d.id)).toEqual(["huawei-automakers-wireless-licenses-2022"]);
  });

  it("attaches the deals between two named companies", () => {
    const result = engine.answer("What did Nokia and Xiaomi agree?");
    expect(result.kind === "answer" && result.deals.map((d) => d.id)).toEqual([
      "nokia-xiaomi-2017",
    ]);
  });

  it("attaches nothing when only the company's name matches a record", () => {
    const result = engine.answer("Where is Huawei based?");
    expect(result.kind === "answer" ? result.deals : []).toEqual([]);
  });
});

describe("answer: terms that were never disclosed", () => {
  it("says so, quoting the article, when asked what an undisclosed deal is worth", () => {
    const result = engine.answer("how much is huawei's extended licence with nokia worth");
    expect(result).toMatchObject({ kind: "answer", termsUndisclosed: true });
    expect(quotes(result)[0]?.text).toMatch(/disclose/i);
  });

  it("does not say so when asked how long a deal lasts ('longer term')", () => {
    const result = engine.answer(
      "how long does the nokia xiaomi licence last, is it a one off thing or longer term",
    );
    expect(result.kind).toBe("answer");
    expect(result.kind === "answer" && result.termsUndisclosed).toBeFalsy();
  });

  it("does not say so for a deal whose amount is known", () => {
    const result = engine.answer("how much was Microsoft's patent licence with Samsung worth?");
    expect(result.kind).toBe("answer");
    expect(result.kind === "answer" && result.termsUndisclosed).toBeFalsy();
    expect(quotes(result)[0]?.text).toContain("$1 billion");
  });
});

describe("answer: questions worded unlike their answer", () => {
  let fixtures: Engine;

  beforeAll(async () => {
    fixtures = createEngine(await loadCorpus([CORPUS_DIR, FIXTURE_CORPUS_DIR]));
  });

  it("quotes other close places in the best article, when the question asks something specific", () => {
    const all = quotes(fixtures.answer("How long did the Selbrook patent auction go on for?"));
    expect(all[0]?.source.articleId).toBe("greyfield-selbrook-portfolio-purchase");
    expect(all.map((q) => q.text).join("\n")).toContain("ran for three days");
  });

  it("leaves out a further place about other companies than those asked about", () => {
    const all = quotes(engine.answer("exactly how many patents did xiaomi buy from nokia"));
    expect(all.map((q) => q.text).join("\n")).not.toContain("Microsoft and Samsung");
    // Naming one of the companies asked about, beside another, is not enough.
    const fromMicrosoft = quotes(engine.answer("How many patents did Xiaomi buy from Microsoft?"));
    expect(fromMicrosoft[0]?.text).toContain("1500 patents from Microsoft");
    expect(fromMicrosoft.map((q) => q.text).join("\n")).not.toContain("Microsoft and Samsung");
  });

  it("answers an open question about a known company with less of its wording matched", () => {
    const all = quotes(engine.answer("Which newer rivals have been eating into Xiaomi's sales?"));
    expect(all[0]?.text).toContain("Oppo and Vivo");
  });

  it("takes 'Kenji Morimoto, Invarra's general manager of IP' for a person with a role", () => {
    expect(quotes(fixtures.answer("who runs IP at Invarra?"))[0]?.text).toContain("Kenji Morimoto");
    // A double-barrelled name, and a judge as much as an executive.
    expect(
      quotes(fixtures.answer("who brokered the peace between ruskell and sablewick in the end"))[0]
        ?.text,
    ).toContain("led by Hendrika Bosman-Toorn, a retired judge");
  });

  it("prefers the article about the companies to one naming them in passing", () => {
    const all = quotes(fixtures.answer("how much did velmont pay for the tessaly patents"));
    expect(all[0]?.source.articleId).toBe("tessaly-velmont-patent-sale");
    expect(all[0]?.text).toContain("$41 million");
  });

  it("answers a date question worded its own way when the best sentence gives a date", () => {
    const all = quotes(
      fixtures.answer("On what date did the CMA open its look at the Veyrac purchase?"),
    );
    expect(all[0]?.text).toContain("August 28");
  });

  it("abstains on a question naming only a place an article's dateline gives", () => {
    expect(fixtures.answer("what's the weather in amsterdam").kind).toBe("abstain");
  });

  it("looks up only a word the dictionary lacks as a typo: 'compatible' is not 'compared'", () => {
    expect(fixtures.answer("is the apache 2.0 licence compatible with gpl v3").kind).toBe(
      "abstain",
    );
    // A typo the dictionary lacks is still looked up: "paitents" finds "patents".
    const typo = quotes(fixtures.answer("how many paitents does huawie have in total"));
    expect(typo.map((q) => q.text).join("\n")).toContain("100,000 patents");
  });

  it("abstains on a question naming only places, however many an article gives ('Austin, Texas')", () => {
    expect(fixtures.answer("is it raining in austin texas").kind).toBe("abstain");
  });

  it("does not take a company after a comma for a place ('Separately, Invarra said', 'Portland, Oregon, Saffrey Motion')", () => {
    expect(quotes(fixtures.answer("how big is saffrey's workforce"))[0]?.text).toContain(
      "about 310 people",
    );
    expect(fixtures.answer("how concentrated is invarra's licensing customer base").kind).toBe(
      "answer",
    );
  });

  it("abstains on a question naming nothing and using no word of deal news, despite a chance match", () => {
    expect(fixtures.answer("whats the boiling point of water up a mountain").kind).toBe("abstain");
  });

  it("takes 'agreed to arbitration after Solvane threatened…' for the reason asked for", () => {
    const why = fixtures.answer(
      "why did kilmarten go down the arbitration route instead of fighting it out in court?",
    );
    expect(
      quotes(why)
        .map((q) => q.text)
        .join("\n"),
    ).toContain("threatened to seek sales bans");
  });

  it("judges relevance by the place covering most of the question, though another is quoted first", () => {
    // The regions sentence holds the answer but covers less of the question than the lead.
    const regions = fixtures.answer(
      "which regions does the dash cam maker's video compression license apply to",
    );
    expect(quotes(regions)[0]?.text).toContain("North America, the European Union");
  });

  it("spells a mistyped name as the nearer of a known company and one only article text names", () => {
    // "grindlo" is one letter off Grindlow IP Holdings, two off Brindle Auto.
    const sale = fixtures.answer("how much did avilfot get from grindlo for its drone patnets");
    expect(quotes(sale)[0]?.text).toContain("Grindlow IP Holdings for $6.8 million");
  });

  it("does not take a word of company names ('tech') for a name the question gives", () => {
    // As a name, "tech" found "Tideway Tech" and "Sablewick Audio Technologies" before the
    // article about Castellume.
    const tech = fixtures.answer("so what do castellume's patents actually do, what's the tech");
    expect(quotes(tech)[0]?.source.articleId).toBe("hollinsby-castellume-espresso-patent-verdict");
    const count = fixtures.answer(
      "how many auto manufacturers has huawei licensed its wireless tech to?",
    );
    expect(count.kind === "answer" && count.notStated).toBeFalsy();
    expect(quotes(count)[0]?.text).toContain("about 15 automakers");
  });

  it("reads a name's short parts ('LEV-Comm') as names, and a solid-written compound as its whole", () => {
    const rate = fixtures.answer(
      "what do e-bike brands have to pay per bike to use the LEV-Comm patent bundle?",
    );
    expect(quotes(rate)[0]?.text).toContain("Bike makers pay €1.60 per e-bike");
    // "startup" is the articles' "start-up", not also a "start" the quote cannot be credited.
    const round = fixtures.answer(
      "how much funding did the patent-mapping startup pull in this round",
    );
    expect(quotes(round)[0]?.text).toContain("has raised $14 million");
  });

  it("answers 'what share' with the percentage, as stated, though the sentence says 'we hold'", () => {
    const share = fixtures.answer("what share of voltreach does the university own?");
    expect(share.kind === "answer" && share.notStated).toBeFalsy();
    expect(quotes(share)[0]?.text).toContain("We hold 11% of the company");
  });

  it("asked who, takes in the next sentence when only it names the person", () => {
    const who = fixtures.answer("who at hokuzan shot down the velo ledger story");
    expect(quotes(who)[0]?.text).toMatch(
      /Hokuzan denied the story within hours\..*Aya Morikawa-Lund/s,
    );
  });

  it("answers a question naming nothing of deal news when its best window holds what is asked", () => {
    const mowers = fixtures.answer(
      "roughly how many mowers had to be pulled back from german retailers?",
    );
    expect(quotes(mowers)[0]?.text).toContain("about 14,000 units had to be collected");
  });

  it("abstains on the asker's own affairs when the question names no one, not on a claim they heard", () => {
    // "Norway" is a place, no name; the Norwegian tracker maker's "fishing boats" are no answer.
    expect(
      fixtures.answer("do i need a fishing licence to fish from a rented boat in norway").kind,
    ).toBe("abstain");
    for (const question of [
      "i heard nokia signed a licence with xiaomi, is that true",
      "tell me what huawei charges per device",
    ])
      expect(fixtures.answer(question).kind, question).toBe("answer");
  });

  it("does not take a month for a name that ties the question to an article dated in it", () => {
    expect(
      fixtures.answer(
        "is it safe to swim in an outdoor pool in november or is that just asking for a cold",
      ).kind,
    ).toBe("abstain");
  });

  it("reads 'the US', 'U.S.' and 'United States' alike, and a US president's role as the country's", () => {
    const all = quotes(fixtures.answer("wat does xioami want to do in the us market"));
    expect(all.map((q) => q.text).join("\n")).toContain("strong foothold in the United States");
    const president = quotes(
      fixtures.answer("Under which US president did the export bans against Huawei begin?"),
    );
    expect(president.map((q) => q.text).join("\n")).toContain("Donald Trump");
  });

  it("reads each long part of a compound as a name ('saffrey–vellacourt'), not 'Wi-Fi'", () => {
    const all = quotes(
      fixtures.answer("did the old saffrey–vellacourt licence already cover cargo bikes?"),
    );
    expect(all.map((q) => q.text).join("\n")).toContain("outside the earlier agreement");
    expect(
      fixtures.answer("is it worth upgrading my router to wifi 7 or is wifi 6 fine for gaming")
        .kind,
    ).toBe("abstain");
  });

  it("does not take a word capitalised only to open a sentence ('Rates are …') for a party", () => {
    const result = fixtures.answer(
      "Does the early-signing reduction on Trevanion's rates only last for the first year?",
    );
    expect(result.kind === "abstain" ? result.noDeal : undefined).toBeUndefined();
  });

  it("does not take a common word ('use') for a party to a deal", () => {
    const result = fixtures.answer(
      "is veyrac gonna let other manufacturers use the brackwater stuff or keep it all to itself",
    );
    expect(result.kind === "abstain" ? result.noDeal : undefined).toBeUndefined();
  });

  it("does not take 'the competition regulator' for a party to a deal", () => {
    const result = fixtures.answer(
      "Has the competition regulator already signed off on Veyrac buying the Brackwater patents?",
    );
    expect(result.kind === "abstain" ? result.noDeal : undefined).toBeUndefined();
  });

  it("spells a mistyped company only article text names as the articles do", () => {
    const all = quotes(fixtures.answer("whos the ceo of safrey moton"));
    expect(all.map((q) => q.text).join("\n")).toContain("Adaeze Whitcombe");
  });

  it("answers why, or what someone makes of it, in their own words", () => {
    const all = quotes(
      fixtures.answer("what does invarra say is the status of the talks with sorrelby"),
    );
    expect(all.map((q) => q.text).join("\n")).toContain("main commercial terms");
  });

  it("answers a yes-no question with the sentence that limits or denies", () => {
    const all = quotes(fixtures.answer("Is Pennick only a customer of the Kestrel pool?"));
    expect(all.map((q) => q.text).join("\n")).toContain("both a licensor and a licensee");
  });

  it("answers a question naming a company only from articles that name it", () => {
    // Another company's listing answers the words, not the question.
    const result = fixtures.answer("Is Corvessa listed on a stock exchange?");
    const texts = result.kind === "answer" ? result.quotes.map((q) => q.text).join("\n") : "";
    expect(texts).not.toContain("ALDM");
  });

  it("says that no article states a count when no number in the best answer counts it", () => {
    const result = fixtures.answer(
      "how many patents are covered by the wrexley corvessa cross licence",
    );
    expect(result).toMatchObject({ kind: "answer", notStated: "figure" });
    const counted = fixtures.answer("how many patents did velmont buy from tessaly");
    expect(counted.kind === "answer" && counted.notStated).toBeFalsy();
    expect(quotes(counted)[0]?.text).toContain("312 patents");
  });

  it.each([
    ["who's the coo at ketterby", "Joost van der Linde"],
    ["who's the top dog at greyfield", "Marcus Tay"],
    ["who's the general counsel at trenholme tracking", "Dwayne Keplinger"],
    ["who's head of ip over at tessaly", "Sigrun Aalto"],
    ["Who is the managing director of Vellacourt Cycles?", "Konstantin Brauer"],
  ])("names the holder of a role at the company asked about: %j", (question, name) => {
    expect(quotes(fixtures.answer(question))[0]?.text).toContain(name);
  });

  it.each([
    [
      "Is the Quillon–Marrowfield cross-licence restricted to particular countries?",
      "applies worldwide",
    ],
    ["Is the Trenholme–Corriemoor patent sale still going ahead?", "pulled out"],
    ["are saffrey and vellacourt sharing the engineering bill for the new motor", "fund its own"],
  ])(
    "answers the yes-no question %j with the sentence that limits, widens or ends it",
    (question, phrase) => {
      expect(
        quotes(fixtures.answer(question))
          .map((q) => q.text)
          .join("\n"),
      ).toContain(phrase);
    },
  );

  it("says there is no deal between two companies, quoting where they are named together", () => {
    const result = fixtures.answer("is tamsin ev signing up to the chargelink pool?");
    expect(result).toMatchObject({ kind: "answer", noDeal: ["Tamsin EV", "ChargeLink"] });
    expect(quotes(result)[0]?.text).toContain("no plans to join");
  });

  it("quotes what someone says to its end, not cut inside their quotation", () => {
    const all = quotes(
      fixtures.answer("What is Marrowfield's chief exec's view of the Quillon pact?"),
    );
    expect(all[0]?.text).toContain("freedom to operate");
  });

  it("quotes a speaker's next quoted sentence with what they said ('…,' said X. \"I would expect…\")", () => {
    const all = quotes(
      fixtures.answer("Where does the Quarrymoor analyst think the two Wi-Fi 7 pools are heading?"),
    );
    expect(all[0]?.text).toContain("one of them fading away");
  });

  it("says that no article states a figure when the quoted figures are of something else", () => {
    // The sentences giving a figure are the winner's price, not what the other bidders offered.
    expect(
      fixtures.answer("how much did the other bidders offer for selbrook's patents"),
    ).toMatchObject({ kind: "answer", notStated: "figure" });
    // Marrowfield's "4% of its handset revenue on patent royalties" is no price of the extension.
    expect(
      fixtures.answer("how much did marrowfield pay tessaly to get the licence extended"),
    ).toMatchObject({ kind: "answer", notStated: "figure" });
    // "100,000 patents" Huawei holds are not the patents the cross-licence covers.
    expect(
      fixtures.answer("how many patents are covered by the huawei oppo cross licence"),
    ).toMatchObject({ kind: "answer", notStated: "figure" });
  });

  it("says that no article names the kind of party asked for, unless a quote names one", () => {
    expect(
      fixtures.answer("which law firm advised veyrac on buying brackwater's patents?"),
    ).toMatchObject({ kind: "answer", notStated: "name" });
    // "We will go back to the parties who bid in the spring" names none of them.
    expect(
      fixtures.answer("who were the other bidders for corriemoor's patents back in the spring?"),
    ).toMatchObject({ kind: "answer", notStated: "name" });
    // A regulator is named by its name: "the UK Competition and Markets Authority".
    const regulator = fixtures.answer("which regulator is reviewing the veyrac purchase");
    expect(regulator.kind === "answer" && regulator.notStated).toBeFalsy();
    expect(quotes(regulator)[0]?.text).toContain("Competition and Markets Authority");
  });

  it("says no article states how long a licence runs, or a per-unit rate, when none does", () => {
    expect(fixtures.answer("how long does the huawei oppo cross licence last")).toMatchObject({
      notStated: "term",
    });
    // The $18.5 million is a sum, and the $3.20 per vehicle Brindle's: "Further royalty terms
    // were not disclosed" is the answer.
    const norrgate = fixtures.answer(
      "what per-unit royalty does norrgate pay velmont under the new licence?",
    );
    expect(norrgate).toMatchObject({ termsUndisclosed: true });
    expect(quotes(norrgate)[0]?.text).toContain("Further royalty terms were not disclosed");
    for (const question of [
      "How long did the Selbrook patent auction go on for?",
      "how long does the quillon marrowfield cross licence last",
      "what per-phone rate does trevanion charge",
    ]) {
      const result = fixtures.answer(question);
      expect(result.kind === "answer" && !result.notStated, question).toBe(true);
    }
  });

  it("does not take a figure of something else the question does not ask about as stated", () => {
    // "Rates are … 30 cents for each phone" follows a paragraph on the Archway pool alone.
    expect(fixtures.answer("What does the Sirocco pool charge per smartphone?")).toMatchObject({
      notStated: "figure",
    });
    const archway = fixtures.answer("What does the Archway pool charge per phone?");
    expect(archway.kind === "answer" && !archway.notStated).toBe(true);
    expect(quotes(archway)[0]?.text).toContain("30 cents for each phone");
  });

  it("answers a yes-no question with 'not disclosed' when the article says nobody said whether", () => {
    // "It declined to say whether it would consider spinning off the licensing unit".
    const spinOff = fixtures.answer("is ravensholt going to spin off the licensing unit?");
    expect(spinOff).toMatchObject({ kind: "answer", termsUndisclosed: true });
    expect(quotes(spinOff)[0]?.text).toContain("declined to say whether");
    // "…declined to say whether the two companies were talking" is not whether Skelmora can
    // have the same conversation, which the same sentence answers.
    const talks = fixtures.answer("can skelmora have the same conversation quennell had?");
    expect(quotes(talks)[0]?.text).toContain("declined to say whether");
    expect(talks.kind === "answer" && talks.termsUndisclosed).toBeFalsy();
  });

  it("takes '4G devices; those terms were never disclosed' as saying the figure was not disclosed", () => {
    const royalty = fixtures.answer("what royalty does oxholm metering pay solvane?");
    expect(royalty).toMatchObject({ kind: "answer", termsUndisclosed: true });
    expect(quotes(royalty)[0]?.text).toContain("those terms were never disclosed");
  });

  it("answers 'who' with the sentence saying the names were not disclosed, in the question's words", () => {
    const panel = fixtures.answer("who sat on the arbitration panel that set the skerrylund rate?");
    expect(panel).toMatchObject({ kind: "answer", termsUndisclosed: true });
    expect(quotes(panel)[0]?.text).toContain("did not disclose the names of the arbitrators");
    // "The names of those four licensees are blacked out in the public version of the ruling."
    expect(
      fixtures.answer(
        "who are the four licensees the judge relied on in the orvandel brightlark case?",
      ),
    ).toMatchObject({ kind: "answer", termsUndisclosed: true });
    // Someone the article does name is the answer as before.
    const ceo = fixtures.answer("who is skerrylund's finance chief?");
    expect(ceo.kind === "answer" && ceo.termsUndisclosed).toBeFalsy();
  });

  it("takes a sentence saying the thing asked for was not disclosed over a figure of something else", () => {
    // "$14 million in a Series A round" is what Claimstead raised, not its valuation.
    const valuation = fixtures.answer("what valuation did claimstead get in the series a?");
    expect(valuation).toMatchObject({ kind: "answer", termsUndisclosed: true });
    expect(quotes(valuation)[0]?.text).toContain("did not disclose its valuation");
    const raised = fixtures.answer("how much did claimstead raise in the series a?");
    expect(raised.kind === "answer" && !raised.notStated && !raised.termsUndisclosed).toBe(true);
    expect(quotes(raised)[0]?.text).toContain("$14 million");
  });

  it("takes a figure as stated when the sentence words it its own way", () => {
    const cases: Array<[string, string]> = [
      // Units of the mowers the sentence speaks of.
      ["roughly how many mowers had to be pulled back from german retailers?", "14,000 units"],
      // What was to be bought is what was to be paid for; "going to" asks nothing.
      ["how many patents was trenholme going to buy off corriemoor", "540 patents"],
      // A rate per device is the rate asked, though called a royalty.
      ["whats the frand rate the judge set for brightlarck wifi-only gadgets", "9 cents"],
    ];
    for (const [question, figure] of cases) {
      const result = fixtures.answer(question);
      expect(result.kind === "answer" && result.notStated, question).toBeFalsy();
      expect(
        quotes(result)
          .map((q) => q.text)
          .join("\n"),
        question,
      ).toContain(figure);
    }
    // "…declined to say whether it would consider spinning off the licensing unit, …, and chief
    // executive Gunnar Lindvall did not join the call": the call is no thing left unsaid.
    const call = fixtures.answer("was ravensholt's ceo on the earnings call");
    expect(call.kind === "answer" && call.termsUndisclosed).toBeFalsy();
  });

  it("does not take a figure as stated when a sentence without one says more of what is asked", () => {
    // "releases Yarrowdene from any claims over cameras it sold" against "48 cents for every
    // camera it sells"; "through a joint venture" in China against "$1.35 for every e-bike".
    for (const question of [
      "How much did Yarrowdene pay Ferrinvale to be released from claims on its past camera sales?",
      "how much does ruskell's chinese joint venture pay sablewick per bike?",
    ])
      expect(fixtures.answer(question), question).toMatchObject({ notStated: "figure" });
  });

  it("does not take a figure someone else pays as stated ('Kilbride will pay…', asked of Okarina)", () => {
    // Were Kilbride's $1.10 taken for Okarina's, the sentence saying Okarina's was not
    // disclosed would not be the answer.
    const result = fixtures.answer("what per-unit royalty is okarina paying strathcole?");
    expect(result).toMatchObject({ termsUndisclosed: true });
    expect(quotes(result)[0]?.text).toContain("did not disclose the amounts");
  });

  it("says a figure was not disclosed when a sentence about it says so, dates and growth aside", () => {
    // "…sold before the agreement took effect on April 1, 2025 … the amount of which was not
    // disclosed": a date is no figure.
    const pastSales = fixtures.answer(
      "how much did brennholt pay calvora to cover hearing aids sold before april 2025?",
    );
    expect(pastSales).toMatchObject({ termsUndisclosed: true });
    expect(pastSales).not.toHaveProperty("notStated");
    // "revenue … rose 19%" is no rate per television; the sentence saying the price was not
    // disclosed comes first.
    const renewal = fixtures.answer(
      "how much per tv is tamberlyn paying ravensholt under the renewal?",
    );
    expect(renewal).toMatchObject({ termsUndisclosed: true });
    expect(quotes(renewal)[0]?.text).toContain("did not disclose what Tamberlyn will pay");
  });

  it("says how long a licence runs was not disclosed when a sentence about it says so", () => {
    // "They did not disclose the length of the renewal…"
    const result = fixtures.answer(
      "did kessock or halstow say how long their renewed licence runs?",
    );
    expect(result).toMatchObject({ termsUndisclosed: true });
    expect(result).not.toHaveProperty("notStated");
  });

  it("reads a place a licence may cover as no party to a deal", () => {
    const result = fixtures.answer(
      "does yarrowdene's licence cover the cameras it sells in australia?",
    );
    expect(result.kind === "answer" && result.noDeal).toBeFalsy();
    expect(
      quotes(result)
        .map((q) => q.text)
        .join(" "),
    ).toContain("left out");
  });

  it("prefers a rate to a price when asked how much for each thing, figures in words included", () => {
    const rate = fixtures.answer(
      "how much does brightlark have to pay orvandel for each smart plug that's just on wifi?",
    );
    // First a rate (the ruling's or Orvandel's demand), not "a $29 smart plug" or the lead.
    expect(quotes(rate)[0]?.text).toMatch(/\d+ per Wi-Fi device|9 cents for each device/);
    expect(
      quotes(rate)
        .map((q) => q.text)
        .join(" "),
    ).toContain("9 cents for each device");
    const inWords = fixtures.answer("what did brightlark argue the cellular rate should be");
    expect(
      quotes(inWords)
        .map((q) => q.text)
        .join(" "),
    ).toContain("eleven cents");
  });

  it("quotes the sentence naming a law firm when asked which attorneys acted", () => {
    const result = fixtures.answer("which attorneys acted for sablewick in the ruskell dispute");
    expect(
      quotes(result)
        .map((q) => q.text)
        .join(" "),
    ).toContain("Garroway Lisle LLP");
  });

  it("says no article names the party asked for when the quotes only describe it", () => {
    for (const question of [
      // "We are talking to two Asian cell makers about the sensor patents."
      "which two asian cell makers is pellworth negotiating with over the sensor patents?",
      // "A fund approached us in 2025": Pellworth Ventures, the office asked about, is no fund.
      "which investment fund approached pellworth about buying its battery portfolio?",
    ])
      expect(fixtures.answer(question), question).toMatchObject({ notStated: "name" });
    for (const question of [
      "which customer quit paying royalties to ravensholt",
      "Does Archway disclose which companies are its licensees?",
    ]) {
      const result = fixtures.answer(question);
      expect(result.kind === "answer" && !result.notStated, question).toBe(true);
    }
  });

  it("quotes the sentence naming the company when the answer refers back to it", () => {
    // "The Jakarta-based phone maker … stopped paying in April" follows the one naming it.
    const result = fixtures.answer("which customer quit paying royalties to ravensholt");
    expect(quotes(result)[0]?.text).toMatch(/Pemberlay Mobile[\s\S]*stopped paying in April/);
  });

  it("reads a company a stake is taken 'in' as a company, not a place", () => {
    // "…would take a minority stake in Ambersley"; elsewhere "Ambersley is the first
    // robot-mower maker among them".
    const result = fixtures.answer(
      "so if ambersley still reckons it never infringed, why did it cave and sign?",
    );
    expect(result.kind).toBe("answer");
    // "We kept our shares in Brisco": shares are held in a company.
    expect(fixtures.answer("so what exactly went wrong with brisco power").kind).toBe("answer");
  });

  it.each([
    "how old do you have to be to get a driving licence in france",
    "anyone know if the indoor pool in utrecht is open on sundays in november",
  ])("abstains on %j, whose words of deal news are used otherwise", (question) => {
    expect(fixtures.answer(question).kind).toBe("abstain");
  });

  it("answers whether a reported deal is on with the denial after the report", () => {
    const result = fixtures.answer(
      "is quennell buying verrenby outright? saw something about $1.9b",
    );
    expect(quotes(result)[0]?.text).toContain("Both companies denied it");
  });

  it("reads when a licence lapses as when it ends", () => {
    const result = fixtures.answer("when does ruskell's sablewick licence lapse?");
    expect(quotes(result)[0]?.text).toContain("runs until September 30, 2032");
  });

  it("reads a ticker that only article text gives as its company", () => {
    const result = fixtures.answer("what did SBWK report for q3 licensing revenue?");
    expect(quotes(result)[0]?.text).toContain("$24.6 million");
  });

  it("takes a figure of the thing asked as stated, whatever words the asker paraphrases with", () => {
    for (const question of [
      "how many automakers has huawei signed up",
      "roughly how many gadgets did ketterby push out in 2024",
      "How many patent owners are in the Archway pool at this point?",
      "how much did greyfield shell out to purchase selbrook's IP",
      // "has cut its staff from 310 to 45"; "38 companies have signed up"; "210 licensees";
      // "have produced nine spin-outs" (a hyphen joins no number to "spin-out").
      "how many employees does quarlton have left after the layoffs",
      "how many licensees has spokeline signed so far",
      "how many companies have signed up as licensees of the wrenlight pool?",
      "how many spin-outs have come out of pellworth's battery and sensor labs",
    ]) {
      const result = fixtures.answer(question);
      expect(result.kind === "answer" && !result.notStated, question).toBe(true);
    }
  });

  it("says that a figure asked for was not disclosed when the best sentence says so", () => {
    const result = engine.answer("exactly how many patents did xiaomi buy from nokia");
    expect(result).toMatchObject({ kind: "answer", termsUndisclosed: true });
    expect(quotes(result)[0]?.text).toContain("undisclosed");
  });

  it("does not say so when the best sentence gives the figure", () => {
    const result = fixtures.answer("how much does ketterby pay aldermoor per product");
    expect(result.kind === "answer" && result.termsUndisclosed).toBeFalsy();
    expect(quotes(result)[0]?.text).toContain("35 cents");
  });
});

describe("answer: who holds a role", () => {
  let fixtures: Engine;

  beforeAll(async () => {
    fixtures = createEngine(await loadCorpus([CORPUS_DIR, FIXTURE_CORPUS_DIR]));
  });

  it("does not answer 'X's CEO' with the chief executive of another company", () => {
    // The settlement story quotes Velmont's chief executive and Norrgate's legal officer only.
    expect(fixtures.answer("who is norrgate's ceo").kind).toBe("abstain");
  });

  it("answers with the person who holds the role at the company asked about", () => {
    const result = fixtures.answer("who is the chief executive of Velmont Wireless?");
    expect(quotes(result)[0]?.text).toContain("Helena Marsh");
  });

  it("says there is no deal when asked whether two companies that never dealt signed one", () => {
    // The Greyfield story names Velmont only for a price Velmont paid someone else.
    expect(fixtures.answer("did greyfield sign a licence deal with velmont")).toMatchObject({
      kind: "abstain",
      noDeal: ["Velmont Wireless", "Greyfield Mobile"],
    });
  });

  it("answers whether two companies that did deal signed one", () => {
    expect(fixtures.answer("did Huawei and OPPO sign a licence deal?").kind).toBe("answer");
    expect(fixtures.answer("did velmont buy patents from tessaly").kind).toBe("answer");
  });

  it("takes 'Tessaly's IP head' to be Tessaly's, not the other company's, head of IP", () => {
    const result = fixtures.answer("What did Tessaly's IP head say about Marrowfield renewing?");
    expect(quotes(result)[0]?.text).toContain("head of intellectual property at Tessaly");
  });

  it("finds the CEO named as 'Nokia Chief Executive Rajeev Suri' and refuses another's CEO", () => {
    expect(quotes(fixtures.answer("who is the ceo of nokia"))[0]?.text).toContain("Rajeev Suri");
    expect(fixtures.answer("who is the ceo of oppo").kind).toBe("abstain");
  });

  it.each([
    "How many patents did Marrowfield bring to its cross-licence with Quillon?",
    "why did tessaly offload those patents to velmont",
    "how many patents are in the chargelink pool",
    "What does the Nokia Xiaomi agreement include besides patents?",
    "were the money terms of the huawei oppo pact made public",
    "How much is OPPO paying Huawei per phone under their cross-licence?",
  ])("never quotes the same place twice: %j", (question) => {
    const shown = quotes(fixtures.answer(question));
    for (const [i, a] of shown.entries())
      for (const b of shown.slice(i + 1))
        if (a.source.articleId === b.source.articleId)
          expect(a.articleEnd <= b.articleStart || b.articleEnd <= a.articleStart).toBe(true);
  });

  it("answers when a licence ends with the sentence saying so, not with any date", () => {
    const result = fixtures.answer("when does the ketterby licence from aldermoor expire");
    expect(quotes(result)[0]?.text).toContain("runs until June 30, 2030");
    expect(fixtures.answer("when does the nokia xiaomi patent licence expire").kind).toBe(
      "abstain",
    );
  });

  it("reads spokeswoman as spokesperson", () => {
    const result = fixtures.answer("who was the sorrelby spokesperson that denied the report");
    expect(quotes(result)[0]?.text).toContain("spokeswoman");
  });
});
