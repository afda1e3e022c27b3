import type { Article } from "../corpus/article.js";
import type { EngineData } from "./engine.js";

/**
 * Which of a question's names an article supplies. A company the question names is satisfied
 * by an article about it, not by each sentence repeating the name, so the sentence is chosen
 * for what the question asks about the company. Worked out once per article per question: many
 * candidate passages share an article.
 */
export class ArticleNames {
  private readonly counts = new Map<string, ReadonlyMap<string, number>>();
  private readonly given = new Map<string, Set<string>>();
  private readonly inTitles = new Map<string, ReadonlySet<string>>();
  /** Articles with a passage the search matched by a name (typos included: "brackwatter"). */
  private readonly naming = new Set<string>();
  private readonly askedCompanies: Set<string>;

  constructor(
    private readonly data: EngineData,
    private readonly question: {
      /** Per query term, the companies whose names hold it. */
      companiesOfTerm: ReadonlyMap<string, ReadonlySet<string>>;
      /** Other names the question uses, lower-cased. */
      otherNames: ReadonlyMap<string, string>;
      /** The companies the question names as the directory finds them. */
      named: ReadonlySet<string>;
    },
    namedHits: Iterable<number>,
  ) {
    this.askedCompanies = new Set(
      [...question.companiesOfTerm.values()].flatMap((ids) => [...ids]),
    );
    for (const id of namedHits) {
      const passage = data.passages.get(id);
      if (passage) this.naming.add(passage.articleId);
    }
  }

  /** The companies the question's terms name. */
  get companies(): ReadonlySet<string> {
    return this.askedCompanies;
  }

  /** The companies an article names, with how many of its passages do. */
  companiesIn(articleId: string): ReadonlyMap<string, number> {
    let counts = this.counts.get(articleId);
    if (!counts) {
      counts = this.data.articleCompanies(articleId);
      this.counts.set(articleId, counts);
    }
    return counts;
  }

  /** The companies an article's headline names. */
  private inTitle(article: Article): ReadonlySet<string> {
    let ids = this.inTitles.get(article.id);
    if (!ids) {
      ids = new Set(this.data.directory.mentionedIn(article.meta.title));
      this.inTitles.set(article.id, ids);
    }
    return ids;
  }

  /**
   * The query terms whose names the article is about: a company in its headline or in two of
   * its passages, not one it names in passing ("the $131,000 per patent that Velmont paid for
   * Tessaly's patents" in a story about Greyfield); another name in its headline or used twice.
   */
  givenIn(article: Article): ReadonlySet<string> {
    const cached = this.given.get(article.id);
    if (cached) return cached;
    const { companiesOfTerm, otherNames } = this.question;
    const present = this.companiesIn(article.id);
    const inTitle = this.inTitle(article);
    const given = new Set<string>();
    for (const [q, ids] of companiesOfTerm) {
      if ([...ids].some((id) => inTitle.has(id) || (present.get(id) ?? 0) >= 2)) given.add(q);
    }
    if (otherNames.size > 0) {
      const lower = article.text.toLowerCase();
      const title = article.meta.title.toLowerCase();
      for (const [q, word] of otherNames) {
        const first = lower.indexOf(word);
        if (title.includes(word) || (first >= 0 && lower.includes(word, first + word.length)))
          given.add(q);
      }
    }
    this.given.set(article.id, given);
    return given;
  }

  /**
   * "Is Corvessa listed on a stock exchange?" is not answered by an article that never names
   * Corvessa, however well it speaks of listings: one of the names asked about must be in it.
   */
  namesSomethingAsked(article: Article): boolean {
    return (
      (this.askedCompanies.size === 0 && this.question.otherNames.size === 0) ||
      this.naming.has(article.id) ||
      [...this.askedCompanies].some((id) => this.companiesIn(article.id).has(id))
    );
  }

  /** Whether the article's headline names every company the question names. */
  headlineNamesAll(articleId: string): boolean {
    const { named } = this.question;
    const article = this.data.articles.get(articleId);
    if (!article || named.size === 0) return false;
    const inTitle = this.inTitle(article);
    return [...named].every((c) => inTitle.has(c));
  }
}
