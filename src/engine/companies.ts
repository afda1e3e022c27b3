import MiniSearch from "minisearch";
import type { Company } from "../corpus/schemas.js";
import { analyze, normalize, wordSpans, words as wordsOf } from "../text/analyze.js";
import type { CompanyRef } from "./types.js";
import { WordTrie } from "./word-trie.js";

/**
 * Turns what people type ("huwaei", "NYSE:NOK", "ＯＰＰＯ", "Mercedes") into a company, and finds
 * which companies a piece of text names. Names are matched unstemmed: "Nokia Technologies"
 * should not meet "technology".
 */

// Legal-form words that people leave out; "Nokia Oyj" is Nokia.
const LEGAL_FORMS = new Set([
  "inc",
  "corp",
  "corporation",
  "co",
  "company",
  "ltd",
  "limited",
  "llc",
  "plc",
  "oyj",
  "ag",
  "se",
  "sa",
  "nv",
  "bv",
  "gmbh",
  "group",
  "holdings",
  "adr",
  "the",
]);

// Words many company names share; they tell companies apart only beside a distinctive word.
const GENERIC_NAME_WORDS = new Set([
  "motors",
  "motor",
  "auto",
  "automotive",
  "electronics",
  "mobile",
  "networks",
  "network",
  "technologies",
  "technology",
  "tech",
  "semiconductor",
  "semiconductors",
  "systems",
  "devices",
  "communications",
  "telecom",
  "wireless",
  "labs",
  "international",
  "global",
  "industries",
]);

const GENERIC_NAME_TERMS = new Set([...GENERIC_NAME_WORDS].flatMap((w) => analyze(w)));

/**
 * Whether an index term is one of the generic words of company names ("devic" of "Norrgate
 * Devices"): a question using it ("my phone") names no company by it.
 */
export function isGenericNameTerm(term: string): boolean {
  return GENERIC_NAME_TERMS.has(term);
}

/** Whether a folded name word is a legal form ("plc", "B.V." as "b.v"), which people leave out. */
export function isLegalForm(word: string): boolean {
  return LEGAL_FORMS.has(word.replace(/\./g, ""));
}

/** The words of a name, lower-cased and folded; legal forms dropped unless nothing else is left. */
export function nameWords(name: string): string[] {
  const words = wordSpans(normalize(name)).map((w) => w.text.toLowerCase().replace(/'s$|'$/, ""));
  const meaningful = words.filter((w) => !LEGAL_FORMS.has(w));
  return meaningful.length > 0 ? meaningful : words;
}

/** A word as names are compared: lower-case, without a possessive "'s" or "'" (/'s$|'$/). */
function foldWord(word: string): string {
  const lower = word.toLowerCase();
  if (lower.endsWith("'s")) return lower.slice(0, -2);
  if (lower.endsWith("'")) return lower.slice(0, -1);
  return lower;
}

export function nameKey(name: string): string {
  return nameWords(name).join(" ");
}

interface NameDoc {
  id: number;
  companyId: string;
  name: string;
  /** Tickers resolve exactly only: "NOK" must not fuzz into "Nokia". */
  ticker: boolean;
}

// Typos people make in names: one edit in short names, two from five letters on, three in long
// ones ("marowfeild": a letter left out and two swapped).
function fuzzyFor(term: string): number | false {
  if (term.length >= 9) return 3;
  if (term.length >= 5) return 2;
  if (term.length >= 3) return 1;
  return false;
}

/** Edits from `a` to `b`, a swap of two neighbouring letters counting as one (optimal string alignment). */
export function swapDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** A name as it is being typed is compared: NFKC, lower-case, one kind of apostrophe. */
function foldTyped(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'");
}

/** Every folded name and each word in it, and the companies (by position) that have it. */
interface TypedNames {
  trie: WordTrie;
  /** The companies of `trie.words[i]` are `owners[first[i]]` to `owners[first[i + 1]]`. */
  first: Uint32Array;
  owners: Uint32Array;
}

export class CompanyDirectory {
  readonly companies: Company[];
  private readonly byId = new Map<string, Company>();
  private readonly exact = new Map<string, string>();
  /** The typo-tolerant name index, built when first needed (see `names`). */
  private nameIndex: MiniSearch<NameDoc> | undefined;
  private readonly docs: NameDoc[] = [];
  /** Names for matching while they are typed, built when first needed (see `typedNames`). */
  private typing: TypedNames | undefined;
  /** First word of a name → the names starting with it, for scanning text. */
  private readonly byFirstWord = new Map<string, Array<{ words: string[]; companyId: string }>>();

  constructor(companies: Company[], textOnly: Array<{ id: string; name: string }> = []) {
    this.companies = [
      ...companies,
      ...textOnly.map((c) => ({ id: c.id, name: c.name, aliases: [], tickers: [] })),
    ];
    const docs = this.docs;
    for (const company of this.companies) {
      this.byId.set(company.id, company);
      const names = [company.name, ...company.aliases];
      for (const name of names) {
        const words = nameWords(name);
        this.addExactKey(words.join(" "), company.id);
        docs.push({ id: docs.length, companyId: company.id, name, ticker: false });
        const first = words[0];
        if (first) {
          const list = this.byFirstWord.get(first) ?? [];
          list.push({ words, companyId: company.id });
          this.byFirstWord.set(first, list);
        }
      }
      for (const ticker of company.tickers) {
        this.addExact(ticker, company.id);
        const symbol = ticker.split(":").at(-1);
        if (symbol) this.addExact(symbol, company.id);
        docs.push({ id: docs.length, companyId: company.id, name: ticker, ticker: true });
      }
    }
    // Longest names first, so "Samsung Electronics" wins over "Samsung".
    for (const list of this.byFirstWord.values())
      list.sort((a, b) => b.words.length - a.words.length);
  }

  /**
   * The name index for typo-tolerant look-ups and suggestions. Built on first use: finding
   * companies in text needs only the maps above, and at 10,000 companies building it was a
   * tenth of loading a saved engine, paid at every start by a bot that may not need it yet.
   */
  private get names(): MiniSearch<NameDoc> {
    if (!this.nameIndex) {
      this.nameIndex = new MiniSearch<NameDoc>({
        fields: ["name"],
        storeFields: ["companyId", "name", "ticker"],
        tokenize: (text) => nameWords(text),
        processTerm: (term) => term.toLowerCase(),
      });
      this.nameIndex.addAll(this.docs);
    }
    return this.nameIndex;
  }

  private addExact(name: string, companyId: string) {
    this.addExactKey(nameKey(name), companyId);
  }

  private addExactKey(key: string, companyId: string) {
    if (key && !this.exact.has(key)) this.exact.set(key, companyId);
  }

  get(id: string): Company | undefined {
    return this.byId.get(id);
  }

  ref(id: string, curatedIds: ReadonlySet<string>): CompanyRef {
    const company = this.byId.get(id);
    return { id, name: company?.name ?? id, curated: curatedIds.has(id) };
  }

  /**
   * The company a typed name means, tolerating case, width, legal forms and, unless `fuzzy` is
   * false, typos. `/deal` asks without typos first: a name that article text spells exactly is
   * that company, not a curated one a letter or two away.
   */
  resolve(input: string, { fuzzy = true }: { fuzzy?: boolean } = {}): Company | undefined {
    const key = nameKey(input);
    if (!key) return undefined;
    // "Inc." alone names no company, though it is one letter from Porsche's "Ing.".
    if (nameWords(input).every((w) => LEGAL_FORMS.has(w))) return undefined;
    const exactId = this.exact.get(key);
    if (exactId) return this.byId.get(exactId);
    if (!fuzzy) return undefined;
    // The nearest counting a swap of two letters as one edit, and a first letter changed as one
    // more (people seldom get it wrong); the first found on a tie. One edit away needs no
    // second look.
    const editsTo = (id: string) => {
      const company = this.byId.get(id);
      if (!company) return Number.POSITIVE_INFINITY;
      return Math.min(
        ...[company.name, ...company.aliases].map((n) => {
          const name = nameKey(n);
          return swapDistance(key, name) + (name[0] === key[0] ? 0 : 1);
        }),
      );
    };
    const first = this.closest(input);
    if (first !== undefined && editsTo(first) <= 1) return this.byId.get(first);
    let best: { id: string; edits: number } | undefined;
    for (const id of [first, ...this.closestSwapped(input)]) {
      if (id === undefined) continue;
      const edits = editsTo(id);
      if (!best || edits < best.edits) best = { id, edits };
    }
    return best ? this.byId.get(best.id) : undefined;
  }

  /**
   * "Aldermoor Semiconductor" is not "Quillon Semiconductors": a match on generic words alone
   * names no company. Nor is "Zephyrine Audio" Audi: a name's first distinctive word is what
   * tells it apart, so a match must take it in.
   */
  private closest(input: string, swapped = false): string | undefined {
    const head = nameWords(input).find((w) => !GENERIC_NAME_WORDS.has(w) && !LEGAL_FORMS.has(w));
    return this.search(input, { prefix: false, swapped }).find(
      (hit) =>
        hit.terms.some((t) => !GENERIC_NAME_WORDS.has(t) && !LEGAL_FORMS.has(t)) &&
        (!head || hit.queryTerms.includes(head)),
    )?.companyId;
  }

  /**
   * The search counts two letters swapped as two edits, so "hauwi" (swapped, and a letter left
   * out) is three from "huawei" and two from "audi": each neighbouring pair of a word is swapped
   * back and searched for again, only when the name is 4 to 12 letters a word.
   */
  private closestSwapped(input: string): string[] {
    const words = input.trim().split(/\s+/);
    const found: string[] = [];
    for (const [w, word] of words.entries()) {
      if (word.length < 4 || word.length > 12) continue;
      for (let i = 0; i + 1 < word.length; i++) {
        if (word[i] === word[i + 1]) continue;
        const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
        const id = this.closest(words.map((x, k) => (k === w ? swapped : x)).join(" "), true);
        if (id) found.push(id);
      }
    }
    return found;
  }

  /** Companies whose names match `input`, best first; for suggestions and autocomplete. */
  suggest(input: string, limit = 25): Company[] {
    const seen = new Set<string>();
    const out: Company[] = [];
    for (const hit of this.search(input, { prefix: true })) {
      if (seen.has(hit.companyId)) continue;
      seen.add(hit.companyId);
      const company = this.byId.get(hit.companyId);
      if (company) out.push(company);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Companies a name being typed may be heading for: a name, or a word in one ("benz" for
   * "Mercedes-Benz"), starts with `input` give or take typos: one in three or four letters, two
   * from five on, none in one or two. `suggest` covers whole words with typos and exact
   * prefixes; "huwa" on its way to "Huawei" is neither. Closest first, equally close ones by
   * `rank` (a company's position in `companies` → its place among them); at most `limit`.
   */
  typedMatches(input: string, rank: ArrayLike<number>, limit: number): Company[] {
    const typed = foldTyped(input.trim());
    const length = typed.length;
    if (length === 0 || limit <= 0) return [];
    const tolerance = length <= 2 ? 0 : length <= 4 ? 1 : 2;
    const { trie, first, owners } = this.typedNames;
    const count = this.companies.length;
    const closest = new Uint8Array(count).fill(255);
    const found: number[] = [];
    // The start of a name is compared one letter shorter to one longer than what was typed.
    trie.walk(typed, tolerance, length + 1, (from, to, depth, distance) => {
      if (depth < length - 1) return;
      for (let k = first[from] as number; k < (first[to] as number); k++) {
        const c = owners[k] as number;
        if (distance >= (closest[c] as number)) continue;
        if (closest[c] === 255) found.push(c);
        closest[c] = distance;
      }
    });
    // Sorted as numbers (distance, then rank, then which company): no comparison callback.
    const keys = Float64Array.from(
      found,
      (c) => ((closest[c] as number) * count + (rank[c] as number)) * count + c,
    ).sort();
    return Array.from(keys.subarray(0, limit), (key) => this.companies[key % count] as Company);
  }

  private get typedNames(): TypedNames {
    if (!this.typing) {
      const owners = new Map<string, number[]>();
      this.companies.forEach((company, c) => {
        for (const name of [company.name, ...company.aliases]) {
          const folded = foldTyped(name);
          for (const key of [folded, ...folded.split(/[^\p{L}\p{N}]+/u)]) {
            if (!key) continue;
            const list = owners.get(key);
            if (!list) owners.set(key, [c]);
            else if (list.at(-1) !== c) list.push(c);
          }
        }
      });
      const trie = new WordTrie(owners.keys());
      const first = new Uint32Array(trie.words.length + 1);
      const all: number[] = [];
      trie.words.forEach((word, i) => {
        for (const c of owners.get(word) ?? []) all.push(c);
        first[i + 1] = all.length;
      });
      this.typing = { trie, first, owners: Uint32Array.from(all) };
    }
    return this.typing;
  }

  private search(input: string, opts: { prefix: boolean; swapped?: boolean }) {
    const words = nameWords(input);
    if (words.length === 0) return [];
    const hits = this.names.search(words.join(" "), {
      // A word with two letters swapped back has spent one of its edits already.
      fuzzy: (term) => {
        const edits = fuzzyFor(term);
        return opts.swapped && edits !== false ? Math.max(0, edits - 1) || false : edits;
      },
      prefix: opts.prefix ? (term) => term.length >= 2 : false,
      combineWith: "OR",
      weights: { fuzzy: 0.6, prefix: 0.8 },
      // "Samsung Motors" is about Samsung, not about whoever else is called "Motors".
      boostTerm: (term) => (GENERIC_NAME_WORDS.has(term) ? 0.1 : 1),
    });
    return hits
      .filter((hit) => !hit.ticker || hit.terms.every((t) => words.includes(t)))
      .map((hit) => ({
        companyId: hit.companyId as string,
        score: hit.score,
        terms: hit.terms,
        queryTerms: hit.queryTerms,
      }));
  }

  /** The ids of the companies `text` names, in order of first mention. */
  mentionedIn(text: string): string[] {
    return this.mentionedInNormalized(normalize(text));
  }

  /** `mentionedIn` for text already through `normalize` (indexing normalises it once for both). */
  mentionedInNormalized(normalized: string): string[] {
    return this.mentionedInWords(wordsOf(normalized));
  }

  /** `mentionedIn` for the words of normalised text (`words` in the analyser). */
  mentionedInWords(textWords: readonly string[]): string[] {
    // Every passage of the corpus goes through here when an index is built: words are folded
    // with string methods rather than a regular expression each.
    const words = textWords.map(foldWord);
    const found: string[] = [];
    for (let i = 0; i < words.length; i++) {
      const candidates = this.byFirstWord.get(words[i] ?? "");
      if (!candidates) continue;
      for (const { words: name, companyId } of candidates) {
        if (name.every((w, j) => words[i + j] === w)) {
          if (!found.includes(companyId)) found.push(companyId);
          i += name.length - 1;
          break;
        }
      }
    }
    return found;
  }
}
