import {
  analyze,
  normalize,
  tokenizeNormalized,
  wordTermLists,
  wordTerms,
} from "../text/analyze.js";
import type { Span } from "../text/sentences.js";
import type { Highlight } from "./types.js";

/**
 * Choosing and marking the words to quote. A snippet is one or two whole sentences, verbatim;
 * only a sentence too long to show is cut, at word boundaries, with "…".
 */

/** Decides which words count as hits and which query term each one answers. */
export interface WordMatcher {
  /** The query term a word (given by its analysed terms) answers, or undefined. */
  queryTermOf(terms: readonly string[]): string | undefined;
}

/** What kind of thing the question asks for, to prefer the sentence that states it. */
export interface AnswerShape {
  /** "what else", "besides …": the answer adds to what the asker knows. */
  additive: boolean;
  /** "Is it…?", "Has the sale closed?": answered yes or no, often by a "not", "still" or "only". */
  yesNo: boolean;
  /** "why": the sentence giving a cause or purpose. */
  reason: boolean;
  /** A why, or someone's view: the answer may run on past the sentence that introduces it. */
  runsOn: boolean;
  number: boolean;
  money: boolean;
  date: boolean;
  person: boolean;
  /** "How long does the licence last?": answered by a term ("five years", "until 2031"). */
  duration: boolean;
  /** "What per-unit royalty…": a figure per thing sold, not a sum ("$0.85 per handset"). */
  perUnit: boolean;
  /** "How many patents…": the terms of the thing counted, which the answer's number is of. */
  counted: string[];
  /** "What share of Voltreach does it own?": a percentage or a fraction, not any number. */
  percent: boolean;
  /** "Which regions does the licence cover?", "where can it sell them?": places, by name. */
  place: boolean;
  /** Asks for no figure, date or person: what it wants is said in words. */
  open: boolean;
}

/** Continents, regions and the countries deal news names most, as a sentence names them. */
const PLACE_NAMES =
  "Europe|European Union|EU|North America|South America|Latin America|Central America|Asia|Asia-Pacific|Africa|Middle East|Oceania|Scandinavia|Nordic countries|Benelux|the US|the USA|United States|Canada|Mexico|Brazil|Argentina|Chile|Colombia|China|Japan|South Korea|Korea|India|Taiwan|Singapore|Indonesia|Vietnam|Thailand|Malaysia|Philippines|Australia|New Zealand|Germany|France|United Kingdom|the UK|Britain|Ireland|Italy|Spain|Portugal|Netherlands|Belgium|Luxembourg|Switzerland|Austria|Poland|Sweden|Norway|Denmark|Finland|Turkey|Israel|Saudi Arabia|United Arab Emirates|South Africa|Nigeria|Egypt|worldwide|globally";
const PLACES = new RegExp(`\\b(?:${PLACE_NAMES})\\b`, "g");
const PLACE_NAME = new RegExp(`^(?:${PLACE_NAMES})$`, "i");

/** Whether a word or words name a country or region ("norway", "Asia"): a place, no company. */
export function isPlaceName(words: string): boolean {
  return PLACE_NAME.test(words);
}

/** "The New Zealand maker of dashboard cameras" says where a company is from. */
const COMPANY_FROM = new RegExp(
  `\\bthe (?:${PLACE_NAMES}) (?:maker|company|group|firm|manufacturer)\\b`,
  "g",
);
/** "BERGEN, Norway, Oct. 27 (…) -", "AUCKLAND, June 10 --": where the story was written. */
const DATELINE = /^\s*\p{Lu}[\p{Lu} .'-]+,[^\n]{0,40}?(?:\([^)]*\)\s*)?(?:--|[-–—])\s/u;

/** How many places a text names as places, not as a dateline or where a company is from. */
function placesNamed(text: string): number {
  const body = text.replace(DATELINE, "").replace(COMPANY_FROM, "");
  return new Set(body.match(PLACES)).size;
}

const PERCENT_ASKED =
  /\bpercent|\bper cent\b|\bwhat (?:share|stake|percentage|proportion|portion|fraction|slice)\b/;
/** Whether `text` holds a number of the kind a number question asks: a share, if asked for one. */
function numberFits(text: string, shape: AnswerShape): boolean {
  return shape.number && NUMBER.test(text) && (!shape.percent || PERCENT.test(text));
}

/** A share of something: "11%", "one and a half per cent", "a third". */
const PERCENT =
  /\d\s?%|\bper ?cent\b|\bpercent\b|\b(?:half|a third|a quarter|two thirds|three quarters)\b/i;

const MONEY_WORD =
  /\b(royalt|fee|price|cost|worth|value|valuation|valued|paid|pay|charge[sd]?\b|charging|rate|revenue|income|(?:yearly|annual|quarterly|monthly|total) take\b|earn|amount|dollar|lump sum|\$)/;
const ABSTRACT_ASKED =
  /\bwhat(?:'s|s| is| was| are| were| would be| will be)? (?:the|its|their|his|her) (?:real |main |big |biggest )?(?:upside|downside|catch|point|benefit|advantage|drawback|impact|effect|reason|idea|problem|issue|risk|logic|thinking|plan|strategy|story|argument|case|objection|complaint|beef)\b/;
const MONEY_WHICH = new RegExp(`\\bwhich\\s+(?:\\w+\\s+)?${MONEY_WORD.source}`);

export function answerShape(question: string): AnswerShape {
  const q = question.toLowerCase();
  const shape = {
    additive: /\bwhat (else|other)\b|\b(besides|apart from|other than|aside from|except)\b/.test(q),
    // "Did they sign?" is answered by the deal itself, not by a "still" or a "not".
    yesNo:
      /^\W*(?:(?:so|and|but|ok|hey)\W+)?(?:is|are|was|were|does|do|did|has|have|had|can|could|will|would|should)\b/.test(
        q,
      ) && !/\b(?:sign|signed|agree|agreed|ink|inked|strike|struck)\b/.test(q),
    reason: /\bwhy\b|\bwhat (led|made|caused|drove)\b|\breason\b/.test(q),
    runsOn:
      /\bwhy\b|\bwhat (led|made|caused|drove)\b|\breason\b|\bviews?\b|\bopinion\b|\bthink (of|about)\b|\b(?:does|do|did)\b.*\b(?:think|believe|expect|predict)\b|\bmake of\b|\breact|\b(?:say|says|said|argue|argues|claim|claims|reckon|reckons|read into|describe|describes|described)\b/.test(
        q,
      ),
    number: /\bhow (many|much)\b|\bnumber of\b|\bpercent/.test(q) || PERCENT_ASKED.test(q),
    percent: PERCENT_ASKED.test(q),
    // Only a question asking for a figure: "does the royalty cover X?" asks yes or no.
    // "Which car brands pay Huawei?" asks for names; "which rate applies?" for a figure.
    // "What's the upside of publishing its prices?" asks for an upside, not a price.
    money:
      ((/\b(what|whats|what's|how much|how big|how high)\b/.test(q) || MONEY_WHICH.test(q)) &&
        MONEY_WORD.test(q) &&
        !ABSTRACT_ASKED.test(q)) ||
      /\bhow much (?:\w+ )?(?:money|cash)\b/.test(q),
    // "When did…" asks for a date; "what did he say when they signed" does not.
    date: /^\W*(?:\w+\W+)?when\b|\bwhen (?:did|does|do|was|were|is|are|will|has|have|had)\b|\bwhat (year|date|month|day)\b|\bsince when\b/.test(
      q,
    ),
    // "Who runs it", "and who signed": not "will people who buy Norrgate tablets notice".
    person:
      /(?:^|[,;:?!(]|\b(?:and|but|so|then|or|ok|hey|yo|also|to|with|from|by|for|of|know|wonder)\b)\W*who\b|\bwhose\b|\bwhos\b|\bwho's\b/.test(
        q,
      ) ||
      /\b(?:which|what)\s+(?:analyst|exec\w*|official|person|people|spokes\w*|lawyer|counsel|ceo|boss|chief|head|manager|director|officer|founder|chair\w*|president|judge)\b/.test(
        q,
      ),
    duration:
      /\bhow long\b(?! (?:before|after|ago|since)\b)|\bfor how many (?:years|months)\b|\b(?:term|duration|length) of the (?:licen[cs]e|deal|agreement|contract)\b/.test(
        q,
      ),
    perUnit: /\bper[- ](?!(?:the|a|an|its|their|his|her|cent)\b)\w+|\bfor (?:each|every)\b/.test(q),
    counted: countedTerms(q),
    place:
      /\b(?:which|what)\s+(?:\w+\s+)?(?:regions?|countries|markets?|territor(?:y|ies)|continents?|places?)\b|\bwhere\b.*\b(?:sell|sells|sold|apply|applies|cover|covers|covered|valid|ship|ships|available)\b/.test(
        q,
      ),
  };
  return {
    ...shape,
    open: !shape.number && !shape.money && !shape.date && !shape.person && !shape.duration,
  };
}

/**
 * The terms of the noun phrase after "how many", up to its first plural ("how many of its US
 * patents" → patent; "how many patent holders contribute" → patent, owner).
 */
function countedTerms(question: string): string[] {
  const after = /\b(?:how many|number of)\s+(.*)/.exec(question)?.[1];
  if (!after) return [];
  const counted: string[] = [];
  // Read with the analyser's phrases folded: "auto manufacturers" counts automakers.
  const words = tokenizeNormalized(normalize(after));
  const plural = (word: string | undefined) =>
    word !== undefined && /[^s]s$/i.test(word) && word.length > 3;
  for (const [i, word] of words.entries()) {
    // "how many of Xiaomi's patents": the owner is not what is counted.
    if (/'s$/i.test(word)) continue;
    const terms = wordTermLists(word)[0] ?? [];
    if (terms.length === 0) {
      if (counted.length > 0) break;
      continue;
    }
    counted.push(...terms);
    // "how many rights holders": a plural before another is part of the name of what is
    // counted.
    const next = words[i + 1];
    if (plural(word) && !(plural(next) && (wordTermLists(next ?? "")[0] ?? []).length > 0)) break;
  }
  return [...new Set(counted)];
}

const NUMBER_WORDS = new Set(
  "two three four five six seven eight nine ten eleven twelve dozen hundred thousand million".split(
    " ",
  ),
);

/** "seven-year", "5-year": a number joined to what it counts; not "spin-out". */
function isNumberJoined(term: string): boolean {
  const [first = "", rest] = term.split("-");
  return rest !== undefined && (/^\d/.test(first) || NUMBER_WORDS.has(first));
}

/** Kinds of company counted ("how many licensees") that news may count as companies. */
const COMPANY_KINDS = new Set(
  analyze("licensees licensors members makers manufacturers automakers buyers bidders customers"),
);
const COMPANIES = new Set(analyze("companies firms businesses brands groups"));

/**
 * Whether a number stands at most three words before a word of `counted` ("198 US patents"),
 * or just after one ("its staff of 310", "cut its staff from 310 to 45"). Companies of the
 * kind counted may be counted as companies ("38 companies have signed up", for licensees).
 */
function countsThing(
  words: ReadonlyArray<readonly string[]>,
  asked: readonly string[],
  matcher: WordMatcher,
): boolean {
  // Kinds of company may be counted as companies, and companies as kinds of company ("how
  // many companies have signed up as licensees": "210 licensees").
  const asCompanies = asked.some((t) => COMPANY_KINDS.has(t));
  const asKinds = asked.some((t) => COMPANIES.has(t));
  let numberAt = Number.NEGATIVE_INFINITY;
  let countedAt = Number.NEGATIVE_INFINITY;
  // "About 14,000 units had to be collected", of the mowers the sentence speaks of: units count
  // whatever else the sentence names.
  let unitsCounted = false;
  let askedNamed = false;
  for (let i = 0; i < words.length; i++) {
    const terms = words[i] ?? [];
    if (i - numberAt <= 2 && terms.some((t) => UNIT_TERMS.has(t))) unitsCounted = true;
    if (asked.includes(matcher.queryTermOf(terms) ?? "")) askedNamed = true;
    // "a seven-year patent licence": a number joined to its unit counts that unit.
    if (terms.some(isNumberJoined)) numberAt = Number.NEGATIVE_INFINITY;
    else if (terms.some((t) => /^[$€£¥]?\d/.test(t) || NUMBER_WORDS.has(t))) {
      const year = terms.some((t) => /^(?:19|20)\d\d$/.test(t));
      if (i - countedAt <= 2 && !year && !terms.some((t) => t.startsWith("$"))) return true;
      numberAt = i;
    } else if (
      asked.includes(matcher.queryTermOf(terms) ?? "") ||
      (asCompanies && terms.some((t) => COMPANIES.has(t))) ||
      (asKinds && terms.some((t) => COMPANY_KINDS.has(t)))
    ) {
      if (i - numberAt <= 3) return true;
      countedAt = i;
    }
  }
  return unitsCounted && askedNamed;
}

/** Words that count things of any kind: "14,000 units". */
const UNIT_TERMS = new Set(analyze("units items pieces"));

const NUMBER = /\d/;
/** How a party keeps something to itself: "declined to", "would not", "did not". */
export const DECLINED = "(?:did not|didn't|declined to|would not|wouldn't|refused to)";

/**
 * "Financial terms were not disclosed", "an undisclosed number of patents": the article's answer
 * to a question asking for a figure it does not give.
 */
export const UNDISCLOSED = new RegExp(
  `\\bundisclosed\\b|\\b(?:not|never) (?:been )?(?:disclosed|made public|revealed)\\b|\\b${DECLINED} (?:disclose|reveal|say (?:at )?(?:what|how much|how many|which|who))\\b`,
  "i",
);
// Words that give a cause or a purpose, including how spokespeople put it ("lets us", "means").
const REASON =
  /\b(?:because|due to|results? from|as a result|in order to|so that|owing to|driven by|to help|to offset|aims? to|means|lets? (?:us|it|them)|allows? (?:us|it|them)|enables?|ahead of|in exchange|defensive|strateg(?:y|ic)|wanted|want to|rather than|easier|chose to|decided to|thanks to|because of|avoid|protect|uncertainty|so (?:we|it|they) can|(?:a|the|one|main) reasons?|after (?:the )?[\p{L}-]+ (?:threatened|refused|sued|won|lost|failed))\b/iu;
const SPEECH = /["“”]/;
// How a sentence answers yes or no: denying, limiting, or telling where things stand.
// Words that limit, widen or end what a yes-no question asks about: "worldwide",
// "non-exclusive", "pulled out of", "fund its own".
const STATUS =
  /\b(?:not|no|never|none|only|both|still|yet|already|remains?|expected to|subject to|pending|except|neither|nor|without|instead|unlike|rather than|worldwide|globally|non-exclusive|exclusive|its own|pulled out|walked away|called off|terminated|abandon\w*)\b|n't\b/i;
const ADDITIVE =
  /\b(?:also|in addition|as well|other than this|further|furthermore|additionally|moreover|besides)\b/i;
// A small amount in words: "eleven cents", "thirty-five cents", "two dollars".
const IN_WORDS =
  /\b(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?|a|half a) (?:cents?|pence|dollars?|euros?|pounds?)\b/i
    .source;
// An amount of money or a rate: "$2.50", "35 cents", "610 million Norwegian kroner", "1.5%".
// "9.6 million devices" is a count, not money.
const MONEY = new RegExp(
  `[$€£¥]\\s?\\d|\\d(?:\\s?(?:million|billion|bn|m))?\\s?(?:[A-Z][a-z]+ )?(?:cents?|pence|dollars|euros|pounds|yen|yuan|kroner|kronor|krona|francs|rupees|usd|eur|gbp|cny|jpy)\\b|\\d\\s?%|\\d percent\\b|${IN_WORDS}`,
  "i",
);
/** A price per thing: "$0.85 per handset", "22 cents for each hearing aid", "$3 a unit". */
export const UNIT_PRICE = new RegExp(
  `(?:[$€£¥]\\s?\\d[\\d.,]*|\\b\\d[\\d.,]*\\s?(?:cents?|pence|euros?|dollars?|yen)|${IN_WORDS})\\s+(?:[\\w-]+\\s+){0,3}?(?:per|for each|for every|on each|on every|a|an)\\b`,
  "i",
);
// A figure per thing: a unit price, or a share that is a rate: one of something or called one
// ("2% of the price", "a royalty rate of 3.5%", "a 4% royalty"), not a rise or a fall ("revenue
// rose 19%").
/** Whether `text` gives a rate per thing ("9 cents for each device", "$0.85 per handset"). */
export function givesRate(text: string): boolean {
  return PER_UNIT.test(text);
}

const PER_UNIT = new RegExp(
  `${UNIT_PRICE.source}|\\d\\s?(?:%|per ?cent)\\s+(?:of|on)\\b|\\b(?:royalt\\w*|rates?|fees?|commission|charge)\\s+(?:[\\w-]+\\s+){0,3}?\\d[\\d.]*\\s?(?:%|per ?cent)|\\d\\s?(?:%|per ?cent)\\s+(?:[\\w-]+\\s+)?(?:royalt\\w*|rates?|fees?|commission|cut|share)\\b`,
  "i",
);
// How long something runs: "a five-year licence", "for 12 years", "until June 30, 2031".
const DURATION =
  /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)[- ](?:years?|months?|weeks?|days?)\b|\b(?:until|till|through|expir\w*)\b|\bruns? (?:to|for)\b|\bend of (?:19|20)\d\d\b/i;
const MONTH =
  "January|February|March|April|May|June|July|August|September|October|November|December";
const DATE = new RegExp(`\\b(?:19|20)\\d{2}\\b|\\b(?:${MONTH})\\b`);
// Dates to take out of a text: "April 1", "Oct. 29", "1 April", "2025".
const DATES = new RegExp(
  `\\b(?:${MONTH}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.? \\d{1,2}\\b|\\b\\d{1,2} (?:${MONTH})\\b|\\b(?:19|20)\\d{2}\\b`,
  "g",
);

/** `text` with its dates and years taken out, to tell whether it gives any other figure. */
export function withoutDates(text: string): string {
  return text.replace(DATES, "");
}

/**
 * Whether `text` gives a figure: a number that is no date or year, nor part of a name ("4G
 * devices", "Qi2", "3GPP"): "covering 4G devices; those terms were never disclosed" gives none.
 */
export function givesFigure(text: string): boolean {
  return /\d/.test(
    withoutDates(text).replace(/\b(?:\d+\p{L}[\p{L}\d]*|\p{L}+\d[\p{L}\d]*)\b/gu, ""),
  );
}
// A person as news names one: "said Helena Marsh", "Helena Marsh, chief executive of…", "Nokia
// CEO Rajeev Suri", "Kenji Morimoto, Invarra's general manager", "its general counsel, Ingrid
// Fossum". Two capitalised words alone
// would take "Ostrava Codec" for a person.
const PERSON =
  /\b(?:said|says|according to|told)\s+\p{Lu}\p{Ll}+(?:[ -]\p{Lu}[\p{Ll}-]+)+|\b\p{Lu}\p{Ll}+(?: \p{Lu}[\p{Ll}á-ž]+(?:-\p{Lu}?[\p{Ll}á-ž]+)*)+,\s+(?:a |an |the )?(?:[\p{L}'’-]+ ){0,4}(?:executive|officer|president|chair\w*|head|director|counsel|analyst|spokes\w*|founder|manager|partner|chief|CEO|judge|mediator|arbitrator|lawyer|attorney|professor|economist)\b|\b(?:CEO|[Cc]hief [Ee]xecutive|[Cc]hairman|[Pp]resident|[Ff]ounder)\s+\p{Lu}\p{Ll}+ \p{Lu}|\b(?:Judge|Justice)\s+\p{Lu}[\p{Ll}-]+|\b(?:executive|officer|president|chair\w*|head|director|counsel|analyst|spokes\w*|founder|manager|partner|CEO),\s+\p{Lu}\p{Ll}+ \p{Lu}/u;

/**
 * A question's word found in the headline but not in the sentence counts for this much: the
 * sentence is read under its headline ("the pool's royalty" in a story headlined about the
 * Kestrel pool), but a sentence that says it outright is the better quote.
 */
const HEADLINE_SHARE = 0.5;

/** For a number that counts what the question asks about, on top of the number's own bonus. */
const COUNT_BONUS = 0.35;

export interface Window {
  span: Span;
  /** Weight of the distinct query terms the window covers. */
  coverage: number;
  covered: Set<string>;
  hits: number;
  score: number;
  /** Whether a number in it counts what a "how many" question asks about. */
  counts: boolean;
  /**
   * Every query term any term of any weighed sentence's words stands for, the window's or not
   * ("cross-licence" stands for "cross" and "licence"): what the passage speaks of. Empty
   * unless asked for (`prefer.mentions`).
   */
  mentioned: ReadonlySet<string>;
}

function shapeBonus(
  text: string,
  shape: AnswerShape | undefined,
  counts: boolean,
  coverage: number,
): number {
  if (!shape) return 0;
  let bonus = 0;
  if (shape.additive && ADDITIVE.test(text)) bonus += 0.35;
  if (shape.yesNo && STATUS.test(text)) bonus += 0.1;
  if (shape.reason && REASON.test(text)) bonus += 0.3;
  // Why someone did something, or what they make of it, is most often in their own words.
  if (shape.runsOn && SPEECH.test(text)) bonus += 0.2;
  if (shape.person && PERSON.test(text)) bonus += 0.25;
  if (shape.place) bonus += 0.2 * Math.min(3, placesNamed(text));
  // A figure or a date answers only in a sentence about what was asked: "Xiaomi has applied
  // for 16,000 patents" does not say how many it bought from Nokia.
  let figure = 0;
  if (numberFits(text, shape)) figure += 0.35;
  // "How much for each smart plug?" asks for a rate, not a price: "a $29 smart plug" is half
  // an answer.
  if (shape.money && MONEY.test(text))
    figure += shape.perUnit && !PER_UNIT.test(text) ? 0.15 : 0.35;
  // Saying that the figure was not disclosed answers as a figure would, once.
  else if ((shape.number || shape.money) && UNDISCLOSED.test(text)) figure += 0.35;
  if (shape.date && DATE.test(text)) figure += 0.35;
  if (shape.duration && DURATION.test(text)) figure += 0.35;
  if (counts) figure += COUNT_BONUS;
  return bonus + figure * Math.min(1, coverage / FIGURE_COVERAGE);
}

/** Whether a number in `text` counts what a "how many" question asks about. */
export function countsAsked(text: string, shape: AnswerShape, matcher: WordMatcher): boolean {
  return shape.counted.length > 0 && countsThing(wordTermLists(text), shape.counted, matcher);
}

/** Whether `text` holds what a figure, date or person question asks for, of the kind asked. */
export function fitsShape(text: string, shape: AnswerShape): boolean {
  return (
    (shape.money && (shape.perUnit ? PER_UNIT.test(text) : MONEY.test(text))) ||
    (!shape.money && numberFits(text, shape)) ||
    (shape.date && DATE.test(text)) ||
    (shape.duration && DURATION.test(text)) ||
    (shape.person && PERSON.test(text))
  );
}

/** Below this coverage, a figure's bonus shrinks with it. */
const FIGURE_COVERAGE = 0.8;

/**
 * The best one- or two-sentence window: most query weight covered, then most hits, then the
 * shortest. `weights` maps each query term to its weight (rarer terms weigh more).
 */
export function bestWindow(
  text: string,
  sentences: Span[],
  matcher: WordMatcher,
  weights: Map<string, number>,
  prefer: {
    shape?: AnswerShape;
    avoid?: ReadonlySet<string>;
    /** Query terms the article as a whole supplies (the companies it is about). */
    given?: ReadonlySet<string>;
    /** Query terms its headline supplies: context for every sentence, at this share of weight. */
    headline?: ReadonlySet<string>;
    /** Whether to record `Window.mentioned`. */
    mentions?: boolean;
  } = {},
): Window | undefined {
  const { shape, avoid, given, headline, mentions } = prefer;
  const total = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
  const heaviest = Math.max(1e-9, ...weights.values());
  const mentioned = new Set<string>();
  const perSentence = sentences.map((s) => {
    const covered = new Set<string>();
    const avoided = new Set<string>();
    let hits = 0;
    const words = wordTermLists(text.slice(s.start, s.end));
    const counts = shape
      ? shape.counted.length > 0 && countsThing(words, shape.counted, matcher)
      : false;
    for (const terms of words) {
      if (avoid) for (const t of terms) if (avoid.has(t)) avoided.add(t);
      const q = matcher.queryTermOf(terms);
      if (q) {
        covered.add(q);
        hits++;
        if (mentions)
          for (const t of terms) {
            const each = terms.length > 1 ? matcher.queryTermOf([t]) : q;
            if (each) mentioned.add(each);
          }
      }
    }
    return { span: s, covered, hits, avoided, counts };
  });

  let best: Window | undefined;
  for (let i = 0; i < perSentence.length; i++) {
    // A reason is often given after a sentence that restates what happened ("X said renewing
    // early had been a priority. … means there is no gap"): why-questions may take three.
    for (const width of shape?.runsOn ? [1, 2, 3] : [1, 2]) {
      const group = perSentence.slice(i, i + width);
      if (group.length < width) continue;
      const first = group[0];
      const last = group.at(-1);
      if (!first || !last) continue;
      const covered = new Set([...group.flatMap((g) => [...g.covered]), ...(given ?? [])]);
      const hits = group.reduce((n, g) => n + g.hits, 0);
      // "besides patents": a sentence about patents is what the asker already knows.
      const avoided = new Set(group.flatMap((g) => [...g.avoided])).size;
      const span = { start: first.span.start, end: last.span.end };
      let weight = 0;
      for (const q of covered) weight += weights.get(q) ?? 0;
      if (headline)
        for (const q of headline) {
          const w = weights.get(q) ?? 0;
          // Scaled by rarity: a headline's "patent deal" says little about a sentence.
          if (!covered.has(q)) weight += (HEADLINE_SHARE * w * w) / heaviest;
        }
      const coverage = weight / total;
      // A second sentence must earn its place by covering more of the question; for a why,
      // the sentence after a statement is so often its reason that it nearly always may, and
      // an open question's answer is as often the sentence beside the one matching its words.
      // A speaker's next quoted sentence ("…," said X. "I would expect a merger…") is more of
      // what they say: it costs nothing, and is worth a little.
      const quotedOn = shape?.runsOn
        ? group.slice(1).filter((g) => /^["\u201C]/.test(text.slice(g.span.start, g.span.end)))
            .length
        : 0;
      const widthPenalty = shape?.runsOn
        ? (width - 1 - quotedOn) ** 2 * 0.015
        : (width - 1) * (shape?.open ? 0.015 : 0.08);
      const length = span.end - span.start;
      // What someone says is cut short when the window ends inside their quotation.
      const cutsQuote =
        shape?.runsOn && leavesQuotationOpen(text.slice(span.start, span.end)) ? 0.06 : 0;
      const score =
        coverage +
        0.02 * Math.min(hits, 6) +
        shapeBonus(
          text.slice(span.start, span.end),
          shape,
          group.some((g) => g.counts),
          coverage,
        ) *
          (covered.size > 0 ? 1 : 0) -
        widthPenalty +
        0.01 * quotedOn -
        cutsQuote -
        0.4 * avoided -
        Math.max(0, length - 300) / 4000;
      if (!best || score > best.score)
        best = {
          span,
          coverage,
          covered,
          hits,
          score,
          counts: group.some((g) => g.counts),
          mentioned,
        };
    }
  }
  return best;
}

/** Whether `text` opens a quotation it does not close (“… or a lone straight "). */
function leavesQuotationOpen(text: string): boolean {
  const opened = text.split("\u201C").length - 1;
  const closed = text.split("\u201D").length - 1;
  if (opened + closed > 0) return opened > closed;
  return (text.split('"').length - 1) % 2 === 1;
}

export interface CutSnippet {
  text: string;
  highlights: Highlight[];
  /** The verbatim part's offsets in the article. */
  start: number;
  end: number;
}

const MAX_SNIPPET = 420;

/**
 * The snippet for `span` of `text`, cut to `MAX_SNIPPET` characters around the hits when the
 * sentence is longer, with the matching words marked.
 */
export function cutSnippet(
  text: string,
  span: Span,
  isHit: (terms: string[]) => boolean,
  maxLength = MAX_SNIPPET,
): CutSnippet {
  const words = wordTerms(text.slice(span.start, span.end)).map((w) => ({
    start: w.start + span.start,
    end: w.end + span.start,
    hit: isHit(w.terms),
  }));
  let start = span.start;
  let end = span.end;
  if (end - start > maxLength && words.length > 0) {
    // Centre the cut on the hits, then grow it word by word while it fits.
    const hitIdx = words.flatMap((w, i) => (w.hit ? [i] : []));
    let lo = hitIdx[0] ?? 0;
    let hi = hitIdx[0] ?? 0;
    for (const i of hitIdx) {
      const w = words[i];
      const first = words[lo];
      if (w && first && w.end - first.start <= maxLength) hi = i;
    }
    const width = () => (words[hi]?.end ?? 0) - (words[lo]?.start ?? 0);
    let grew = true;
    while (grew) {
      grew = false;
      if (
        lo > 0 &&
        width() + ((words[lo]?.start ?? 0) - (words[lo - 1]?.start ?? 0)) <= maxLength
      ) {
        lo--;
        grew = true;
      }
      if (
        hi < words.length - 1 &&
        width() + ((words[hi + 1]?.end ?? 0) - (words[hi]?.end ?? 0)) <= maxLength
      ) {
        hi++;
        grew = true;
      }
    }
    start = lo === 0 ? span.start : (words[lo]?.start ?? span.start);
    end = hi === words.length - 1 ? span.end : (words[hi]?.end ?? span.end);
  }
  const prefix = start > span.start ? "…" : "";
  const suffix = end < span.end ? "…" : "";
  const highlights: Highlight[] = [];
  for (const w of words) {
    if (!w.hit || w.start < start || w.end > end) continue;
    const h = { start: w.start - start + prefix.length, end: w.end - start + prefix.length };
    const prev = highlights.at(-1);
    // Adjacent hits become one bold run: "**Nokia Technologies**", not two.
    if (
      prev &&
      /^\s+$/.test(text.slice(prev.end - prefix.length + start, h.start - prefix.length + start))
    ) {
      prev.end = h.end;
    } else highlights.push(h);
  }
  return { text: prefix + text.slice(start, end) + suffix, highlights, start, end };
}

/** A matcher that marks words whose analysed terms are among `terms` (query-side terms). */
export function termMatcher(termToQuery: Map<string, string>): WordMatcher {
  return {
    queryTermOf(terms: readonly string[]) {
      for (const t of terms) {
        const q = termToQuery.get(t);
        if (q) return q;
      }
      return undefined;
    },
  };
}
