import { stemmer } from "stemmer";
import type { Company } from "../corpus/schemas.js";
import type { Random } from "./random.js";
import {
  COMPANY_SUFFIXES,
  COUNTRIES,
  LEGAL_SUFFIXES,
  NAME_CODAS,
  NAME_ENDINGS,
  NAME_INNER_ONSETS,
  NAME_ONSETS,
  NAME_VOWELS,
} from "./vocabulary.js";

/** A generated company with what the article templates need to write about it. */
export interface BenchCompany {
  id: string;
  name: string;
  /** The invented first word, also the alias: unique, and the only word that identifies it. */
  short: string;
  description: string;
  country: string;
  adjective: string;
  city: string;
  aliases: string[];
  tickers: string[];
}

/**
 * Short names must stay far apart: the engine's typo tolerance allows two edits in long words,
 * so two names within two edits would let a question about one company find the other, and a
 * needle would no longer have one right answer. Checked with deletion neighbourhoods
 * (every string left after deleting up to two letters): two words within two edits of each
 * other always share one, so a lookup per key replaces comparing all pairs.
 */
class DistantNames {
  private readonly keys = new Set<string>();

  private static neighbourhood(word: string): Set<string> {
    const out = new Set<string>([word]);
    for (let i = 0; i < word.length; i++) {
      const once = word.slice(0, i) + word.slice(i + 1);
      out.add(once);
      for (let j = i; j < once.length; j++) out.add(once.slice(0, j) + once.slice(j + 1));
    }
    return out;
  }

  tryAdd(word: string): boolean {
    const keys = DistantNames.neighbourhood(word);
    for (const key of keys) if (this.keys.has(key)) return false;
    for (const key of keys) this.keys.add(key);
    return true;
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function inventWord(rng: Random): string {
  let word = rng.pick(NAME_ONSETS) + rng.pick(NAME_VOWELS);
  if (rng.chance(0.35)) {
    const coda = rng.pick(NAME_CODAS);
    // After a closing consonant only a single one may follow, or names pile up "rkdr".
    const onset = coda
      ? rng.pick(NAME_INNER_ONSETS.filter((o) => o.length === 1))
      : rng.pick(NAME_INNER_ONSETS);
    word += coda + onset + rng.pick(NAME_VOWELS);
  }
  // Endings start with a vowel; a consonant joins them so "Kelv" + "ix" stays pronounceable.
  if (!/[bcdfghjklmnpqrstvwxz]$/.test(word))
    word += rng.pick(["l", "n", "r", "v", "d", "t", "s", "m"]);
  return word + rng.pick(NAME_ENDINGS);
}

/**
 * `count` companies with unique, mutually distant short names. `reserved` holds words that
 * appear in article text for other reasons (templates, people, outlets): a company named like
 * one of them would be "mentioned" by articles that never meant it.
 */
export function generateCompanies(
  rng: Random,
  count: number,
  reserved: ReadonlySet<string>,
): BenchCompany[] {
  const names = new DistantNames();
  const companies: BenchCompany[] = [];
  const symbols = new Set<string>();
  let attempts = 0;
  while (companies.length < count) {
    if (++attempts > count * 200 + 10_000) {
      throw new Error(`could not invent ${count} distinct company names (got ${companies.length})`);
    }
    const word = inventWord(rng);
    // Names must read the same to the engine's stemmer, or "Kelvories" and "Kelvori" would meet.
    if (word.length < 5 || word.length > 11 || reserved.has(word) || stemmer(word) !== word)
      continue;
    if (/(.)\1\1/.test(word) || /[aeiouy]{3}/.test(word)) continue;
    if (!names.tryAdd(word)) continue;

    const short = capitalize(word);
    const { suffix, descriptions } = rng.pick(COMPANY_SUFFIXES);
    const country = rng.pick(COUNTRIES);
    const name = `${short} ${suffix}`;
    const aliases = [short];
    if (rng.chance(0.3)) aliases.push(`${name} ${rng.pick(LEGAL_SUFFIXES)}`);
    const tickers: string[] = [];
    if (rng.chance(0.35)) {
      const exchange = rng.pick(country.exchanges);
      const ticker = tickerFor(rng, exchange, word, symbols, reserved);
      if (ticker) tickers.push(ticker);
    }
    companies.push({
      id: `${word}-${suffix.toLowerCase()}`,
      name,
      short,
      description: rng.pick(descriptions),
      country: country.code,
      adjective: country.adjective,
      city: rng.pick(country.cities),
      aliases,
      tickers,
    });
  }
  return companies;
}

const NUMERIC_EXCHANGES: Record<string, number> = {
  SHE: 6,
  HKG: 4,
  KRX: 6,
  TYO: 4,
  TPE: 4,
  NSE: 6,
};

function tickerFor(
  rng: Random,
  exchange: string,
  word: string,
  taken: Set<string>,
  reserved: ReadonlySet<string>,
): string | undefined {
  const digits = NUMERIC_EXCHANGES[exchange];
  for (let attempt = 0; attempt < 20; attempt++) {
    let symbol: string;
    if (digits) {
      symbol = String(rng.int(10 ** (digits - 1), 10 ** digits - 1));
    } else {
      // Letters from the name, as real tickers are: "Zentrix" → "ZNTX", "ZTRX", …
      const letters = word.toUpperCase().replace(/[^A-Z]/g, "");
      const rest = letters.slice(1);
      const len = rng.int(3, 4);
      symbol = letters.charAt(0);
      while (symbol.length < len) symbol += rest.charAt(rng.int(0, rest.length - 1));
    }
    const ticker = `${exchange}:${symbol}`;
    // A symbol that spells a word in the text would make that word resolve to the company.
    if (taken.has(symbol) || reserved.has(symbol.toLowerCase())) continue;
    taken.add(symbol);
    return ticker;
  }
  return undefined;
}

/** The record as companies.json holds it. */
export function companyRecord(company: BenchCompany): Company {
  return {
    id: company.id,
    name: company.name,
    aliases: company.aliases,
    tickers: company.tickers,
    country: company.country,
  };
}
