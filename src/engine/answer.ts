import { distance } from "fastest-levenshtein";
import type { Article } from "../corpus/article.js";
import { analyze, normalize, termsOf, wordSpans, wordTermLists } from "../text/analyze.js";
import { isDictionaryWord } from "../text/english.js";
import type { Span } from "../text/sentences.js";
import { aboutSomethingElse, coverageNeeded } from "./abstention.js";
import { ANSWER_SETTINGS } from "./answer-settings.js";
import { ArticleNames } from "./article-names.js";
import { isGenericNameTerm } from "./companies.js";
import { hyphenatedAsArticles } from "./compounds.js";
import {
  asksEnd,
  asksOnlyForDeals,
  asksTerms,
  asksWhetherDisclosed,
  companyDealsAnswer,
  fromSomeoneElse,
  pairWithoutDeal,
  relatedDeals,
  tellsEnd,
  undisclosedTerms,
} from "./deal-questions.js";
import { dealView } from "./deals.js";
import type { EngineData } from "./engine.js";
import { figureSubjects, leadUpTo } from "./figure-subjects.js";
import {
  figureStated,
  namesUndisclosed,
  partyNamed,
  questionWords,
  roleAsked,
  thingAsked,
  undisclosedSaid,
  whetherUnsaid,
} from "./not-stated.js";
import type { Passage } from "./passages.js";
import { correctNames, missingName, otherNames as otherNamesIn } from "./question-names.js";
import { combineAnswers, questionParts, standAlone } from "./question-parts.js";
import { spellQuestionWords } from "./question-words.js";
import { quoteOf, withNext, withReferent } from "./quotes.js";
import { roleCheck } from "./roles.js";
import {
  answerShape,
  bestWindow,
  fitsShape,
  givesFigure,
  termMatcher,
  UNDISCLOSED,
  type Window,
} from "./snippets.js";
import { CALENDAR } from "./text-names.js";
import type { AskResult, Quote } from "./types.js";

/**
 * Months and days: "as of mid November" dates what is asked rather than being it, and an
 * article says "this month" as often as it names one; they weigh half as much.
 */
const CALENDAR_TERMS = new Set([...CALENDAR].flatMap((w) => analyze(w)));

/**
 * `/ask`: the best sentences for a free question, one quote per article, the answering
 * sentence first; nothing at all when the corpus does not speak to the question.
 */

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

function idf(data: EngineData, term: string): number {
  const n = data.passages.length || 1;
  const df = data.docFreq.get(term) ?? 0;
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

// "What else besides patents…": the words after these are context, not what is asked for.
const EXCLUSION =
  /\b(?:besides|apart from|other than|aside from|except(?: for)?|excluding)\s+([^?.!,;]+)/i;

export function answerQuestion(data: EngineData, rawQuestion: string): AskResult {
  const asked = spellQuestionWords(cutAtWord(rawQuestion.trim(), ANSWER_SETTINGS.maxQuestionChars));
  const parts = questionParts(asked);
  if (parts.length === 1) return answerOne(data, rawQuestion, asked);
  const [first = "", second = ""] = parts;
  return combineAnswers(
    rawQuestion,
    [answerOne(data, first, first), answerOne(data, second, standAlone(data, first, second))],
    ANSWER_SETTINGS.maxQuotes,
  );
}

/** The answer to one question; `asked` is it as read (cut to length, or made to stand alone). */
function answerOne(data: EngineData, rawQuestion: string, asked: string): AskResult {
  const exclusion = EXCLUSION.exec(normalize(asked));
  const avoid = new Set(exclusion ? analyze(exclusion[1] ?? "") : []);
  const question = correctNames(
    data,
    hyphenatedAsArticles(data, exclusion ? normalize(asked).replace(exclusion[0], " ") : asked),
  );
  const queryTerms = [...new Set(analyze(question))].filter(
    // A compound ("cross-licence", "nokia/xiaomi") is asked for through its parts; counting
    // the whole as well would let one word outweigh the rest of the question. One kept whole
    // because a part is no term ("start-up": "up") is asked for without its other parts, which
    // the article's "start-up" cannot also be credited with.
    (t, _, all) =>
      !(t.includes("-") && t.split("-").every((p) => all.includes(p))) &&
      !all.some((c) => {
        const parts = c.split("-");
        return (
          c !== t && parts.length === 2 && parts.includes(t) && !parts.every((p) => all.includes(p))
        );
      }),
  );
  if (queryTerms.length === 0)
    return { kind: "abstain", question: rawQuestion, reason: "empty-question" };

  // A word the dictionary knows ("compatible") is no typo, though the corpus lacks it: looked up
  // fuzzily it would find "compared" and "compete".
  const dictionaryTerms = new Set(
    wordSpans(normalize(question))
      .map((w) => ({ w, terms: termsOf(w.text) }))
      .filter(({ w, terms }) => terms.some((t) => !data.docFreq.has(t)) && isDictionaryWord(w.text))
      .flatMap(({ terms }) => terms),
  );
  const hits = data.passageIndex.search(
    retrievalTerms(data, queryTerms).map((term) => ({
      term,
      // Only a word the corpus does not know is a typo worth the cost of a fuzzy look-up:
      // a fifth of its letters, at most two.
      fuzzy:
        !data.docFreq.has(term) &&
        !dictionaryTerms.has(term) &&
        term.length >= 5 &&
        !/\d/.test(term)
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
    else {
      const weight = Math.max(...docForms.map((t) => idf(data, t)));
      weights.set(q, CALENDAR_TERMS.has(q) ? weight / 2 : weight);
    }
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
    if (isGenericNameTerm(docTerm)) continue;
    for (const id of data.companyIdsByTerm.get(docTerm) ?? []) {
      const set = companiesOfTerm.get(q) ?? new Set<string>();
      set.add(id);
      companiesOfTerm.set(q, set);
    }
  }
  const isCompany = (q: string) => companiesOfTerm.has(q);
  const otherNames = otherNamesIn(data, question, {
    weights,
    unknown,
    isCompany,
    passageIds: hits.slice(0, ANSWER_SETTINGS.candidates).map((hit) => hit.id),
  });

  // Names are what a deal question is about, however often the corpus mentions them: they
  // weigh at least as much as the heaviest other word.
  const isName = (q: string) => isCompany(q) || otherNames.has(q);
  const heaviest = Math.max(0, ...[...weights].filter(([q]) => !isName(q)).map(([, w]) => w));
  for (const [q, w] of weights) if (isName(q)) weights.set(q, Math.max(w, heaviest));

  const noDeal = pairWithoutDeal(data, { question, queryTerms, otherNames, isName });
  if (noDeal && noDeal.together.length > 0)
    return {
      kind: "answer",
      question: rawQuestion,
      quotes: noDeal.together.slice(0, ANSWER_SETTINGS.maxQuotes),
      deals: [],
      noDeal: noDeal.names,
    };
  if (noDeal)
    return {
      kind: "abstain",
      question: rawQuestion,
      reason: "nothing-relevant",
      noDeal: noDeal.names,
    };

  // "List Huawei's deals": what /deal finds for the company answers it better than any passage
  // sharing the words "deal" and "Huawei".
  const named = new Set(data.directory.mentionedIn(question));
  const ofCompany = asksOnlyForDeals(queryTerms, isName)
    ? companyDealsAnswer(data, question, [...named], otherNames)
    : undefined;
  if (ofCompany)
    return {
      kind: "answer",
      question: rawQuestion,
      quotes: ofCompany.quotes.slice(0, ANSWER_SETTINGS.maxQuotes),
      deals: ofCompany.deals,
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
  // The question's own words an article uses: what a figure it quotes should be of (see
  // `figureStated`). Only a question asking for a figure or a term needs them.
  const mayAskFigure = shape.money || shape.duration || shape.number;
  let focusWords: ReadonlyArray<ReadonlySet<string>> | undefined;
  // What each article's weighed passages speak of (reading whole articles would cost the term
  // cache every word of them).
  const mentionedIn = new Map<string, Set<string>>();
  const focusIn = (articleId: string): ReadonlyArray<ReadonlySet<string>> => {
    focusWords ??= questionWords(
      question,
      matcher,
      (q) => !isName(q) && !/\d/.test(q) && !unknown.includes(q),
      shape,
    );
    const used = mentionedIn.get(articleId) ?? new Set();
    return focusWords.filter((w) => [...w].some((q) => used.has(q)));
  };
  // A reason often follows the sentence that names what happened, past the passage's end, as
  // a denial follows the report it denies ("…said Quennell had held talks to buy Verrenby.
  // Both companies denied it."): for a why- or a yes-no question the two sentences after a
  // passage are weighed with it.
  const sentencesToWeigh = (passage: Passage): Span[] => {
    const last = passage.sentences.at(-1);
    const article = data.articles.get(passage.articleId);
    if (!(shape.runsOn || shape.yesNo) || !last || !article) return passage.sentences;
    const paragraph = article.paragraphs.find((p) => p.start <= last.start && last.end <= p.end);
    if (!paragraph) return passage.sentences;
    const after = data
      .paragraphSentences(article, paragraph)
      .filter((s) => s.start >= last.end)
      .slice(0, 2);
    return [...passage.sentences, ...after];
  };
  const top = hits[0]?.score ?? 1;

  interface Found {
    window: Window;
    score: number;
  }
  const articleNames = new ArticleNames(
    data,
    { companiesOfTerm, otherNames, named },
    hits
      .filter((hit) => hit.terms.some((t) => isName(termToQuery.get(t) ?? "")))
      .map((hit) => hit.id),
  );
  const askedCompanies = articleNames.companies;
  const givenIn = (article: Article) => articleNames.givenIn(article);
  const holdsRole = roleCheck(data, { question, weights, shape, askedCompanies, otherNames });
  const comesFromSomeoneElse = fromSomeoneElse(data, question);
  const endAsked = asksEnd(question, shape);
  // "Which law firm advised Veyrac?": a passage naming a party of that kind ("… LLP") is
  // likelier the answer than one sharing more of the question's words.
  const party = roleAsked(asked);
  const foundByArticle = new Map<string, { windows: Found[]; namesAll: boolean }>();
  const apart = (a: Window, b: Window) => a.span.end <= b.span.start || b.span.end <= a.span.start;
  for (const hit of hits.slice(0, ANSWER_SETTINGS.candidates)) {
    const passage = data.passages.get(hit.id);
    const article = passage && data.articles.get(passage.articleId);
    if (!passage || !article || !articleNames.namesSomethingAsked(article)) continue;
    const window = bestWindow(article.text, sentencesToWeigh(passage), matcher, weights, {
      shape,
      avoid,
      given: givenIn(article),
      headline: headlineTerms(article.id, article.meta.title),
      mentions: mayAskFigure,
    });
    if (window && mayAskFigure) {
      const used = mentionedIn.get(article.id) ?? new Set<string>();
      for (const q of window.mentioned) used.add(q);
      mentionedIn.set(article.id, used);
    }
    const windowText = window ? article.text.slice(window.span.start, window.span.end) : "";
    if (
      !window ||
      !holdsRole(windowText, window) ||
      (endAsked && !tellsEnd(windowText)) ||
      comesFromSomeoneElse(windowText)
    )
      continue;
    const namesAll = named.size > 0 && [...named].every((c) => passage.companies.includes(c));
    const score =
      window.score +
      0.1 * (hit.score / top) +
      (party?.test(windowText) ? ANSWER_SETTINGS.partyNamedBonus : 0);
    const found = foundByArticle.get(article.id) ?? { windows: [], namesAll: false };
    found.windows.push({ window, score });
    found.namesAll ||= namesAll;
    foundByArticle.set(article.id, found);
  }
  // Naming every company asked about makes an article likelier to be the one meant, the more so
  // in its headline; within the article the companies are given, and the sentence is chosen for
  // the rest.
  const bestByArticle = new Map<string, Found & { runnersUp: Found[] }>();
  for (const [articleId, { windows, namesAll }] of foundByArticle) {
    const [best, ...rest] = windows.sort((a, b) => b.score - a.score);
    if (!best) continue;
    const runnersUp: Found[] = [];
    for (const f of rest) {
      if (runnersUp.length >= ANSWER_SETTINGS.runnersUp) break;
      if ([best, ...runnersUp].every((g) => apart(f.window, g.window))) runnersUp.push(f);
    }
    bestByArticle.set(articleId, {
      window: best.window,
      score:
        best.score +
        (namesAll ? ANSWER_SETTINGS.namesAllBonus : 0) +
        (articleNames.headlineNamesAll(articleId) ? ANSWER_SETTINGS.namesAllBonus : 0),
      runnersUp,
    });
  }

  const common = ANSWER_SETTINGS.everydayTermShare * data.passages.length;
  // "A licensing deal between Microsoft and Samsung was worth $1 billion" stands in an article
  // about Xiaomi and Nokia, yet is about neither.
  // Nor is "a licensing deal between Microsoft and Samsung" about Xiaomi's purchase from
  // Microsoft: it names someone else, and not every company asked about.
  const aboutOthers = (text: string): boolean => {
    if (named.size === 0) return false;
    const mentioned = data.directory.mentionedIn(text);
    return (
      mentioned.some((id) => !named.has(id)) && ![...named].every((id) => mentioned.includes(id))
    );
  };

  const ranked = [...bestByArticle.entries()].sort((a, b) => b[1].score - a[1].score);
  const best = ranked[0];

  const needed = queryTerms.length >= 3 ? 2 : 1;
  const bestArticle = best && data.articles.get(best[0]);
  const weighed = { question, shape, queryTerms, weights, unknown, isName, isCompany, otherNames };
  const minCoverage =
    best && bestArticle
      ? coverageNeeded(weighed, { article: bestArticle, window: best[1].window }, givenIn)
      : ANSWER_SETTINGS.minCoverage;
  // Further places in the best article answer a question asking something specific; one made
  // of names and the corpus's everyday words ("xiaomi microsoft patent deal") would only get
  // the article's other sentences about deals, whoever they name ("The two companies have
  // signed a licensing deal …", of Nokia and Xiaomi).
  const asksSomethingSpecific =
    !shape.open ||
    shape.reason ||
    queryTerms.some((q) => !isName(q) && (data.docFreq.get(q) ?? 0) < common);
  const namedIds = [...named];
  const related = relatedDeals(data, question, namedIds);
  const undisclosed = asksTerms(asked, shape)
    ? undisclosedTerms(data, related, namedIds)
    : undefined;
  // How much of the question the best article speaks to is the most any one place in it
  // covers: the window quoted first may cover less, preferred for holding the kind of answer
  // asked ("It applies only to cameras sold in North America, the European Union…").
  const bestWindows = foundByArticle.get(best?.[0] ?? "")?.windows ?? [];
  const bestCoverage = Math.max(0, ...bestWindows.map((f) => f.window.coverage));
  const mostCovered = Math.max(0, ...bestWindows.map((f) => f.window.covered.size));
  if (
    !best ||
    !bestArticle ||
    bestCoverage < minCoverage ||
    mostCovered < needed ||
    aboutSomethingElse(data, weighed, { article: bestArticle, window: best[1].window })
  ) {
    if (undisclosed) return { kind: "answer", question: rawQuestion, ...undisclosed, deals: [] };
    return { kind: "abstain", question: rawQuestion, reason: "nothing-relevant" };
  }

  const quotes: Quote[] = [...(undisclosed?.quotes ?? [])];
  // Asked for a name, a quote referring back to one takes in the sentence naming it.
  const asksName = shape.person || /\bwhich\b/i.test(asked);
  const isHit = (terms: string[]) => matcher.queryTermOf(terms) !== undefined;
  // The undisclosed terms' sentence may also be the best window: each place is quoted once.
  const show = (article: Article, window: Span) => {
    const referred = asksName ? withReferent(article, window, data.paragraphSentences) : window;
    const span = shape.person
      ? withNext(article, referred, data.paragraphSentences, (text) => fitsShape(text, shape))
      : referred;
    const shown = quotes.some(
      (q) =>
        q.source.articleId === article.id && q.articleStart < span.end && span.start < q.articleEnd,
    );
    if (!shown) quotes.push(quoteOf(article, span, isHit, data.paragraphSentences));
  };
  for (const [rank, [articleId, { window, score, runnersUp }]] of ranked.entries()) {
    if (quotes.length >= ANSWER_SETTINGS.maxQuotes) break;
    if (score < ANSWER_SETTINGS.relativeScore * best[1].score) break;
    if (window.coverage < minCoverage * 0.8) continue;
    const article = data.articles.get(articleId);
    if (!article) continue;
    show(article, window.span);
    // The article that answers best may say it in other places as well: those close behind are
    // shown too, as a paraphrased question's answer is often not the sentence sharing most words.
    if (rank !== 0) continue;
    for (const runnerUp of runnersUp)
      if (
        quotes.length < ANSWER_SETTINGS.maxQuotes &&
        runnerUp.score >= ANSWER_SETTINGS.runnerUpShare * score &&
        runnerUp.window.coverage >= minCoverage &&
        asksSomethingSpecific &&
        !aboutOthers(article.text.slice(runnerUp.window.span.start, runnerUp.window.span.end))
      )
        show(article, runnerUp.window.span);
  }
  // Answer first: for a question asking for a figure, a date or a person, a quote holding one
  // of the kind asked goes before one that only shares more of the question's words (though
  // what someone says is the answer to a question asking what they make of a figure).
  const answering = quotes.findIndex((q) => fitsShape(q.text, shape));
  const firstUndisclosed = UNDISCLOSED.test(quotes[0]?.text ?? "");
  if (!shape.open && !shape.runsOn && !undisclosed && !firstUndisclosed && answering > 0)
    quotes.unshift(...quotes.splice(answering, 1));

  const names = namedIds.map((id) => data.directory.get(id)?.name ?? id);
  const deals = related.map((d) => dealView(data, d, names));
  // The best sentence says that the figure asked for was not disclosed, and gives none.
  const first = quotes[0]?.text ?? "";
  // A date gives no figure: "sold before the agreement took effect on April 1, 2025 are covered
  // by a one-time payment, the amount of which was not disclosed".
  const figureUndisclosed =
    (shape.number || shape.money) && UNDISCLOSED.test(first) && !givesFigure(first);
  // "How many patents does the cross-licence cover?", "how much did the other bidders offer?":
  // no quoted sentence gives a figure of what is asked.
  const figureAsked =
    (shape.money ||
      shape.duration ||
      (shape.number && shape.counted.every((t) => data.docFreq.has(t)))) &&
    !figureUndisclosed;
  const specific = (t: string) => !isName(t) && (data.docFreq.get(t) ?? 0) < common;
  const figureNotStated =
    figureAsked &&
    !figureStated(
      quotes.map((q) => ({
        text: q.text,
        focus: focusIn(q.source.articleId),
        leadUp: leadUpTo(data, q),
      })),
      shape,
      matcher,
      figureSubjects(data, {
        named,
        otherNames,
        aboutOthers,
        specific,
        thing: questionWords(thingAsked(asked), matcher, specific, shape),
      }),
    );
  // No quote states the figure, and a sentence about what is asked says it was not disclosed
  // ("Ravensholt did not disclose what Tamberlyn will pay under the renewal"): that is the
  // answer, and goes first.
  const undisclosedAt = figureNotStated
    ? quotes.findIndex((q) => undisclosedSaid(q.text, focusIn(q.source.articleId), matcher))
    : -1;
  // "Will Brightlark's payment sit in escrow?": "Orvandel has not said whether it will ask
  // for the payment to be kept in escrow" answers neither yes nor no.
  const saidUndisclosed =
    undisclosedAt >= 0 || (shape.yesNo && whetherUnsaid(quotes[0]?.text ?? "", specific, matcher));
  if (undisclosedAt > 0) quotes.unshift(...quotes.splice(undisclosedAt, 1));
  // "Which law firm advised Veyrac?": no quote so much as names a law firm.
  // "Which two Asian cell makers…": no quote names one (asked names aside). "Does Archway
  // disclose which companies…" asks yes or no.
  const asksParty = shape.yesNo
    ? undefined
    : partyNamed(asked, party, [
        ...names,
        ...[...named].flatMap((id) => data.directory.get(id)?.aliases ?? []),
        ...otherNames.values(),
      ]);
  const roleNotNamed = asksParty !== undefined && !quotes.some((q) => asksParty(q.text));
  // "Who sat on the panel that set the rate?": the best article saying the arbitrators' names
  // were not disclosed is the answer, and goes first.
  const unnamedAt =
    (shape.person || asksParty) && !saidUndisclosed && bestArticle
      ? namesUndisclosed(
          bestArticle.text,
          () => bestArticle.paragraphs.flatMap((p) => data.paragraphSentences(bestArticle, p)),
          specific,
          matcher,
        )
      : undefined;
  if (unnamedAt) {
    const same = quotes.findIndex(
      (q) =>
        q.source.articleId === bestArticle.id &&
        q.articleStart <= unnamedAt.start &&
        unnamedAt.end <= q.articleEnd,
    );
    if (same >= 0) quotes.unshift(...quotes.splice(same, 1));
    else quotes.unshift(quoteOf(bestArticle, unnamedAt, isHit, data.paragraphSentences));
    quotes.splice(ANSWER_SETTINGS.maxQuotes);
  }
  return {
    kind: "answer",
    question: rawQuestion,
    quotes,
    deals,
    ...(undisclosed || figureUndisclosed || saidUndisclosed || unnamedAt
      ? { termsUndisclosed: true }
      : {}),
    ...((undisclosed || figureUndisclosed || saidUndisclosed) && asksWhetherDisclosed(asked)
      ? { disclosureAsked: true }
      : {}),
    ...(figureNotStated && !saidUndisclosed
      ? { notStated: shape.duration ? "term" : "figure" }
      : roleNotNamed
        ? { notStated: "name" }
        : {}),
  };
}
