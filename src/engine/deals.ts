import type { Article } from "../corpus/article.js";
import type { Deal } from "../corpus/schemas.js";
import { analyze, normalize, termsOf, tokenize, wordTerms } from "../text/analyze.js";
import { type Span, sentenceSpans } from "../text/sentences.js";
import { nameWords } from "./companies.js";
import type { EngineData } from "./engine.js";
import { nameMatcher, quoteOf } from "./quotes.js";
import type { CompanyRef, DealResult, DealView, Quote } from "./types.js";

/**
 * `/deal`: the curated deals between two companies, or all of one company's deals; where no
 * record exists, what article text says about both; where nothing does, each party's deals.
 */

interface Party {
  ref: CompanyRef;
  /** Passages that name the company, for companies known only from text. */
  passages: ArrayLike<number>;
}

function resolveParty(data: EngineData, input: string): Party | undefined {
  const company = data.directory.resolve(input);
  if (company) {
    return {
      ref: data.directory.ref(company.id, data.curatedIds),
      passages: data.passagesByCompany.get(company.id) ?? [],
    };
  }
  return textOnlyParty(data, input);
}

/**
 * A company no record names can still be looked up: any passage where the name stands
 * capitalised, as a proper noun, makes it a party known from text.
 */
function textOnlyParty(data: EngineData, input: string): Party | undefined {
  const words = nameWords(input);
  if (words.length === 0 || words.join("").length < 2) return undefined;
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])${words.map((w) => escapeRegExp(w)).join("[\\s\\u00A0-]+")}(?![\\p{L}\\p{N}])`,
    "iu",
  );
  const hits = data.passageIndex.search(
    tokenize(words.join(" "))
      .flatMap(termsOf)
      .map((term) => ({ term })),
    { combineWith: "AND" },
  );
  const passages: number[] = [];
  let surface: string | undefined;
  for (const hit of hits) {
    const passage = data.passages.get(hit.id);
    const article = passage && data.articles.get(passage.articleId);
    if (!passage || !article) continue;
    const m = pattern.exec(article.text.slice(passage.start, passage.end));
    if (m && /^\p{Lu}/u.test(m[0])) {
      passages.push(passage.id);
      surface ??= m[0];
    }
  }
  if (!surface) return undefined;
  return { ref: { id: `text:${words.join("-")}`, name: surface, curated: false }, passages };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function dealsOf(data: EngineData, companyId: string, names: string[] = []): DealView[] {
  return sortDeals(data.dealsByCompany.get(companyId) ?? []).map((d) => dealView(data, d, names));
}

function latestDate(deal: Deal): string {
  return (
    deal.dates
      .map((d) => d.value)
      .sort()
      .at(-1) ?? ""
  );
}

function sortDeals(deals: Deal[]): Deal[] {
  return [...deals].sort(
    (a, b) =>
      latestDate(b).localeCompare(latestDate(a)) ||
      new Set(b.sources.map((s) => s.article)).size - new Set(a.sources.map((s) => s.article)).size,
  );
}

export function dealView(data: EngineData, deal: Deal, highlightNames: string[]): DealView {
  const roles = new Map<string, string[]>();
  for (const party of deal.parties) {
    const list = roles.get(party.company) ?? [];
    if (!list.includes(party.role)) list.push(party.role);
    roles.set(party.company, list);
  }
  const isHit = nameMatcher(highlightNames);

  // The best quote from each article: the one backing most facts, the parties above all.
  const byArticle = new Map<string, { quote: Quote; weight: number }>();
  const spans = data.sourceSpans.get(deal);
  deal.sources.forEach((source, i) => {
    const article = data.articles.get(source.article);
    const span = spans?.[i];
    if (!article || !span) return;
    const weight = source.supports.length + (source.supports.includes("parties") ? 2 : 0);
    const current = byArticle.get(article.id);
    if (!current || weight > current.weight) {
      byArticle.set(article.id, {
        quote: quoteOf(article, span, isHit, data.paragraphSentences),
        weight,
      });
    }
  });
  const quotes = [...byArticle.values()].sort((a, b) => b.weight - a.weight).map((q) => q.quote);

  return {
    id: deal.id,
    summary: deal.summary,
    kinds: deal.kinds,
    status: deal.status,
    parties: [...roles].map(([id, r]) => ({
      company: data.directory.ref(id, data.curatedIds),
      role: r.join(", "),
    })),
    dates: deal.dates,
    terms: {
      disclosed: deal.terms.disclosed,
      ...(deal.terms.term ? { term: deal.terms.term } : {}),
      ...(deal.terms.structure ? { structure: deal.terms.structure } : {}),
      amounts: deal.terms.amounts.map((a) => a.asWritten),
      ...(deal.terms.notes ? { notes: deal.terms.notes } : {}),
    },
    technologies: deal.subject?.technologies ?? [],
    ...(deal.subject?.patents ? { patents: deal.subject.patents } : {}),
    ...(deal.territory ? { territory: deal.territory } : {}),
    related: deal.related.map((r) => {
      const summary = data.dealsById.get(r.deal)?.summary;
      return { relation: r.relation, dealId: r.deal, ...(summary ? { summary } : {}) };
    }),
    quotes,
    reportedBy: byArticle.size,
    differences: differencesOf(data, deal, isHit),
  };
}

/** Facts that sources state differently, each claim with its own quote. */
function differencesOf(
  data: EngineData,
  deal: Deal,
  isHit: (terms: string[]) => boolean,
): DealView["differences"] {
  const byFact = new Map<string, Array<{ value: string; quote: Quote }>>();
  const spans = data.sourceSpans.get(deal);
  deal.sources.forEach((source, i) => {
    const article = data.articles.get(source.article);
    const span = spans?.[i];
    if (!article || !span) return;
    for (const [fact, value] of Object.entries(source.says ?? {})) {
      const claims = byFact.get(fact) ?? [];
      claims.push({ value, quote: quoteOf(article, span, isHit, data.paragraphSentences) });
      byFact.set(fact, claims);
    }
  });
  const differences: DealView["differences"] = [];
  for (const [fact, claims] of byFact) {
    const distinct = new Set(
      claims.map((c) => normalize(c.value).toLowerCase().replace(/\s+/g, " ")),
    );
    if (distinct.size > 1) differences.push({ fact, claims });
  }
  return differences;
}

/** What one article says about the parties: the sentence linking them, and its figures. */
interface ArticleMention {
  lead: Quote;
  /** Sentences with the deal's figures (a royalty, a number of patents), at most two. */
  terms: Quote[];
}

const FIGURE = /\d/;
const MONEY = /[$€£¥]\s?\d|\b\d[\d.,]*\s?(?:million|billion)\b/i;

/**
 * Per article: the first sentence (or pair of sentences) that names every party, and the
 * sentence stating the deal's figures nearby. An article where no window names every party
 * is skipped: a quote naming only one would suggest a link the article does not make.
 */
function mentionQuotes(
  data: EngineData,
  parties: Party[],
  passageIds: ArrayLike<number>,
): ArticleMention[] {
  const namesOf = (p: Party) => [p.ref.name, ...(data.directory.get(p.ref.id)?.aliases ?? [])];
  const isHit = nameMatcher(parties.flatMap(namesOf));
  const perParty = parties.map((p) => nameMatcher(namesOf(p)));
  const seen = new Set<string>();
  const mentions: ArticleMention[] = [];
  for (let i = 0; i < passageIds.length; i++) {
    const passage = data.passages.get(passageIds[i] as number);
    const article = passage && data.articles.get(passage.articleId);
    if (!passage || !article || seen.has(article.id)) continue;
    const named = (span: Span) => {
      const words = wordTerms(article.text.slice(span.start, span.end));
      return perParty.filter((hit) => words.some((w) => hit(w.terms))).length;
    };
    const sentences = sentenceSpans(article.text, passage.start, passage.end);
    const windows = [
      ...sentences,
      ...sentences.slice(1).map((s, i) => ({ start: sentences[i]?.start ?? s.start, end: s.end })),
    ];
    const lead = windows.find((w) => named(w) === parties.length);
    if (!lead) continue;
    seen.add(article.id);
    const quote = (span: Span) => quoteOf(article, span, isHit, data.paragraphSentences);
    mentions.push({
      lead: quote(lead),
      terms: termsSentences(data, article, lead, named).map(quote),
    });
  }
  return mentions;
}

/**
 * The story sentences that state the deal's figures: after the sentence linking the parties
 * and within a few paragraphs of it, about the deal, with a number (a sum above all), naming a
 * party themselves or right after a sentence that does ("It is contributing 46 patents…").
 * At most two, in the article's order.
 */
function termsSentences(
  data: EngineData,
  article: Article,
  lead: Span,
  named: (span: Span) => number,
): Span[] {
  const found: Array<{ span: Span; score: number }> = [];
  const near = article.paragraphs.filter((p) => p.kind === "text" && p.end > lead.end).slice(0, 4);
  for (const paragraph of near) {
    const sentences = data.paragraphSentences(article, paragraph);
    sentences.forEach((span, i) => {
      if (span.start < lead.end) return;
      const text = article.text.slice(span.start, span.end);
      if (!FIGURE.test(text) || !speaksOfDeal(text)) return;
      const previous = sentences[i - 1];
      if (named(span) === 0 && !(previous && named(previous) > 0)) return;
      found.push({ span, score: (MONEY.test(text) ? 2 : 1) + named(span) * 0.1 });
    });
  }
  return found
    .sort((a, b) => b.score - a.score || a.span.start - b.span.start)
    .slice(0, 2)
    .map((f) => f.span)
    .sort((a, b) => a.start - b.start);
}

// Stems of the words deal news uses for the deal itself; "sales" or "cooperation" alone
// are as likely to be about something else.
const DEAL_TERMS = new Set([
  "agreement",
  "licens",
  "cross-licens",
  "patent",
  "settl",
  "royalti",
  "pool",
  "disput",
  "sue",
]);

// "this deal does not include HMD": a denial is not a report.
const NEGATION = /\b(?:not|never|no)\b|n't\b/i;

function speaksOfDeal(text: string): boolean {
  return !NEGATION.test(normalize(text)) && analyze(text).some((t) => DEAL_TERMS.has(t));
}

/** The articles whose linking sentence reports a deal, each with its figures when stated. */
function reportedQuotes(mentions: ArticleMention[]): Quote[] {
  return mentions
    .filter((m) => speaksOfDeal(m.lead.text))
    .flatMap((m) => [m.lead, ...m.terms].sort((x, y) => x.articleStart - y.articleStart));
}

function intersect(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const set = new Set(Array.from(b));
  return Array.from(a).filter((x) => set.has(x));
}

export function findDealsBetween(
  data: EngineData,
  companyName: string,
  otherName?: string,
): DealResult {
  const a = resolveParty(data, companyName);
  const b = otherName?.trim() ? resolveParty(data, otherName) : undefined;
  const suggest = (name: string) => {
    return data.directory.suggest(name, 5).map((c) => data.directory.ref(c.id, data.curatedIds));
  };

  if (!a) {
    return {
      kind: "unknown-company",
      name: companyName,
      suggestions: suggest(companyName),
      ...(b ? { known: { company: b.ref, deals: dealsOf(data, b.ref.id, [b.ref.name]) } } : {}),
    };
  }
  if (otherName?.trim() && !b) {
    return {
      kind: "unknown-company",
      name: otherName,
      suggestions: suggest(otherName),
      known: { company: a.ref, deals: dealsOf(data, a.ref.id, [a.ref.name]) },
    };
  }

  if (!b || b.ref.id === a.ref.id) {
    const deals = dealsOf(data, a.ref.id, [a.ref.name]);
    if (deals.length > 0) return { kind: "deals", company: a.ref, deals };
    const mentions = mentionQuotes(data, [a], a.passages);
    const reported = reportedQuotes(mentions);
    const otherDeals = { company: [], other: [] };
    if (reported.length > 0)
      return { kind: "mentions", company: a.ref, quotes: reported, otherDeals };
    return { kind: "none", company: a.ref, otherDeals, coMentions: mentions.map((m) => m.lead) };
  }

  const names = [a.ref.name, b.ref.name];
  const between = (data.dealsByCompany.get(a.ref.id) ?? []).filter((d) =>
    d.parties.some((p) => p.company === b.ref.id),
  );
  if (between.length > 0) {
    return {
      kind: "deals",
      company: a.ref,
      other: b.ref,
      deals: sortDeals(between).map((d) => dealView(data, d, names)),
    };
  }

  const otherDeals = {
    company: dealsOf(data, a.ref.id, [a.ref.name]),
    other: dealsOf(data, b.ref.id, [b.ref.name]),
  };
  // Named together in a sentence about a deal: reported, though nobody curated it. Named
  // together in passing ("rivals such as Oppo and Vivo"): no deal, but worth showing.
  const together = mentionQuotes(data, [a, b], intersect(a.passages, b.passages));
  const reported = reportedQuotes(together);
  if (reported.length > 0) {
    return { kind: "mentions", company: a.ref, other: b.ref, quotes: reported, otherDeals };
  }
  const coMentions = together.map((m) => m.lead);
  return { kind: "none", company: a.ref, other: b.ref, otherDeals, coMentions };
}
