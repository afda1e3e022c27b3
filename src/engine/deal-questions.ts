import type { Deal } from "../corpus/schemas.js";
import {
  analyze,
  isCountryTerm,
  normalize,
  termsOf,
  tokenize,
  wordSpans,
} from "../text/analyze.js";
import { isEnglishWord } from "../text/english.js";
import { findDealsBetween } from "./deals.js";
import type { EngineData } from "./engine.js";
import { capitalisedInPassages, RARE_NAME_PASSAGES } from "./question-names.js";
import { nameMatcher, quoteOf } from "./quotes.js";
import { NAME } from "./roles.js";
import type { AnswerShape } from "./snippets.js";
import { findTextCompany } from "./text-names.js";
import type { DealView, Quote } from "./types.js";

/**
 * `/ask` questions about deals: whether two companies have one at all, its terms, when it
 * ends, and whom something was bought from.
 */

/** Terms that make a question about two companies a question about a deal between them. */
const DEAL_TERMS = new Set(
  [
    "deal",
    "licence",
    "sign",
    "settle",
    "buy",
    "sell",
    "cross-licence",
    "partnership",
    "royalty",
  ].flatMap((w) => analyze(w)),
);

/** Asks whether there is a deal, or what its terms are, rather than about something in it. */
const DEAL_QUESTION =
  /^\W*(?:(?:so|hey|ok|and|but)\W+)?(?:did|do|does|has|have|had|is|are|was|were|any)\b|\bterms?\b/i;

/** What the pair check needs to know of the question. */
export interface PairQuestion {
  /** The question, company names already spelt right. */
  question: string;
  queryTerms: readonly string[];
  /** Other names the question uses, lower-cased (see `otherNames`). */
  otherNames: ReadonlyMap<string, string>;
  /** Whether a query term is a name (a company's or another). */
  isName: (q: string) => boolean;
}

/**
 * "Did Greyfield sign a licence with Velmont?": a deal question about two parties is answered
 * by what /deal finds between them; when it finds no deal, the corpus has none to quote. The
 * two names when that is so, with the passages naming them together (not as a deal: "Tamsin EV
 * … said it had no plans to join"), else undefined.
 */
export function pairWithoutDeal(
  data: EngineData,
  { question, queryTerms, otherNames, isName }: PairQuestion,
): { names: [string, string]; together: Quote[] } | undefined {
  // A country, or a place one sells "in" ("the cameras it sells in australia"), is no party.
  const places = new Set(
    [...normalize(question).matchAll(/\b(?:in|into|across|throughout)\s+(\p{L}+)/giu)].map((m) =>
      (m[1] ?? "").toLowerCase(),
    ),
  );
  const isPlace = (word: string) =>
    places.has(word.toLowerCase()) || termsOf(word).some((t) => isCountryTerm(t));
  const unusual = [...otherNames.values()].filter(
    (w) => /^\p{L}{4,}$/u.test(w) && !isEnglishWord(w) && !isPlace(w),
  );
  const parties = [
    ...data.directory.mentionedIn(question).map((id) => data.directory.get(id)?.name ?? id),
    ...unusual,
  ];
  const dealQuestion =
    queryTerms.some((t) => DEAL_TERMS.has(t)) && DEAL_QUESTION.test(normalize(question));
  // "did oppo and vivo sign…": a name typed in lower case may also be an English word; the
  // articles, writing it capitalised, tell it is a company. Only rare words are read for it.
  const words = wordSpans(normalize(question));
  // A name is rare: in few passages, and in a small corpus in few of them ("use" is in a
  // twelfth of the bundled corpus's passages, yet in fewer than 200).
  const rare = Math.min(RARE_NAME_PASSAGES, Math.max(5, 0.05 * data.passages.length));
  if (dealQuestion && parties.length < 2)
    for (const [i, w] of words.entries()) {
      const q = termsOf(w.text)[0];
      if (!q || parties.length >= 2) continue;
      // Names already taken are skipped; an English word the articles use as a name ("palisade")
      // is read here.
      const other = otherNames.get(q);
      const taken = isName(q) && (other === undefined || unusual.includes(other));
      if (DEAL_TERMS.has(q) || taken || (data.docFreq.get(q) ?? 0) > rare) continue;
      // "the competition regulator" is no company, though an article names one "Competition …".
      if (/^the$/i.test(words[i - 1]?.text ?? "") || isPlace(w.text)) continue;
      // Written capitalised mid-sentence, not only to open one ("Rates are 55 cents …").
      const company = findTextCompany(data, w.text);
      if (
        company &&
        !parties.includes(company.name) &&
        capitalisedInPassages(data, company.passages.slice(0, 40), w.text.toLowerCase())
      )
        parties.push(company.name);
    }
  if (parties.length === 2 && dealQuestion) {
    const [a = "", b = ""] = parties;
    const between = findDealsBetween(data, a, b);
    // A sentence denying a deal between the two is an answer, for the passages below.
    if (between.kind === "none" && between.other && between.denials.length === 0)
      return {
        names: [between.company.name, between.other.name],
        together: between.coMentions,
      };
  }
  return undefined;
}

/**
 * Curated deals the question is about: those between every company it names, or, when it
 * names one, that company's deals whose record matches the question's other words.
 */
export function relatedDeals(data: EngineData, question: string, namedIds: string[]): Deal[] {
  if (namedIds.length === 0) return [];
  const involvesAll = (deal: Deal) =>
    namedIds.every((c) => deal.parties.some((p) => p.company === c));
  if (namedIds.length >= 2)
    return (data.dealsByCompany.get(namedIds[0] ?? "") ?? []).filter(involvesAll);
  const deals = data.corpus.deals;
  const hits = data.dealIndex.search(
    tokenize(question)
      .flatMap(termsOf)
      .map((term) => ({ term })),
    { filter: (doc) => involvesAll(deals[doc] as Deal) },
  );
  // A match on the company's name alone says nothing about which of its deals is meant.
  const specific = hits.filter((h) => h.terms.some((t) => !data.companyTerms.has(t)));
  const best = specific[0];
  const deal = best && deals[best.id];
  return deal ? [deal] : [];
}

/** "How much is it worth?", "were the terms made public?": a question about a deal's terms. */
export function asksTerms(question: string, shape: AnswerShape): boolean {
  // "terms", not "term": "is it a longer term thing" asks how long.
  return shape.money || /\b(?:terms|worth|value|disclos\w*|public)\b/i.test(question);
}

/** "Were the terms made public?", "did they disclose the price?": asks whether, not what. */
export function asksWhetherDisclosed(question: string): boolean {
  return /\b(?:disclos\w*|made public|make public|public(?:ly)?|reveal\w*|announc\w* (?:the )?(?:terms|price|amount|figure))\b/i.test(
    question,
  );
}

/**
 * When every recorded deal between the two companies asked about keeps its terms undisclosed,
 * that is the answer to a question about its terms, quoted from the articles saying so.
 */
export function undisclosedTerms(
  data: EngineData,
  deals: Deal[],
  namedIds: string[],
): { quotes: Quote[]; termsUndisclosed: true } | undefined {
  if (namedIds.length !== 2 || deals.length === 0) return undefined;
  if (deals.some((d) => d.terms.disclosed || d.terms.amounts.length > 0)) return undefined;
  const names = nameMatcher(namedIds.map((id) => data.directory.get(id)?.name ?? id));
  const seen = new Set<string>();
  const quotes = deals.flatMap((deal) =>
    deal.sources.flatMap((source, i) => {
      const span = data.sourceSpans.get(deal)?.[i];
      const article = data.articles.get(source.article);
      const key = `${source.article}:${span?.start}`;
      if (!source.supports.includes("terms") || !span || !article || seen.has(key)) return [];
      seen.add(key);
      return [quoteOf(article, span, names, data.paragraphSentences)];
    }),
  );
  return { quotes, termsUndisclosed: true };
}

/** How an end is told: "expires", "runs until", "due to expire", "to 2031". */
const END =
  /\b(?:expir\w*|laps(?:e|es|ed|ing)|until|through|run(?:s|ning)? (?:out|to|until)|ends?|ending|lasts|last (?:until|till|through|for|to)\b|(?:to|through) (?:19|20)\d\d)\b/i;

/** "When does the licence expire?" is answered by when it ends, not by any date near it. */
export function asksEnd(question: string, shape: AnswerShape): boolean {
  return shape.date && END.test(normalize(question));
}

/** Whether a text tells when something ends (see `asksEnd`). */
export function tellsEnd(text: string): boolean {
  return END.test(text);
}

/**
 * "How many patents did Xiaomi buy from Nokia?" is not answered by what it bought from
 * Microsoft: a sentence naming another company after "from" is about another deal. A test of
 * a text for that; always false when the question names no company after "from".
 */
const FROM_NAME = new RegExp(`\\bfrom (?:the )?(${NAME})`, "gu");

export function fromSomeoneElse(data: EngineData, question: string): (text: string) => boolean {
  const from = /\bfrom (?:the )?([\p{L}\p{N}&-]+)/iu.exec(normalize(question))?.[1];
  const fromId = from ? data.directory.resolve(from)?.id : undefined;
  return (text: string): boolean => {
    if (!fromId) return false;
    const sources = [...text.matchAll(FROM_NAME)];
    return sources.some((m) => {
      const ids = data.directory.mentionedIn(m[1] ?? "");
      return ids.length > 0 && !ids.includes(fromId);
    });
  };
}

/** The words of a question that asks for a company's deals and nothing more specific. */
const ONLY_DEALS = new Set(
  "list deal deals agreement agreements licence licences license licensing licensed licensee licensees licensor licensors partner partners sign signed struck made done all every company companies patent patents"
    .split(" ")
    .flatMap((w) => analyze(w)),
);

/** Whether every word of the question besides names asks for deals ("list Huawei's deals"). */
export function asksOnlyForDeals(
  queryTerms: readonly string[],
  isName: (q: string) => boolean,
): boolean {
  const rest = queryTerms.filter((q) => !isName(q));
  return rest.length > 0 && rest.every((q) => ONLY_DEALS.has(q));
}

/** "List Norwick's deals", "who does Norwick license to": a question for one company's deals. */
const DEALS_OF =
  /\b(?:deals?|agreements?|licen[cs]ees?|licen[cs]ors?|licen[cs]es?|licen[cs]ing|partners?|counterpart(?:y|ies|s)?)\b/i;
const LISTING =
  /\b(?:list|which|what|who|whom|all|any|every)\b|'s\s+(?:deals?|licen[cs]ees?|partners?)\b/i;

/**
 * A question asking for the deals of the one company it names and nothing more specific: the
 * sentences `/deal` quotes for that company (its records' quotes first).
 */
export function companyDealsAnswer(
  data: EngineData,
  question: string,
  namedIds: string[],
  otherNames: ReadonlyMap<string, string>,
): { quotes: Quote[]; deals: DealView[] } | undefined {
  const text = normalize(question);
  if (!DEALS_OF.test(text) || !LISTING.test(text)) return undefined;
  // One name, and a rare one: "HEVC", in thousands of passages, is what is licensed, not who.
  // Counted before any is looked up in the text, which reads the passages naming it.
  const others = [...otherNames].filter(([q]) => (data.docFreq.get(q) ?? 0) <= RARE_NAME_PASSAGES);
  if (namedIds.length + others.length !== 1) return undefined;
  const [id] = namedIds;
  const [other] = others;
  const name = id
    ? (data.directory.get(id)?.name ?? id)
    : other && findTextCompany(data, other[1])?.name;
  if (!name) return undefined;
  const result = findDealsBetween(data, name);
  if (result.kind === "deals")
    return { quotes: result.deals.flatMap((d) => d.quotes.slice(0, 1)), deals: result.deals };
  if (result.kind === "mentions") return { quotes: result.quotes, deals: [] };
  return undefined;
}
