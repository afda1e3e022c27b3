import { readFileSync } from "node:fs";
import wordListPath from "word-list";

/**
 * Whether a lower-case word is English. A chat question names companies in lower case
 * ("qualcomm huawei deal?"): a word that is neither English nor in any article is most likely
 * the name of something the corpus does not cover. The list (SCOWL, 274,000 words with their
 * inflections) is read on first use: most questions never ask.
 */
let words: Set<string> | undefined;

function dictionary(): Set<string> {
  words ??= new Set(readFileSync(wordListPath, "utf8").split("\n"));
  return words;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** `word`, or a word one typing slip away from it ("recieve", "agrement"), is English. */
export function isEnglishWord(word: string): boolean {
  const dict = dictionary();
  const w = word.toLowerCase();
  if (dict.has(w)) return true;
  for (let i = 0; i <= w.length; i++) {
    const head = w.slice(0, i);
    const tail = w.slice(i);
    if (i < w.length && dict.has(head + tail.slice(1))) return true;
    if (i < w.length - 1 && dict.has(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2)))
      return true;
    for (const c of LETTERS) {
      if (dict.has(head + c + tail)) return true;
      if (i < w.length && dict.has(head + c + tail.slice(1))) return true;
    }
  }
  return false;
}
