import type { Article } from "../corpus/article.js";
import { analyze, isStopword, normalize } from "../text/analyze.js";
import type { Span } from "../text/sentences.js";
import type { EngineData } from "./engine.js";
import { nameMatcher, quoteOf } from "./quotes.js";
import { UNDISCLOSED, UNIT_PRICE } from "./snippets.js";
import { CALENDAR, findNames, type NameForm, type TextWord, textWords } from "./text-names.js";
import type { CompanyRef, Quote } from "./types.js";

/**
 * Deals that article text reports and no record holds: for two companies, the sentence that
 * links them and those stating the deal's terms; for one, the sentences naming whom it deals
 * with. Other companies are recognised as proper nouns in each sentence, so companies that no
 * list holds count too.
 */

/** A company as `/deal` looks for it in text. */
export interface Party {
  ref: CompanyRef;
  forms: NameForm[];
  /** The names to mark in quotes. */
  highlight: string[];
  /** Passages that name the company, in order. */
  passages: ArrayLike<number>;
}

export interface TextDeals {
  /** Sentences reporting a deal, each article's followed by those stating its terms. */
  reported: Quote[];
  /** Sentences naming the parties, though not as a deal. */
  coMentions: Quote[];
  /** Of those, the ones linking the two in a deal's words to deny it ("denied it had signed"). */
  denials: Quote[];
}

/** Indexes [from, to) of words in a sentence, or of sentences in an article. */
interface Range {
  from: number;
  to: number;
}

interface NameRun extends Range {
  /** The first word, folded: "Invarra" and "Invarra Photonics" are one name. */
  key: string;
}

interface Sentence {
  span: Span;
  /** Which of the article's story paragraphs it is in. */
  paragraph: number;
  text: string;
  words: TextWord[];
  /** Per party, where the sentence names it. */
  mentions: Range[][];
  /** Per party, whether the sentence names it only as a source ("according to Harwick"). */
  cited: boolean[];
  /** Runs of capitalised words besides the parties' names. */
  runs: NameRun[];
  /** Curated companies it names that are not parties. */
  others: string[];
}

interface ArticleText {
  article: Article;
  sentences: Sentence[];
  /** Names standing mid-sentence in two sentences or more: who the article is about. */
  salient: Set<string>;
  /** Names the article uses after "in": places ("in Osaka"), not counterparts. */
  places: Set<string>;
}

// Articles read for one look-up, at most: a popular pair can share hundreds. One company's
// deals are drawn from fewer: each article read gives one quote or more.
const MAX_ARTICLES = 12;
const MAX_COMPANY_ARTICLES = 6;
// Articles whose link to the pair is quoted, and quotes about one company, at most.
const MAX_LINKED = 5;
const MAX_COMPANY_QUOTES = 8;
const MAX_PER_ARTICLE = 4;

// "quoted from Bloomberg", "according to Reuters": a news source, not a party to the deal.
const SOURCE_CUE =
  /\b(?:according to|quoted (?:from|by|in)|reported by|cited by|citing|notes|told)\s+(?:the\s+)?$/i;
// "Dutch firm", "South Korean panel maker": a nationality qualifying a noun names no party.
const DEMONYM = /(?:an|ese|ish|ch|ic)$/;

function readArticle(data: EngineData, article: Article, parties: Party[]): ArticleText {
  const partyIds = new Set(parties.map((p) => p.ref.id));
  const sentences: Sentence[] = [];
  const midSentence = new Map<string, number>();
  const places = new Set<string>();
  let paragraph = 0;
  for (const p of article.paragraphs) {
    if (p.kind !== "text") continue;
    for (const span of data.paragraphSentences(article, p)) {
      const text = article.text.slice(span.start, span.end);
      const words = textWords(text);
      const mentions = parties.map((party) => findNames(words, party.forms));
      const cited = mentions.map(
        (list) =>
          list.length > 0 &&
          list.every((m) => SOURCE_CUE.test(text.slice(0, words[m.from]?.start ?? 0))),
      );
      const taken = (i: number) => mentions.some((list) => list.some((m) => within(m, i)));
      const runs = nameRuns(words, taken);
      // Mid-sentence, possessive or of several words, a capitalised run is a name.
      const sure = runs.filter((r) => r.from > 0 || r.to - r.from > 1 || words[r.from]?.possessive);
      for (const key of new Set(sure.map((r) => r.key)))
        midSentence.set(key, (midSentence.get(key) ?? 0) + 1);
      for (const r of runs) if (words[r.from - 1]?.folded === "in") places.add(r.key);
      const others = data.directory
        .mentionedInWords(words.map((w) => w.folded))
        .filter((id) => !partyIds.has(id));
      sentences.push({ span, paragraph, text, words, mentions, cited, runs, others });
    }
    paragraph++;
  }
  const salient = new Set([...midSentence].filter(([, n]) => n >= 2).map(([key]) => key));
  return { article, sentences, salient, places };
}

function within(range: Range, i: number): boolean {
  return range.from <= i && i < range.to;
}

function named(s: Sentence | undefined, party: number): boolean {
  return (s?.mentions[party]?.length ?? 0) > 0;
}

/**
 * Runs of capitalised words that may name someone: not dates, nationalities ("Dutch firm") or
 * short acronyms ("AC", "EV"); leading stopwords ("The") dropped.
 */
function nameRuns(words: TextWord[], taken: (i: number) => boolean): NameRun[] {
  const runs: NameRun[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!words[i]?.capital || taken(i)) continue;
    let to = i + 1;
    while (words[to]?.capital && words[to]?.joined && !words[to - 1]?.possessive && !taken(to))
      to++;
    let from = i;
    i = to - 1;
    while (from < to && isStopword(words[from]?.folded ?? "")) from++;
    if (from >= to) continue;
    const run = words.slice(from, to);
    const last = run.at(-1) as TextWord;
    if (run.every((w) => CALENDAR.has(w.folded))) continue;
    if (DEMONYM.test(last.folded) && !last.possessive && words[to] && !words[to]?.capital) continue;
    if (run.length === 1 && last.acronym && last.folded.length <= 3) continue;
    runs.push({ from, to, key: (run[0] as TextWord).folded });
  }
  return runs;
}

/**
 * The runs that name someone: a lone capitalised word opening the sentence ("Separately",
 * "Analysts") only when the article also uses it mid-sentence.
 */
function namesIn(text: ArticleText, s: Sentence): NameRun[] {
  return s.runs.filter(
    (r) =>
      r.from > 0 || r.to - r.from > 1 || s.words[r.from]?.possessive || text.salient.has(r.key),
  );
}

/**
 * The list a name stands in ("Dutch firm Voltigen, Spain's Pylonic Charge and Austria's
 * Ampfeld"): the capitalised words and "and"/"or" around it, joined by spaces or commas only.
 */
function listAround(s: Sentence, range: Range): Range {
  const inList = (i: number) => {
    const w = s.words[i];
    return !!w && (w.capital || w.folded === "and" || w.folded === "or");
  };
  const gapOk = (i: number) => {
    const a = s.words[i];
    const b = s.words[i + 1];
    return !!a && !!b && /^[\s,&/]*$/.test(s.text.slice(a.end, b.start));
  };
  let from = range.from;
  while (from > 0 && inList(from - 1) && gapOk(from - 1)) from--;
  let to = range.to;
  while (to < s.words.length && inList(to) && gapOk(to - 1)) to++;
  const connector = (i: number) => s.words[i]?.folded === "and" || s.words[i]?.folded === "or";
  while (from < range.from && connector(from)) from++;
  while (to > range.to && connector(to - 1)) to--;
  return { from, to };
}

/**
 * Names outside `range` (all of them, by default) that the article is about and `keep` lets
 * through, and curated companies: someone besides the parties.
 */
function othersOutside(
  text: ArticleText,
  s: Sentence,
  range: Range = { from: 0, to: 0 },
  keep: (r: NameRun) => boolean = () => true,
): string[] {
  const names = namesIn(text, s).filter(
    (r) => text.salient.has(r.key) && (r.to <= range.from || r.from >= range.to) && keep(r),
  );
  return [...names.map((r) => r.key), ...s.others];
}

// Words bringing in what a deal is about: "a cross-licence covering Wi-Fi 6", "their dispute
// over Qi wireless charging".
const SCOPE = new Set([
  "covering",
  "cover",
  "covers",
  "over",
  "concerning",
  "regarding",
  "involving",
]);
// A preposition opens another phrase, which may bring in a counterpart: "licences with Nokia",
// "royalties from Apple", "talks in Munich".
const PREPOSITION = new Set(
  "with from to by through against of for as than in at on under into between among via after before since during".split(
    " ",
  ),
);
const PATENTS = new Set(["patent", "patents", "portfolio", "portfolios"]);

/**
 * Whether the run names what the deal covers, not someone in it (as a technology's name reads
 * like a company's): it stands after "covering" or "over" in one phrase, or qualifies the
 * parties' own patents ("access to the other's C-V2X patents", "license their HEVC patents").
 * A possessive ("covering Nokia's patents") names an owner, who may be a party.
 */
function namesSubject(s: Sentence, run: Range): boolean {
  if (s.words[run.to - 1]?.possessive) return false;
  // Consecutive words of one phrase: only spaces or parentheses ("Wi-Fi 6 (802.11ax)") between.
  const joined = (i: number) => {
    const a = s.words[i];
    const b = s.words[i + 1];
    return !!a && !!b && /^[\s()]*$/.test(s.text.slice(a.end, b.start));
  };
  const patentsAfter = () => {
    for (let i = run.to; joined(i - 1); i++) {
      const w = s.words[i] as TextWord;
      if (PATENTS.has(w.folded)) return true;
      if (PREPOSITION.has(w.folded)) return false;
    }
    return false;
  };
  for (let i = run.from - 1; i >= 0 && joined(i); i--) {
    const w = s.words[i] as TextWord;
    if (SCOPE.has(w.folded)) return true;
    // "their", "its", "the other's", "each other's": the parties' own.
    if (w.folded === "their" || w.folded === "its" || (w.folded === "other" && w.possessive))
      return patentsAfter();
    if (PREPOSITION.has(w.folded)) return false;
  }
  return false;
}

/**
 * Whether the sentence names both parties as items of one list, on the same side of a deal
 * with someone else: "royalties from … brands, including Apple and Samsung". A list of three
 * or more ("The new licensees are A, B, C and D") is always one side; a pair only when the
 * sentence names a third company; "between A and B" never.
 */
function sameSide(text: ArticleText, s: Sentence): boolean {
  const [a, b] = s.mentions;
  const first = a?.[0];
  const second = b?.[0];
  if (!first || !second) return false;
  const list = listAround(s, first);
  if (!within(list, second.from)) return false;
  if (s.words[list.from - 1]?.folded === "between") return false;
  // Items: the parties and the names in the list, less possessive qualifiers ("Spain's").
  const items =
    2 +
    namesIn(text, s).filter((r) => {
      const qualifier = s.words[r.to - 1]?.possessive && s.words[r.to]?.joined;
      return r.from >= list.from && r.to <= list.to && !qualifier;
    }).length;
  // A technology is no third company: "A and B have signed a cross-licence covering Wi-Fi 6".
  return items >= 3 || othersOutside(text, s, list, (r) => !namesSubject(s, r)).length > 0;
}

/**
 * Whether each party is someone else's counterpart in a clause of its own: "In May it bought 312
 * patents from Tessaly, and in July it settled its dispute with Norrgate". Both names follow a
 * preposition and a clause break stands between them, so the deals are a third company's.
 */
function separateClauses(s: Sentence): boolean {
  const [first, second] = [s.mentions[0]?.[0], s.mentions[1]?.[0]].sort(
    (x, y) => (x?.from ?? 0) - (y?.from ?? 0),
  );
  if (!first || !second) return false;
  const objectOf = (r: Range) => {
    const before = s.words[r.from - 1]?.folded ?? "";
    return PREPOSITION.has(before) && before !== "between";
  };
  if (!objectOf(first) || !objectOf(second)) return false;
  const end = s.words[first.to - 1]?.end ?? 0;
  const start = s.words[second.from]?.start ?? 0;
  return CLAUSE_BREAK.test(s.text.slice(end, start));
}
const CLAUSE_BREAK = /;|,\s*(?:and|but|while|whereas|then)\b/i;

/**
 * Whether two neighbouring sentences, one naming each party, both name the same third company:
 * "Velmont had accused Norrgate … Some of those patents came from the portfolio Velmont bought
 * from Tessaly" tells of Velmont's dealings with each, not of one between the two.
 */
function thirdInBoth(text: ArticleText, window: Sentence[]): boolean {
  const [s, next] = window as [Sentence, Sentence];
  const later = new Set(othersOutside(text, next));
  return othersOutside(text, s).some((key) => later.has(key));
}

// Stems of the words deal news uses for the deal itself; "sales" or "cooperation" alone
// are as likely to be about something else.
const DEAL_TERMS = new Set([
  "agreement",
  "licens",
  "cross-licens",
  // "licensee(s)"
  "license",
  "licensor",
  "patent",
  "settl",
  "royalti",
  "pool",
  "disput",
  "infring",
  // "sue" and "sued"
  "sue",
  "su",
]);

// "this deal does not include HMD", "denied a report that it had signed": a denial is not a
// report. Neither is a sentence hedged with a "not" (a losing bidder that "would not commit"),
// but a deal that "is not affected" goes on, and one whose amounts "were not disclosed" was made.
const NEGATION =
  /\b(?:not|never|no|neither|nor|den(?:y|ies|ied))\b|n't\b|\b(?:stayed|stays|staying|kept|keeps) out\b/i;
const NOT_A_DENIAL = new RegExp(
  `\\b(?:is|are|was|were|be|remains?)\\s+not\\s+(?:affected|changed|impacted)\\b|${UNDISCLOSED.source}`,
  "gi",
);

// "Court filings identify one of the losing bidders as Pellham IP Holdings, a patent licensing
// firm": bidding against each other is no deal between them.
const RIVALS =
  /\b(?:outb(?:id|ids|idding)|losing bidders?|rival bids?|competing bids?|lost out to|underbid\w*)\b/i;

/** Whether a normalised text says "not" of something, other than a deal going on unaffected. */
function saysNot(normal: string): boolean {
  return NEGATION.test(normal.replace(NOT_A_DENIAL, ""));
}

export function speaksOfDeal(text: string): boolean {
  const normal = normalize(text);
  return (
    usesDealWords(text) &&
    !RIVALS.test(normal) &&
    (!saysNot(normal) || (!DENIAL.test(normal) && CALLED_OFF.test(normal)))
  );
}

// A deal agreed and then called off is still one the article reports ("would not complete its
// agreed $40 million purchase"), unlike one denied ("denied a report that it had signed").
const DENIAL =
  /\bden(?:y|ies|ied|ial)\b|\bno plans?\b|\bnever\b|\bno (?:deal|agreement|licen[cs]e)\b/i;
const CALLED_OFF =
  /\b(?:agreed|announced|planned|proposed|signed)\s+(?:[$€£]?[\d.,]+\s*(?:million|billion)?\s+)?(?:purchase|sale|acquisition|deal|licen[cs]e|agreement|takeover)\b|\b(?:terminat\w*|call(?:ed|s|ing)? off|abandon\w*|collaps\w*|f[ae]ll(?:s)? through|pull(?:ed|s|ing)? out|walk(?:ed|s|ing)? away|scrap(?:ped|s)?)\b/i;

// A deal someone else says was made: a newsletter, a newspaper, people familiar.
const THIRD_PARTY_REPORT =
  /\b(?:reported|reports) that\b|\baccording to (?:a|the) (?:report|newsletter|newspaper)\b/i;

// "Skarnholt had also approached Vallmark about a licence": an offer, not yet a deal (unless it
// was taken up: "offering licences …, and Brindle is the first to sign").
const OFFERED =
  /\b(?:approach(?:ed|es|ing)?|offer(?:ed|s|ing)?|courted|court(?:s|ing)|invit(?:ed|es|ing)|in talks|held talks|wrote to|written to)\b/i;
const TAKEN_UP = /\b(?:signed|signs|agreed|accepted|took|taken|joined|is the first to|became)\b/i;
// "Vallmark turned it down": the offer refused, the deal ruled out.
const TURNED_DOWN =
  /\b(?:turn(?:ed|s|ing)? (?:it|them|the (?:offer|approach|proposal)) down|turn(?:ed|s|ing)? down|reject(?:ed|s|ing)?|refus(?:ed|es|ing)|rebuff(?:ed|s)?)\b/i;

/**
 * Whether a denial is of a reported deal ("denied a newspaper report that it had signed"), or
 * is the report itself, quoted with the denial that follows it.
 */
export function deniesReport(text: string): boolean {
  const normal = normalize(text);
  return REPORT_DENIED.test(normal) || THIRD_PARTY_REPORT.test(normal);
}

const REPORT_DENIED =
  /\bden(?:y|ies|ied|ial)\b[^.]*\breport|\breport[^.]*\bden(?:y|ies|ied|ial)\b/i;

/**
 * Whether `text`, not reporting a deal, speaks of one in deal words: a denial. Bidding against
 * each other is neither.
 */
function deniesDeal(text: string): boolean {
  return usesDealWords(text) && !RIVALS.test(normalize(text));
}

/** Whether `text` uses deal news's words for a deal, affirmed or denied. */
function usesDealWords(text: string): boolean {
  return analyze(text).some((t) => DEAL_TERMS.has(t));
}

const FIGURE = /\d/;
// The facts a deal's terms are made of; a sentence is worth quoting for one not yet shown. Most
// are figures; what is paid for, the licence's reach and undisclosed terms are told in words.
const FACTS: Array<{ pattern: RegExp; weight: number; inWords?: true }> = [
  // A sum or a per-unit royalty: what a reader asks about first.
  {
    pattern: /[$€£¥]\s?\d|\b\d[\d.,]*\s?(?:million|billion|cents?|yen|euros?|dollars?|pounds?)\b/i,
    weight: 2,
  },
  // A rate per unit, apart from any sum: "22 cents for each hearing aid".
  { pattern: UNIT_PRICE, weight: 2 },
  // A limit on what is paid.
  { pattern: /\b(?:capped|caps?|ceiling|maximum|at most|limited to)\b/i, weight: 1 },
  // What is paid for: "a payment for past sales and an ongoing royalty".
  {
    pattern:
      /\b(?:past sales|ongoing royalt\w*|running royalt\w*|lump[- ]sum|one-time payment|upfront|back[- ]payment|balancing payment)\b/i,
    weight: 1,
    inWords: true,
  },
  // How far the licence reaches.
  { pattern: /\b(?:worldwide|global|non-exclusive|exclusive)\b/i, weight: 1, inWords: true },
  // Terms kept secret are a fact about them too.
  { pattern: UNDISCLOSED, weight: 1, inWords: true },
  // A rate.
  { pattern: /\d%|\bper ?cent\b/i, weight: 1 },
  // How long it runs, and when it ends.
  {
    pattern: /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?:years?|months?)\b/i,
    weight: 1,
  },
  { pattern: /\b(?:until|through|till|expir\w*|ends?)\b/i, weight: 1 },
  // When.
  {
    pattern:
      /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b(?:19|20)\d\d\b/i,
    weight: 1,
  },
  // How many patents (or licensees) it covers; not "$4.5 million per licensee".
  {
    pattern:
      /(?<![.\d])\b\d[\d,]*\s+(?:(?!million|billion|per\b)[a-z-]+\s+){0,2}(?:patents?|licensees?|licensors?|families|applications)\b/i,
    weight: 1,
  },
];

const MAX_TERMS = 4;
/** How many paragraphs past the one reporting the deal its terms are looked for in. */
const TERMS_PARAGRAPHS = 6;
/** Further sentences of an article quoted for a denial, after the first. */
const MORE_DENIALS = 2;

/** Words bringing in the other side of a deal: "a cross-licence with a competitor, X". */
const COUNTERPART = new Set(["with", "from", "between", "against"]);
const ESTIMATE = /\b(?:estimat(?:e|es|ed|ing)|analysts?|could reach|would bring)\b/i;
const PAYMENT = /\b(?:pay|pays|paid|paying|payments?|instal(?:l)?ments?)\b/i;

function factsOf(text: string): number[] {
  const figure = FIGURE.test(text);
  return FACTS.flatMap((f, i) => ((figure || f.inWords) && f.pattern.test(text) ? [i] : []));
}

/**
 * The sentences stating the deal's terms, after sentence `after` and within a few paragraphs:
 * about a deal, each adding a fact the quotes so far lack (an amount, how long it runs, a date,
 * a number of patents), and not about someone else the article names. At most `MAX_TERMS`, in
 * the article's order.
 */
function termsAfter(text: ArticleText, after: number, shown: string): number[] {
  const last = text.sentences[after];
  if (!last) return [];
  const covered = new Set(factsOf(shown));
  const candidates: Array<{ at: number; facts: number[] }> = [];
  // Once a sentence tells of a deal with someone new and neither party, the story has moved
  // on: a sentence naming no one after it is about them ("You also signed a cross-licence with
  // a competitor, Brenscombe Dynamics… The cross-licence runs for ten years"). Names from
  // before the deal's report are still its story.
  const before = new Set(
    text.sentences.slice(0, after + 1).flatMap((s) => namesIn(text, s).map((r) => r.key)),
  );
  const counterpartNew = (s: Sentence) =>
    namesIn(text, s).some(
      (r) =>
        !before.has(r.key) &&
        s.words.slice(Math.max(0, r.from - 4), r.from).some((w) => COUNTERPART.has(w.folded)),
    );
  let movedOn = false;
  text.sentences.forEach((s, at) => {
    if (at <= after || s.paragraph > last.paragraph + TERMS_PARAGRAPHS) return;
    const named = s.mentions.some((m) => m.length > 0);
    if (!named && speaksOfDeal(s.text) && counterpartNew(s)) movedOn = true;
    if (!named && (othersOutside(text, s).length > 0 || movedOn)) return;
    // A payment is a term of the deal, in whatever words, when a party makes it or the story
    // is still on the deal ("That one is fully paid up: we made a single payment of €4.2
    // million").
    if (!speaksOfDeal(s.text) && !PAYMENT.test(s.text)) return;
    // What an analyst estimates the deal will bring is no term of it.
    if (ESTIMATE.test(s.text)) return;
    const facts = factsOf(s.text);
    if (facts.length === 0) return;
    candidates.push({ at, facts });
  });
  // Greedily, the sentence adding most; on a tie the nearest to the link, likeliest about it.
  const picked: number[] = [];
  while (picked.length < MAX_TERMS) {
    let best: { at: number; gain: number } | undefined;
    for (const c of candidates) {
      const gain = c.facts
        .filter((f) => !covered.has(f))
        .reduce((sum, f) => sum + (FACTS[f]?.weight ?? 0), 0);
      if (gain > (best?.gain ?? 0)) best = { at: c.at, gain };
    }
    if (!best) break;
    picked.push(best.at);
    for (const f of factsOf(text.sentences[best.at]?.text ?? "")) covered.add(f);
  }
  return picked.sort((x, y) => x - y);
}

/** Whether the article names party `p` only as a news source ("notes Bloomberg"). */
function citedOnly(text: ArticleText, p: number): boolean {
  return text.sentences.every((s) => s.cited[p] || !named(s, p));
}

/** The articles naming both parties, in the first party's order, at most `MAX_ARTICLES`. */
function sharedArticles(data: EngineData, a: Party, b: Party): Article[] {
  const store = data.passages;
  const ofB = new Set<number>();
  for (let i = 0; i < b.passages.length; i++) ofB.add(store.articleOf(b.passages[i] as number));
  const out: Article[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < a.passages.length && out.length < MAX_ARTICLES; i++) {
    const number = store.articleOf(a.passages[i] as number);
    if (seen.has(number) || !ofB.has(number)) continue;
    seen.add(number);
    const article = data.corpus.articles[number];
    if (article) out.push(article);
  }
  return out;
}

/** The articles naming the party, in order, at most `MAX_COMPANY_ARTICLES`. */
function articlesOf(data: EngineData, a: Party): Article[] {
  const out: Article[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < a.passages.length && out.length < MAX_COMPANY_ARTICLES; i++) {
    const number = data.passages.articleOf(a.passages[i] as number);
    if (seen.has(number)) continue;
    seen.add(number);
    const article = data.corpus.articles[number];
    if (article) out.push(article);
  }
  return out;
}

/**
 * Where the article links the two parties: the first sentence naming both, else the first two
 * neighbouring sentences of a paragraph that do. A range of sentence indexes.
 */
function linkOf(text: ArticleText): Range | undefined {
  const { sentences } = text;
  const single = sentences.findIndex((s) => named(s, 0) && named(s, 1));
  if (single >= 0) return { from: single, to: single + 1 };
  for (let i = 0; i + 1 < sentences.length; i++) {
    const s = sentences[i];
    const next = sentences[i + 1];
    if (s?.paragraph !== next?.paragraph) continue;
    if ((named(s, 0) || named(next, 0)) && (named(s, 1) || named(next, 1)))
      return { from: i, to: i + 2 };
  }
  return undefined;
}

/**
 * For an article that names both parties but never together: the first sentence about the
 * one it names less, when the article leads with the other ("Four charger makers have signed
 * with the ChargeLink pool …" then "The new licensees are … Cedar & Lowe Energy …"; or
 * "Tamsin EV … said it had no plans to join."), and that sentence names nobody else the
 * article is about. Returns the lead sentence and that one.
 */
const PRONOUN_LED = /^\W*(?:It|Its|The company(?:'s)?|The group(?:'s)?|The firm(?:'s)?)\b/;

function looseLink(text: ArticleText): { lead: number; at: number } | undefined {
  const { sentences } = text;
  const count = (p: number) => sentences.filter((s) => named(s, p)).length;
  const major = count(0) >= count(1) ? 0 : 1;
  const minor = 1 - major;
  const lead = sentences.findIndex((s) => s.paragraph === 0 && named(s, major));
  const at = sentences.findIndex((s) => named(s, minor));
  const s = sentences[at];
  const mention = s?.mentions[minor]?.[0];
  if (lead < 0 || !s || !mention) return undefined;
  const list = listAround(s, mention);
  // "A licensing deal between Lumeo and Corbel Audio": the deal is the two's own.
  if (s.words[list.from - 1]?.folded === "between") return undefined;
  if (othersOutside(text, s, list).length > 0) return undefined;
  // "Solvane holds 3,400 patent families. The company … Its best-known licence is with Oxholm":
  // a sentence going on about the company last named before it is that company's.
  if (PRONOUN_LED.test(s.text)) {
    let j = at - 1;
    const namesSomeone = (t: Sentence) => named(t, major) || othersOutside(text, t).length > 0;
    while (
      j > 0 &&
      sentences[j]?.paragraph === s.paragraph &&
      !namesSomeone(sentences[j] as Sentence)
    )
      j--;
    const before = sentences[j];
    if (before && before.paragraph === s.paragraph && !named(before, major) && namesSomeone(before))
      return undefined;
  }
  return { lead, at };
}

/** What article text says of a deal between `a` and `b`. */
export function pairDeals(data: EngineData, a: Party, b: Party): TextDeals {
  const isHit = nameMatcher([...a.highlight, ...b.highlight]);
  const reported: Quote[] = [];
  const coMentions: Quote[] = [];
  const denials: Quote[] = [];
  const unlinked: ArticleText[] = [];
  let linked = 0;
  for (const article of sharedArticles(data, a, b)) {
    if (linked >= MAX_LINKED) break;
    const text = readArticle(data, article, [a, b]);
    const quote = (from: number, to = from + 1) =>
      quoteOf(
        article,
        {
          start: (text.sentences[from] as Sentence).span.start,
          end: (text.sentences[to - 1] as Sentence).span.end,
        },
        isHit,
        data.paragraphSentences,
      );
    const link = linkOf(text);
    if (!link) {
      unlinked.push(text);
      continue;
    }
    linked++;
    const window = text.sentences.slice(link.from, link.to);
    const shown = window.map((s) => s.text).join(" ");
    const single = window.length === 1 && window[0];
    // Named as a source, on one side of someone else's deal, or each in a deal of its own.
    const apart =
      citedOnly(text, 0) ||
      citedOnly(text, 1) ||
      (single && (sameSide(text, single) || separateClauses(single))) ||
      (window.length === 2 && thirdInBoth(text, window));
    const offered = OFFERED.test(shown) && !TAKEN_UP.test(shown);
    // "Velo Ledger reported that Hokuzan had agreed to take a Sablewick licence", then
    // "Hokuzan has not signed any agreement with Sablewick": a report the parties deny.
    const denialsAfter = () =>
      text.sentences
        .map((s, at) => ({ s, at }))
        .filter(
          ({ s, at }) =>
            at >= link.to &&
            named(s, 0) &&
            named(s, 1) &&
            deniesDeal(s.text) &&
            saysNot(normalize(s.text)),
        )
        .slice(0, MORE_DENIALS)
        .map(({ at }) => quote(at));
    const refuted = !apart && THIRD_PARTY_REPORT.test(shown) ? denialsAfter() : [];
    if (refuted.length > 0) {
      const report = quote(link.from, link.to);
      coMentions.push(report, ...refuted);
      denials.push(report, ...refuted);
    } else if (!apart && !offered && speaksOfDeal(shown)) {
      reported.push(
        quote(link.from, link.to),
        ...termsAfter(text, link.to - 1, shown).map((at) => quote(at)),
      );
    } else {
      const q = quote(link.from, link.to);
      coMentions.push(q);
      // The offer's answer follows it: "Vallmark turned it down, saying…".
      const answer = text.sentences[link.to];
      const refused =
        offered &&
        answer !== undefined &&
        answer.paragraph === window.at(-1)?.paragraph &&
        TURNED_DOWN.test(answer.text);
      if (refused) {
        coMentions.push(quote(link.to));
        denials.push(q, quote(link.to));
      } else if (!apart && !offered && deniesDeal(shown)) {
        denials.push(q);
        // A denial is often told twice: "denied a report …", then the spokesperson's own "has
        // not signed any licence agreement with Invarra"; each naming both is quoted.
        const more = denialsAfter();
        coMentions.push(...more);
        denials.push(...more);
      }
    }
  }
  // Named in one article but never together: weaker, so only when nothing links them closer.
  if (linked > 0) return { reported, coMentions, denials };
  for (const text of unlinked) {
    const loose = looseLink(text);
    if (!loose) continue;
    const quote = (at: number) =>
      quoteOf(text.article, (text.sentences[at] as Sentence).span, isHit, data.paragraphSentences);
    const sentence = text.sentences[loose.at] as Sentence;
    const lead = text.sentences[loose.lead] as Sentence;
    if (speaksOfDeal(sentence.text)) {
      const context = loose.lead < loose.at && speaksOfDeal(lead.text) ? [loose.lead] : [];
      reported.push(
        ...[...context, loose.at].map(quote),
        ...termsAfter(text, loose.at, `${lead.text} ${sentence.text}`).map(quote),
      );
    } else {
      coMentions.push(quote(loose.at));
      if (deniesDeal(sentence.text)) denials.push(quote(loose.at));
    }
  }
  return { reported, coMentions, denials };
}

/**
 * What article text says of one company's deals: sentences about a deal that name it (or
 * follow one that does: "The new licensees are …") and name someone an earlier quote from the
 * article did not, so each counterpart is shown once. Sentences naming the company come first;
 * every article gets its first pick before any gets a second.
 */
export function companyDeals(data: EngineData, a: Party): TextDeals {
  const isHit = nameMatcher(a.highlight);
  const names = (s: Sentence | undefined) => named(s, 0);
  const perArticle: Array<{ article: Article; picked: Sentence[]; first?: Sentence }> = [];
  for (const article of articlesOf(data, a)) {
    const text = readArticle(data, article, [a]);
    const cited = citedOnly(text, 0);
    const candidates: Array<{ at: number; keys: string[]; direct: boolean }> = [];
    text.sentences.forEach((s, at) => {
      const direct = names(s) && !cited;
      if (!direct && !names(text.sentences[at - 1])) return;
      if (!speaksOfDeal(s.text)) return;
      const runs = namesIn(text, s).filter((r) => !text.places.has(r.key));
      // A sentence that does not name the company counts only as a list of its counterparts
      // ("The new licensees are A, B and C"), not when someone else acts in it.
      const list = runs[0] && listAround(s, runs[0]);
      const isList =
        list && runs.length >= 2 && runs.every((r) => r.from >= list.from && r.to <= list.to);
      if (!direct && !isList) return;
      const keys = [...runs.map((r) => r.key), ...s.others];
      if (keys.length > 0) candidates.push({ at, keys, direct });
    });
    const seen = new Set<string>();
    const picked: number[] = [];
    for (const c of [
      ...candidates.filter((c) => c.direct),
      ...candidates.filter((c) => !c.direct),
    ]) {
      if (picked.length >= MAX_PER_ARTICLE) break;
      const fresh = c.keys.filter((k) => !seen.has(k));
      if (fresh.length === 0) continue;
      for (const k of fresh) seen.add(k);
      picked.push(c.at);
    }
    perArticle.push({
      article,
      picked: picked.map((at) => text.sentences[at] as Sentence),
      first: text.sentences.find((s) => names(s)),
    });
  }
  const quote = (article: Article, s: Sentence) =>
    quoteOf(article, s.span, isHit, data.paragraphSentences);
  // Round by round, the articles' picks in order, until the quotes run out or fill the reply.
  const kept = perArticle.map(() => 0);
  let total = 0;
  for (let round = 0; round < MAX_PER_ARTICLE && total < MAX_COMPANY_QUOTES; round++) {
    perArticle.forEach(({ picked }, i) => {
      if (round < picked.length && total < MAX_COMPANY_QUOTES) {
        kept[i] = round + 1;
        total++;
      }
    });
  }
  if (total > 0) {
    const reported = perArticle.flatMap(({ article, picked }, i) =>
      picked
        .slice(0, kept[i])
        .sort((x, y) => x.span.start - y.span.start)
        .map((s) => quote(article, s)),
    );
    return { reported, coMentions: [], denials: [] };
  }
  const coMentions = perArticle.flatMap(({ article, first }) =>
    first ? [quote(article, first)] : [],
  );
  return { reported: [], coMentions: coMentions.slice(0, 3), denials: [] };
}
