import { isCountryTerm, normalize, termsOf, wordSpans } from "../text/analyze.js";
import { isEnglishWord } from "../text/english.js";
import { isGenericNameTerm, nameWords, swapDistance } from "./companies.js";
import type { EngineData } from "./engine.js";
import { isPlaceName } from "./snippets.js";
import { CALENDAR, findTextCompany, nameOfTicker } from "./text-names.js";

/**
 * Telling names in an `/ask` question: the companies it mistypes, a name no article mentions,
 * and the other names ("the chargelink pool") an article must use to answer it.
 */

const AUXILIARY = /^(?:did|does|do|has|have|had|is|was|will|would|can|could)$/i;
const DEAL_VERB =
  /^(?:sign\w*|licen[cs]\w*|buy\w*|bought|sell\w*|sold|settle\w*|sue\w*|pay\w*|paid|join\w*|agree\w*|strike|struck|ink\w*|take|took|extend\w*|renew\w*|acquir\w*|purchas\w*)$/i;

/**
 * The name of something no article mentions: a capitalised word past the first, or a word in
 * lower case that is neither English nor a company's name mistyped ("qualcomm huawei deal?"),
 * or that did a deal ("did dolby sign…").
 */
export function missingName(
  data: EngineData,
  question: string,
  unknownTerms: string[],
): string | undefined {
  const unknown = new Set(unknownTerms);
  const words = wordSpans(normalize(question));
  return words.find((w, i) => {
    const terms = termsOf(w.text);
    if (terms.length === 0 || !terms.every((t) => unknown.has(t))) return false;
    // "the CMA", "the ITC": an institution the article may call otherwise ("the competition
    // regulator"), not a company the corpus lacks.
    if (/^the$/i.test(words[i - 1]?.text ?? "")) return false;
    // A sentence's first word is capitalised anyway: a name only if it is not English.
    if (/^\p{Lu}/u.test(w.text)) return i > 0 || !isEnglishWord(w.text);
    // Shorter lower-case words are as often chat shorthand ("thru", "wdym") as names, unless
    // they stand beside a company's name ("sony huawei licence").
    const minLength = besideCompany(i) || dealSubject(i) ? 3 : 5;
    return (
      w.text.length >= minLength &&
      /^\p{Ll}+$/u.test(w.text) &&
      // "did dolby sign…": whoever did a deal is a name, though a dictionary knows the word.
      (dealSubject(i) || !isEnglishWord(w.text)) &&
      !data.directory.resolve(w.text)
    );
  })?.text;

  function dealSubject(i: number): boolean {
    return AUXILIARY.test(words[i - 1]?.text ?? "") && DEAL_VERB.test(words[i + 1]?.text ?? "");
  }

  function besideCompany(i: number): boolean {
    return [words[i - 1], words[i + 1], words[i - 2], words[i + 2]].some(
      (n, k) =>
        n !== undefined &&
        (k < 2 || /^(?:and|&|vs|x|with)$/i.test(words[i + (k === 2 ? -1 : 1)]?.text ?? "")) &&
        data.directory.mentionedIn(n.text).length > 0,
    );
  }
}

/**
 * The question with mistyped company names spelt right ("hauwei and opo" → "Huawei and OPPO")
 * and tickers article text gives put as names:
 * a word no article uses and no dictionary knows, that the company directory resolves. The
 * search's own typo tolerance is kept for longer words and would miss these.
 */
export function correctNames(data: EngineData, question: string): string {
  const text = normalize(question);
  let out = "";
  let at = 0;
  for (const w of wordSpans(text)) {
    const terms = termsOf(w.text);
    // "what did SBWK report": a ticker only article text gives ("The company trades on Nasdaq
    // as SBWK") stands for the company's name, which is put before it.
    const ticker =
      /^[A-Z]{2,6}$/.test(w.text) &&
      !data.directory.resolve(w.text) &&
      terms.every((t) => (data.docFreq.get(t) ?? 0) <= RARE_NAME_PASSAGES)
        ? nameOfTicker(data, w.text)
        : undefined;
    if (ticker) {
      out += `${text.slice(at, w.start)}${ticker} ${w.text}`;
      at = w.end;
    } else if (
      /^\p{L}{3,}$/u.test(w.text) &&
      terms.length > 0 &&
      terms.every((t) => !data.docFreq.has(t)) &&
      !isEnglishWord(w.text)
    ) {
      // A company only article text names is spelt as the articles spell it ("safrey" →
      // "Saffrey"), its first word only: the question's next words may be its own.
      // Of a directory company and one only article text names, the nearer spelling wins
      // ("grindlo" is Grindlow, not Brindle).
      const known = data.directory.resolve(w.text)?.name;
      // Looking through article text is costly: only when the known name is two letters off
      // could a name there be nearer.
      const inText =
        !known || nearest(w.text, known) > 1
          ? findTextCompany(data, w.text, true)?.name.split(" ")[0]
          : undefined;
      const name =
        known && inText && nearest(w.text, inText) < nearest(w.text, known)
          ? inText
          : (known ?? inText);
      if (name) {
        out += text.slice(at, w.start) + name;
        at = w.end;
      }
    }
  }
  return out + text.slice(at);
}

/** How many letters `typed` is off the nearest word of `name` (a swap of two counting as one). */
function nearest(typed: string, name: string): number {
  const lower = typed.toLowerCase();
  return Math.min(...nameWords(name).map((word) => swapDistance(lower, word)));
}

/** A word in more passages than this is not read as a possible company name. */
export const RARE_NAME_PASSAGES = 200;

const NATIONALITY = /(?:ish|ese|ian|ean|an|i)$/;

/** Nationalities ("british", "chinese", "korean") are capitalised too, and name no one. */
export function isNationality(word: string): boolean {
  return NATIONALITY.test(word);
}

/**
 * "the kestrel pool": an English word the passages found write capitalised, every time
 * and not only to start a sentence, is a name there.
 */
export function capitalisedInPassages(
  data: EngineData,
  passageIds: readonly number[],
  word: string,
): boolean {
  if (isNationality(word)) return false;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, "giu");
  let capitalised = 0;
  for (const id of passageIds) {
    const passage = data.passages.get(id);
    const text = passage && data.articles.get(passage.articleId)?.text;
    if (!passage || !text) continue;
    for (const m of text.slice(passage.start, passage.end).matchAll(pattern)) {
      if (!/^\p{Lu}/u.test(m[0])) return false;
      if (
        !/[.!?"“]\s*$/u.test(
          text.slice(Math.max(0, passage.start + m.index - 3), passage.start + m.index),
        )
      )
        capitalised++;
    }
  }
  return capitalised > 0;
}

/** What `otherNames` needs to know of the question's terms and the passages found. */
export interface OtherNamesInput {
  /** The weighed query terms; only these can be names. */
  weights: ReadonlyMap<string, number>;
  /** Query terms no article uses. */
  unknown: readonly string[];
  /** Whether a query term names a known company (those are given another way). */
  isCompany: (q: string) => boolean;
  /** The candidate passages, read to tell an English word used as a name. */
  passageIds: readonly number[];
}

/**
 * Other names the question uses ("the chargelink pool", a company no record knows) are given
 * by an article that uses them, as companies are: a capitalised word past the first, or a
 * word that is not English. Keyed by query term, each with the word lower-cased.
 */
export function otherNames(
  data: EngineData,
  question: string,
  { weights, unknown, isCompany, passageIds }: OtherNamesInput,
): Map<string, string> {
  const names = new Map<string, string>();
  // "the saffrey-vellacourt licence": each part of a compound of long words may be a name
  // ("Wi-Fi" is one word).
  const parts = wordSpans(normalize(question)).flatMap((w, i) => {
    const split = w.text.split(/[-/]/);
    const compound = split.length > 1 && split.every((p) => p.length >= 3);
    return (compound ? split : [w.text]).map((text, k) => ({ text, first: i === 0 && k === 0 }));
  });
  parts.forEach((w) => {
    const terms = termsOf(w.text);
    const q = terms.length === 1 ? terms[0] : undefined;
    if (!q || !weights.has(q) || unknown.includes(q) || isCompany(q) || isCountryTerm(q)) return;
    const named = !w.first && /^\p{Lu}/u.test(w.text);
    // "skelmoras head of legal affairs": a possessive typed without its apostrophe.
    const bare = w.text.replace(/'s$/, "");
    // Only a word that may be a name is read for it: the passages are read twice.
    const word =
      /s$/.test(bare) &&
      (named || !isEnglishWord(bare)) &&
      termsOf(bare.slice(0, -1))[0] === q &&
      !capitalisedInPassages(data, passageIds, bare) &&
      capitalisedInPassages(data, passageIds, bare.slice(0, -1))
        ? bare.slice(0, -1)
        : bare;
    // A month or a day is capitalised, yet names no one ("an outdoor pool in November"); nor
    // does a word of company names no dictionary holds ("what's the tech").
    if (CALENDAR.has(word.toLowerCase()) || isGenericNameTerm(q) || isPlaceName(word)) return;
    if (
      named ||
      (/^\p{Ll}{4,}$/u.test(word) &&
        (!isEnglishWord(word) ||
          // Reading the passages for it is for rare words: a name is rare, "royalty" is not.
          ((data.docFreq.get(q) ?? 0) <= RARE_NAME_PASSAGES &&
            capitalisedInPassages(data, passageIds, word))))
    )
      names.set(q, word.toLowerCase());
  });
  return names;
}
