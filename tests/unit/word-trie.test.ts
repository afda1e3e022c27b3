import { distance } from "fastest-levenshtein";
import { describe, expect, it } from "vitest";
import { Random } from "../../src/bench/random.js";
import { WordTrie } from "../../src/engine/word-trie.js";

/** The sorted word list walked as a trie: held to comparing with every word, on random words. */

// Few letters, so that words share prefixes and lie a typo or two apart; and a few beyond
// ASCII, one of them outside the Basic Multilingual Plane.
const LETTERS = ["a", "b", "c", "d", "é", "ß", "𝔸", "-", " "];

function randomWord(rng: Random, longest: number): string {
  let word = "";
  for (let i = rng.int(1, longest); i > 0; i--) word += rng.pick(LETTERS);
  return word;
}

describe("WordTrie", () => {
  const rng = new Random(7);
  const words = Array.from({ length: 400 }, () => randomWord(rng, 7));
  const trie = new WordTrie([...words, "", ...words.slice(0, 50)]);

  it("holds each word once, in code-unit order, without the empty one", () => {
    const expected = [...new Set(words)].sort();
    expect(trie.words).toEqual(expected);
    for (const w of expected) expect(trie.words[trie.indexOf(w)]).toBe(w);
    expect(trie.indexOf("zzz")).toBe(-1);
  });

  it("finds the words that start with a prefix", () => {
    for (const prefix of ["", "a", "ab", "é", "𝔸", "cab", "zz"]) {
      const [from, to] = trie.prefixRange(prefix);
      expect(trie.words.slice(from, to)).toEqual(trie.words.filter((w) => w.startsWith(prefix)));
    }
  });

  it("visits exactly the prefixes within the distance, at their distance", () => {
    for (let round = 0; round < 60; round++) {
      const typed = randomWord(rng, 6);
      const maxDistance = round % 3;
      const maxDepth = typed.length + rng.int(0, 2);
      const seen: string[] = [];
      trie.walk(typed, maxDistance, maxDepth, (from, to, depth, d) => {
        for (const w of trie.words.slice(from, to)) seen.push(`${w}@${depth}:${d}`);
      });
      const expected: string[] = [];
      for (const w of trie.words) {
        for (let depth = 1; depth <= Math.min(w.length, maxDepth); depth++) {
          const d = distance(typed, w.slice(0, depth));
          if (d <= maxDistance) expected.push(`${w}@${depth}:${d}`);
        }
      }
      expect(seen.sort()).toEqual(expected.sort());
    }
  });

  it("stops at once when what is typed is longer than any word by more than the distance", () => {
    let visits = 0;
    trie.walk("a".repeat(6000), 2, 6001, () => visits++);
    expect(visits).toBe(0);
  });
});
