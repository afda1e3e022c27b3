import type { DealKind } from "../corpus/schemas.js";
import { analyze, isStopword, normalize, wordSpans } from "../text/analyze.js";
import { type Citation, type DealRef, dealRef, type Stance } from "./citations.js";
import { nameWords } from "./companies.js";
import type { Engine, EngineData } from "./engine.js";
import { overlaps } from "./quotes.js";
import type { DealView, Quote } from "./types.js";

/**
 * "Find sources" on a chat message: what the message claims (companies, figures, kinds of deal),
 * and the quotes that support it, state a different figure, or are only related. Chat is casual
 * ("pretty sure huawei charges like 2.50 a phone lol"): names come lower-case and mistyped,
 * figures come without a currency, and most words are filler.
 *
 * A claim has a compact text form (`claimKey`) that a button can carry; the sources are always
 * found from the claim parsed back from that form, so a click re-runs exactly the same query.
 */

// ---- figures ------------------------------------------------------------------------------------

export type FigureKind = "money" | "number" | "percent" | "year";

export interface Figure {
  /** As shown to people: "$2.50 per device", "1500 patents", "2017". */
  text: string;
  value: number;
  kind: FigureKind;
  currency?: string;
  /** The thing counted or priced ("phone", "patents", "year"); its index term decides sameness. */
  unit?: string;
  /** "per device", "a year": a price or rate of something, not a count of it. */
  rate: boolean;
}

const MAGNITUDE: Record<string, { factor: number; key: string }> = {
  k: { factor: 1e3, key: "k" },
  thousand: { factor: 1e3, key: "k" },
  m: { factor: 1e6, key: "m" },
  mn: { factor: 1e6, key: "m" },
  million: { factor: 1e6, key: "m" },
  b: { factor: 1e9, key: "b" },
  bn: { factor: 1e9, key: "b" },
  billion: { factor: 1e9, key: "b" },
  trillion: { factor: 1e12, key: "t" },
};
const MAGNITUDE_SHOWN: Record<string, string> = {
  k: "k",
  m: " million",
  b: " billion",
  t: " trillion",
};
const KEY_FACTOR: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

const CURRENCY_WORD = /^\s*(dollars?|usd|bucks?|euros?|eur|pounds?|gbp|yen)(?![\p{L}\p{N}])/iu;
const CURRENCY_OF: Record<string, string> = { e: "€", p: "£", g: "£", y: "¥" };

// A number with its currency sign, decimals, magnitude ("100k", "$1.2 billion") and percent.
// Not inside a word ("Q1", "5G", "FP4") or another number ("1.2.3").
const FIGURE =
  /(?<![\p{L}\p{N}.,$€£¥])([$€£¥])?\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s?(k|mn|m|bn|b|thousand|million|billion|trillion)(?![\p{L}\p{N}]))?(?![\p{L}\p{N}])(\s?%|\s?percent(?![\p{L}]))?/giu;

// What follows a figure: "per device", "a phone", "/unit", or the thing counted ("patents").
const UNIT = /^\s*(?:(per|a|an|each|every)\s+|(\/)\s*)?(\p{L}[\p{L}-]*)/iu;
const YEARLY = /^(?:annually|yearly|annual|annum)$/i;

/** Every figure in `text`, in order. */
export function parseFigures(text: string): Figure[] {
  const flat = normalize(text);
  const figures: Figure[] = [];
  for (const m of flat.matchAll(FIGURE)) {
    const [whole, sign, integer = "", decimals, magnitudeWord, percent] = m;
    const digits = integer.replace(/,/g, "");
    const magnitude = magnitudeWord ? MAGNITUDE[magnitudeWord.toLowerCase()] : undefined;
    let value = Number(`${digits}${decimals ? `.${decimals}` : ""}`) * (magnitude?.factor ?? 1);
    if (!Number.isFinite(value)) continue;
    let rest = flat.slice(m.index + whole.length);
    let currency = sign;
    const word = CURRENCY_WORD.exec(rest);
    if (!currency && word?.[1]) {
      currency = CURRENCY_OF[word[1].charAt(0).toLowerCase()] ?? "$";
      rest = rest.slice(word[0].length);
    }
    const isYear =
      !currency &&
      !magnitude &&
      !decimals &&
      !percent &&
      !integer.includes(",") &&
      /^(?:19|20)\d\d$/.test(digits);
    let unit: string | undefined;
    let rate = false;
    const u = isYear || percent ? null : UNIT.exec(rest);
    if (u?.[3]) {
      const noun = u[3].toLowerCase();
      if (YEARLY.test(noun)) {
        unit = "year";
        rate = true;
      } else if ((u[1] || u[2]) && !isStopword(noun)) {
        unit = noun;
        rate = true;
      } else if (!u[1] && !u[2] && !isStopword(noun) && noun.length >= 3 && !MAGNITUDE[noun]) {
        unit = noun;
      }
    }
    const kind: FigureKind = percent ? "percent" : isYear ? "year" : currency ? "money" : "number";
    if (kind === "percent") value = Number(`${digits}${decimals ? `.${decimals}` : ""}`);
    const numberText = `${integer}${decimals ? `.${decimals}` : ""}`;
    const text = figureText({
      currency,
      numberText,
      magnitudeKey: magnitude?.key,
      percent: Boolean(percent),
      unit,
      rate,
    });
    figures.push({
      text,
      value,
      kind,
      ...(currency ? { currency } : {}),
      ...(unit ? { unit } : {}),
      rate,
    });
  }
  return figures;
}

function figureText(parts: {
  currency: string | undefined;
  numberText: string;
  magnitudeKey: string | undefined;
  percent: boolean;
  unit: string | undefined;
  rate: boolean;
}): string {
  const magnitude = parts.magnitudeKey ? (MAGNITUDE_SHOWN[parts.magnitudeKey] ?? "") : "";
  const head = `${parts.currency ?? ""}${parts.numberText}${magnitude}${parts.percent ? "%" : ""}`;
  if (!parts.unit) return head;
  return parts.rate ? `${head} per ${parts.unit}` : `${head} ${parts.unit}`;
}

function unitTerm(unit: string | undefined): string | undefined {
  if (!unit) return undefined;
  if (YEARLY.test(unit)) return "year";
  return analyze(unit)[0] ?? unit;
}

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.005 * Math.max(Math.abs(a), Math.abs(b));
}

/** Can the two figures be about the same thing at all? */
function comparable(a: Figure, b: Figure): boolean {
  const numeric = (f: Figure) => f.kind === "money" || f.kind === "number";
  const kinds = a.kind === b.kind || (numeric(a) && numeric(b));
  if (!kinds) return false;
  if (a.currency && b.currency && a.currency !== b.currency) return false;
  if (a.unit && b.unit) return unitTerm(a.unit) === unitTerm(b.unit) && a.rate === b.rate;
  return true;
}

/**
 * A different value for the same thing: the same unit on both sides, or a unit on one side only
 * and the two within a factor of ten ("$3" against "$2.50 per device", not against "$1.2
 * billion"). Years differ only where the quote is about the claimed deal itself, since articles
 * date many other things.
 */
function contradicts(claim: Figure, source: Figure, aboutTheDeal: boolean): boolean {
  if (!comparable(claim, source) || sameValue(claim.value, source.value)) return false;
  if (claim.kind === "year") return aboutTheDeal;
  if (claim.unit && source.unit) return true;
  // A bare number in an article ("December 26") is no price; it takes a currency or a unit.
  if (!source.unit && source.kind !== "money") return false;
  const lo = Math.min(Math.abs(claim.value), Math.abs(source.value));
  const hi = Math.max(Math.abs(claim.value), Math.abs(source.value));
  return lo > 0 && hi / lo <= 10;
}

// ---- kinds of deal ----------------------------------------------------------------------------

/** Words in chat that name a kind of deal; "charges" and "fee" are how chat says royalty. */
const KIND_PATTERNS: Array<[DealKind, RegExp]> = [
  ["cross-license", /\bcross[- ]?licen[cs]/],
  ["license", /\b(?:licen[cs]\w*|royalt\w*|charg(?:e|es|ed|ing)|fees?|frand)\b/],
  ["extension", /\b(?:extend\w*|extension|renew\w*)\b/],
  [
    "patent-sale",
    /\b(?:sold|sells?|selling|bought|buys?|buying|purchas\w*|acquir\w*)\b[^.!?]{0,40}\bpatents?\b|\bpatents?\b[^.!?]{0,20}\b(?:sold|bought|purchased|acquired)\b/,
  ],
  ["acquisition", /\b(?:acquir\w*|acquisition|takeover|took over|merg\w*)\b/],
  ["settlement", /\b(?:settle\w*|lawsuits?|sued|sues?|suing|litigation|court)\b/],
  ["covenant-not-to-sue", /\bcovenant not to sue\b/],
  // Not any "pool": "the global intellectual property pool" is a figure of speech.
  [
    "pool-membership",
    /\b(?:patent|licen[cs]ing|royalty|codec|standards?) pools?\b|\bpool (?:members?|membership)\b/,
  ],
  ["business-cooperation", /\b(?:cooperat\w*|co-operat\w*|collaborat\w*|partner\w*)\b/],
];

/** Kinds of deal a record may have and still bear out a claimed kind: a cross-licence is a licence. */
const SATISFIED_BY: Record<DealKind, DealKind[]> = {
  "cross-license": ["cross-license"],
  license: ["license", "cross-license", "extension"],
  extension: ["extension"],
  "patent-sale": ["patent-sale"],
  acquisition: ["acquisition", "patent-sale"],
  settlement: ["settlement", "covenant-not-to-sue"],
  "covenant-not-to-sue": ["covenant-not-to-sue", "settlement"],
  "pool-membership": ["pool-membership"],
  "business-cooperation": ["business-cooperation"],
};

/** How each kind is searched for and shown. */
const KIND_WORD: Record<DealKind, string> = {
  "cross-license": "cross-licence",
  license: "licence",
  extension: "extension",
  "patent-sale": "patent sale",
  acquisition: "acquisition",
  settlement: "settlement",
  "covenant-not-to-sue": "covenant not to sue",
  "pool-membership": "patent pool",
  "business-cooperation": "cooperation",
};

function kindsIn(text: string): DealKind[] {
  const lower = normalize(text).toLowerCase();
  const kinds = KIND_PATTERNS.filter(([, re]) => re.test(lower)).map(([k]) => k);
  // "cross-licensing" also matches the licence pattern; the narrower kind says it all.
  return kinds.includes("cross-license") ? kinds.filter((k) => k !== "license") : kinds;
}

/** Words that make a message about deals even when it names no company. */
const DEAL_WORDS =
  /\b(?:patents?|deals?|agreements?|licen[cs]\w*|cross-licen\w*|royalt\w*|contracts?|pacts?|signed|settle\w*|lawsuits?|sued|acquir\w*|frand)\b/;

// ---- claims -----------------------------------------------------------------------------------

export interface Claim {
  /** Company ids, in order of mention (at most three). */
  companies: string[];
  figures: Figure[];
  kinds: DealKind[];
  /** Other words the corpus knows, lower-case, for the search. */
  words: string[];
}

const MAX_COMPANIES = 3;
const MAX_FIGURES = 3;
const MAX_WORDS = 8;
/** Long messages are read up to here: a claim worth checking is stated early. */
const MAX_MESSAGE_CHARS = 2_000;

// Ordinary words one typo away from a company name ("apply" / Apple).
const NOT_NAMES = new Set(["apply", "applet", "nokian", "sparks", "harmony"]);

interface NameForm {
  companyId: string;
  /** The name's words, lower-case, legal forms dropped. */
  words: string[];
  /** Names of one or two letters ("Mi") count only as written, capital and all. */
  exactCase?: string;
}

const formsCache = new WeakMap<EngineData, Map<string, NameForm[]>>();

/** Every name and alias by its first word, longest first, built once per engine. */
function nameForms(data: EngineData): Map<string, NameForm[]> {
  const cached = formsCache.get(data);
  if (cached) return cached;
  const byFirst = new Map<string, NameForm[]>();
  for (const company of data.corpus.companies) {
    for (const name of [company.name, ...company.aliases]) {
      const words = nameWords(name);
      const first = words[0];
      if (!first) continue;
      const form: NameForm = { companyId: company.id, words };
      if (words.join(" ").length < 3) form.exactCase = name.trim();
      byFirst.set(first, [...(byFirst.get(first) ?? []), form]);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  formsCache.set(data, byFirst);
  return byFirst;
}

/** Edit distance counting a swap of two neighbours as one edit ("huwaei", "nokai"). */
export function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      const row = d[i];
      if (row) row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The companies a chat message names, typos included. Multi-word names match exactly; a single
 * mistyped word matches a one-word name of five letters or more that starts with the same letter
 * and is one edit away (two from seven letters on), unless the word is one the corpus itself
 * uses for something else.
 */
export function companiesIn(data: EngineData, text: string): string[] {
  const forms = nameForms(data);
  const spans = wordSpans(normalize(text));
  const words = spans.map((w) => w.text.toLowerCase().replace(/'s$|'$/, ""));
  const found: string[] = [];
  const add = (id: string) => {
    if (!found.includes(id)) found.push(id);
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    const exact = (forms.get(word) ?? []).find(
      (f) =>
        f.words.every((w, j) => words[i + j] === w) &&
        (!f.exactCase || spans[i]?.text === f.exactCase),
    );
    if (exact) {
      add(exact.companyId);
      i += exact.words.length - 1;
      continue;
    }
    const typo = typoMatch(data, forms, word);
    if (typo) add(typo);
  }
  return found.slice(0, MAX_COMPANIES);
}

function typoMatch(
  data: EngineData,
  forms: Map<string, NameForm[]>,
  word: string,
): string | undefined {
  if (word.length < 5 || !/^\p{L}+$/u.test(word) || isStopword(word) || NOT_NAMES.has(word)) {
    return undefined;
  }
  // A word the articles use that is no company's name ("phones", "patent") is not a typo.
  const terms = analyze(word);
  if (terms.length > 0 && terms.every((t) => data.docFreq.has(t) && !data.companyTerms.has(t))) {
    return undefined;
  }
  let best: { id: string; distance: number } | undefined;
  for (const list of forms.values()) {
    for (const form of list) {
      const name = form.words[0] ?? "";
      if (form.words.length !== 1 || name.length < 5 || name[0] !== word[0]) continue;
      const allowed = name.length >= 7 ? 2 : 1;
      if (Math.abs(name.length - word.length) > allowed) continue;
      const distance = typoDistance(word, name);
      if (distance <= allowed && (!best || distance < best.distance)) {
        best = { id: form.companyId, distance };
      }
    }
  }
  return best?.id;
}

/** What a chat message claims, in the terms the corpus can check. */
export function extractClaim(engine: Engine, message: string): Claim {
  const text = normalize(message.slice(0, MAX_MESSAGE_CHARS))
    // Mentions, custom emoji, links and code are no part of a claim.
    .replace(/<a?:\w+:\d+>|<[@#][!&]?\d+>|https?:\/\/\S+|`[^`]*`/g, " ");
  const data = engine.data;
  const companies = companiesIn(data, text);
  const figures = parseFigures(text).slice(0, MAX_FIGURES);
  const kinds = kindsIn(text);

  const nameTerms = new Set(
    companies.flatMap((id) => {
      const c = data.directory.get(id);
      return c ? [c.name, ...c.aliases].flatMap((n) => nameWords(n)) : [];
    }),
  );
  const words: string[] = [];
  for (const span of wordSpans(text)) {
    const word = span.text.toLowerCase();
    if (!/^[a-z][a-z-]{2,}$/.test(word) || isStopword(word) || nameTerms.has(word)) continue;
    const terms = analyze(word);
    // Only words some article uses help the search; the rest is chat.
    if (terms.length === 0 || !terms.some((t) => data.docFreq.has(t))) continue;
    if (companiesIn(data, word).length > 0) continue;
    if (!words.includes(word)) words.push(word);
    if (words.length >= MAX_WORDS) break;
  }
  return { companies, figures, kinds, words };
}

/** A claim worth looking up: it names a company, or at least talks about deals. */
function isAboutDeals(claim: Claim): boolean {
  return (
    claim.companies.length > 0 ||
    claim.kinds.length > 0 ||
    claim.words.some((w) => DEAL_WORDS.test(w))
  );
}

// ---- the compact form -------------------------------------------------------------------------

const KIND_CODE: Record<DealKind, string> = {
  "cross-license": "cl",
  license: "li",
  extension: "ex",
  "patent-sale": "ps",
  acquisition: "ac",
  settlement: "se",
  "covenant-not-to-sue": "cn",
  "pool-membership": "po",
  "business-cooperation": "bc",
};
const CODE_KIND = new Map(Object.entries(KIND_CODE).map(([k, c]) => [c, k as DealKind]));

const ID = /^[a-z0-9][a-z0-9_-]*$/;
const FIGURE_KEY = /^([$€£¥])?(\d{1,15})(?:\.(\d{1,6}))?([kmbt])?(%)?(?:([/_])([a-z]{1,20}))?$/;
const WORD_KEY = /^[a-z][a-z-]{1,30}$/;

function figureKey(f: Figure): string | undefined {
  // The number as written, without thousands separators: "1,500" and "1500" are one figure.
  const m = /^([$€£¥])?([\d,]+)(?:\.(\d+))?(k| million| billion| trillion)?(%)?/.exec(f.text);
  if (!m) return undefined;
  const magnitude = m[4] ? (m[4].trim().charAt(0) === "m" ? "m" : m[4].trim().charAt(0)) : "";
  const unit = f.unit && /^[a-z]{1,20}$/.test(f.unit) ? `${f.rate ? "/" : "_"}${f.unit}` : "";
  const key = `${m[1] ?? ""}${(m[2] ?? "").replace(/,/g, "")}${m[3] ? `.${m[3]}` : ""}${magnitude}${m[5] ?? ""}${unit}`;
  return FIGURE_KEY.test(key) ? key : undefined;
}

function figureFromKey(key: string): Figure | undefined {
  const m = FIGURE_KEY.exec(key);
  if (!m) return undefined;
  const [, currency, digits = "", decimals, magnitude, percent, mark, unit] = m;
  const base = Number(`${digits}${decimals ? `.${decimals}` : ""}`);
  const isYear = !currency && !magnitude && !decimals && !percent && /^(?:19|20)\d\d$/.test(digits);
  const kind: FigureKind = percent ? "percent" : isYear ? "year" : currency ? "money" : "number";
  const rate = mark === "/";
  return {
    text: figureText({
      currency,
      numberText: `${digits}${decimals ? `.${decimals}` : ""}`,
      magnitudeKey: magnitude,
      percent: Boolean(percent),
      unit: isYear ? undefined : unit,
      rate,
    }),
    value: base * (magnitude ? (KEY_FACTOR[magnitude] ?? 1) : 1),
    kind,
    ...(currency ? { currency } : {}),
    ...(unit && !isYear ? { unit } : {}),
    rate: rate && !isYear,
  };
}

/**
 * The claim as `ids~figures~kinds~words` ("huawei~2.50/phone~li~charges+phone"), at most
 * `maxLength` characters: companies first, then figures, kinds and words while they fit.
 */
export function claimKey(claim: Claim, maxLength: number): string {
  const groups: string[][] = [[], [], [], []];
  const items: Array<[number, string | undefined]> = [
    ...claim.companies.filter((id) => ID.test(id)).map((id): [number, string] => [0, id]),
    ...claim.figures.map((f): [number, string | undefined] => [1, figureKey(f)]),
    ...claim.kinds.map((k): [number, string] => [2, KIND_CODE[k]]),
    ...claim.words.filter((w) => WORD_KEY.test(w)).map((w): [number, string] => [3, w]),
  ];
  const render = () => groups.map((g) => g.join("+")).join("~");
  for (const [group, item] of items) {
    const list = groups[group];
    if (!item || !list || list.includes(item)) continue;
    list.push(item);
    if (render().length > maxLength) list.pop();
  }
  return render();
}

export type ParsedClaim =
  | { ok: true; claim: Claim }
  | { ok: false; reason: "malformed" | "unknown-company" };

/** The claim a key stands for; a company the corpus no longer has makes it stale. */
export function parseClaimKey(engine: Engine, key: string): ParsedClaim {
  const groups = key.split("~");
  if (groups.length !== 4) return { ok: false, reason: "malformed" };
  const [ids = "", figs = "", kinds = "", words = ""] = groups;
  const list = (s: string) => (s === "" ? [] : s.split("+"));
  const companies = list(ids);
  const figureKeys = list(figs);
  const kindCodes = list(kinds);
  const wordList = list(words);
  if (
    companies.length > MAX_COMPANIES ||
    !companies.every((id) => ID.test(id)) ||
    figureKeys.length > MAX_FIGURES ||
    !wordList.every((w) => WORD_KEY.test(w)) ||
    wordList.length > MAX_WORDS ||
    !kindCodes.every((c) => CODE_KIND.has(c))
  ) {
    return { ok: false, reason: "malformed" };
  }
  const figures = figureKeys.map(figureFromKey);
  if (figures.some((f) => !f)) return { ok: false, reason: "malformed" };
  if (!companies.every((id) => engine.data.directory.get(id))) {
    return { ok: false, reason: "unknown-company" };
  }
  return {
    ok: true,
    claim: {
      companies,
      figures: figures.filter((f): f is Figure => f !== undefined),
      kinds: kindCodes.flatMap((c) => {
        const k = CODE_KIND.get(c);
        return k ? [k] : [];
      }),
      words: wordList,
    },
  };
}

/** "Huawei · 2.50 per phone · licence", for a heading. */
export function describeClaim(engine: Engine, claim: Claim): string {
  return [
    ...claim.companies.map((id) => engine.data.directory.get(id)?.name ?? id),
    ...claim.figures.map((f) => f.text),
    ...claim.kinds.map((k) => KIND_WORD[k]),
  ].join(" · ");
}

// ---- finding the sources ----------------------------------------------------------------------

export type SourcesResult =
  | { kind: "sources"; claim: Claim; citations: Citation[] }
  | { kind: "nothing"; claim: Claim; reason: "no-claim" | "nothing-relevant" };

/** At most this many sources for one claim: enough to page through, not a dump of the corpus. */
export const MAX_SOURCES = 20;

interface Candidate {
  quote: Quote;
  deal?: DealRef;
  /** Company ids the quote or its deal is about. */
  about: Set<string>;
}

function searchQuery(engine: Engine, claim: Claim): string {
  return [
    ...claim.companies.map((id) => engine.data.directory.get(id)?.name ?? id),
    // Articles write "100,000" where chat writes "100k": the plain number finds both.
    ...claim.figures.flatMap((f) =>
      /\dk\b/.test(f.text) && Number.isInteger(f.value) ? [f.text, String(f.value)] : [f.text],
    ),
    ...claim.kinds.map((k) => KIND_WORD[k]),
    ...claim.words,
  ].join(" ");
}

function passageCompanies(data: EngineData, quote: Quote): string[] {
  // The article's passages are consecutive: look only at them, not at the whole corpus.
  const number = data.articleNumbers.get(quote.source.articleId);
  if (number === undefined) return [];
  const [from, to] = data.passages.range(number);
  for (let id = from; id < to; id++) {
    const p = data.passages.parts;
    if ((p.start[id] as number) <= quote.articleStart && quote.articleStart < (p.end[id] as number))
      return data.passages.companiesOf(id);
  }
  return [];
}

/** Rank of a judgement: figures before kinds, agreement before disagreement. */
type Judgement = { stance: Stance; reason?: { claim: string; source: string }; rank: number };

function judge(claim: Claim, candidate: Candidate, deal: DealView | undefined): Judgement {
  const figures = parseFigures(candidate.quote.text);
  const pairDeal =
    deal !== undefined &&
    claim.companies.length >= 2 &&
    claim.companies.every((id) => deal.parties.some((p) => p.company.id === id));
  for (const cf of claim.figures) {
    const same = figures.find((f) => comparable(cf, f) && sameValue(cf.value, f.value));
    if (same) return { stance: "supports", reason: { claim: cf.text, source: same.text }, rank: 0 };
  }
  for (const cf of claim.figures) {
    const other = figures.find((f) => contradicts(cf, f, pairDeal));
    if (other)
      return { stance: "differs", reason: { claim: cf.text, source: other.text }, rank: 1 };
  }
  // A claim that states an amount is about the amount: a quote showing only that the kind of
  // deal is right does not bear it out, so it stays "related". A year is only a date.
  const kindCanSupport = claim.figures.every((f) => f.kind === "year");
  if (claim.kinds.length > 0) {
    const claimed = claim.kinds.map((k) => KIND_WORD[k]).join(", ");
    // Supported by what the quote itself says, not by the record it backs.
    const inText = kindsIn(candidate.quote.text);
    for (const k of claim.kinds) {
      const said = SATISFIED_BY[k].find((d) => inText.includes(d));
      if (said && kindCanSupport) {
        return { stance: "supports", reason: { claim: claimed, source: KIND_WORD[said] }, rank: 2 };
      }
    }
    // Only a deal between the very companies named can contradict the kind claimed: their
    // other deals may well be of other kinds.
    if (deal && pairDeal) {
      const recorded = claim.kinds.some((k) => SATISFIED_BY[k].some((d) => deal.kinds.includes(d)));
      if (!recorded) {
        const source = deal.kinds.map((k) => KIND_WORD[k]).join(", ");
        return { stance: "differs", reason: { claim: claimed, source }, rank: 3 };
      }
    }
  }
  // Curated deals of the companies named are surer context than a sentence search found.
  return { stance: "related", rank: deal ? 4 : 5 };
}

/**
 * The sources for a claim: the best sentences for it as a question, the curated deals between
 * the companies it names (or of the one it names), each quote judged against the claim's
 * figures and kind of deal. Quotes about none of the named companies are left out.
 */
export function findSources(engine: Engine, claim: Claim): SourcesResult {
  if (!isAboutDeals(claim)) return { kind: "nothing", claim, reason: "no-claim" };
  const data = engine.data;
  const dealsById = new Map<string, DealView>();
  const candidates: Candidate[] = [];
  const add = (quote: Quote, deal?: DealView) => {
    const ref = deal ? dealRef(deal) : undefined;
    if (deal) dealsById.set(deal.id, deal);
    const about = new Set([
      ...data.directory.mentionedIn(quote.text),
      ...passageCompanies(data, quote),
      ...(deal ? deal.parties.map((p) => p.company.id) : []),
    ]);
    const same = candidates.find((c) => overlaps(c.quote, quote));
    if (same) {
      // The same sentence found twice: keep the first, but remember the deal it backs.
      if (!same.deal && ref) same.deal = ref;
      for (const id of about) same.about.add(id);
      return;
    }
    candidates.push({ quote, ...(ref ? { deal: ref } : {}), about });
  };

  const asked = engine.answer(searchQuery(engine, claim));
  if (asked.kind === "answer") {
    for (const quote of asked.quotes) add(quote);
    for (const deal of asked.deals) for (const quote of deal.quotes) add(quote, deal);
  }
  const names = claim.companies.map((id) => data.directory.get(id)?.name ?? id);
  const pairs: Array<[string, string | undefined]> =
    names.length === 1
      ? [[names[0] ?? "", undefined]]
      : names.flatMap((a, i) => names.slice(i + 1).map((b): [string, string] => [a, b]));
  for (const [a, b] of pairs) {
    const result = engine.findDeals(a, b);
    if (result.kind === "deals") {
      for (const deal of result.deals) for (const quote of deal.quotes) add(quote, deal);
    } else if (result.kind === "mentions") {
      for (const quote of result.quotes) add(quote);
    }
  }

  const judged = candidates
    .filter((c) => claim.companies.length === 0 || claim.companies.some((id) => c.about.has(id)))
    .map((c, order) => ({
      c,
      order,
      j: judge(claim, c, c.deal ? dealsById.get(c.deal.id) : undefined),
    }))
    // A claim naming no company can only lean on what a quote says about its figures or kind.
    .filter(({ j }) => claim.companies.length > 0 || j.stance !== "related")
    .sort((a, b) => a.j.rank - b.j.rank || a.order - b.order)
    .slice(0, MAX_SOURCES);

  if (judged.length === 0) return { kind: "nothing", claim, reason: "nothing-relevant" };
  return {
    kind: "sources",
    claim,
    citations: judged.map(({ c, j }) => ({
      quote: c.quote,
      ...(c.deal ? { deal: c.deal } : {}),
      stance: j.stance,
      ...(j.reason ? { reason: j.reason } : {}),
    })),
  };
}
