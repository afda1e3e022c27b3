import type { Article } from "../corpus/article.js";
import type { EngineData } from "./engine.js";
import { WordTrie } from "./word-trie.js";

/**
 * Finding an article by what someone types for /source: its id, its title (exactly, its
 * start, or word by word with typos), its publisher. Every look-up once compared what was
 * typed with every article: 60–90 ms a keystroke at 20,000 articles, and listing the most cited
 * ones for an empty option (sorted with a count of citing deals in each comparison) 50 s. The
 * words of all titles are indexed instead, once per engine, when first asked for.
 */

export interface ScoredArticle {
  article: Article;
  /** Summed over the words typed: 3 for an exact match, 2 for a prefix, 1 with typos. */
  score: number;
  /** Every word typed matched something in the title. */
  complete: boolean;
}

function fold(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'");
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * The words of folded text, as `text.split(/[^\p{L}\p{N}$]+/u).filter(Boolean)` finds them
 * (tests/unit/titles.test.ts holds the search to that), a character at a time: the regular
 * expression took a fifth of a second over 100,000 titles.
 */
function splitWords(text: string, into: string[] = []): string[] {
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let width = 1;
    let inWord: boolean;
    if (code < 128) {
      inWord =
        (code >= 97 && code <= 122) ||
        (code >= 48 && code <= 57) ||
        (code >= 65 && code <= 90) ||
        code === 36;
    } else {
      const point = text.codePointAt(i) as number;
      if (point > 0xffff) width = 2;
      inWord = WORD_CHAR.test(String.fromCodePoint(point));
    }
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      into.push(text.slice(start, i));
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) into.push(text.slice(start));
  return into;
}

function wordsOf(text: string): string[] {
  return splitWords(fold(text));
}

// Compares as `localeCompare` does (ECMA-402 defines one by the other), several times faster.
const collator = new Intl.Collator();

export interface TitleMatches {
  /**
   * The best `limit`: highest score, then those matching every word, then in corpus order;
   * with nothing typed, the articles most deals cite. With `onlyComplete`, only those matching
   * every word.
   */
  top(limit: number, onlyComplete?: boolean): ScoredArticle[];
}

const built = new WeakMap<EngineData, ArticleTitles>();

export class ArticleTitles {
  private readonly articles: readonly Article[];
  /** Every word of every article's title, publisher and id. */
  private readonly trie: WordTrie;
  /** The articles (by position) with `trie.words[i]`: `postings[first[i]]` to `first[i + 1]`. */
  private readonly first: Uint32Array;
  private readonly postings: Uint32Array;
  /** Each article's id and title, folded. */
  private readonly ids: string[];
  private readonly titles: string[];
  private readonly citing: Uint32Array;
  /** The most cited articles first: what an empty option offers (see `mostCited`). */
  private cited: Article[] = [];

  /** The index of an engine's articles, built on first use. */
  static of(data: EngineData): ArticleTitles {
    let titles = built.get(data);
    if (!titles) {
      titles = new ArticleTitles(data);
      built.set(data, titles);
    }
    return titles;
  }

  private constructor(data: EngineData) {
    const articles = data.corpus.articles;
    this.articles = articles;
    this.ids = articles.map((a) => fold(a.id));
    this.titles = articles.map((a) => fold(a.meta.title));
    // Each distinct word numbered as met, and every (word, article) pair once, in corpus order.
    const numbers = new Map<string, number>();
    const lastArticle: number[] = [];
    const pairWords: number[] = [];
    const pairArticles: number[] = [];
    const words: string[] = [];
    articles.forEach((article, i) => {
      words.length = 0;
      // Folding a title, publisher and id apart is folding them joined by spaces.
      splitWords(this.titles[i] as string, words);
      splitWords(fold(article.meta.publisher ?? ""), words);
      splitWords(this.ids[i] as string, words);
      for (const word of words) {
        let n = numbers.get(word);
        if (n === undefined) {
          n = lastArticle.length;
          numbers.set(word, n);
          lastArticle.push(-1);
        }
        if (lastArticle[n] === i) continue;
        lastArticle[n] = i;
        pairWords.push(n);
        pairArticles.push(i);
      }
    });
    this.trie = new WordTrie(numbers.keys());
    // Postings by the word's place in the trie; each word's in corpus order, as the pairs are.
    const place = new Uint32Array(lastArticle.length);
    this.trie.words.forEach((word, w) => {
      place[numbers.get(word) as number] = w;
    });
    const first = new Uint32Array(this.trie.words.length + 1);
    for (const n of pairWords) {
      const w = (place[n] as number) + 1;
      first[w] = (first[w] as number) + 1;
    }
    for (let w = 0; w < this.trie.words.length; w++)
      first[w + 1] = (first[w + 1] as number) + (first[w] as number);
    const next = first.slice(0, -1);
    const postings = new Uint32Array(pairWords.length);
    pairWords.forEach((n, k) => {
      const w = place[n] as number;
      postings[next[w] as number] = pairArticles[k] as number;
      next[w] = (next[w] as number) + 1;
    });
    this.first = first;
    this.postings = postings;

    this.citing = new Uint32Array(articles.length);
    for (const deal of data.corpus.deals) {
      for (const id of new Set(deal.sources.map((s) => s.article))) {
        const i = data.articleNumbers.get(id);
        if (i !== undefined) this.citing[i] = (this.citing[i] as number) + 1;
      }
    }
  }

  /**
   * The article whose id or title `input` is (case and width aside), or else the first whose
   * title starts with it, when it is 8 characters or more (a trailing "…" dropped: a title cut
   * short, as autocomplete shows a long one).
   */
  exact(input: string): Article | undefined {
    // Scans: this runs once a command, not at every keystroke, and the arrays are native.
    const key = fold(input.trim());
    let at = this.ids.indexOf(key);
    if (at < 0) at = this.titles.indexOf(key);
    if (at < 0 && key.length >= 8) {
      const prefix = key.replace(/…$/, "");
      at = this.titles.findIndex((title) => title.startsWith(prefix));
    }
    return this.articles[at];
  }

  /** The articles matching the words of `input`, read best first with `top`. */
  search(input: string): TitleMatches {
    const typed = wordsOf(input);
    if (typed.length === 0) {
      return {
        top: (limit, onlyComplete = false) =>
          onlyComplete
            ? []
            : this.mostCited(limit).map((article) => ({ article, score: 0, complete: false })),
      };
    }
    const { first, postings, trie } = this;
    const words = trie.words;
    const count = this.articles.length;
    const score = new Uint16Array(count);
    const matched = new Uint8Array(count);
    // How well the word being scored matches each article: the best of its matches.
    const best = new Uint8Array(count);
    const mark = (word: number, value: number) => {
      const end = first[word + 1] as number;
      for (let k = first[word] as number; k < end; k++) {
        const a = postings[k] as number;
        if ((best[a] as number) < value) best[a] = value;
      }
    };
    typed.forEach((t, i) => {
      const exact = trie.indexOf(t);
      if (exact >= 0) mark(exact, 3);
      // A word still being typed (the last) counts from its first letter, others from three.
      let from = 0;
      let to = 0;
      if (i === typed.length - 1 || t.length >= 3) {
        [from, to] = trie.prefixRange(t);
        for (let w = from; w < to; w++) if (w !== exact) mark(w, 2);
      }
      if (t.length >= 4) {
        const tolerance = t.length >= 5 ? 2 : 1;
        // Common words ("patents") are in most titles: words already marked better are skipped.
        trie.walk(t, tolerance, t.length + tolerance, (w, _to, depth) => {
          if ((words[w] as string).length === depth && w !== exact && (w < from || w >= to))
            mark(w, 1);
        });
      }
      for (let a = 0; a < count; a++) {
        const b = best[a] as number;
        if (b === 0) continue;
        score[a] = (score[a] as number) + b;
        matched[a] = (matched[a] as number) + 1;
        best[a] = 0;
      }
    });
    const articles = this.articles;
    const most = 3 * typed.length;
    return {
      top(limit, onlyComplete = false) {
        // Scores are small integers: one pass in corpus order fills a list per score and
        // completeness, each in corpus order, and they are read best first.
        const lists: number[][] = Array.from({ length: 2 * (most + 1) }, () => []);
        for (let a = 0; a < count; a++) {
          const s = score[a] as number;
          if (s === 0) continue;
          const complete = matched[a] === typed.length;
          if (onlyComplete && !complete) continue;
          const list = lists[2 * (most - s) + (complete ? 0 : 1)] as number[];
          if (list.length < limit) list.push(a);
        }
        const out: ScoredArticle[] = [];
        for (const [key, list] of lists.entries()) {
          for (const a of list) {
            if (out.length >= limit) return out;
            out.push({
              article: articles[a] as Article,
              score: most - Math.floor(key / 2),
              complete: key % 2 === 0,
            });
          }
        }
        return out;
      },
    };
  }

  /** The `limit` articles most deals cite, ties by title, then in corpus order. */
  private mostCited(limit: number): Article[] {
    if (this.cited.length < Math.min(limit, this.articles.length)) {
      const { citing, articles } = this;
      const before = (a: number, b: number) =>
        (citing[b] as number) - (citing[a] as number) ||
        collator.compare(
          (articles[a] as Article).meta.title,
          (articles[b] as Article).meta.title,
        ) ||
        a - b;
      // The best `limit` kept in order as all go by: most are turned away by one comparison,
      // where sorting 100,000 titles took half a second.
      const top: number[] = [];
      for (let i = 0; i < articles.length; i++) {
        if (top.length === limit && before(i, top[limit - 1] as number) > 0) continue;
        let lo = 0;
        let hi = top.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (before(top[mid] as number, i) < 0) lo = mid + 1;
          else hi = mid;
        }
        top.splice(lo, 0, i);
        if (top.length > limit) top.pop();
      }
      this.cited = top.map((i) => articles[i] as Article);
    }
    return this.cited.slice(0, limit);
  }
}
