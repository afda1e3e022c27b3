/**
 * Distinct words in sorted order, walked as the trie they imply, for look-ups that tolerate
 * typos: the words a few edits from what was typed, or those whose start is. Comparing the
 * typed text with every word instead cost milliseconds a keystroke at 10,000 companies and
 * 100,000 article titles. A node here is the range of the list sharing a prefix, found by
 * binary search: a trie of objects would cost tens of MiB for the same words.
 */
export class WordTrie {
  /** Sorted by UTF-16 code unit, as `<` compares strings. */
  readonly words: readonly string[];
  /** The length of the longest word: no node lies deeper. */
  private readonly longest: number;

  constructor(words: Iterable<string>) {
    this.words = [...new Set(words)].filter(Boolean).sort();
    this.longest = this.words.reduce((most, w) => Math.max(most, w.length), 0);
  }

  /** The position of `word` in `words`, or -1. */
  indexOf(word: string): number {
    const at = this.lowerBound(word);
    return this.words[at] === word ? at : -1;
  }

  /** The range of `words` that start with `prefix` (empty when none does). */
  prefixRange(prefix: string): [from: number, to: number] {
    const from = this.lowerBound(prefix);
    let to = from;
    let hi = this.words.length;
    // Words starting with the prefix form one run from `from`: find its end.
    while (to < hi) {
      const mid = (to + hi) >>> 1;
      if ((this.words[mid] as string).startsWith(prefix)) to = mid + 1;
      else hi = mid;
    }
    return [from, to];
  }

  /**
   * Calls `visit` for every prefix of the words, up to `maxDepth` characters long, that is at
   * most `maxDistance` edits (Levenshtein: insertions, deletions, substitutions) from `typed`:
   * the words `from` to `to` are those starting with it, `depth` its length. A word equal to
   * the prefix, if any, is `words[from]`.
   */
  walk(
    typed: string,
    maxDistance: number,
    maxDepth: number,
    visit: (from: number, to: number, depth: number, distance: number) => void,
  ): void {
    const words = this.words;
    const width = typed.length + 1;
    const deepest = Math.min(maxDepth, this.longest);
    // Every prefix is at least as many edits away as it is shorter than `typed`.
    if (typed.length - deepest > maxDistance) return;
    const codes = new Uint16Array(typed.length);
    for (let j = 0; j < typed.length; j++) codes[j] = typed.charCodeAt(j);
    // One row of the edit-distance table per depth: row d is `typed` against a d-letter prefix.
    const rows = new Int32Array((deepest + 1) * width);
    for (let j = 0; j < width; j++) rows[j] = j;
    const descend = (from: number, to: number, depth: number): void => {
      if (depth >= deepest) return;
      let i = from;
      // The word that is the prefix itself (words are distinct: at most one) has no child.
      if (i < to && (words[i] as string).length === depth) i++;
      const prev = depth * width;
      const next = prev + width;
      while (i < to) {
        const code = (words[i] as string).charCodeAt(depth);
        const end = this.childEnd(i, to, depth, code);
        rows[next] = depth + 1;
        let least = depth + 1;
        for (let j = 1; j < width; j++) {
          const cost = codes[j - 1] === code ? 0 : 1;
          const value = Math.min(
            (rows[next + j - 1] as number) + 1,
            (rows[prev + j] as number) + 1,
            (rows[prev + j - 1] as number) + cost,
          );
          rows[next + j] = value;
          if (value < least) least = value;
        }
        // No longer prefix can come closer than the closest cell of this row.
        if (least <= maxDistance) {
          const distance = rows[next + width - 1] as number;
          if (distance <= maxDistance) visit(i, end, depth + 1, distance);
          descend(i, end, depth + 1);
        }
        i = end;
      }
    };
    descend(0, words.length, 0);
  }

  private lowerBound(word: string): number {
    let lo = 0;
    let hi = this.words.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.words[mid] as string) < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Where the words from `from` (below `to`) with `code` at `depth` end. */
  private childEnd(from: number, to: number, depth: number, code: number): number {
    let lo = from + 1;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.words[mid] as string).charCodeAt(depth) <= code) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
