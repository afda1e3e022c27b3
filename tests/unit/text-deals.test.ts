import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Corpus, loadCorpus } from "../../src/corpus/load.js";
import { createEngine, type Engine } from "../../src/engine/engine.js";
import { findTextCompany, nameOfTicker } from "../../src/engine/text-names.js";
import type { DealResult, Quote } from "../../src/engine/types.js";
import { renderDealText } from "../../src/render/text.js";
import { quoteViolations, removeDir, tempCorpus } from "./helpers.js";

/**
 * `/deal` for companies known only from article text, on a small invented corpus: no deal
 * records, and only one curated company, unrelated to the rest.
 */

const article = (slug: string, title: string, body: string) => `---
title: ${title}
publisher: Test Wire
published: "2025-05-02"
url: https://news.example.com/${slug}
language: en
---
${title}

${body}
`;

const FILES = {
  "companies.json": JSON.stringify({
    companies: [{ id: "audion", name: "Audion", aliases: [], tickers: [] }],
  }),
  "articles/pool.md": article(
    "pool",
    "Three robot makers join Quorvane's actuator patent pool",
    [
      "OSLO, May 2 (Test Wire) - Three makers of warehouse robots have signed licences with the Servolink patent pool, its administrator Quorvane Licensing Group said on Friday.",
      "The new licensees are Danish firm Tindra, Italy's Movello Robotics and Britain's Birch & Stone Power. Together they shipped about 40,000 robots last year, according to Quorvane.",
      "The Servolink pool holds about 900 patents from 11 patent owners. Quorvane collects the royalties and divides them among the owners.",
      "Under the pool's standard terms, robot makers pay $3 for each small robot and $9 for each large robot, with royalties capped at $2 million per licensee per year.",
      "Not everyone is convinced. Kelvara Systems, the largest robot maker in Finland, said it had no plans to join. Some holdouts have stayed out altogether: Druvane Robotics has joined neither pool and prefers bilateral deals.",
      "Quorvane launched Servolink in 2022 with the backing of several universities.",
    ].join("\n\n"),
  ),
  "articles/licence.md": article(
    "licence",
    "Ardentis signs sensor patent licence with Pellucid Devices",
    [
      "ZURICH, March 3, 2025 -- Ardentis Microsystems AG (SIX: ARDX), a designer of sensor chips, today announced that it has signed a patent license agreement with Pellucid Devices Ltd., a maker of fitness trackers.",
      "Under the agreement, Pellucid receives a license to more than 800 Ardentis patents. Pellucid will pay Ardentis a royalty of 20 cents for each sensor it ships. The agreement runs until December 31, 2031.",
      "Harlow Optics has held a licence to the same patents since 2019. Harlow Optics pays a royalty of 1.5% of the price of each camera under a ten-year licence.",
      "Ardentis already collects royalties from phone makers, including Lumeo and Vantrix Mobile, the company said.",
      "A licensing deal between Lumeo and Corbel Audio was signed in 2024.",
      "Ardentis is also in licence talks with Nyxen, according to Glimmerpost.",
    ].join("\n\n"),
  ),
  // A technology named like a company, and other companies' deals later in the article.
  "articles/cross.md": article(
    "cross",
    "Halvorn and Pyxeta strike cross-licensing pact covering Wi-Fi 6",
    [
      "Halvorn Systems and Pyxeta Media have signed a patent cross-licence agreement covering Wi-Fi 6 (802.11ax), the companies said on Wednesday, April 22, 2020. The cross-licence runs for 12 years.",
      "Because its portfolio was judged the weaker, Pyxeta will hand Halvorn a balancing payment of $12 million over three years.",
      "Published rates for Wi-Fi 6 range from $3.53 to $6.81 per unit.",
      "Ostrel Computing and Kaveny Technologies announced a cross-licence of their own in 2017. The deal follows a similar agreement between Halvorn and Ostrel.",
      "Tarrow Devices and Brisk Labs license their Wi-Fi 6 patents through the Nordlink pool. Licensees of the Nordlink pool pay $2 per unit.",
    ].join("\n\n"),
  ),
  // One company's deals with two others, told in one sentence and in two.
  "articles/spree.md": article(
    "spree",
    "Corvex Labs has a busy year in patents",
    [
      "Corvex Labs spent the year building up its patent business. In May it bought 300 patents from Maltby Radio, and in July it settled its patent dispute with Oriel Devices, which took a five-year licence.",
    ].join("\n\n"),
  ),
  "articles/dispute.md": article(
    "dispute",
    "Corvex Labs and Oriel Devices settle",
    [
      "Corvex Labs and Oriel Devices have settled their patent dispute.",
      "Corvex had accused Oriel of infringing nine patents. Some of those patents came from the portfolio Corvex bought from Maltby Radio last year.",
    ].join("\n\n"),
  ),
  "articles/collapse.md": article(
    "collapse",
    "Trellis Robotics walks away from Quarnby patent purchase",
    [
      "Trellis Robotics said on Monday it would not complete its agreed $40 million purchase of 300 patents from Quarnby Systems, after a regulator objected.",
      "Quarnby said it would look for another buyer for the patents.",
    ].join("\n\n"),
  ),
  // Terms told in words, a rate beside a cap, an older licence "not affected", rival bidders.
  "articles/settle.md": article(
    "settle",
    "Strathmoor Robotics and Okavi Appliances settle vacuum patent fight",
    [
      "Strathmoor Robotics and Okavi Appliances have settled their patent dispute over robot vacuums, the companies said on Monday.",
      "Under the settlement, Okavi will take a licence to Strathmoor's navigation patents. The agreement includes a payment for past sales and an ongoing royalty, but the companies did not disclose the amounts.",
      "Strathmoor's existing licence with Ostrava Beacons is not affected. That agreement, signed in 2022, runs until the end of 2028 in return for a royalty of 2% of the price of each beacon.",
      "Strathmoor outbid two other companies for the navigation patents in 2023. Court filings identify one of the losing bidders as Pellworth IP Holdings, a patent licensing firm.",
      "Strathmoor is listed on the Nasdaq under the ticker STMR.",
    ].join("\n\n"),
  ),
  // Tickers given after the company has been named: by a pronoun, by "shares" before the
  // parenthesis, by "trades … as".
  "articles/listing.md": article(
    "listing",
    "Tolvane Acoustics and Brenmoor Cycles report a busy quarter",
    [
      "Minneapolis-based Tolvane Acoustics stopped making speakers in 2019. It holds about 900 patents. The company trades on Nasdaq as TLVN.",
      "Brenmoor Cycles, founded in 1998, sold 200,000 bikes last year. Its shares, listed on Euronext Amsterdam under the ticker BRMC, rose 2% on Tuesday.",
      "Halstow Group shares (NYSE: HLSW) fell 3% after the results.",
    ].join("\n\n"),
  ),
  "articles/meters.md": article(
    "meters",
    "Kestrom Modules signs cellular patent licence with Solmark",
    [
      "LYON, June 24 (Test Wire) - Kestrom Modules has signed a licence to the cellular patents of Solmark Cellular, the companies said on Tuesday.",
      "The licence ends a dispute in which Solmark had asked for 45 cents a module while Kestrom offered 7 cents, said a lawyer for Solmark.",
      "Solmark holds about 1,450 patent families. The company stopped making base-station equipment in 2018. Its best-known licence is with the meter maker Oxby Metering, signed in 2022.",
    ].join("\n\n"),
  ),
  "articles/hearing.md": article(
    "hearing",
    "Velloran Audio licenses hearing-aid maker Brindmoor",
    [
      "Velloran Audio has granted Brindmoor Hearing a licence to its Bluetooth audio patents.",
      "Brindmoor will pay Velloran a royalty of 22 cents for each hearing aid it sells. Total royalties are capped at $3.4 million in any calendar year.",
      "The licence is worldwide and non-exclusive and runs until December 31, 2032. Hearing aids Brindmoor sold before the agreement are covered by a one-time payment, the amount of which was not disclosed.",
    ].join("\n\n"),
  ),
  "articles/denial.md": article(
    "denial",
    "Nadir Audio denies licence report",
    [
      "Nadir Audio on Monday denied a report that it had signed a patent licence with Quorvane Licensing Group.",
      "The report, in a trade newspaper, said Nadir Audio had agreed to pay Quorvane $5 million.",
      '"Nadir Audio has not signed any licence with Quorvane," a spokeswoman said. Nadir Audio has also denied infringing any patents.',
    ].join("\n\n"),
  ),
  "articles/offers.md": article(
    "offers",
    "Trelling Optics licenses its lens patents to Caddow Vision",
    [
      "Trelling Optics has licensed its lens patents to Caddow Vision for $3 million.",
      "Trelling Optics said it had also approached Ostmere Cameras about a licence. Ostmere turned it down, saying its lenses use a different design.",
      "Trelling Optics has also approached Pelloway Imaging about a licence.",
    ].join("\n\n"),
  ),
  "articles/rumour.md": article(
    "rumour",
    "Gearmakers and a rumoured licence",
    [
      "A trade newsletter reported that Fennick Gears had agreed to take a Trelling Optics licence for its shifters.",
      '"Fennick Gears has not signed any agreement with Trelling Optics," a spokeswoman said.',
    ].join("\n\n"),
  ),
};

let dir: string | undefined;
let corpus: Corpus;
let engine: Engine;

beforeAll(async () => {
  dir = await tempCorpus(FILES);
  corpus = await loadCorpus(dir);
  engine = createEngine(corpus);
});

afterAll(() => removeDir(dir));

function quotesOf(result: DealResult): Quote[] {
  if (result.kind === "mentions") return result.quotes;
  if (result.kind === "none") return result.coMentions;
  return [];
}

function texts(result: DealResult): string {
  return quotesOf(result)
    .map((q) => q.text)
    .join("\n");
}

describe("finding a company in article text", () => {
  it("gives the name as articles write it in full, the same for its short and full forms", () => {
    const short = findTextCompany(engine.data, "Ardentis");
    const full = findTextCompany(engine.data, "Ardentis Microsystems");
    expect(short?.name).toBe("Ardentis Microsystems AG");
    expect(full?.id).toBe(short?.id);
    // "Ardentis" stands alone mid-sentence, so it is a form of the name and finds every passage.
    expect(short?.forms.map((f) => f.words.join(" "))).toContain("ardentis");
    expect(short?.passages).toEqual(full?.passages);
  });

  it("takes the first word alone as a form only where articles use it alone", () => {
    const found = findTextCompany(engine.data, "Birch & Stone Power");
    expect(found?.name).toBe("Birch & Stone Power");
    expect(found?.forms.map((f) => f.words.join(" "))).toEqual(["birch stone power"]);
  });

  it("tolerates typos only when asked to, keeping the first letter", () => {
    expect(findTextCompany(engine.data, "ardentsi microsystem")).toBeUndefined();
    expect(findTextCompany(engine.data, "ardentsi microsystem", true)?.name).toBe(
      "Ardentis Microsystems AG",
    );
    expect(findTextCompany(engine.data, "qorvane", true)?.name).toBe("Quorvane Licensing Group");
    expect(findTextCompany(engine.data, "jrdentis", true)).toBeUndefined();
  });

  it("wants a proper noun: the words capitalised and standing together", () => {
    expect(findTextCompany(engine.data, "robot makers")).toBeUndefined();
    expect(findTextCompany(engine.data, "Stone Power Birch")).toBeUndefined();
  });

  it("reads a ticker the text gives in parentheses as the name before it", () => {
    expect(nameOfTicker(engine.data, "SIX:ARDX")).toBe("Ardentis Microsystems AG");
    expect(nameOfTicker(engine.data, "six: ardx")).toBe("Ardentis Microsystems AG");
    expect(nameOfTicker(engine.data, "ARDX")).toBe("Ardentis Microsystems AG");
    expect(nameOfTicker(engine.data, "Ardentis")).toBeUndefined();
    const result = engine.findDeals("SIX:ARDX", "Pellucid");
    expect(result.kind).toBe("mentions");
  });

  it("reads a ticker the text names in words as the subject of its sentence", () => {
    expect(nameOfTicker(engine.data, "STMR")).toBe("Strathmoor");
    expect(engine.findDeals("STMR", "Okavi").kind).toBe("mentions");
  });

  it("reads a ticker given after a pronoun, a 'shares' or 'trades … as' as the company named before", () => {
    expect(nameOfTicker(engine.data, "TLVN")).toBe("Tolvane Acoustics");
    expect(nameOfTicker(engine.data, "BRMC")).toBe("Brenmoor Cycles");
    expect(nameOfTicker(engine.data, "HLSW")).toBe("Halstow Group");
  });

  it("does not take a typo of a curated name's second word for that company", () => {
    // "Zephyr Audio" is one letter from "Audion" only in its generic second word.
    expect(engine.findDeals("Zephyr Audio").kind).toBe("unknown-company");
    expect(engine.findDeals("Audoin").kind).not.toBe("unknown-company");
  });
});

describe("a deal between two companies in text", () => {
  it("quotes the linking sentence, then the sentences stating its terms", () => {
    const result = engine.findDeals("Pellucid Devices", "Ardentis");
    expect(result.kind).toBe("mentions");
    const shown = texts(result);
    expect(shown).toContain("signed a patent license agreement with Pellucid Devices Ltd.");
    expect(shown).toContain("20 cents for each sensor");
    expect(shown).toContain("runs until December 31, 2031");
    // A royalty someone else pays is not this deal's, though it would add a rate and a term.
    expect(shown).not.toContain("1.5%");
    for (const quote of quotesOf(result))
      expect(quoteViolations(quote, engine.data.articles)).toEqual([]);
  });

  it("quotes terms told in words: what is paid for, and that the amounts were not disclosed", () => {
    const shown = texts(engine.findDeals("Okavi Appliances", "Strathmoor"));
    expect(shown).toContain("a payment for past sales and an ongoing royalty");
  });

  it("quotes a per-unit royalty and a cap on the total, though both are sums", () => {
    const shown = texts(engine.findDeals("Brindmoor", "Velloran"));
    expect(shown).toContain("22 cents for each hearing aid");
    expect(shown).toContain("capped at $3.4 million");
    expect(shown).toContain("one-time payment");
  });

  it("reports an existing licence that is 'not affected', which denies nothing", () => {
    const result = engine.findDeals("Ostrava Beacons", "Strathmoor");
    expect(result.kind).toBe("mentions");
    expect(texts(result)).toContain("royalty of 2%");
    // Nor does a sentence saying the amounts were not disclosed deny the deal it gives terms of.
    expect(texts(engine.findDeals("Okavi", "Strathmoor"))).toContain("did not disclose");
  });

  it("gives a sentence going on about the company named before it ('Its best-known licence') to that company", () => {
    expect(engine.findDeals("Kestrom Modules", "Oxby Metering").kind).toBe("none");
    expect(engine.findDeals("Solmark Cellular", "Oxby Metering").kind).toBe("mentions");
  });

  it("finds no deal between bidders for the same patents, and no denial either", () => {
    const result = engine.findDeals("Strathmoor", "Pellworth IP Holdings");
    expect(result.kind).toBe("none");
    expect(result.kind === "none" && result.denials).toEqual([]);
  });

  it("links a member to a pool named in the lead, with the pool's terms", () => {
    const result = engine.findDeals("Birch & Stone Power", "Servolink");
    expect(result.kind).toBe("mentions");
    const shown = texts(result);
    expect(shown).toContain("The new licensees are Danish firm Tindra");
    expect(shown).toContain("$9 for each large robot");
  });

  it("finds the deal through typos on both sides", () => {
    const result = engine.findDeals("movelo robotcs", "quorvan");
    expect(result.kind).toBe("mentions");
    if (result.kind !== "mentions") return;
    expect(result.company.name).toBe("Movello Robotics");
    expect(result.other?.name).toBe("Quorvane Licensing Group");
  });

  it("quotes a refusal as no deal", () => {
    const result = engine.findDeals("Kelvara Systems", "Quorvane Licensing Group");
    expect(result.kind).toBe("none");
    expect(texts(result)).toContain("said it had no plans to join");
    expect(renderDealText(result, { color: false })).toMatch(/^No deal between/);
  });

  it("takes an offer for no deal, and its refusal for a denial", () => {
    const refused = engine.findDeals("Ostmere Cameras", "Trelling Optics");
    expect(refused.kind).toBe("none");
    expect(texts(refused)).toContain("Ostmere turned it down");
    expect(renderDealText(refused, { color: false })).toMatch(/the articles say there is none/);
    const open = engine.findDeals("Pelloway Imaging", "Trelling Optics");
    expect(open.kind).toBe("none");
    expect(renderDealText(open, { color: false })).not.toMatch(/there is none/);
    expect(engine.findDeals("Caddow Vision", "Trelling Optics").kind).toBe("mentions");
  });

  it("takes a deal someone else reported, then denied by a party, for a denied report", () => {
    const result = engine.findDeals("Fennick Gears", "Trelling Optics");
    expect(result).toMatchObject({ kind: "none", reportDenied: true });
    expect(texts(result)).toContain("has not signed any agreement with Trelling Optics");
  });

  it("two items of one list, paid by a third company, have no deal with each other", () => {
    const result = engine.findDeals("Lumeo", "Vantrix Mobile");
    expect(result.kind).toBe("none");
    expect(texts(result)).toContain("including Lumeo and Vantrix Mobile");
  });

  it("so are members of one list of licensees", () => {
    expect(engine.findDeals("Tindra", "Movello Robotics").kind).toBe("none");
  });

  it("but a deal between two named companies is one", () => {
    const result = engine.findDeals("Lumeo", "Corbel Audio");
    expect(result.kind).toBe("mentions");
    expect(texts(result)).toContain("between Lumeo and Corbel Audio");
  });

  it("a technology the deal covers is no third company", () => {
    const result = engine.findDeals("Halvorn Systems", "Pyxeta Media");
    expect(result.kind).toBe("mentions");
    expect(texts(result)).toContain("cross-licence agreement covering Wi-Fi 6");
    // Licensors in one pool are still one side: the pool, named after "through", is the third.
    expect(engine.findDeals("Tarrow Devices", "Brisk Labs").kind).toBe("none");
  });

  it("two companies that each dealt with a third, in clauses of their own, have no deal", () => {
    const result = engine.findDeals("Maltby Radio", "Oriel Devices");
    expect(result.kind).toBe("none");
    if (result.kind !== "none") return;
    expect(texts(result)).toContain("bought 300 patents from Maltby Radio, and in July");
    expect(texts(result)).toContain("Some of those patents came from the portfolio Corvex bought");
    // Named together in deal news, yet neither sentence denies a deal between the two.
    expect(result.denials).toEqual([]);
    expect(engine.findDeals("Corvex Labs", "Oriel Devices").kind).toBe("mentions");
  });

  it("quotes a payment one party makes as a term, in whatever words", () => {
    const result = engine.findDeals("Halvorn Systems", "Pyxeta Media");
    expect(texts(result)).toContain("Pyxeta will hand Halvorn a balancing payment of $12 million");
  });

  it("/ask: no deal between two companies typed in lower case, both English words", () => {
    // "pellucid" and "corbel" are English words; the articles write them capitalised as names.
    expect(engine.answer("did pellucid and corbel sign anything")).toMatchObject({
      kind: "abstain",
      noDeal: ["Pellucid Devices Ltd.", "Corbel Audio"],
    });
  });

  it("a deal 'between' two others is no loose link for a company the article leads with", () => {
    expect(engine.findDeals("Pellucid Devices", "Corbel Audio").kind).toBe("none");
  });

  it("/ask: a company known only from text has its deals listed as /deal finds them", () => {
    const result = engine.answer("list quarnby's deals");
    expect(result.kind).toBe("answer");
    if (result.kind !== "answer") return;
    expect(result.quotes.map((q) => q.text).join("\n")).toContain("agreed $40 million purchase");
  });

  it("reports a deal agreed and then called off, which a denial is not", () => {
    const result = engine.findDeals("Quarnby Systems", "Trellis Robotics");
    expect(result.kind).toBe("mentions");
    expect(texts(result)).toContain("would not complete its agreed $40 million purchase");
  });

  it("keeps a denial in a deal's words apart, for /ask to quote", () => {
    const result = engine.findDeals("Nadir Audio", "Quorvane Licensing Group");
    // Told twice, and each time quoted; not the report itself, nor a denial of something else.
    expect(result.kind === "none" && result.denials.map((q) => q.text)).toEqual([
      expect.stringContaining("denied a report that it had signed a patent licence"),
      expect.stringContaining("has not signed any licence with Quorvane"),
    ]);
    expect(result.kind === "none" && result.reportDenied).toBe(true);
    const answer = engine.answer("did nadir audio sign a licence with quorvane?");
    expect(answer.kind).toBe("answer");
  });

  it("a company named only as a source is no party", () => {
    expect(engine.findDeals("Ardentis", "Glimmerpost").kind).toBe("none");
  });
});

describe("one company's deals in text", () => {
  it("lists each counterpart once, with the list of licensees after the lead", () => {
    const result = engine.findDeals("Quorvane Licensing Group");
    expect(result.kind).toBe("mentions");
    const shown = texts(result);
    for (const name of ["Servolink", "Tindra", "Movello Robotics", "Birch & Stone Power"])
      expect(shown).toContain(name);
    // A refusal is no deal, and the pool is shown once though many sentences name it.
    expect(shown).not.toContain("Kelvara");
    expect(shown.match(/Servolink/g)).toHaveLength(1);
  });

  it("a company that joined neither pool has no deal with it", () => {
    const result = engine.findDeals("Druvane Robotics", "Servolink");
    expect(result.kind).toBe("none");
    // Ruled out, not a reported deal denied.
    expect(result.kind === "none" && result.reportDenied).toBe(false);
  });

  it("a company that only refused a deal has none", () => {
    const result = engine.findDeals("Kelvara");
    expect(result.kind).toBe("none");
    expect(texts(result)).toContain("no plans to join");
  });
});
