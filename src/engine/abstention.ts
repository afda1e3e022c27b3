import type { Article } from "../corpus/article.js";
import { analyze, normalize, termsOf, wordSpans } from "../text/analyze.js";
import { isEnglishWord } from "../text/english.js";
import { ANSWER_SETTINGS } from "./answer-settings.js";
import type { EngineData } from "./engine.js";
import { type AnswerShape, fitsShape, type Window } from "./snippets.js";

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

/** Words of deal news that are everyone's too ("the thermostat company", "the market"). */
const GENERIC = new Set(
  analyze("company companies market sales technology device smartphone chip term terms"),
);

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
  // A company speaks and owns things, and is what a stake is taken in: "a stake in Ambersley"
  // is no place, nor is "in Ambersley" when the article also has "Ambersley is", "Ambersley's".
  if (
    new RegExp(
      `\\b${name}(?:'s\\b|\\s+(?:said|says|will|would|has|had|agreed|signed|trades|is|was)\\b)`,
      "u",
    ).test(text)
  )
    return false;
  // …or opening a paragraph in capitals, as a dateline does ("DUBLIN, June 2 (…) -").
  const dateline = `(?:^|\\n)\\s*${escaped.toUpperCase()}\\b`;
  return new RegExp(
    `(?<!\\b(?:stakes?|shares|interest|investment|invested|invests|holdings?) )\\bin ${name}\\b(?!'| \\p{Lu})|\\p{Lu}\\p{Ll}+, ${name}(?=[,.;:)]|$)|${dateline}`,
    "u",
  ).test(text);
}

/**
 * The asker's own affairs: "do I need a fishing licence…", "my router keeps dropping…". Not
 * "I heard Nokia signed…" or "tell me what Huawei charges", which ask about the news.
 */
const ASKERS_OWN =
  /\b(?:my|mine|myself)\b|\b(?:i|i'm|im|i've|ive|i'd)\b(?! (?:heard|read|saw|seen|think|thought|remember|believe|wonder|wondered|was told|understand|know|knew|guess)\b)|(?<!\b(?:tell|show|give|remind|explain to|send|get)) me\b/i;

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
  // News answers no question about the asker's own affairs that names no one in it.
  const names = [...weights.keys()].some((t) => isName(t) && !place(t));
  if (!names && ASKERS_OWN.test(q.question)) return Number.POSITIVE_INFINITY;
  const aboutDeals =
    [...weights.keys()].some((t) => isName(t) && !place(t)) ||
    queryTerms.some((t) => DEAL_VOCABULARY.has(t));
  if (!aboutDeals) {
    // "Is it raining in Austin, Texas": the places an article is datelined in answer nothing.
    if ([...best.window.covered].every(place)) return Number.POSITIVE_INFINITY;
    // "Roughly how many mowers had to be pulled back from German retailers?" names no one and
    // no deal, yet a window holding a figure of the kind asked is an answer, as for any question.
    const text = best.article.text.slice(best.window.span.start, best.window.span.end);
    if (!shape.open && fitsShape(text, shape)) return ANSWER_SETTINGS.minCoverage;
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
 * everyday "licence" aside), and no name ties the question to the corpus; or, naming no one,
 * the window shares not one word of deal news the question uses. Its topic is something else.
 */
export function aboutSomethingElse(
  data: EngineData,
  q: WeighedQuestion,
  { article, window }: { article: Article; window: Window },
): boolean {
  const covered = [...window.covered];
  const place = (t: string) => {
    const word = q.otherNames.get(t);
    return word !== undefined && isPlace(article.text, word);
  };
  // A place ties nothing to the corpus ("Austin, Texas" answers no poker question).
  if (covered.some((t) => q.isName(t) && !place(t))) return false;
  // Nor does a name the best article does not use ("utrecht").
  const lower = article.text.toLowerCase();
  const named = [...q.weights.keys()].some(
    (t) => q.isName(t) && !place(t) && (q.isCompany(t) || lower.includes(q.otherNames.get(t) ?? t)),
  );
  // "How old must you be to get a driving licence in France?": a question naming no one, tied
  // to deal news only by a word of it ("licence") the best window does not even share, is
  // about something else.
  const dealWords = [...q.weights.keys()].filter((t) => DEAL_VOCABULARY.has(t) && !GENERIC.has(t));
  if (!named && dealWords.length > 0 && !covered.some((t) => DEAL_VOCABULARY.has(t))) return true;
  const foreign = wordSpans(normalize(q.question)).filter((w) => {
    const terms = termsOf(w.text);
    return terms.length > 0 && terms.every((t) => q.unknown.includes(t)) && isEnglishWord(w.text);
  }).length;
  if (foreign < 2) return false;
  // Naming no one, only the words of deal news the window shares weigh against the asker's
  // own ("is the indoor pool in utrecht open on sundays": "open" and "November" are no
  // answer to it).
  const common = ANSWER_SETTINGS.everydayTermShare * data.passages.length;
  const counts = (t: string) =>
    named ? (data.docFreq.get(t) ?? 0) < common : DEAL_VOCABULARY.has(t);
  return covered.filter(counts).length <= foreign;
}
