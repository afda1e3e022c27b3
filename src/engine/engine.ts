import type { Article } from "../corpus/article.js";
import type { Paragraph } from "../corpus/chrome.js";
import type { Corpus } from "../corpus/load.js";
import type { Company, Deal } from "../corpus/schemas.js";
import {
  analyze,
  normalize,
  termsOf,
  termsOfTokens,
  tokenize,
  wordsAndTokens,
} from "../text/analyze.js";
import { QuoteLocator } from "../text/collapse.js";
import { type Span, sentenceSpans } from "../text/sentences.js";
import { answerQuestion } from "./answer.js";
import { CompanyDirectory } from "./companies.js";
import { dealsOf, findDealsBetween } from "./deals.js";
import { type PassageStore, PassageStoreBuilder, splitPassages } from "./passages.js";
import { type FieldInput, IndexBuilder, type TermIndex } from "./search-index.js";
import type { AskResult, CompanyRef, DealResult, DealView } from "./types.js";

/** Looks up in how many passages' text a term occurs: the rarity that weighs query terms. */
export interface TermCounts {
  /** The count, or undefined when no passage has the term. */
  get(term: string): number | undefined;
  has(term: string): boolean;
}

/** Everything the engine derives from a corpus once, at start-up, and shares across queries. */
export interface EngineData {
  corpus: Corpus;
  /** The ids in companies.json (as opposed to companies known only from article text). */
  curatedIds: ReadonlySet<string>;
  articles: Map<string, Article>;
  /** Each article's position in `corpus.articles`: how the passage store numbers articles. */
  articleNumbers: Map<string, number>;
  passages: PassageStore;
  /** Passages by text, section and title (fields 0, 1, 2). */
  passageIndex: TermIndex;
  docFreq: TermCounts;
  directory: CompanyDirectory;
  dealsById: Map<string, Deal>;
  /** Deal records by summary, parties, kinds and subject; document i is `corpus.deals[i]`. */
  dealIndex: TermIndex;
  dealsByCompany: Map<string, Deal[]>;
  passagesByCompany: Map<string, ArrayLike<number>>;
  /** Index terms of every company name and alias. */
  companyTerms: Set<string>;
  /** The companies whose names contain an index term. */
  companyIdsByTerm: Map<string, string[]>;
  /** The companies an article names, each with the number of its passages that do. */
  articleCompanies(articleId: string): ReadonlyMap<string, number>;
  /** Where each source quote of a deal stands in its article (undefined: nowhere). */
  sourceSpans: Map<Deal, Array<Span | undefined>>;
  /** The sentences of one of an article's paragraphs, as the passage splitter found them. */
  paragraphSentences(article: Article, paragraph: Paragraph): Span[];
}

export interface Engine {
  readonly data: EngineData;
  findDeals(company: string, other?: string): DealResult;
  answer(question: string): AskResult;
  /** Typo-tolerant company lookup. */
  resolveCompany(name: string): CompanyRef | undefined;
  /**
   * Companies for autocomplete, as offered: those matching `prefix`, closest first (names still
   * being typed included: "huwa" finds Huawei), or with nothing typed the deal partners of
   * `other` (the command's other company, never offered itself), then those with most deals.
   * Curated companies before the rest.
   */
  suggestCompanies(prefix: string, limit?: number, other?: string): CompanyRef[];
  /** All curated deals of a company, newest first. */
  companyDeals(companyId: string): DealView[];
}

/** The passage index's fields, by number. */
export const PASSAGE_FIELDS = { text: 0, section: 1, title: 2 } as const;
/** The deal index's fields, by number. */
export const DEAL_FIELDS = ["summary", "parties", "kinds", "subject"] as const;

export function createEngine(corpus: Corpus): Engine {
  return engineOf(buildEngineData(corpus));
}

// Compares as `localeCompare` does (ECMA-402 defines one by the other), several times faster.
const collator = new Intl.Collator();

/** The query interface over built (or loaded) engine data. */
export function engineOf(data: EngineData): Engine {
  const ref = (id: string) => data.directory.ref(id, data.curatedIds);
  // The companies with most deals first, ties by name: what autocomplete offers before anything
  // is typed, and the order of equally close typed matches. Sorted once: at 10,000 companies
  // sorting takes longer than the rest of a suggestion.
  let byDeals: { busiest: CompanyRef[]; rank: Int32Array } | undefined;
  const popularity = () => {
    if (!byDeals) {
      const companies = data.directory.companies;
      const deals = companies.map((c) => data.dealsByCompany.get(c.id)?.length ?? 0);
      const byName = collator.compare;
      const order = companies
        .map((_, i) => i)
        .sort(
          (a, b) =>
            (deals[b] as number) - (deals[a] as number) ||
            byName((companies[a] as Company).name, (companies[b] as Company).name),
        );
      const rank = new Int32Array(companies.length);
      order.forEach((c, r) => {
        rank[c] = r;
      });
      byDeals = { busiest: order.map((c) => ref((companies[c] as Company).id)), rank };
    }
    return byDeals;
  };
  // A company's partners in the order its deals are listed (`dealsOf`: latest date first, then
  // most articles), without building those lists' quotes: hundreds of deals for the busiest.
  const partnersOf = (companyId: string): CompanyRef[] =>
    (data.dealsByCompany.get(companyId) ?? [])
      .map((deal) => ({
        deal,
        latest: deal.dates.reduce((max, d) => (d.value > max ? d.value : max), ""),
        articles: new Set(deal.sources.map((s) => s.article)).size,
      }))
      .sort((a, b) => collator.compare(b.latest, a.latest) || b.articles - a.articles)
      .flatMap(({ deal }) => deal.parties.map((p) => ref(p.company)));
  return {
    data,
    findDeals: (company, other) => findDealsBetween(data, company, other),
    answer: (question) => answerQuestion(data, question),
    resolveCompany(name) {
      const company = data.directory.resolve(name);
      return company ? ref(company.id) : undefined;
    },
    suggestCompanies(prefix, limit = 25, other) {
      const otherId = other ? data.directory.resolve(other)?.id : undefined;
      const { busiest, rank } = popularity();
      let refs: CompanyRef[];
      if (!prefix.trim()) {
        // With one party chosen and nothing typed yet, its deal partners are the likely answer.
        refs = busiest.slice(0, limit);
        if (otherId) refs = [...partnersOf(otherId), ...refs];
      } else {
        refs = data.directory.suggest(prefix, limit).map((c) => ref(c.id));
        // Enough to fill `limit` once those already in `refs` and `other` are left out.
        const more = limit + refs.length + 1;
        if (refs.length < limit)
          refs = [
            ...refs,
            ...data.directory.typedMatches(prefix, rank, more).map((c) => ref(c.id)),
          ];
      }
      const seen = new Set<string>();
      const unique = refs.filter((r) => r.id !== otherId && !seen.has(r.id) && seen.add(r.id));
      // A stable sort: the best match stays first within each group.
      return unique.sort((a, b) => Number(b.curated) - Number(a.curated)).slice(0, limit);
    },
    companyDeals(companyId) {
      const name = data.directory.get(companyId)?.name;
      return dealsOf(data, companyId, name ? [name] : []);
    },
  };
}

/** The part of an engine worth persisting: everything derived from article text. */
export interface PassageIndex {
  passages: PassageStore;
  passageIndex: TermIndex;
}

export function buildEngineData(corpus: Corpus): EngineData {
  const directory = new CompanyDirectory(corpus.companies);
  return assembleEngineData(corpus, directory, indexPassages(corpus, directory));
}

/** MiniSearch's length of a field given as analysed terms joined by spaces. */
function analysedField(terms: string[]): FieldInput {
  // "".split(" ") is [""]: an empty field still counts one (empty) token.
  return { length: terms.length === 0 ? 1 : new Set(terms).size, terms };
}

/** Splits, analyses and indexes every article: the costly part of building an engine. */
export function indexPassages(corpus: Corpus, directory: CompanyDirectory): PassageIndex {
  const store = new PassageStoreBuilder();
  // A title is the same for all of an article's passages, a heading for all under it: those
  // fields' postings are stored as runs.
  const index = new IndexBuilder(3, [false, true, true]);
  const sections = new Map<string, FieldInput>();
  const noSection = analysedField([]);
  let id = 0;
  for (const article of corpus.articles) {
    store.startArticle();
    const title = analysedField(analyze(article.meta.title));
    // Each passage's text is normalised and split into words once, for finding its companies
    // and for its terms; the splitter asks for companies passage by passage, in order.
    const tokens: string[][] = [];
    const passages = splitPassages(article, id, (text) => {
      const split = wordsAndTokens(normalize(text));
      tokens.push(split.tokens);
      return directory.mentionedInWords(split.words);
    });
    passages.forEach((passage, i) => {
      store.add(passage);
      let section = noSection;
      if (passage.section) {
        section = sections.get(passage.section) ?? analysedField(analyze(passage.section));
        sections.set(passage.section, section);
      }
      index.add([analysedField(termsOfTokens(tokens[i] ?? [])), section, title]);
      id++;
    });
  }
  return {
    passages: store.finish(corpus.articles.map((a) => a.id)),
    passageIndex: index.finish(),
  };
}

/** The deal index: each record's summary, parties (names and aliases), kinds and subject. */
export function indexDeals(deals: Deal[], directory: CompanyDirectory): TermIndex {
  const index = new IndexBuilder(DEAL_FIELDS.length);
  const field = (text: string): FieldInput => {
    const tokens = tokenize(text);
    return { length: new Set(tokens).size, terms: tokens.flatMap(termsOf) };
  };
  for (const deal of deals) {
    const parties = deal.parties.flatMap((p) => {
      const c = directory.get(p.company);
      return c ? [c.name, ...c.aliases] : [p.company];
    });
    index.add([
      field(deal.summary),
      field(parties.join(" ")),
      field(deal.kinds.join(" ")),
      field([deal.subject?.patents ?? "", ...(deal.subject?.technologies ?? [])].join(" ")),
    ]);
  }
  return index.finish();
}

/** Where each deal's source quotes stand in their articles. */
export function locateSources(
  deals: Deal[],
  articles: Map<string, Article>,
): Map<Deal, Array<Span | undefined>> {
  // An article is collapsed once for all the quotes in a row that cite it (a record's sources
  // are mostly from one article); keeping every article's copy would double the text in memory.
  let locator: { id: string; at: QuoteLocator } | undefined;
  const out = new Map<Deal, Array<Span | undefined>>();
  for (const deal of deals) {
    out.set(
      deal,
      deal.sources.map((source) => {
        const article = articles.get(source.article);
        if (!article) return undefined;
        if (locator?.id !== article.id)
          locator = { id: article.id, at: new QuoteLocator(article.text) };
        return locator.at.locate(source.quote);
      }),
    );
  }
  return out;
}

/** Everything cheap to derive from a corpus and its passage index: lookups and the deal index. */
export function assembleEngineData(
  corpus: Corpus,
  directory: CompanyDirectory,
  { passages, passageIndex }: PassageIndex,
  saved: { dealIndex?: TermIndex; sourceSpans?: Map<Deal, Array<Span | undefined>> } = {},
): EngineData {
  const articles = new Map(corpus.articles.map((a) => [a.id, a]));
  const articleNumbers = new Map(corpus.articles.map((a, i) => [a.id, i]));
  const passagesByCompany = passages.byCompany();

  const dealsById = new Map(corpus.deals.map((d) => [d.id, d]));
  const dealsByCompany = new Map<string, Deal[]>();
  for (const deal of corpus.deals) {
    for (const company of new Set(deal.parties.map((p) => p.company))) {
      const list = dealsByCompany.get(company) ?? [];
      list.push(deal);
      dealsByCompany.set(company, list);
    }
  }
  const dealIndex = saved.dealIndex ?? indexDeals(corpus.deals, directory);
  const sourceSpans = saved.sourceSpans ?? locateSources(corpus.deals, articles);

  const companyIdsByTerm = new Map<string, string[]>();
  for (const c of directory.companies) {
    for (const term of new Set([c.name, ...c.aliases].flatMap((n) => analyze(n)))) {
      const ids = companyIdsByTerm.get(term);
      if (ids) ids.push(c.id);
      else companyIdsByTerm.set(term, [c.id]);
    }
  }
  const companyTerms = new Set(companyIdsByTerm.keys());

  const docFreq: TermCounts = {
    get: (term) => passageIndex.documentFrequency(term, PASSAGE_FIELDS.text) || undefined,
    has: (term) => passageIndex.documentFrequency(term, PASSAGE_FIELDS.text) > 0,
  };

  return {
    corpus,
    curatedIds: new Set(corpus.companies.map((c) => c.id)),
    companyTerms,
    companyIdsByTerm,
    articleCompanies(articleId) {
      const found = new Map<string, number>();
      const number = articleNumbers.get(articleId);
      if (number === undefined) return found;
      const [from, to] = passages.range(number);
      for (let id = from; id < to; id++)
        for (const c of passages.companiesOf(id)) found.set(c, (found.get(c) ?? 0) + 1);
      return found;
    },
    articles,
    articleNumbers,
    passages,
    passageIndex,
    docFreq,
    directory,
    dealsById,
    dealIndex,
    dealsByCompany,
    passagesByCompany,
    sourceSpans,
    paragraphSentences(article, paragraph) {
      const number = articleNumbers.get(article.id);
      // Passages hold the sentences of every text paragraph, found by the same splitter.
      if (paragraph.kind === "text" && number !== undefined && articles.get(article.id) === article)
        return passages.sentencesWithin(number, paragraph.start, paragraph.end);
      return sentenceSpans(article.text, paragraph.start, paragraph.end);
    },
  };
}
