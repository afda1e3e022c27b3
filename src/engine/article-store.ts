import type { Article } from "../corpus/article.js";
import type { Paragraph } from "../corpus/chrome.js";
import type { ArticleMeta } from "../corpus/schemas.js";

/**
 * Article text kept as UTF-8 bytes and decoded when an article is read. The articles use curly
 * quotes, so V8 stores each as a two-byte string: 100,000 articles were about 620 MB of strings
 * against 310 MB of UTF-8. A query reads a few dozen articles, and decoding one takes a few
 * microseconds; the most recently read stay decoded. The bytes need not be in memory at all:
 * an engine loaded from its saved file reads each article's bytes from the file when asked
 * (see persist.ts), leaving them to the page cache.
 */

/** How many articles stay decoded: enough for several queries' candidates, a few MB at most. */
const DECODED = 512;

export interface ArticleTexts {
  /** Bytes [from, to) of all texts laid one after another. */
  read(from: number, to: number): Uint8Array;
  /** Per article: where its text starts in those bytes; one extra entry at the end. */
  textStart: Uint32Array;
  /** Paragraphs as start, end, kind (0 text, 1 heading), article after article. */
  paragraphs: Uint32Array;
  /** Per article: its first paragraph; one extra entry at the end. */
  paragraphFirst: Uint32Array;
}

const decoder = new TextDecoder("utf-8");

export class ArticleStore {
  private readonly ring: Array<StoredArticle | undefined> = new Array(DECODED);
  private next = 0;

  constructor(readonly texts: ArticleTexts) {}

  text(article: StoredArticle, index: number): string {
    const { textStart } = this.texts;
    const text = decoder.decode(
      this.texts.read(textStart[index] as number, textStart[index + 1] as number),
    );
    // The slot's previous holder forgets its text; it is decoded again if read again.
    const evicted = this.ring[this.next];
    if (evicted && evicted !== article) evicted.forget();
    this.ring[this.next] = article;
    this.next = (this.next + 1) % DECODED;
    return text;
  }

  paragraphs(index: number): Paragraph[] {
    const { paragraphs, paragraphFirst } = this.texts;
    const out: Paragraph[] = [];
    for (let p = paragraphFirst[index] as number; p < (paragraphFirst[index + 1] as number); p++) {
      out.push({
        start: paragraphs[3 * p] as number,
        end: paragraphs[3 * p + 1] as number,
        kind: paragraphs[3 * p + 2] === 1 ? "heading" : "text",
      });
    }
    return out;
  }
}

/** An `Article` whose text and paragraphs come from an `ArticleStore` when first read. */
export class StoredArticle implements Article {
  private decoded: string | undefined;
  private paragraphList: Paragraph[] | undefined;

  constructor(
    private readonly store: ArticleStore,
    private readonly index: number,
    readonly id: string,
    readonly file: string,
    readonly meta: ArticleMeta,
  ) {}

  get text(): string {
    this.decoded ??= this.store.text(this, this.index);
    return this.decoded;
  }

  get paragraphs(): Paragraph[] {
    this.paragraphList ??= this.store.paragraphs(this.index);
    return this.paragraphList;
  }

  forget() {
    this.decoded = undefined;
    this.paragraphList = undefined;
  }

  /** A plain copy, for whoever serialises articles (a getter is not an own property). */
  toJSON(): Article {
    return {
      id: this.id,
      file: this.file,
      meta: this.meta,
      text: this.text,
      paragraphs: this.paragraphs,
    };
  }
}

/** The texts and paragraphs of `articles`, packed. */
export function packTexts(
  articles: readonly Article[],
): Omit<ArticleTexts, "read"> & { bytes: Uint8Array } {
  const encoder = new TextEncoder();
  const encoded = articles.map((a) => encoder.encode(a.text));
  const textStart = new Uint32Array(articles.length + 1);
  let total = 0;
  encoded.forEach((bytes, i) => {
    textStart[i] = total;
    total += bytes.length;
  });
  textStart[articles.length] = total;
  const bytes = new Uint8Array(total);
  encoded.forEach((b, i) => {
    bytes.set(b, textStart[i] as number);
  });
  const paragraphFirst = new Uint32Array(articles.length + 1);
  let count = 0;
  articles.forEach((a, i) => {
    paragraphFirst[i] = count;
    count += a.paragraphs.length;
  });
  paragraphFirst[articles.length] = count;
  const paragraphs = new Uint32Array(3 * count);
  let at = 0;
  for (const a of articles) {
    for (const p of a.paragraphs) {
      paragraphs[at++] = p.start;
      paragraphs[at++] = p.end;
      paragraphs[at++] = p.kind === "heading" ? 1 : 0;
    }
  }
  return { bytes, textStart, paragraphs, paragraphFirst };
}
