import type { Article } from "../corpus/article.js";
import { analyze, normalize, termsOf, wordSpans, wordTermLists } from "../text/analyze.js";
import { isEnglishWord } from "../text/english.js";
import { sentenceSpans } from "../text/sentences.js";
import { ANSWER_SETTINGS } from "./answer-settings.js";
import type { EngineData } from "./engine.js";
import {
  type AnswerShape,
  countsAsked,
  fitsShape,
  type Window,
  type WordMatcher,
} from "./snippets.js";

/**
 * When `/ask` says the corpus has no answer: how much of a question's weight its best window
 * must match, which depends on what ties the question to the corpus, and whether the question
 * is about something else altogether.
 */

/** What the abstention rules need to know of the question. */
export interface WeighedQuestion {
  /** The question, company names already spelt right. */
  question: string;
  shape: AnswerShape;
  queryTerms: readonly string[];
  weights: ReadonlyMap<string, number>;
  /** Query terms no article uses. */
  unknown: readonly string[];
  isName(q: string): boolean;
  isCompany(q: string): boolean;
  /** Other names the question uses, lower-cased (see `otherNames`). */
  otherNames: ReadonlyMap<string, string>;
}

/** What the corpus is about, as index terms: a question using none of them is likely not. */
const DEAL_VOCABULARY = new Set(
  [
    "patent",
    "licence",
    "licensee",
    "licensor",
    "royalty",
    "deal",
    "settlement",
    "dispute",
    "infringe",
    "lawsuit",
    "sue",
    "pool",
    "portfolio",
    "pay",
    "paid",
    "buy",
    "sell",
    "court",
    "judge",
    "ruling",
    "FRAND",
    "standard-essential",
    "essential",
    "rate",
    "price",
    "revenue",
    "cap",
    "discount",
    "term",
    "terms",
    "expire",
    "renew",
    "partnership",
    "technology",
    "invention",
    "IP",
    "company",
    "companies",
    "market",
    "sales",
    "smartphone",
    "device",
    "automaker",
    "chip",
    "5G",
    "LTE",
    "Wi-Fi",
  ].flatMap((w) => analyze(w)),
);

/**
 * Whether `text` writes `word` as a place: "in Texas", or "Austin, Texas" ending its phrase; not
 * "Portland, Oregon, Saffrey Motion Technologies", "Morimoto, Invarra's general manager" or
 * "Separately, Invarra said", where the name runs on as a company's does.
 */
function isPlace(text: string, word: string): boolean {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const name = `(?:${escaped}|${escaped.charAt(0).toUpperCase()}${escaped.slice(1)})`;
  // …or opening a paragraph in capitals, as a dateline does ("DUBLIN, June 2 (…) -").
  const dateline = `(?:^|\\n)\\s*${escaped.toUpperCase()}\\b`;
  return new RegExp(
    `\\bin ${name}\\b(?!'| \\p{Lu})|\\p{Lu}\\p{Ll}+, ${name}(?=[,.;:)]|$)|${dateline}`,
    "u",
  ).test(text);
}

/**
 * The share of the question's weight the best window must cover. Half, as a rule; less when a
 * name ties the question to the best article (a company, or another name the article is about
 * and not a place): 0.25 for an open question (no figure, date or person asked for), 0.4 for one
 * whose best window holds an answer of the kind asked; more (0.75) for a question that names
 * nothing and uses no word of deal news.
 */
export function coverageNeeded(
  q: WeighedQuestion,
  best: { article: Article; window: Window },
  givenIn: (article: Article) => ReadonlySet<string>,
): number {
  const { shape, weights, queryTerms, isName, isCompany, otherNames } = q;
  // "Whats the boiling point of water up a mountain": no name, and not one word of what the
  // corpus is about; a chance match of its other words ("point", "water") is no answer.
  // A place the best article names ("what's the weather in dublin") ties nothing to it.
  const place = (t: string) => {
    const word = otherNames.get(t);
    return word !== undefined && isPlace(best.article.text, word);
  };
  const aboutDeals =
    [...weights.keys()].some((t) => isName(t) && !place(t)) ||
    queryTerms.some((t) => DEAL_VOCABULARY.has(t));
  if (!aboutDeals) {
    // "Is it raining in Austin, Texas": the places an article is datelined in answer nothing.
    if ([...best.window.covered].every(place)) return Number.POSITIVE_INFINITY;
    return ANSWER_SETTINGS.offTopicCoverage;
  }
  const tiedByName = [...best.window.covered].some((t) => {
    if (isCompany(t)) return true;
    return otherNames.has(t) && givenIn(best.article).has(t) && !place(t);
  });
  if (!tiedByName) return ANSWER_SETTINGS.minCoverage;
  if (shape.open) return ANSWER_SETTINGS.openQuestionCoverage;
  const text = best.article.text.slice(best.window.span.start, best.window.span.end);
  return fitsShape(text, shape)
    ? ANSWER_SETTINGS.shapedQuestionCoverage
    : ANSWER_SETTINGS.minCoverage;
}

/**
 * "Do I need a licence to sell beer at a market stall?": English words no article uses (beer,
 * weekend) outnumber the specific ones the best window shares with the question (the corpus's
 * everyday "licence" aside), and no name ties the question to the corpus. Its topic is
 * something else.
 */
export function aboutSomethingElse(data: EngineData, q: WeighedQuestion, window: Window): boolean {
  const covered = [...window.covered];
  if (covered.some(q.isName)) return false;
  const foreign = wordSpans(normalize(q.question)).filter((w) => {
    const terms = termsOf(w.text);
    return terms.length > 0 && terms.every((t) => q.unknown.includes(t)) && isEnglishWord(w.text);
  }).length;
  if (foreign < 2) return false;
  const common = ANSWER_SETTINGS.everydayTermShare * data.passages.length;
  return covered.filter((t) => (data.docFreq.get(t) ?? 0) < common).length <= foreign;
}

const CLAUSE_BREAK = /,\s+(?:and|but|while|whereas)\s+|;\s+/;

/** What a money question's figure is: a sentence saying it outright states it. */
const FIGURE_VERBS = new Set(analyze("pay paid cost charge earn revenue royalty fee price worth"));

/**
 * Whether some quoted sentence states the figure asked for: one that holds a figure of the kind
 * asked ("how many" counting the thing asked about) and also a word of what the question asks
 * it of. "How much did the other bidders offer?" is not answered by the sentence with the
 * winner's price, nor "how many patents does the cross-licence cover?" by "Huawei holds over
 * 100,000 patents". Each quote comes with its `focus`: the question's words (each as the query
 * terms it stands for, so "licence" meets "cross-licence"), other than names and numbers, that
 * its article uses. A word the article never uses ("push out", "pocket") is the asker's
 * paraphrase, and no sign the figure is missing; with no focus left, any figure of the kind
 * will do. A figure about other companies ("Brindle will pay Velmont $3.20 per vehicle", asked
 * what Norrgate pays) states nothing asked.
 */
export function figureStated(
  quotes: ReadonlyArray<{ text: string; focus: ReadonlyArray<ReadonlySet<string>> }>,
  shape: AnswerShape,
  matcher: WordMatcher,
  /** Whether a term is something specific: no name, nor one of the corpus's everyday words. */
  specific: (term: string) => boolean,
  /** Whether a sentence is about other companies than those asked about. */
  aboutOthers: (sentence: string) => boolean = () => false,
): boolean {
  return quotes.some(({ text, focus }) => {
    // Counting something specific ("how many automakers") is answer enough; counting the
    // corpus's everyday things ("how many patents") must also be of what is asked.
    const counted = (word: ReadonlySet<string>) => shape.counted.some((t) => word.has(t));
    const words = shape.counted.some(specific) ? [] : focus.filter((w) => !counted(w));
    // The question's specific words say what the figure is of; its everyday ones ("patents",
    // "pay") only when it has none.
    const isSpecific = (w: ReadonlySet<string>) => [...w].some(specific);
    const ownFocus = words.some(isSpecific) ? words.filter(isSpecific) : words;
    const holdsFigure = (clause: string) =>
      shape.counted.length > 0 ? countsAsked(clause, shape, matcher) : fitsShape(clause, shape);
    return sentenceSpans(text).some(({ start, end }) => {
      const sentence = text.slice(start, end);
      // "In May it bought 312 patents from Tessaly, and in July it settled with Norrgate": the
      // figure's own clause says whom it is about.
      const clauses = sentence.split(CLAUSE_BREAK).filter(holdsFigure);
      if (clauses.length === 0 || clauses.every(aboutOthers)) return false;
      if (ownFocus.length === 0) return true;
      const said = new Set(
        wordTermLists(sentence).flatMap((terms) => terms.map((t) => matcher.queryTermOf([t]))),
      );
      // "How much did Greyfield shell out…" is answered by what it agreed "to pay".
      if (words.some((w) => [...w].some((q) => FIGURE_VERBS.has(q) && said.has(q)))) return true;
      return ownFocus.some((w) => [...w].some((q) => said.has(q)));
    });
  });
}

/**
 * "Which law firm advised Veyrac?", "which bank financed the purchase?": the kind of party a
 * question asks to be named, when it is one that news about deals rarely names (an adviser,
 * lender or regulator rather than the companies themselves); with the way such a party is
 * named when it is ("… LLP", "the Competition and Markets Authority").
 */
const ROLES: ReadonlyArray<{ asked: RegExp; named: RegExp }> = [
  {
    asked: /\b(?:law firms?|solicitors?|attorneys?|lawyers?|legal advis[eo]rs?)\b/i,
    named: /\b(?:LLP|LLC|Chambers|law firm|solicitors?|attorneys?|lawyers?)\b/i,
  },
  {
    asked: /\b(?:banks?|lenders?|underwriters?|brokers?|financial advis[eo]rs?)\b/i,
    named: /\b(?:Bank|Banque|Capital|Securities|Partners|& Co|banks?|lenders?)\b/,
  },
  {
    asked: /\b(?:regulators?|agency|agencies|watchdogs?|authorit(?:y|ies))\b/i,
    named:
      /\b(?:Authority|Commission|Agency|Administration|Bureau|Ministry|Office|Department|regulators?|watchdog)\b/,
  },
  {
    asked: /\b(?:investors?|backers?|funds?)\b/i,
    named: /\b(?:Capital|Partners|Ventures|Fund|Holdings|Investments?|investors?|backers?)\b/,
  },
  { asked: /\b(?:auditors?|accountants?)\b/i, named: /\b(?:LLP|& Co|auditors?|accountants?)\b/ },
  { asked: /\b(?:insurers?)\b/i, named: /\b(?:Insurance|Assurance|insurers?)\b/ },
];

/** "Which law firm …", "what bank …": the pattern of the party asked for, if such a one. */
export function roleAsked(question: string): RegExp | undefined {
  const asked = /\b(?:which|what)\s+((?:\w+\s+){0,2}\w+)/i.exec(question)?.[1];
  if (!asked) return undefined;
  return ROLES.find((role) => role.asked.test(asked))?.named;
}
