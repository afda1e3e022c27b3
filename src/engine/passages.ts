import type { Article } from "../corpus/article.js";
import { type Span, sentenceSpans } from "../text/sentences.js";

/**
 * The unit of search: a few consecutive sentences of one paragraph. Small enough that a match
 * means the sentences are about the query, large enough to keep a sentence's context.
 */
export interface Passage {
  /** Position in the engine's passage list; also the search index's document id. */
  id: number;
  articleId: string;
  /** Offsets into the article text. */
  start: number;
  end: number;
  sentences: Span[];
  /** The section heading above it, if any: context for search, never quoted. */
  section?: string;
  companies: string[];
}

const MAX_SENTENCES = 3;

export function splitPassages(
  article: Article,
  firstId: number,
  companiesIn: (text: string) => string[],
): Passage[] {
  const passages: Passage[] = [];
  let section: string | undefined;
  for (const paragraph of article.paragraphs) {
    if (paragraph.kind === "heading") {
      section = article.text.slice(paragraph.start, paragraph.end);
      continue;
    }
    const sentences = sentenceSpans(article.text, paragraph.start, paragraph.end);
    // Even chunks: seven sentences become 3 + 2 + 2, not 3 + 3 + 1.
    const chunks = Math.ceil(sentences.length / MAX_SENTENCES);
    const size = Math.ceil(sentences.length / chunks);
    for (let i = 0; i < sentences.length; i += size) {
      const group = sentences.slice(i, i + size);
      const first = group[0];
      const last = group.at(-1);
      if (!first || !last) continue;
      const text = article.text.slice(first.start, last.end);
      passages.push({
        id: firstId + passages.length,
        articleId: article.id,
        start: first.start,
        end: last.end,
        sentences: group,
        ...(section ? { section } : {}),
        companies: companiesIn(text),
      });
    }
  }
  return passages;
}

/** The typed arrays behind a `PassageStore`, as saved. */
export interface PassageParts {
  /** Per article (in corpus order): its first passage; one extra entry at the end. */
  articleFirst: Uint32Array;
  start: Uint32Array;
  end: Uint32Array;
  /** Per passage: where its sentences start in `sentences`; one extra entry at the end. */
  sentenceFirst: Uint32Array;
  /** Sentence spans, start and end in turn. */
  sentences: Uint32Array;
  /** Per passage: index into `sections`, or -1. */
  section: Int32Array;
  sections: string[];
  /** Per passage: where its companies start in `companies`; one extra entry at the end. */
  companyFirst: Uint32Array;
  /** Indexes into `companyIds`. */
  companies: Uint32Array;
  companyIds: string[];
}

/**
 * Every passage of the corpus in a few typed arrays instead of an object each: at 100,000
 * articles there are about 1.5 million passages, and as objects (with their sentence spans)
 * they took more memory than the article text. A `Passage` object is made only when asked for,
 * which a query does a few dozen times. An article's passages are consecutive.
 */
export class PassageStore {
  readonly length: number;

  constructor(
    readonly parts: PassageParts,
    private readonly articleIds: readonly string[],
  ) {
    this.length = parts.start.length;
  }

  /** The passage with id `id`, or undefined past the end. */
  get(id: number): Passage | undefined {
    if (!(id >= 0 && id < this.length)) return undefined;
    const p = this.parts;
    const sentences: Span[] = [];
    for (let s = p.sentenceFirst[id] as number; s < (p.sentenceFirst[id + 1] as number); s++) {
      sentences.push({
        start: p.sentences[2 * s] as number,
        end: p.sentences[2 * s + 1] as number,
      });
    }
    const section = p.section[id] as number;
    return {
      id,
      articleId: this.articleIds[this.articleOf(id)] as string,
      start: p.start[id] as number,
      end: p.end[id] as number,
      sentences,
      ...(section >= 0 ? { section: p.sections[section] as string } : {}),
      companies: this.companiesOf(id),
    };
  }

  companiesOf(id: number): string[] {
    const p = this.parts;
    const out: string[] = [];
    for (let c = p.companyFirst[id] as number; c < (p.companyFirst[id + 1] as number); c++) {
      out.push(p.companyIds[p.companies[c] as number] as string);
    }
    return out;
  }

  /** The position (in corpus order) of the article passage `id` is from. */
  articleOf(id: number): number {
    const first = this.parts.articleFirst;
    // The last article whose first passage is at or before `id`.
    let lo = 0;
    let hi = first.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((first[mid] as number) <= id) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The ids of article number `article`'s passages: [from, to). */
  range(article: number): [number, number] {
    const first = this.parts.articleFirst;
    return [first[article] ?? 0, first[article + 1] ?? 0];
  }

  /** The sentences of article number `article` that lie within [from, to), in order. */
  sentencesWithin(article: number, from: number, to: number): Span[] {
    const p = this.parts;
    const [first, last] = this.range(article);
    const out: Span[] = [];
    for (let s = p.sentenceFirst[first] as number; s < (p.sentenceFirst[last] as number); s++) {
      const start = p.sentences[2 * s] as number;
      const end = p.sentences[2 * s + 1] as number;
      if (start >= from && end <= to) out.push({ start, end });
    }
    return out;
  }

  /** For each company id, the passages that name it, in order. */
  byCompany(): Map<string, Uint32Array> {
    const p = this.parts;
    const counts = new Uint32Array(p.companyIds.length + 1);
    for (const c of p.companies) counts[c + 1] = (counts[c + 1] as number) + 1;
    for (let i = 1; i < counts.length; i++)
      counts[i] = (counts[i] as number) + (counts[i - 1] as number);
    const flat = new Uint32Array(p.companies.length);
    const fill = counts.slice(0, -1);
    for (let id = 0; id < this.length; id++) {
      for (let c = p.companyFirst[id] as number; c < (p.companyFirst[id + 1] as number); c++) {
        const company = p.companies[c] as number;
        flat[fill[company] as number] = id;
        fill[company] = (fill[company] as number) + 1;
      }
    }
    const out = new Map<string, Uint32Array>();
    p.companyIds.forEach((companyId, i) => {
      const from = counts[i] as number;
      const to = counts[i + 1] as number;
      if (to > from) out.set(companyId, flat.subarray(from, to));
    });
    return out;
  }
}

/** Collects passages in id order into a `PassageStore`'s arrays. */
export class PassageStoreBuilder {
  private readonly articleFirst: number[] = [];
  private readonly start: number[] = [];
  private readonly end: number[] = [];
  private readonly sentenceFirst: number[] = [0];
  private readonly sentences: number[] = [];
  private readonly section: number[] = [];
  private readonly sections: string[] = [];
  private readonly sectionIds = new Map<string, number>();
  private readonly companyFirst: number[] = [0];
  private readonly companies: number[] = [];
  private readonly companyIds: string[] = [];
  private readonly companyIndex = new Map<string, number>();

  /** Marks where the next article's passages begin; call once per article, in corpus order. */
  startArticle() {
    this.articleFirst.push(this.start.length);
  }

  add(passage: Passage) {
    this.start.push(passage.start);
    this.end.push(passage.end);
    for (const s of passage.sentences) this.sentences.push(s.start, s.end);
    this.sentenceFirst.push(this.sentences.length / 2);
    if (passage.section === undefined) this.section.push(-1);
    else {
      let id = this.sectionIds.get(passage.section);
      if (id === undefined) {
        id = this.sections.length;
        this.sections.push(passage.section);
        this.sectionIds.set(passage.section, id);
      }
      this.section.push(id);
    }
    for (const company of passage.companies) {
      let id = this.companyIndex.get(company);
      if (id === undefined) {
        id = this.companyIds.length;
        this.companyIds.push(company);
        this.companyIndex.set(company, id);
      }
      this.companies.push(id);
    }
    this.companyFirst.push(this.companies.length);
  }

  finish(articleIds: readonly string[]): PassageStore {
    return new PassageStore(
      {
        articleFirst: Uint32Array.from([...this.articleFirst, this.start.length]),
        start: Uint32Array.from(this.start),
        end: Uint32Array.from(this.end),
        sentenceFirst: Uint32Array.from(this.sentenceFirst),
        sentences: Uint32Array.from(this.sentences),
        section: Int32Array.from(this.section),
        sections: this.sections,
        companyFirst: Uint32Array.from(this.companyFirst),
        companies: Uint32Array.from(this.companies),
        companyIds: this.companyIds,
      },
      articleIds,
    );
  }
}
