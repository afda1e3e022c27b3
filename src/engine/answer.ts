import { distance } from "fastest-levenshtein";
import type { Deal } from "../corpus/schemas.js";
import {
  analyze,
  normalize,
  termsOf,
  tokenize,
  wordSpans,
  wordTermLists,
} from "../text/analyze.js";
import { isEnglishWord } from "../text/english.js";
import { type Span, sentenceSpans } from "../text/sentences.js";
import { nameWords } from "./companies.js";
import { dealView, findDealsBetween } from "./deals.js";
import type { EngineData } from "./engine.js";
import type { Passage } from "./passages.js";
import { nameMatcher, quoteOf } from "./quotes.js";
import { type AnswerShape, answerShape, bestWindow, termMatcher, type Window } from "./snippets.js";
import { findTextCompany } from "./text-names.js";
import type { AskResult, Quote } from "./types.js";

/**
 * `/ask`: the best sentences for a free question, one quote per article, the answering
 * sentence first; nothing at all when the corpus does not speak to the question.
 */

/** Tuning knobs, named so the evaluation report can cite them. */
export const ANSWER_SETTINGS = {
  /** Long questions are cut here: the first 60 words carry the question. */
  maxQuestionChars: 600,
  /** Passages whose best window is looked at. */
  candidates: 40,
  /** At most this many quotes (articles) in one answer. */
  maxQuotes: 4,
  /** Below this share of the question's weight in its best window, the corpus does not answer. */
  minCoverage: 0.5,
  /** A second place in the best article is quoted too when it scores this share of the first. */
  runnerUpShare: 0.9,
  /** Further articles must reach this share of the best article's score. */
  relativeScore: 0.6,
  /** A term in more passages than this share (and than the floor) is too common to retrieve by. */
  commonTermShare: 0.04,
  commonTermFloor: 400,
  /** A company's name retrieves up to this many times the share of a common word. */
  nameTermFactor: 4,
  /** A term in this share of passages is the corpus's everyday vocabulary ("patent", "licence"). */
  everydayTermShare: 0.1,
  /** Weight of a query term no article uses, relative to the average known term. */
  unknownTermWeight: 0.5,
};

/**
 * Curated deals the question is about: those between every company it names, or, when it
 * names one, that company's deals whose record matches the question's other words.
 */
function relatedDeals(data: EngineData, question: string, namedIds: string[]): Deal[] {
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

/**
 * The terms to retrieve candidates with. In a large corpus a word found in thousands of
 * passages ("patent") adds almost nothing to BM25 yet costs most of the search; such words
 * still count when the candidates' sentences are weighed.
 */
function retrievalTerms(data: EngineData, terms: string[]): string[] {
  const common = Math.max(
    ANSWER_SETTINGS.commonTermFloor,
    ANSWER_SETTINGS.commonTermShare * data.passages.length,
  );
  // A company's name is what a deal question is about: it still retrieves when several times
  // as common ("Kiolkesek", in 4.3% of passages, is how the one passage asked about is found).
  const rare = terms.filter((t) => {
    const df = data.docFreq.get(t) ?? 0;
    return (
      df <= common || (data.companyTerms.has(t) && df <= ANSWER_SETTINGS.nameTermFactor * common)
    );
  });
  if (rare.length > 0) return rare;
  // Only common words: the rarest two find passages that use both.
  return [...terms]
    .sort((a, b) => (data.docFreq.get(a) ?? 0) - (data.docFreq.get(b) ?? 0))
    .slice(0, 2);
}

/** `text` cut to at most `max` characters, never inside a word. */
function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.search(/\s\S*$/);
  return space > 0 ? cut.slice(0, space) : cut.slice(0, max);
}

/**
 * The name of something no article mentions: a capitalised word past the first, or a word in
 * lower case that is neither English nor a company's name mistyped ("qualcomm huawei deal?").
 */
function missingName(
  data: EngineData,
  question: string,
  unknownTerms: string[],
): string | undefined {
  const unknown = new Set(unknownTerms);
  const words = wordSpans(normalize(question));
  return words.find((w, i) => {
    const terms = termsOf(w.text);
    if (terms.length === 0 || !terms.every((t) => unknown.has(t))) return false;
    // A sentence's first word is capitalised anyway: a name only if it is not English.
    if (/^\p{Lu}/u.test(w.text)) return i > 0 || !isEnglishWord(w.text);
    // Shorter lower-case words are as often chat shorthand ("thru", "wdym") as names, unless
    // they stand beside a company's name ("sony huawei licence").
    const minLength = besideCompany(i) ? 3 : 5;
    return (
      new RegExp(`^\\p{Ll}{${minLength},}$`, "u").test(w.text) &&
      !isEnglishWord(w.text) &&
      !data.directory.resolve(w.text)
    );
  })?.text;

  function besideCompany(i: number): boolean {
    return [words[i - 1], words[i + 1], words[i - 2], words[i + 2]].some(
      (n, k) =>
        n !== undefined &&
        (k < 2 || /^(?:and|&|vs|x|with)$/i.test(words[i + (k === 2 ? -1 : 1)]?.text ?? "")) &&
        data.directory.mentionedIn(n.text).length > 0,
    );
  }
}

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

const NATIONALITY = /(?:ish|ese|ian|ean|an|i)$/;

/** How an end is told: "expires", "runs until", "due to expire", "to 2031". */
const END =
  /\b(?:expir\w*|until|through|run(?:s|ning)? (?:out|to|until)|ends?|ending|lasts?|(?:to|through) (?:19|20)\d\d)\b/i;

/** A word in more passages than this is not read as a possible company name. */
const RARE_NAME_PASSAGES = 200;

/** Asks whether there is a deal, or what its terms are, rather than about something in it. */
const DEAL_QUESTION =
  /^\W*(?:(?:so|hey|ok|and|but)\W+)?(?:did|do|does|has|have|had|is|are|was|were|any)\b|\bterms?\b/i;

const ROLE_WORDS =
  "chief executive(?: officer)?|ceo|chair(?:man|woman)?|president|founder|head|chief (?:\\p{L}+ )*?officer|counsel|director|spokes(?:man|woman|person)";
/** A role a question asks someone's name for. */
const ROLE = new RegExp(`\\b(?:${ROLE_WORDS})s?\\b`, "i");
const NAME = "\\p{Lu}[\\p{L}\\p{N}&.-]*(?: \\p{Lu}[\\p{L}\\p{N}&.-]*)*";
/**
 * A role and its organisation: "chief executive of Velmont Wireless", "Velmont's CEO", "Nokia
 * Chief Executive Rajeev Suri". Case is matched by hand, not with the "i" flag, under which
 * \\p{Lu} would match any letter.
 */
const ROLE_AT = new RegExp(
  `\\b(?:${caseless(ROLE_WORDS)})(?: and [a-z ]+?)?(?: of [\\p{Ll} ]+?)?,? (?:of|at) ((?:the )?${NAME})|(${NAME})'s (?:${caseless(ROLE_WORDS)})\\b|(${NAME}) (?:${caseless(ROLE_WORDS)})\\b`,
  "gu",
);

/** The word naming whose role a question asks about, lower-cased: "tessaly" in "Tessaly's IP head". */
function roleOwner(question: string, role: string): string | undefined {
  const lower = question.toLowerCase();
  const at = lower.indexOf(role.toLowerCase());
  if (at < 0) return undefined;
  // "Tessaly's IP head" (a possessive one or two words back), "the nokia ceo" (the word
  // before), "head of IP at Invarra" (after "of", "at" or "for").
  const [last, previous] = (lower.slice(0, at).match(/[\p{L}\p{N}&'-]+/gu) ?? [])
    .slice(-2)
    .reverse();
  const possessive = [last, previous].find((w) => w?.endsWith("'s"));
  const after = /^[\p{L} ]*? (?:of|at|for) (?:the )?([\p{L}\p{N}&-]+)/u.exec(
    lower.slice(at + role.length),
  );
  // "who's the CEO": a contraction, not an owner.
  return [possessive?.slice(0, -2), last, after?.[1]].find(
    (w) => w !== undefined && !w.endsWith("'s") && termsOf(w).length > 0,
  );
}

/** A pattern matching `pattern`'s lower-case letters in either case. */
function caseless(pattern: string): string {
  return pattern.replace(/(?<!\\)[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

/**
 * The question with mistyped company names spelt right ("hauwei and opo" → "Huawei and OPPO"):
 * a word no article uses and no dictionary knows, that the company directory resolves. The
 * search's own typo tolerance is kept for longer words and would miss these.
 */
function correctNames(data: EngineData, question: string): string {
  const text = normalize(question);
  let out = "";
  let at = 0;
  for (const w of wordSpans(text)) {
    const terms = termsOf(w.text);
    if (
      /^\p{L}{3,}$/u.test(w.text) &&
      terms.length > 0 &&
      terms.every((t) => !data.docFreq.has(t)) &&
      !isEnglishWord(w.text)
    ) {
      const company = data.directory.resolve(w.text);
      if (company) {
        out += text.slice(at, w.start) + company.name;
        at = w.end;
      }
    }
  }
  return out + text.slice(at);
}

function idf(data: EngineData, term: string): number {
  const n = data.passages.length || 1;
  const df = data.docFreq.get(term) ?? 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

// "What else besides patents…": the words after these are context, not what is asked for.
const EXCLUSION =
  /\b(?:besides|apart from|other than|aside from|except(?: for)?|excluding)\s+([^?.!,;]+)/i;

export function answerQuestion(data: EngineData, rawQuestion: string): AskResult {
  const asked = cutAtWord(rawQuestion.trim(), ANSWER_SETTINGS.maxQuestionChars);
  const exclusion = EXCLUSION.exec(normalize(asked));
  const avoid = new Set(exclusion ? analyze(exclusion[1] ?? "") : []);
  const question = correctNames(
    data,
    exclusion ? normalize(asked).replace(exclusion[0], " ") : asked,
  );
  const queryTerms = [...new Set(analyze(question))].filter(
    // A compound ("cross-licence", "nokia/xiaomi") is asked for through its parts; counting
    // the whole as well would let one word outweigh the rest of the question.
    (t, _, all) => !(t.includes("-") && t.split("-").every((p) => all.includes(p))),
  );
  if (queryTerms.length === 0)
    return { kind: "abstain", question: rawQuestion, reason: "empty-question" };

  const hits = data.passageIndex.search(
    retrievalTerms(data, queryTerms).map((term) => ({
      term,
      // Only a word the corpus does not know is a typo worth the cost of a fuzzy look-up:
      // a fifth of its letters, at most two.
      fuzzy:
        !data.docFreq.has(term) && term.length >= 5 && !/\d/.test(term)
          ? Math.min(2, Math.round(term.length * 0.2))
          : 0,
    })),
    {
      boost: [1, 0.4, 0.3],
      combineWith: "OR",
      // Only the candidates are looked at; the index picks them without sorting every match.
      limit: ANSWER_SETTINGS.candidates,
    },
  );
  if (hits.length === 0)
    return { kind: "abstain", question: rawQuestion, reason: "nothing-relevant" };

  // Which query term each matched index term stands for (typos and fuzzy forms included).
  const termToQuery = new Map<string, string>(queryTerms.map((t) => [t, t]));
  for (const hit of hits.slice(0, ANSWER_SETTINGS.candidates)) {
    for (const term of hit.terms) {
      if (termToQuery.has(term)) continue;
      const closest = queryTerms.reduce((best, q) =>
        distance(term, q) < distance(term, best) ? q : best,
      );
      termToQuery.set(term, closest);
    }
  }
  // Rarer terms weigh more. A term no article uses ("pizza", or filler like "besides") weighs
  // half the average known term: enough that a question mostly about unknown things fails.
  const weights = new Map<string, number>();
  const unknown: string[] = [];
  for (const q of queryTerms) {
    const docForms = [...termToQuery]
      .filter(([k, v]) => v === q && data.docFreq.has(k))
      .map(([k]) => k);
    if (docForms.length === 0) unknown.push(q);
    else weights.set(q, Math.max(...docForms.map((t) => idf(data, t))));
  }
  const known = [...weights.values()];
  const unknownWeight =
    (ANSWER_SETTINGS.unknownTermWeight * known.reduce((a, b) => a + b, 0)) / (known.length || 1);
  for (const q of unknown) weights.set(q, unknownWeight || 1);

  // A name the corpus never mentions ("Ericsson", "Helsinki") means the question is about
  // something the corpus does not cover, however well its other words match.
  const missing = missingName(data, question, unknown);
  if (missing)
    return {
      kind: "abstain",
      question: rawQuestion,
      reason: "nothing-relevant",
      missing,
    };

  // A company the question names is satisfied by an article about it, not by each sentence
  // repeating the name: the sentence is chosen for what the question asks about the company.
  const companiesOfTerm = new Map<string, Set<string>>();
  for (const [docTerm, q] of termToQuery) {
    for (const id of data.companyIdsByTerm.get(docTerm) ?? []) {
      const set = companiesOfTerm.get(q) ?? new Set<string>();
      set.add(id);
      companiesOfTerm.set(q, set);
    }
  }
  const isCompany = (q: string) => companiesOfTerm.has(q);
  // "the kestrel pool": an English word the passages found write capitalised, every time
  // and not only to start a sentence, is a name there.
  const capitalisedInHits = (word: string): boolean => {
    // Nationalities ("british", "chinese", "korean") are capitalised too, and name no one.
    if (NATIONALITY.test(word)) return false;
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, "giu");
    let capitalised = 0;
    for (const hit of hits.slice(0, ANSWER_SETTINGS.candidates)) {
      const passage = data.passages.get(hit.id);
      const text = passage && data.articles.get(passage.articleId)?.text;
      if (!passage || !text) continue;
      for (const m of text.slice(passage.start, passage.end).matchAll(pattern)) {
        if (!/^\p{Lu}/u.test(m[0])) return false;
        if (
          !/[.!?"“]\s*$/u.test(
            text.slice(Math.max(0, passage.start + m.index - 3), passage.start + m.index),
          )
        )
          capitalised++;
      }
    }
    return capitalised > 0;
  };
  // Other names the question uses ("the chargelink pool", a company no record knows) are given
  // by an article that uses them, as companies are: a capitalised word past the first, or a
  // word that is not English.
  const otherNames = new Map<string, string>();
  wordSpans(normalize(question)).forEach((w, i) => {
    const terms = termsOf(w.text);
    const q = terms.length === 1 ? terms[0] : undefined;
    if (!q || !weights.has(q) || unknown.includes(q) || isCompany(q)) return;
    const named = i > 0 ? /^\p{Lu}/u.test(w.text) : false;
    const word = w.text.replace(/'s$/, "");
    if (named || (/^\p{Ll}{4,}$/u.test(word) && (!isEnglishWord(word) || capitalisedInHits(word))))
      otherNames.set(q, word.toLowerCase());
  });

  // Names are what a deal question is about, however often the corpus mentions them: they
  // weigh at least as much as the heaviest other word.
  const isName = (q: string) => isCompany(q) || otherNames.has(q);
  const heaviest = Math.max(0, ...[...weights].filter(([q]) => !isName(q)).map(([, w]) => w));
  for (const [q, w] of weights) if (isName(q)) weights.set(q, Math.max(w, heaviest));

  // "Did Greyfield sign a licence with Velmont?": a deal question about two parties is answered
  // by what /deal finds between them; when it finds no deal, the corpus has none to quote.
  const parties = [
    ...data.directory.mentionedIn(question).map((id) => data.directory.get(id)?.name ?? id),
    ...[...otherNames.values()].filter((w) => /^\p{L}{4,}$/u.test(w) && !isEnglishWord(w)),
  ];
  const dealQuestion =
    queryTerms.some((t) => DEAL_TERMS.has(t)) && DEAL_QUESTION.test(normalize(question));
  // "did oppo and vivo sign…": a name typed in lower case may also be an English word; the
  // articles, writing it capitalised, tell it is a company. Only rare words are read for it.
  if (dealQuestion && parties.length === 1)
    for (const w of wordSpans(normalize(question))) {
      const q = termsOf(w.text)[0];
      if (!q || DEAL_TERMS.has(q) || isName(q) || (data.docFreq.get(q) ?? 0) > RARE_NAME_PASSAGES)
        continue;
      const company = findTextCompany(data, w.text);
      if (company && !parties.includes(company.name)) parties.push(company.name);
    }
  if (parties.length === 2 && dealQuestion) {
    const [a = "", b = ""] = parties;
    const between = findDealsBetween(data, a, b);
    const firstWord = (name: string) => nameWords(name)[0] ?? name.toLowerCase();
    // A sentence naming both in words of a deal, even to deny one, is for the passages below.
    const together = (text: string) =>
      sentenceSpans(text).some((span) => {
        const sentence = text.slice(span.start, span.end);
        const lower = sentence.toLowerCase();
        return (
          [a, b].every((name) => lower.includes(firstWord(name))) &&
          // Not "sell": the analyser gives "sales" that term too.
          analyze(sentence).some((t) => DEAL_TERMS.has(t) && t !== "sell")
        );
      });
    if (
      between.kind === "none" &&
      between.other &&
      !between.coMentions.some((q) => together(q.text))
    )
      return {
        kind: "abstain",
        question: rawQuestion,
        reason: "nothing-relevant",
        noDeal: [between.company.name, between.other.name],
      };
  }

  const givenIn = (articleId: string, text: string) => {
    const present = data.articleCompanies(articleId);
    const given = new Set<string>();
    for (const [q, ids] of companiesOfTerm) {
      if ([...ids].some((id) => present.has(id))) given.add(q);
    }
    if (otherNames.size > 0) {
      const lower = text.toLowerCase();
      for (const [q, word] of otherNames) if (lower.includes(word)) given.add(q);
    }
    return given;
  };

  const shape = answerShape(asked);
  const matcher = termMatcher(termToQuery);
  const headlines = new Map<string, Set<string>>();
  const headlineTerms = (articleId: string, title: string) => {
    let terms = headlines.get(articleId);
    if (!terms) {
      const matched = wordTermLists(title).map((t) => matcher.queryTermOf(t));
      terms = new Set(matched.filter((q): q is string => q !== undefined));
      headlines.set(articleId, terms);
    }
    return terms;
  };
  // A reason often follows the sentence that names what happened, past the passage's end:
  // for a why-question the two sentences after a passage are weighed with it.
  const sentencesToWeigh = (passage: Passage): Span[] => {
    const last = passage.sentences.at(-1);
    const article = data.articles.get(passage.articleId);
    if (!shape.runsOn || !last || !article) return passage.sentences;
    const paragraph = article.paragraphs.find((p) => p.start <= last.start && last.end <= p.end);
    if (!paragraph) return passage.sentences;
    const after = data
      .paragraphSentences(article, paragraph)
      .filter((s) => s.start >= last.end)
      .slice(0, 2);
    return [...passage.sentences, ...after];
  };
  const named = new Set(data.directory.mentionedIn(question));
  const top = hits[0]?.score ?? 1;

  interface Found {
    window: Window;
    score: number;
  }
  // "Who is Norrgate's CEO?" is answered by someone in that role at that company: a sentence
  // naming the role at another company ("chief executive of Velmont") does not answer it, nor
  // does one without the role.
  // Whatever else is asked of "Tessaly's IP head", a sentence about another company's head is
  // not about that person.
  const role = ROLE.exec(normalize(question))?.[0];
  const roleTerm = role ? analyze(role)[0] : undefined;
  const holdsRole = (text: string, window: Window): boolean => {
    if (!roleTerm || !weights.has(roleTerm)) return true;
    // "Who heads IP at Invarra?" may be answered by its "general manager of intellectual
    // property": a head goes by many titles, a CEO or a spokesperson by few.
    if (!window.covered.has(roleTerm)) return !shape.person || roleTerm === "head";
    const holders = [...text.matchAll(ROLE_AT)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
    return holders.length === 0 || holders.some(namesAsked);
  };
  // Whose role: "Tessaly's IP head", "the head of IP at Tessaly"; else any company asked about.
  const owner = role ? roleOwner(normalize(question), role) : undefined;
  const namesAsked = (name: string): boolean => {
    const lower = name.toLowerCase();
    if (owner) return lower.includes(owner) || sameCompany(name, owner);
    return (
      data.directory.mentionedIn(name).some((id) => askedCompanies.has(id)) ||
      [...otherNames.values()].some((w) => lower.includes(w))
    );
  };
  const sameCompany = (name: string, word: string) => {
    const id = data.directory.resolve(word)?.id;
    return id !== undefined && data.directory.mentionedIn(name).includes(id);
  };
  const askedCompanies = new Set([...companiesOfTerm.values()].flatMap((ids) => [...ids]));

  // "How many patents did Xiaomi buy from Nokia?" is not answered by what it bought from
  // Microsoft: a sentence naming another company after "from" is about another deal.
  const from = /\bfrom (?:the )?([\p{L}\p{N}&-]+)/iu.exec(normalize(question))?.[1];
  const fromId = from ? data.directory.resolve(from)?.id : undefined;
  const fromSomeoneElse = (text: string): boolean => {
    if (!fromId) return false;
    const sources = [...text.matchAll(new RegExp(`\\bfrom (?:the )?(${NAME})`, "gu"))];
    return sources.some((m) => {
      const ids = data.directory.mentionedIn(m[1] ?? "");
      return ids.length > 0 && !ids.includes(fromId);
    });
  };
  // "When does the licence expire?" is answered by when it ends, not by any date near it.
  const asksEnd = shape.date && END.test(normalize(question));
  const foundByArticle = new Map<string, { windows: Found[]; namesAll: boolean }>();
  const apart = (a: Window, b: Window) => a.span.end <= b.span.start || b.span.end <= a.span.start;
  for (const hit of hits.slice(0, ANSWER_SETTINGS.candidates)) {
    const passage = data.passages.get(hit.id);
    const article = passage && data.articles.get(passage.articleId);
    if (!passage || !article) continue;
    const window = bestWindow(article.text, sentencesToWeigh(passage), matcher, weights, {
      shape,
      avoid,
      given: givenIn(article.id, article.text),
      headline: headlineTerms(article.id, article.meta.title),
    });
    const windowText = window ? article.text.slice(window.span.start, window.span.end) : "";
    if (
      !window ||
      !holdsRole(windowText, window) ||
      (asksEnd && !END.test(windowText)) ||
      fromSomeoneElse(windowText)
    )
      continue;
    const namesAll = named.size > 0 && [...named].every((c) => passage.companies.includes(c));
    const score = window.score + 0.1 * (hit.score / top);
    const found = foundByArticle.get(article.id) ?? { windows: [], namesAll: false };
    found.windows.push({ window, score });
    found.namesAll ||= namesAll;
    foundByArticle.set(article.id, found);
  }
  // Naming every company asked about makes an article likelier to be the one meant; within the
  // article the companies are given, and the sentence is chosen for the rest.
  const bestByArticle = new Map<string, Found & { runnerUp?: Found }>();
  for (const [articleId, { windows, namesAll }] of foundByArticle) {
    const [best, ...rest] = windows.sort((a, b) => b.score - a.score);
    if (!best) continue;
    const runnerUp = rest.find((f) => apart(f.window, best.window));
    bestByArticle.set(articleId, {
      window: best.window,
      score: best.score + (namesAll ? 0.1 : 0),
      ...(runnerUp ? { runnerUp } : {}),
    });
  }

  // "Do I need a licence to sell beer at a market stall?": English words no article uses (beer,
  // weekend) outnumber the specific ones the best passage shares with the question (the
  // corpus's everyday "licence" aside), and no name ties the question to the corpus. Its topic
  // is something else.
  const common = ANSWER_SETTINGS.everydayTermShare * data.passages.length;
  const foreign = wordSpans(normalize(question)).filter((w) => {
    const terms = termsOf(w.text);
    return terms.length > 0 && terms.every((t) => unknown.includes(t)) && isEnglishWord(w.text);
  }).length;
  const aboutSomethingElse = (window: Window): boolean => {
    const covered = [...window.covered];
    if (covered.some(isName) || foreign < 2) return false;
    return covered.filter((q) => (data.docFreq.get(q) ?? 0) < common).length <= foreign;
  };

  const ranked = [...bestByArticle.entries()].sort((a, b) => b[1].score - a[1].score);
  const best = ranked[0];
  const needed = queryTerms.length >= 3 ? 2 : 1;
  const namedIds = [...named];
  const undisclosed = asksTerms(asked, shape)
    ? undisclosedTerms(data, relatedDeals(data, question, namedIds), namedIds)
    : undefined;
  if (
    !best ||
    best[1].window.coverage < ANSWER_SETTINGS.minCoverage ||
    best[1].window.covered.size < needed ||
    aboutSomethingElse(best[1].window)
  ) {
    if (undisclosed) return { kind: "answer", question: rawQuestion, ...undisclosed, deals: [] };
    return { kind: "abstain", question: rawQuestion, reason: "nothing-relevant" };
  }

  const quotes: Quote[] = [...(undisclosed?.quotes ?? [])];
  const isHit = (terms: string[]) => matcher.queryTermOf(terms) !== undefined;
  for (const [articleId, { window, score, runnerUp }] of ranked) {
    if (quotes.length >= ANSWER_SETTINGS.maxQuotes) break;
    if (score < ANSWER_SETTINGS.relativeScore * best[1].score) break;
    if (window.coverage < ANSWER_SETTINGS.minCoverage * 0.8) continue;
    const article = data.articles.get(articleId);
    if (!article) continue;
    quotes.push(quoteOf(article, window.span, isHit, data.paragraphSentences));
    // The article that answers best may say it twice as well, in two places: both are shown.
    if (
      quotes.length === 1 &&
      runnerUp &&
      runnerUp.score >= ANSWER_SETTINGS.runnerUpShare * score &&
      runnerUp.window.coverage >= ANSWER_SETTINGS.minCoverage
    )
      quotes.push(quoteOf(article, runnerUp.window.span, isHit, data.paragraphSentences));
  }

  const names = namedIds.map((id) => data.directory.get(id)?.name ?? id);
  const deals = relatedDeals(data, question, namedIds).map((d) => dealView(data, d, names));
  return {
    kind: "answer",
    question: rawQuestion,
    quotes,
    deals,
    ...(undisclosed ? { termsUndisclosed: true } : {}),
  };
}

/** "How much is it worth?", "were the terms made public?": a question about a deal's terms. */
function asksTerms(question: string, shape: AnswerShape): boolean {
  return shape.money || /\b(?:terms?|worth|value|disclos\w*|public)\b/i.test(question);
}

/**
 * When every recorded deal between the two companies asked about keeps its terms undisclosed,
 * that is the answer to a question about its terms, quoted from the articles saying so.
 */
function undisclosedTerms(
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
