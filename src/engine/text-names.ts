import { distance } from "fastest-levenshtein";
import { isStopword, normalize, termsOf, wordSpans } from "../text/analyze.js";
import { isLegalForm, nameWords } from "./companies.js";
import type { EngineData } from "./engine.js";
import type { QueryTerm } from "./search-index.js";

/**
 * Companies that no record names, found in article text when asked for: the passage index
 * finds the passages holding the words of the name (or, for a mistyped name, words a few letters
 * from them), and those passages are read for the words standing together, capitalised, as a
 * proper noun. Nothing is built or saved for this: an index of every capitalised name would cost
 * a pass over all text at every build (and room in the saved index) for lookups that only
 * `/deal` makes, a few passages at a time.
 */

/** The words of a name as compared here: `nameWords`, with "B.V." and "S.A." counted as legal forms. */
export function nameKeyWords(name: string): string[] {
  const words = nameWords(name);
  const meaningful = words.filter((w) => !isLegalForm(w));
  return meaningful.length > 0 ? meaningful : words;
}

/** A word of article text as names are compared. */
export interface TextWord {
  /** Offsets in the text the words were taken from. */
  start: number;
  end: number;
  /** Where the name part ends: before a possessive "'s". */
  nameEnd: number;
  /** Lower-case, width-folded, without a possessive "'s". */
  folded: string;
  capital: boolean;
  /** All capitals, as in "AC" or "ALDM". */
  acronym: boolean;
  possessive: boolean;
  /** Only spaces or an ampersand since the previous word: the two can belong to one name. */
  joined: boolean;
}

const ASCII = /^[\x20-\x7e]*$/;
const JOINER = /^[ \t\u00A0\u202F]*(?:&[ \t\u00A0\u202F]*)?$/;

/** The words of `text` with what name matching needs to know of each. */
export function textWords(text: string): TextWord[] {
  const out: TextWord[] = [];
  let previousEnd = -1;
  for (const w of wordSpans(text)) {
    // Most words are plain ASCII, which normalising leaves as it is.
    let folded = (ASCII.test(w.text) ? w.text : normalize(w.text)).toLowerCase();
    let suffix = 0;
    if (folded.endsWith("'s")) suffix = 2;
    else if (folded.endsWith("'")) suffix = 1;
    folded = folded.slice(0, folded.length - suffix);
    out.push({
      start: w.start,
      end: w.end,
      nameEnd: w.end - suffix,
      folded,
      capital: /^\p{Lu}/u.test(w.text),
      acronym: /^\p{Lu}+$/u.test(w.text.slice(0, w.text.length - suffix)),
      possessive: suffix > 0,
      joined: previousEnd >= 0 && JOINER.test(text.slice(previousEnd, w.start)),
    });
    previousEnd = w.end;
  }
  return out;
}

/** A name as words (folded, legal forms left out) and whether text must capitalise it. */
export interface NameForm {
  words: string[];
  /** Text-only names are proper nouns; curated names are matched as the directory does. */
  capitalised: boolean;
}

// Typos people make in a name: one edit from four letters, two from six. Stricter than the
// directory's, as article text holds far more words than the directory holds names.
function editsAllowed(word: string): number {
  if (word.length >= 6) return 2;
  if (word.length >= 4) return 1;
  return 0;
}

/**
 * The edits needed for `form` to stand at `text[i…]` as one name, or -1. A tolerant match
 * allows typos (keeping each word's first letter, which people rarely get wrong).
 */
export function matchNameAt(
  text: readonly TextWord[],
  i: number,
  form: NameForm,
  tolerant = false,
): number {
  let cost = 0;
  for (let k = 0; k < form.words.length; k++) {
    const w = text[i + k];
    const want = form.words[k] as string;
    if (!w) return -1;
    // "Harwick's EV" is not one name.
    if (k > 0 && (!w.joined || text[i + k - 1]?.possessive)) return -1;
    // Small joining words ("of", "de") need no capital; the rest of a proper noun does.
    if (form.capitalised && !w.capital && (k === 0 || want.length > 3)) return -1;
    if (w.folded === want) continue;
    const allowed = tolerant ? editsAllowed(want) : 0;
    if (allowed === 0 || w.folded[0] !== want[0]) return -1;
    const d = distance(w.folded, want);
    if (d > allowed) return -1;
    cost += d;
  }
  return cost;
}

/** Each place in `text` where one of `forms` stands: word index, length in words, which form. */
export function findNames(
  text: readonly TextWord[],
  forms: readonly NameForm[],
): Array<{ from: number; to: number; form: number }> {
  const found: Array<{ from: number; to: number; form: number }> = [];
  for (let i = 0; i < text.length; i++) {
    // Longest form first: "Halden Vision", not "Halden" and a stray "Vision".
    let best: { to: number; form: number } | undefined;
    forms.forEach((form, f) => {
      if (matchNameAt(text, i, form) < 0) return;
      const to = i + form.words.length;
      if (!best || to > best.to) best = { to, form: f };
    });
    if (best) {
      found.push({ from: i, ...best });
      i = best.to - 1;
    }
  }
  return found;
}

/** A company known from text: its name as articles write it, the forms they use, and where. */
export interface TextCompany {
  id: string;
  name: string;
  forms: NameForm[];
  /** The words to mark in quotes. */
  highlight: string[];
  /** The passages naming it, in order. */
  passages: number[];
}

// More passages than this are not read for one name: enough for every article of a company
// the corpus covers widely, and a bound on the time a lookup takes.
const MAX_PASSAGES = 3000;

const ABBREVIATED = /^(?:inc|corp|co|ltd|\p{L}(?:\.\p{L})+)$/u;

/** Months and days, capitalised but naming no one. */
export const CALENDAR = new Set(
  "january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec".split(
    " ",
  ),
);

interface Occurrence {
  /** The edits from the typed name. */
  cost: number;
  /** The matched words as the text spells them. */
  key: string;
  /** The name with the capitalised words that follow it ("Invarra" → "Invarra Photonics"). */
  full: string;
  fullKey: string;
}

/**
 * The passages holding every word of `words`; when tolerant, words no passage has may be a few
 * letters off (only those: looking up near spellings costs a walk of the whole vocabulary).
 */
function passagesWith(data: EngineData, words: string[], tolerant: boolean): number[] {
  const query: QueryTerm[] = [];
  for (const word of words) {
    const terms = termsOf(word);
    const known = terms.every((term) => data.passageIndex.has(term));
    // An exact look-up for a word no passage has can stop here.
    if (!tolerant && !known) return [];
    for (const term of terms) query.push(known ? { term } : { term, fuzzy: editsAllowed(word) });
  }
  if (query.length === 0) return [];
  return data.passageIndex
    .search(query, { combineWith: "AND", limit: MAX_PASSAGES })
    .map((hit) => hit.id)
    .sort((a, b) => a - b);
}

/** Reads each passage's words once, handing them to `visit` with the article text. */
function readPassages(
  data: EngineData,
  ids: readonly number[],
  // Returns true to stop reading.
  visit: (id: number, words: TextWord[], text: string, sentenceStarts: Set<number>) => unknown,
  // Passages whose text fails this are skipped before being split into words.
  worthReading: (text: string) => boolean = () => true,
): void {
  for (const id of ids) {
    const passage = data.passages.get(id);
    const article = passage && data.articles.get(passage.articleId);
    if (!passage || !article) continue;
    const text = article.text.slice(passage.start, passage.end);
    if (!worthReading(text)) continue;
    const starts = new Set(passage.sentences.map((s) => s.start - passage.start));
    if (visit(id, textWords(text), text, starts) === true) return;
  }
}

/** The name run at words[i…]: the matched words and the capitalised words or legal forms after. */
function fullName(words: TextWord[], i: number, to: number, text: string): string {
  let end = to;
  while (
    !words[end - 1]?.possessive &&
    words[end]?.joined &&
    (words[end]?.capital || isLegalForm(words[end]?.folded ?? "")) &&
    !CALENDAR.has(words[end]?.folded ?? "")
  ) {
    end++;
  }
  const last = words[end - 1] as TextWord;
  let name = text.slice((words[i] as TextWord).start, last.nameEnd);
  // An abbreviated legal form ("B.V.", "Inc.") keeps its full stop.
  if (!last.possessive && ABBREVIATED.test(last.folded) && text[last.end] === ".") name += ".";
  return name;
}

/**
 * The company article text names `input`: exactly as typed (case and legal forms aside), or,
 * when `tolerant`, a few letters off. Undefined when no passage has it capitalised.
 */
export function findTextCompany(
  data: EngineData,
  input: string,
  tolerant = false,
): TextCompany | undefined {
  const words = nameKeyWords(input);
  if (words.length === 0 || words.join("").length < 2) return undefined;
  const typed: NameForm = { words, capitalised: true };
  const occurrences: Occurrence[] = [];
  readPassages(data, passagesWith(data, words, tolerant), (_id, text, raw) => {
    for (let i = 0; i < text.length; i++) {
      const cost = matchNameAt(text, i, typed, tolerant);
      if (cost < 0) continue;
      const to = i + words.length;
      const full = fullName(text, i, to, raw);
      occurrences.push({
        cost,
        key: text
          .slice(i, to)
          .map((w) => w.folded)
          .join(" "),
        full,
        fullKey: nameKeyWords(full).join(" "),
      });
    }
  });
  if (occurrences.length === 0) return undefined;

  // The closest spelling; among equally close ones, the one articles use most.
  const least = Math.min(...occurrences.map((o) => o.cost));
  const key = mostCommon(occurrences.filter((o) => o.cost === least).map((o) => o.key));
  const ofKey = occurrences.filter((o) => o.key === key);
  // The name as articles give it in full ("Invarra Photonics" for "Invarra"): the commonest
  // longer run, else the name as matched.
  const longer = ofKey.filter((o) => o.fullKey !== key && o.fullKey.startsWith(`${key} `));
  const fullKey = longer.length > 0 ? mostCommon(longer.map((o) => o.fullKey)) : key;
  const name = ofKey
    .filter((o) => o.fullKey === fullKey)
    .map((o) => o.full)
    .reduce((a, b) => (b.length > a.length ? b : a), "");
  // A name holding a curated company's ("Samsung Mobile") is for the directory to resolve.
  if (data.directory.mentionedIn(name).length > 0) return undefined;

  const forms: NameForm[] = [{ words: fullKey.split(" "), capitalised: true }];
  if (key !== fullKey) forms.push({ words: key.split(" "), capitalised: true });
  const short = shortForm(data, forms);
  if (short) forms.push(short);
  const shortest = forms.reduce((a, b) => (b.words.length < a.words.length ? b : a));
  const passages: number[] = [];
  readPassages(data, passagesWith(data, shortest.words, false), (id, text) => {
    if (findNames(text, forms).length > 0) passages.push(id);
  });
  return {
    id: `text:${fullKey.replace(/ /g, "-")}`,
    name,
    forms,
    highlight: short ? [short.words.join(" ")] : [name],
    passages,
  };
}

/**
 * The first word of a longer name, when articles use it alone for the company ("Invarra" for
 * "Invarra Photonics"): capitalised mid-sentence, not as part of another name. "Cedar" of
 * "Cedar & Lowe Energy" never stands alone, and stays no form of it.
 */
function shortForm(data: EngineData, forms: NameForm[]): NameForm | undefined {
  const longest = forms[0] as NameForm;
  const first = longest.words[0] as string;
  if (longest.words.length < 2 || first.length < 3 || isStopword(first)) return undefined;
  const short: NameForm = { words: [first], capitalised: true };
  let alone = false;
  readPassages(data, passagesWith(data, [first], false), (_id, text, _raw, starts) => {
    alone = text.some((w, i) => {
      if (matchNameAt(text, i, short) < 0 || starts.has(w.start)) return false;
      const previous = text[i - 1];
      const next = text[i + 1];
      const partOfName =
        (previous?.capital && w.joined && !previous.possessive) ||
        (next?.joined && !w.possessive && (next.capital || isLegalForm(next.folded)));
      return !partOfName;
    });
    return alone;
  });
  return alone ? short : undefined;
}

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  let best = values[0] ?? "";
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > (counts.get(best) ?? 0)) best = v;
  }
  return best;
}

/**
 * The capitalised name opening the sentence that holds offset `at`, if it opens with one; for
 * a sentence opening with "It", "Its", "The company" and the like ("Its shares, listed under the
 * ticker RSKL"), the name opening the one before, back to the paragraph's start.
 */
function subjectBefore(words: TextWord[], text: string, at: number): string | undefined {
  const paragraph = text.lastIndexOf("\n", at);
  let stop = Math.max(text.lastIndexOf(". ", at), paragraph);
  for (;;) {
    let from = words.findIndex((w) => w.start > stop);
    // "Minneapolis-based Sablewick stopped making headphones": the place is not the name.
    if (words[from]?.folded.endsWith("-based")) from++;
    const first = words[from];
    if (from < 0 || !first || !first.capital || first.start >= at) return undefined;
    if (!isStopword(first.folded)) return fullName(words, from, from + 1, text);
    if (!STANDS_FOR_SUBJECT.test(text.slice(first.start, at)) || stop <= paragraph)
      return undefined;
    stop = Math.max(text.lastIndexOf(". ", stop - 1), paragraph);
  }
}

/** `subjectBefore` for offset `at` of a passage that opens mid-paragraph, read from its paragraph. */
function subjectEarlier(data: EngineData, passageId: number, at: number): string | undefined {
  const passage = data.passages.get(passageId);
  const article = passage && data.articles.get(passage.articleId);
  if (!passage || !article) return undefined;
  const paragraph = article.paragraphs.find(
    (p) => p.start < passage.start && passage.start < p.end,
  );
  if (!paragraph) return undefined;
  const text = article.text.slice(paragraph.start, passage.start + at);
  return subjectBefore(textWords(text), text, text.length);
}

const STANDS_FOR_SUBJECT = /^(?:it|its|their|they|the (?:company|group|firm))\b/i;
const SHARES = new Set(["shares", "stock"]);

/**
 * The name a ticker stands for in text: "Aldermoor Semiconductor plc (LSE: ALDM)" for
 * "LSE:ALDM" or "ALDM", or the subject of "… is listed under the ticker FRVC". Only an input
 * shaped like a ticker is looked up.
 */
export function nameOfTicker(data: EngineData, input: string): string | undefined {
  const m = /^\s*(?:([A-Za-z]{1,12})\s*:\s*)?([A-Z0-9]{1,6}(?:\.[A-Z]{1,3})?)\s*$/.exec(
    input.includes(":") ? input.toUpperCase() : input,
  );
  const symbol = m?.[2];
  if (!symbol || !/[A-Z]/.test(symbol)) return undefined;
  const inParentheses = new RegExp(
    `\\(\\s*(?:[A-Za-z]{1,12}\\s*:\\s*)?${symbol.replace(/\./g, "\\.")}\\s*\\)`,
  );
  // "Ferrinvale, based in Raleigh, is listed on the Nasdaq under the ticker FRVC", "The
  // company trades on Nasdaq as SBWK": the sentence's subject.
  const named = new RegExp(
    `\\b(?:(?:ticker|symbol)(?:\\s+symbol)?\\s+|(?:trades|traded|trading|listed)\\b[^.]{0,40}?\\bas\\s+)["\u201C]?${symbol.replace(/\./g, "\\.")}\\b`,
  );
  const names: string[] = [];
  // Most passages using the word give it neither way: they are not split into words.
  const givesTicker = (text: string) => inParentheses.test(text) || named.test(text);
  readPassages(
    data,
    passagesWith(data, [symbol.toLowerCase()], false),
    (id, words, text) => {
      const at = inParentheses.exec(text)?.index;
      if (at === undefined) {
        const by = named.exec(text)?.index;
        if (by !== undefined) {
          const subject = subjectBefore(words, text, by) ?? subjectEarlier(data, id, by);
          if (subject) names.push(subject);
        }
        return;
      }
      // The capitalised words (and legal forms) right before the parenthesis, past a "shares"
      // ("Ravensholt shares (NYSE: RVHT) fell").
      let to = words.findIndex((w) => w.start > at);
      if (to <= 0) return;
      if (SHARES.has(words[to - 1]?.folded ?? "")) to--;
      let from = to;
      for (let i = to - 1; i >= 0; i--) {
        const w = words[i] as TextWord;
        if (!(w.capital || isLegalForm(w.folded))) break;
        from = i;
        if (!w.joined) break;
      }
      while (from < to && isStopword(words[from]?.folded ?? "")) from++;
      if (from < to) names.push(fullName(words, from, to, text));
    },
    givesTicker,
  );
  return names.length > 0 ? mostCommon(names) : undefined;
}
