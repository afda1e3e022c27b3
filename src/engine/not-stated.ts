import { analyze, wordTermLists } from "../text/analyze.js";
import { type Span, sentenceSpans } from "../text/sentences.js";
import { isNationality } from "./question-names.js";
import {
  type AnswerShape,
  countsAsked,
  DECLINED,
  fitsShape,
  givesFigure,
  givesRate,
  UNDISCLOSED,
  type WordMatcher,
  withoutDates,
} from "./snippets.js";
import { CALENDAR } from "./text-names.js";

/**
 * What `/ask` says no article states, though it quotes the closest passages: the figure asked
 * for ("how much did the other bidders offer?"), how long a licence runs, or the kind of party
 * asked to be named ("which law firm advised Veyrac?").
 */

/** How a question asks how long something runs: the answer's "seven-year" need not say "last". */
const TERM_WORDS = new Set(analyze("last lasts run runs running long term duration expire"));

/**
 * The question's words, each as the query terms it stands for ("cross-licence": "cross" and
 * "licence"), kept to those `keep` allows and, for a question asking how long, without the
 * words it asks that with.
 */
export function questionWords(
  question: string,
  matcher: WordMatcher,
  keep: (q: string) => boolean,
  shape: AnswerShape,
): Array<ReadonlySet<string>> {
  return wordTermLists(question)
    .map(
      (terms) =>
        new Set(
          terms
            .map((t) => matcher.queryTermOf([t]))
            .filter(
              (q): q is string =>
                q !== undefined && keep(q) && !(shape.duration && TERM_WORDS.has(q)),
            ),
        ),
    )
    .filter((w) => w.size > 0);
}

export interface FigureQuote {
  text: string;
  /** The question's words its article uses (see `figureStated`). */
  focus: ReadonlyArray<ReadonlySet<string>>;
  /** The headline and the text from the paragraph before the quote up to it. */
  leadUp: string;
}

/** Words between "what" and the thing it asks for, and those that end the thing's name. */
const BEFORE_THING = new Set(["is", "was", "are", "were", "'s", "the", "a", "an", "its", "their"]);
const AFTER_THING =
  /^(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could|should|of|for|in|on|to|at|from|by|with|under|that|per)$/i;

/**
 * The words naming the thing a question asks for: "what valuation did Claimstead get" —
 * "valuation"; "how much funding did…" — "funding"; "what's the yearly cap on…" — "yearly cap".
 * Empty when the question goes straight on to its verb ("what did Ketterby pay").
 */
export function thingAsked(question: string): string {
  const m = /\b(?:what|which|how much|how many)\b(.*)/i.exec(question.replace(/[’]/g, "'"));
  if (!m?.[1]) return "";
  const words = m[1].match(/'s|[\p{L}\p{N}-]+/gu) ?? [];
  let i = 0;
  while (i < words.length && BEFORE_THING.has((words[i] ?? "").toLowerCase())) i++;
  const thing: string[] = [];
  for (const word of words.slice(i, i + 3)) {
    if (AFTER_THING.test(word)) break;
    thing.push(word);
  }
  return thing.length === 3 ? "" : thing.join(" ");
}

export interface FigureSubjects {
  /** Whether a term is something specific: no name, nor one of the corpus's everyday words. */
  specific: (term: string) => boolean;
  /** Whether a sentence is about other companies than those asked about. */
  aboutOthers: (sentence: string) => boolean;
  /** Whether a text names no company. */
  namesNobody: (text: string) => boolean;
  /** Whether a text names none of the companies asked about (the question names some). */
  othersOnly: (text: string) => boolean;
  /** The query terms of each word naming the thing asked for (see `thingAsked`). */
  thing: ReadonlyArray<ReadonlySet<string>>;
}

const CLAUSE_BREAK = /,\s+(?:and|but|while|whereas)\s+|;\s+/;

/** What a money question's figure is: a sentence saying it outright states it. */
const FIGURE_VERBS = new Set(analyze("pay paid cost charge earn revenue royalty fee price worth"));

/** Words a question asks for a rate with. */
const RATE_WORDS = new Set(analyze("rate royalty fee"));

/** Words that ask what was paid for something, which a sentence saying what was paid answers. */
const PAYING_FOR = new Set(analyze("buy purchase pay cost charge spend price"));

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
 * what Norrgate pays) states nothing asked, nor one in a sentence naming nobody ("Rates are 30
 * cents for each phone") whose lead-up speaks only of others (the Archway pool's, asked what the
 * Sirocco pool charges).
 */
export function figureStated(
  quotes: ReadonlyArray<FigureQuote>,
  shape: AnswerShape,
  matcher: WordMatcher,
  about: FigureSubjects,
): boolean {
  const { specific, aboutOthers, namesNobody, othersOnly, thing } = about;
  // The query terms each sentence says, read once: several checks below ask of one sentence.
  const saidIn = new Map<string, Set<string | undefined>>();
  const saidBy = (sentence: string) => {
    let said = saidIn.get(sentence);
    if (!said) {
      said = termsSaid(sentence, matcher);
      saidIn.set(sentence, said);
    }
    return said;
  };
  // How many of the question's specific words a sentence says, the words for paying aside.
  const specificSaid = (sentence: string, focus: ReadonlyArray<ReadonlySet<string>>) => {
    const said = saidBy(sentence);
    return focus.filter(
      (w) =>
        [...w].some(specific) &&
        ![...w].some((q) => PAYING_FOR.has(q)) &&
        [...w].some((q) => said.has(q)),
    ).length;
  };
  // Whether a sentence (or a clause of one) holds a figure of the kind asked.
  const holdsFigure = (text: string) =>
    shape.counted.length > 0 ? countsAsked(text, shape, matcher) : fitsShape(text, shape);
  // The most a quoted sentence without a figure says: "How much did Yarrowdene pay to be
  // released from claims on its past camera sales?" is asked of the release ("releases
  // Yarrowdene from any claims over cameras it sold"), which gives none, not of the royalty
  // ("48 cents for every camera it sells"), which says two words of it fewer.
  const mostWithout = Math.max(
    0,
    ...quotes.flatMap(({ text, focus }) =>
      sentenceSpans(text)
        .map(({ start, end }) => text.slice(start, end))
        .filter((s) => !holdsFigure(s))
        .map((s) => specificSaid(s, focus)),
    ),
  );
  // "What valuation did Claimstead get?": a sentence saying its valuation was not disclosed
  // tells that "$14 million in a Series A round", which does not say "valuation", is not it.
  const saysThing = (sentence: string) => {
    const said = saidBy(sentence);
    return thing.some((w) => [...w].some((q) => specific(q) && said.has(q)));
  };
  const thingUndisclosed = quotes.some(({ text }) =>
    sentenceSpans(text).some(({ start, end }) => {
      const sentence = text.slice(start, end);
      return (
        UNDISCLOSED.test(sentence) && !holdsFigure(withoutDates(sentence)) && saysThing(sentence)
      );
    }),
  );
  return quotes.some(({ text, focus, leadUp }) => {
    // Counting something specific ("how many automakers") is answer enough; counting the
    // corpus's everyday things ("how many patents") must also be of what is asked.
    const counted = (word: ReadonlySet<string>) => shape.counted.some((t) => word.has(t));
    const words = shape.counted.some(specific) ? [] : focus.filter((w) => !counted(w));
    // The question's specific words say what the figure is of; its everyday ones ("patents",
    // "pay") only when it has none.
    const isSpecific = (w: ReadonlySet<string>) => [...w].some(specific);
    const ownFocus = words.some(isSpecific) ? words.filter(isSpecific) : words;
    return sentenceSpans(text).some(({ start, end }) => {
      const sentence = text.slice(start, end);
      // "In May it bought 312 patents from Tessaly, and in July it settled with Norrgate": the
      // figure's own clause says whom it is about.
      const clauses = sentence.split(CLAUSE_BREAK).filter(holdsFigure);
      if (clauses.length === 0 || clauses.every(aboutOthers)) return false;
      if (clauses.every(namesNobody) && othersOnly(leadUp + text.slice(0, start))) return false;
      if (thingUndisclosed && !saysThing(sentence)) return false;
      // A share is told of its holder as "we" or "it" ("We hold 11% of the company"): a
      // percentage not about others is the one asked.
      if (ownFocus.length === 0 || shape.percent) return true;
      if (specificSaid(sentence, focus) + 2 <= mostWithout) return false;
      const said = saidBy(sentence);
      const saidOf = (w: ReadonlySet<string>) => [...w].some((q) => said.has(q));
      if (ownFocus.some(saidOf)) return true;
      // "What FRAND rate did the judge set?": "9 cents for each device" is a rate, whatever the
      // sentence calls it ("royalty").
      if (ownFocus.some((w) => [...w].some((q) => RATE_WORDS.has(q))) && givesRate(sentence))
        return true;
      // "How much did Greyfield shell out to purchase Selbrook's IP?" is answered by what it
      // agreed "to pay"; "how much did Ketterby pay to cover the products it sold before the
      // deal?" is not answered by its royalty on what it ships: what else the question asks the
      // figure of ("sold before") must be said too. The sentence's own words count: "had
      // agreed to pay $73.2 million for 540 patents" says what was bought.
      const paid = wordTermLists(sentence).some((terms) => terms.some((t) => FIGURE_VERBS.has(t)));
      return paid && ownFocus.every((w) => [...w].some((q) => PAYING_FOR.has(q)));
    });
  });
}

/** The query terms `text`'s words stand for. */
function termsSaid(text: string, matcher: WordMatcher): Set<string | undefined> {
  return new Set(
    wordTermLists(text).flatMap((terms) => terms.map((t) => matcher.queryTermOf([t]))),
  );
}

/**
 * Whether a sentence of `text` says a figure was not disclosed, gives none (dates aside), and
 * is about what is asked, using one of the question's words: "Ravensholt did not disclose what
 * Tamberlyn will pay under the renewal", not "Huawei did not disclose the details of the deal"
 * asked how many automakers it licenses.
 */
export function undisclosedSaid(
  text: string,
  focus: ReadonlyArray<ReadonlySet<string>>,
  matcher: WordMatcher,
): boolean {
  return sentenceSpans(text).some(({ start, end }) => {
    const sentence = text.slice(start, end);
    if (!UNDISCLOSED.test(sentence) || givesFigure(sentence)) return false;
    const said = termsSaid(sentence, matcher);
    return focus.some((w) => [...w].some((q) => said.has(q)));
  });
}

/** "did not disclose the names of the arbitrators", "declined to name the buyer". */
const NAMES_UNDISCLOSED = new RegExp(
  `\\b(?:not|never) (?:been )?(?:disclosed|revealed|named|identified) (?:the )?(?:names?|identit(?:y|ies))\\b|\\b${DECLINED} (?:disclose|reveal|give) (?:the )?(?:names?|identit(?:y|ies))\\b|\\b${DECLINED} (?:name|identify|say who)\\b|\\bnames? (?:of [^.,;]{1,40} )?(?:is|are|was|were|has been|have been|has not been|have not been) (?:not )?(?:disclosed|given|released|made public|blacked out|redacted|withheld|kept (?:secret|confidential)|confidential)\\b`,
  "i",
);

/**
 * The sentence of an article's `sentences` saying that who did what a "who" question asks
 * about was not disclosed, in one of the question's `specific` words: "who sat on the panel
 * that set the rate?" — "The companies did not disclose the names of the arbitrators".
 */
export function namesUndisclosed(
  text: string,
  sentences: () => readonly Span[],
  specific: (term: string) => boolean,
  matcher: WordMatcher,
): Span | undefined {
  // Most articles say no such thing: they are not split into sentences for it.
  if (!NAMES_UNDISCLOSED.test(text)) return undefined;
  return sentences().find(({ start, end }) => {
    const sentence = text.slice(start, end);
    if (!NAMES_UNDISCLOSED.test(sentence)) return false;
    return [...termsSaid(sentence, matcher)].some((q) => q !== undefined && specific(q));
  });
}

/** "It declined to say whether…", "Orvandel has not said whether…": what nobody has said. */
const UNSAID_WHETHER = new RegExp(
  `\\b(?:${DECLINED}|has not|hasn't|have not|haven't|will not|won't) (?:say|said|comment on|confirm|confirmed|disclose|disclosed)\\s+(?:whether|if)\\b`,
  "i",
);

/**
 * Whether a sentence of `text` says that whether the thing a yes-no question asks about will
 * happen has not been said, in one of the question's `specific` words after its "whether": "is
 * Ravensholt going to spin off the licensing unit?" — "It declined to say whether it would
 * consider spinning off the licensing unit". That is the answer, not a yes or a no.
 */
export function whetherUnsaid(
  text: string,
  specific: (term: string) => boolean,
  matcher: WordMatcher,
): boolean {
  return sentenceSpans(text).some(({ start, end }) => {
    const sentence = text.slice(start, end);
    const m = UNSAID_WHETHER.exec(sentence);
    if (!m) return false;
    // Only the clause after "whether": "…spinning off the licensing unit, and chief executive
    // Gunnar Lindvall did not join the call" says nothing unsaid of the call.
    const clause = sentence.slice(m.index + m[0].length).split(CLAUSE_BREAK)[0] ?? "";
    const said = termsSaid(clause, matcher);
    return [...said].some((q) => q !== undefined && specific(q));
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

/**
 * "Which two Asian cell makers…", "which fund…", "who were the other bidders…": a question
 * asking a party to be named.
 */
const PARTY_ASKED =
  /(?:\bwhich\s+(?:[\w-]+\s+){0,4}?|\bwho\s+(?:were|was|are|is)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?)(?:compan(?:y|ies)|firms?|makers?|manufacturers?|customers?|clients?|licensees?|licensors?|bidders?|buyers?|sellers?|purchasers?|partners?|rivals?|competitors?|funds?|investors?|start-?ups?|brands?|suppliers?|defendants?|owners?|holders?|aggregators?)\b/i;

/**
 * Whether a quote names a party of the kind a question asks for ("which law firm": "… LLP";
 * "which two Asian cell makers": any name), other than the companies it asks about
 * ("Pellworth Ventures" is no fund asked for, when asked which fund approached Pellworth).
 * Undefined when the question asks for no party.
 */
export function partyNamed(
  question: string,
  /** The role the question asks for, as `roleAsked` reads it. */
  role: RegExp | undefined,
  askedNames: readonly string[],
): ((quote: string) => boolean) | undefined {
  if (!role && !PARTY_ASKED.test(question)) return undefined;
  // The asked name in any case, with the capitalised words around it ("Pellworth Ventures").
  const asked = askedNames.map((name) => {
    const anyCase = name
      .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      .replace(/\p{L}/gu, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`);
    return new RegExp(`(?:\\p{Lu}[\\p{L}&'-]*\\s+)*${anyCase}(?:\\s+\\p{Lu}[\\p{L}&'-]*)*`, "gu");
  });
  return (quote) => {
    const text = asked.reduce((t, pattern) => t.replace(pattern, " "), quote);
    return role ? role.test(text) : namesSomeone(text);
  };
}

/**
 * Whether text names someone: a capitalised word within a sentence (not opening one, nor a
 * speaker's label), other than a month, a day, a nationality ("two Asian cell makers") or a
 * short acronym.
 */
function namesSomeone(text: string): boolean {
  for (const m of text.matchAll(/\p{Lu}[\p{L}'&-]*/gu)) {
    const before = text.slice(0, m.index).trimEnd();
    if (before === "" || /[.!?:"\u201C\u201D\u2026]$/.test(before)) continue;
    const word = m[0];
    if (CALENDAR.has(word.toLowerCase()) || isNationality(word) || /^\p{Lu}{1,3}$/u.test(word))
      continue;
    return true;
  }
  return false;
}
