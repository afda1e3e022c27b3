import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Needle } from "./generate-corpus.js";
import { hashSeed, Random } from "./random.js";
import { TECHNOLOGIES } from "./vocabulary.js";

/**
 * The queries `npm run bench` times, drawn from a generated corpus folder: the needles, then
 * questions, deal look-ups and autocomplete prefixes of the kinds people type. Companies are
 * drawn as the generator draws them for articles (the first in companies.json far more often),
 * so popular companies, with hundreds of deals, weigh as they would in real use. The same
 * folder and count always give the same queries, so the engine and the baseline, and two runs,
 * answer exactly the same ones.
 */

export interface BenchQueries {
  needles: Needle[];
  ask: string[];
  deal: Array<{ company: string; with?: string }>;
  suggest: string[];
}

interface CompanyRecord {
  id: string;
  name: string;
  aliases: string[];
  tickers: string[];
}

/** One typo: two neighbouring letters swapped, or one dropped. */
function typo(rng: Random, word: string): string {
  if (word.length < 5) return word;
  const i = rng.int(1, word.length - 2);
  return rng.chance(0.5)
    ? word.slice(0, i) + (word[i + 1] ?? "") + (word[i] ?? "") + word.slice(i + 2)
    : word.slice(0, i) + word.slice(i + 1);
}

const PAIR_QUESTIONS: Array<(a: string, b: string) => string> = [
  (a, b) => `What royalty does ${a} pay ${b}?`,
  (a, b) => `Did ${a} sign a patent licence with ${b}?`,
  (a, b) => `When did ${a} and ${b} settle their patent dispute?`,
  (a, b) => `How many patents did ${a} license to ${b}?`,
  (a, b) => `What are the terms of the ${a} ${b} cross-licence?`,
  (a, b) => `is there a deal between ${a} and ${b}`,
  (a, b) => `${a} ${b} agreement`,
  (a, b) => `Why did ${a} sue ${b}?`,
];

const COMPANY_QUESTIONS: Array<(a: string, tech: string) => string> = [
  (a, tech) => `Which companies has ${a} licensed its ${tech} patents to?`,
  (a, tech) => `Who sued ${a} over ${tech} patents?`,
  (a) => `What royalty per device does ${a} charge?`,
  (a) => `How many patents does ${a} own?`,
  (a) => `${a} patent licensing deals`,
  (a, tech) => `Did ${a} join the ${tech} patent pool?`,
  (a) => `What did ${a} say about licensing revenue?`,
];

const TOPIC_QUESTIONS: Array<(tech: string, year: number) => string> = [
  (tech) => `Which companies joined the ${tech} patent pool?`,
  (tech) => `What is the royalty rate for ${tech} patents?`,
  (tech, year) => `Who licensed ${tech} patents in ${year}?`,
  (tech) => `How many licensees does the ${tech} pool have?`,
  (tech) => `Which carmakers signed ${tech} licences?`,
];

/** Questions the corpus cannot answer: the engine must say so quickly too. */
const OFF_TOPIC = [
  "What is the best pizza topping?",
  "Who won the football world cup in 2018?",
  "What did Ericsson pay Nokia for 5G patents?",
  "how do i reset my router",
  "Is it going to rain in Helsinki tomorrow?",
];

/** Sentences of a few articles, to cut question-like fragments from. */
function storySentences(dir: string, rng: Random, articles: number): string[] {
  const names = readdirSync(path.join(dir, "articles")).sort();
  const sentences: string[] = [];
  for (const name of rng.sample(names, Math.min(articles, names.length))) {
    const text = readFileSync(path.join(dir, "articles", name), "utf8");
    const body = text.replace(/^---[\s\S]*?\n---\n/, "");
    for (const line of body.split("\n")) {
      if (line.length > 80) sentences.push(...line.split(/(?<=\.)\s+/));
    }
  }
  return sentences.filter((s) => s.split(" ").length >= 8);
}

export function benchQueries(dir: string, count = 1000, seed = "bench"): BenchQueries {
  const rng = new Random(hashSeed(`${seed}/${count}`));
  const companies = (
    JSON.parse(readFileSync(path.join(dir, "companies.json"), "utf8")) as {
      companies: CompanyRecord[];
    }
  ).companies;
  const needles = (
    JSON.parse(readFileSync(path.join(dir, "needles.json"), "utf8")) as { needles: Needle[] }
  ).needles;
  // As the generator picks companies for an article: index ⌊n·r²⌋, the first ones most often.
  const popular = () => companies[Math.floor(companies.length * rng.next() ** 2)] as CompanyRecord;
  const anyCompany = () => rng.pick(companies);
  const company = () => (rng.chance(0.6) ? popular() : anyCompany());
  /** How people name a company: its name, its short name, lower-case, with a typo, a ticker. */
  const spoken = (c: CompanyRecord): string => {
    const roll = rng.next();
    const short = c.aliases[0] ?? c.name;
    if (roll < 0.4) return c.name;
    if (roll < 0.7) return short;
    if (roll < 0.8) return short.toLowerCase();
    if (roll < 0.9) return typo(rng, short);
    return c.tickers[0] ?? c.name;
  };
  const tech = () => rng.pick(TECHNOLOGIES).name;
  const sentences = storySentences(dir, rng, 200);

  const ask: string[] = [];
  for (const n of needles) ask.push(n.question);
  while (ask.length < count) {
    const roll = rng.next();
    if (roll < 0.3) {
      const [a, b] = [company(), company()];
      ask.push(rng.pick(PAIR_QUESTIONS)(spoken(a), spoken(b)));
    } else if (roll < 0.55) {
      ask.push(rng.pick(COMPANY_QUESTIONS)(spoken(company()), tech()));
    } else if (roll < 0.7) {
      ask.push(rng.pick(TOPIC_QUESTIONS)(tech(), rng.int(2012, 2025)));
    } else if (roll < 0.75) {
      ask.push(rng.pick(OFF_TOPIC));
    } else if (sentences.length > 0) {
      // A few words of a story sentence, as someone half remembering it would type them.
      const words = rng.pick(sentences).split(" ");
      const length = rng.int(4, 9);
      const start = rng.int(0, Math.max(0, words.length - length));
      ask.push(`${words.slice(start, start + length).join(" ")}?`);
    }
  }

  const deal: BenchQueries["deal"] = [];
  for (const n of needles) {
    deal.push({ company: n.companyA, with: n.companyB });
    deal.push({ company: n.companyB, with: n.companyA });
  }
  while (deal.length < count) {
    const roll = rng.next();
    if (roll < 0.55) deal.push({ company: spoken(company()), with: spoken(company()) });
    else if (roll < 0.9) deal.push({ company: spoken(company()) });
    else if (roll < 0.95) deal.push({ company: spoken(company()), with: "Ericsson" });
    else deal.push({ company: "Qualcomm" });
  }

  const suggest: string[] = [];
  while (suggest.length < count) {
    const c = company();
    const name = rng.chance(0.5) ? c.name : (c.aliases[0] ?? c.name);
    const typed = name.slice(0, rng.int(1, Math.min(10, name.length)));
    const roll = rng.next();
    if (roll < 0.05) suggest.push("");
    else if (roll < 0.5) suggest.push(typed.toLowerCase());
    else if (roll < 0.9) suggest.push(typed);
    else suggest.push(typo(rng, name.toLowerCase()).slice(0, rng.int(5, 9)));
  }

  return { needles, ask, deal, suggest };
}
