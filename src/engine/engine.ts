import MiniSearch from "minisearch";
import type { Article } from "../corpus/article.js";
import type { Corpus } from "../corpus/load.js";
import type { Deal } from "../corpus/schemas.js";
import { analyze, termsOf, tokenize } from "../text/analyze.js";
import { answerQuestion } from "./answer.js";
import { CompanyDirectory } from "./companies.js";
import { dealsOf, findDealsBetween } from "./deals.js";
import { type Passage, splitPassages } from "./passages.js";
import type { AskResult, CompanyRef, DealResult, DealView } from "./types.js";

/** Everything the engine derives from a corpus once, at start-up, and shares across queries. */
export interface EngineData {
  corpus: Corpus;
  articles: Map<string, Article>;
  passages: Passage[];
  passageIndex: MiniSearch<Passage>;
  /** In how many passages each term occurs: the rarity that weighs query terms. */
  docFreq: Map<string, number>;
  directory: CompanyDirectory;
  dealsById: Map<string, Deal>;
  /** Deal records by summary, parties, kinds and subject. */
  dealIndex: MiniSearch<Deal>;
  dealsByCompany: Map<string, Deal[]>;
  passagesByCompany: Map<string, number[]>;
  /** Index terms of every company name and alias. */
  companyTerms: Set<string>;
  /** The companies whose names contain an index term. */
  companyIdsByTerm: Map<string, string[]>;
  /** The companies each article names. */
  articleCompanies: Map<string, Set<string>>;
}

export interface Engine {
  readonly data: EngineData;
  findDeals(company: string, other?: string): DealResult;
  answer(question: string): AskResult;
  /** Typo-tolerant company lookup. */
  resolveCompany(name: string): CompanyRef | undefined;
  /** Companies for autocomplete: matches for `prefix`, or those with most deals when empty. */
  suggestCompanies(prefix: string, limit?: number): CompanyRef[];
  /** All curated deals of a company, newest first. */
  companyDeals(companyId: string): DealView[];
}

/**
 * Passages reach the index already analysed (terms joined by spaces), so each passage's text is
 * analysed once for both the index and the term statistics; questions go through the analyser
 * at search time.
 */
export const PASSAGE_INDEX_OPTIONS = {
  fields: ["text", "section", "title"],
  storeFields: [] as string[],
  tokenize: (analysed: string) => analysed.split(" "),
  processTerm: (term: string) => term || null,
  searchOptions: { tokenize, processTerm: (term: string) => termsOf(term) },
};

const analysedText = (text: string) => analyze(text).join(" ");

export function createEngine(corpus: Corpus): Engine {
  return engineOf(buildEngineData(corpus));
}

/** The query interface over built (or loaded) engine data. */
export function engineOf(data: EngineData): Engine {
  const { corpus } = data;
  const curated = new Set(corpus.companies.map((c) => c.id));
  const ref = (id: string) => data.directory.ref(id, curated);
  return {
    data,
    findDeals: (company, other) => findDealsBetween(data, company, other),
    answer: (question) => answerQuestion(data, question),
    resolveCompany(name) {
      const company = data.directory.resolve(name);
      return company ? ref(company.id) : undefined;
    },
    suggestCompanies(prefix, limit = 25) {
      if (!prefix.trim()) {
        return [...data.directory.companies]
          .sort(
            (a, b) =>
              (data.dealsByCompany.get(b.id)?.length ?? 0) -
                (data.dealsByCompany.get(a.id)?.length ?? 0) || a.name.localeCompare(b.name),
          )
          .slice(0, limit)
          .map((c) => ref(c.id));
      }
      return data.directory.suggest(prefix, limit).map((c) => ref(c.id));
    },
    companyDeals(companyId) {
      const name = data.directory.get(companyId)?.name;
      return dealsOf(data, companyId, name ? [name] : []);
    },
  };
}

/** The part of an engine worth persisting: everything derived from article text. */
export interface PassageIndex {
  passages: Passage[];
  passageIndex: MiniSearch<Passage>;
  docFreq: Map<string, number>;
}

export function buildEngineData(corpus: Corpus): EngineData {
  const directory = new CompanyDirectory(corpus.companies);
  return assembleEngineData(corpus, directory, indexPassages(corpus, directory));
}

/** Splits, analyses and indexes every article: the costly part of building an engine. */
export function indexPassages(corpus: Corpus, directory: CompanyDirectory): PassageIndex {
  const articles = new Map(corpus.articles.map((a) => [a.id, a]));

  const passages: Passage[] = [];
  for (const article of corpus.articles) {
    passages.push(
      ...splitPassages(article, passages.length, (text) => directory.mentionedIn(text)),
    );
  }

  const docFreq = new Map<string, number>();
  const analysed: string[] = [];
  for (const passage of passages) {
    const terms = analyze(
      articles.get(passage.articleId)?.text.slice(passage.start, passage.end) ?? "",
    );
    for (const term of new Set(terms)) docFreq.set(term, (docFreq.get(term) ?? 0) + 1);
    analysed[passage.id] = terms.join(" ");
  }
  const titles = new Map(corpus.articles.map((a) => [a.id, analysedText(a.meta.title)]));
  const sections = new Map<string, string>();

  const passageIndex = new MiniSearch<Passage>({
    ...PASSAGE_INDEX_OPTIONS,
    extractField: (passage, field) => {
      if (field === "id") return passage.id;
      if (field === "text") return analysed[passage.id] ?? "";
      if (field === "title") return titles.get(passage.articleId) ?? "";
      if (field === "section" && passage.section) {
        let terms = sections.get(passage.section);
        if (terms === undefined) {
          terms = analysedText(passage.section);
          sections.set(passage.section, terms);
        }
        return terms;
      }
      return "";
    },
  });
  passageIndex.addAll(passages);
  return { passages, passageIndex, docFreq };
}

/** Everything cheap to derive from a corpus and its passage index: lookups and the deal index. */
export function assembleEngineData(
  corpus: Corpus,
  directory: CompanyDirectory,
  { passages, passageIndex, docFreq }: PassageIndex,
): EngineData {
  const articles = new Map(corpus.articles.map((a) => [a.id, a]));
  const passagesByCompany = new Map<string, number[]>();
  for (const passage of passages) {
    for (const company of passage.companies) {
      const list = passagesByCompany.get(company) ?? [];
      list.push(passage.id);
      passagesByCompany.set(company, list);
    }
  }

  const dealsById = new Map(corpus.deals.map((d) => [d.id, d]));
  const dealsByCompany = new Map<string, Deal[]>();
  for (const deal of corpus.deals) {
    for (const company of new Set(deal.parties.map((p) => p.company))) {
      const list = dealsByCompany.get(company) ?? [];
      list.push(deal);
      dealsByCompany.set(company, list);
    }
  }

  const dealIndex = new MiniSearch<Deal>({
    fields: ["summary", "parties", "kinds", "subject"],
    storeFields: [],
    tokenize,
    processTerm: (term: string) => termsOf(term),
    extractField: (deal, field) => {
      if (field === "id") return deal.id;
      if (field === "summary") return deal.summary;
      if (field === "kinds") return deal.kinds.join(" ");
      if (field === "subject") {
        return [deal.subject?.patents ?? "", ...(deal.subject?.technologies ?? [])].join(" ");
      }
      if (field === "parties") {
        return deal.parties
          .flatMap((p) => {
            const c = directory.get(p.company);
            return c ? [c.name, ...c.aliases] : [p.company];
          })
          .join(" ");
      }
      return "";
    },
  });
  dealIndex.addAll(corpus.deals);

  const companyIdsByTerm = new Map<string, string[]>();
  for (const c of directory.companies) {
    for (const term of new Set([c.name, ...c.aliases].flatMap((n) => analyze(n)))) {
      companyIdsByTerm.set(term, [...(companyIdsByTerm.get(term) ?? []), c.id]);
    }
  }
  const companyTerms = new Set(companyIdsByTerm.keys());
  const articleCompanies = new Map<string, Set<string>>();
  for (const passage of passages) {
    const set = articleCompanies.get(passage.articleId) ?? new Set<string>();
    for (const id of passage.companies) set.add(id);
    articleCompanies.set(passage.articleId, set);
  }

  return {
    corpus,
    companyTerms,
    companyIdsByTerm,
    articleCompanies,
    articles,
    passages,
    passageIndex,
    docFreq,
    directory,
    dealsById,
    dealIndex,
    dealsByCompany,
    passagesByCompany,
  };
}
