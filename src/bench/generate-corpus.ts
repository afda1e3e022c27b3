import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { eng as englishStopwords } from "stopword";
import { type ArticlePlan, buildArticle, type Outlet } from "./article.js";
import { type BenchCompany, companyRecord, generateCompanies } from "./companies.js";
import { hashSeed, Random } from "./random.js";
import { dayFromEpoch, Story } from "./story.js";
import {
  analystQuote,
  BACKGROUND,
  CLOSINGS,
  execQuote,
  KIND_SPECS,
  KINDS,
  type Kind,
  needleSentence,
  ordinaryTerms,
  QUESTIONS,
  ROYALTY_KINDS,
} from "./templates.js";
import * as vocabulary from "./vocabulary.js";

/**
 * `npm run bench:corpus -- --articles N --out DIR [--seed S]`: a synthetic corpus of patent-deal
 * news for benchmarking the bot at sizes the real corpus will not reach for years. Output is a
 * pure function of N and the seed, so two runs can be compared byte for byte, and it carries
 * needles: facts stated in exactly one article, whose answers a benchmark can check.
 */

export interface GenerateOptions {
  articles: number;
  seed: string;
}

export interface Needle {
  companyA: string;
  companyB: string;
  articleId: string;
  royalty: string;
  question: string;
}

export interface GenerateSummary {
  articles: number;
  companies: number;
  deals: number;
  needles: number;
  bytes: number;
  /** Story words per article: fewest, mean, most. */
  words: { min: number; mean: number; max: number };
}

/** Marks a folder as this generator's, so a rerun may replace what an earlier run wrote. */
const MARKER = ".bench-corpus.json";

export const MIN_ARTICLES = 10;
const DEAL_SHARE = 0.2;
/** Dates fall between 2012-01-01 and 2025-12-31 (days since 1970-01-01). */
const FIRST_DAY = 15_340;
const LAST_DAY = 20_453;

export function needleCount(articles: number): number {
  return Math.min(50, Math.max(10, Math.floor(articles / 20)));
}

export function companyCount(articles: number): number {
  return Math.max(50, Math.round(articles / 10));
}

/**
 * Words that stand in article text for reasons other than a company: a company called like
 * one would be "mentioned" where nobody meant it. Collected from the word lists and by writing
 * every template a few times with placeholder companies.
 */
function reservedWords(): Set<string> {
  const out = new Set<string>(englishStopwords);
  const add = (text: string) => {
    for (const w of text.toLowerCase().match(/\p{L}+/gu) ?? []) out.add(w);
  };
  const collect = (value: unknown): void => {
    if (typeof value === "string") add(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") Object.values(value).forEach(collect);
  };
  collect(Object.values(vocabulary));

  const rng = new Random(1);
  const placeholder = (letter: string): BenchCompany => ({
    id: letter,
    name: `Qq${letter} Widgets`,
    short: `Qq${letter}`,
    description: "widget maker",
    country: "US",
    adjective: "American",
    city: "Boston",
    aliases: [],
    tickers: [],
  });
  const companies = {
    A: placeholder("a"),
    B: placeholder("b"),
    C: placeholder("c"),
    D: placeholder("d"),
  };
  for (let round = 0; round < 12; round++) {
    for (const tech of vocabulary.TECHNOLOGIES) {
      const s = new Story(rng, companies, tech, tech, dayFromEpoch(FIRST_DAY), new Set());
      for (const kind of KINDS) {
        const spec = KIND_SPECS[kind];
        for (const t of [...spec.titles, ...spec.leads, ...spec.details, spec.summary]) add(t(s));
        add(ordinaryTerms(s, kind).sentence);
        add(needleSentence(s, kind, "$1.00 per unit"));
      }
      for (const t of [...BACKGROUND, ...CLOSINGS]) add(t.text(s));
      add(execQuote(s, "A"));
      add(analystQuote(s));
      for (const q of QUESTIONS) add(q("", ""));
    }
  }
  return out;
}

function outlets(rng: Random): Outlet[] {
  const pairs = vocabulary.OUTLET_FIRST.flatMap((a) =>
    vocabulary.OUTLET_SECOND.map((b) => `${a} ${b}`),
  );
  return rng.sample(pairs, 24).map((name) => ({
    name,
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    authors: Array.from(
      { length: rng.int(2, 5) },
      () => `${rng.pick(vocabulary.FIRST_NAMES)} ${rng.pick(vocabulary.LAST_NAMES)}`,
    ),
  }));
}

interface NeedlePlan {
  a: number;
  b: number;
  royalty: string;
  kind: Kind;
  question: string;
}

export interface CorpusFile {
  /** Relative to the output folder, with "/" separators. */
  path: string;
  content: string;
}

/**
 * The corpus as a sequence of files, written in order: companies first, then each article
 * (with its deal record, if any), then the needles. Nothing is held beyond one article, so
 * 100,000 articles need no more memory than 1,000.
 */
export function* generateCorpus(options: GenerateOptions): Generator<CorpusFile, GenerateSummary> {
  const n = options.articles;
  if (!Number.isInteger(n) || n < MIN_ARTICLES) {
    throw new Error(`--articles must be a whole number of at least ${MIN_ARTICLES}`);
  }
  const seed = hashSeed(options.seed);
  const rng = new Random(seed);
  const companies = generateCompanies(rng.fork(), companyCount(n), reservedWords());
  const shortToIndex = new Map(companies.map((c, i) => [c.short.toLowerCase(), i]));
  const publishers = outlets(rng.fork());

  // Needles: one per stretch of N/K articles, each pair of companies used by no other needle.
  const k = needleCount(n);
  const needleRng = rng.fork();
  const needleCompanies = needleRng.sample(
    Array.from({ length: companies.length }, (_, i) => i),
    2 * k,
  );
  const cents = needleRng.sample(
    Array.from({ length: 971 }, (_, i) => i + 25),
    k,
  );
  const reservedCents = new Set(cents);
  const needleAt = new Map<number, NeedlePlan>();
  /** Each needle company's partner: an article may hold both only if it is their needle. */
  const partnerOf = new Map<number, { partner: number; article: number }>();
  for (let i = 0; i < k; i++) {
    const start = Math.floor((i * n) / k);
    const end = Math.floor(((i + 1) * n) / k) - 1;
    const article = needleRng.int(start, end);
    const a = needleCompanies[2 * i] ?? 0;
    const b = needleCompanies[2 * i + 1] ?? 0;
    const royalty = `$${((cents[i] ?? 0) / 100).toFixed(2)} per unit`;
    const nameA = companies[a]?.name ?? "";
    const nameB = companies[b]?.name ?? "";
    needleAt.set(article, {
      a,
      b,
      royalty,
      kind: needleRng.pick(ROYALTY_KINDS),
      question: needleRng.pick(QUESTIONS)(nameA, nameB),
    });
    partnerOf.set(a, { partner: b, article });
    partnerOf.set(b, { partner: a, article });
  }

  yield {
    path: "companies.json",
    content: `${JSON.stringify({ companies: companies.map(companyRecord) }, null, 2)}\n`,
  };

  const width = Math.max(6, String(n - 1).length);
  const needles: Needle[] = [];
  let deals = 0;
  let bytes = 0;
  const wordStats = { min: Number.POSITIVE_INFINITY, total: 0, max: 0 };

  for (let index = 0; index < n; index++) {
    // Each article has its own stream: changing one template's draws moves no other article.
    const local = new Random(hashSeed(`${options.seed}/article/${index}`));
    const needle = needleAt.get(index);
    const chosen = chooseCompanies(local, companies.length, index, needle, partnerOf);
    const plan = planArticle(
      local,
      index,
      width,
      chosen.map((i) => companies[i] as BenchCompany),
      publishers,
      needle,
    );
    const built = buildArticle(plan, local, reservedCents);
    checkMentions(built.markdown, plan.slug, chosen, shortToIndex);

    const articleFile = { path: `articles/${plan.slug}.md`, content: built.markdown };
    bytes += Buffer.byteLength(articleFile.content);
    yield articleFile;
    if (built.deal) {
      const content = `${JSON.stringify(built.deal, null, 2)}\n`;
      bytes += Buffer.byteLength(content);
      deals++;
      yield { path: `deals/${built.deal.id}.json`, content };
    }
    if (needle && plan.needleRoyalty) {
      needles.push({
        companyA: companies[needle.a]?.name ?? "",
        companyB: companies[needle.b]?.name ?? "",
        articleId: plan.slug,
        royalty: plan.needleRoyalty,
        question: needle.question,
      });
    }
    wordStats.min = Math.min(wordStats.min, built.storyWords);
    wordStats.max = Math.max(wordStats.max, built.storyWords);
    wordStats.total += built.storyWords;
  }

  yield { path: "needles.json", content: `${JSON.stringify({ needles }, null, 2)}\n` };
  return {
    articles: n,
    companies: companies.length,
    deals,
    needles: needles.length,
    bytes,
    words: { min: wordStats.min, mean: Math.round(wordStats.total / n), max: wordStats.max },
  };
}

/**
 * 2-4 companies, the popular ones far more often (a few giants appear in many stories, most
 * firms in a handful). A needle article gets its pair; any other article that would hold both
 * companies of a needle pair draws again, so each needle pair meets in exactly one article.
 */
function chooseCompanies(
  rng: Random,
  total: number,
  index: number,
  needle: NeedlePlan | undefined,
  partnerOf: Map<number, { partner: number; article: number }>,
): number[] {
  const size = rng.chance(0.4) ? 2 : rng.chance(0.6) ? 3 : 4;
  for (;;) {
    const chosen: number[] = needle ? [needle.a, needle.b] : [];
    while (chosen.length < size) {
      const pick = Math.floor(total * rng.next() ** 2);
      if (!chosen.includes(pick)) chosen.push(pick);
    }
    const clash = chosen.some((c) => {
      const reserved = partnerOf.get(c);
      return (
        reserved !== undefined && reserved.article !== index && chosen.includes(reserved.partner)
      );
    });
    if (!clash) return chosen;
  }
}

function planArticle(
  rng: Random,
  index: number,
  width: number,
  companies: BenchCompany[],
  publishers: Outlet[],
  needle: NeedlePlan | undefined,
): ArticlePlan {
  const kind = needle?.kind ?? rng.pick(KINDS);
  const [a, b] = companies;
  if (!a || !b) throw new Error("an article needs two companies");
  const announcedDay = rng.int(FIRST_DAY, LAST_DAY);
  const lag = rng.chance(0.6) ? 0 : rng.int(1, 3);
  const slug = [String(index).padStart(width, "0"), a.short, b.short, KIND_SPECS[kind].slug]
    .join("-")
    .toLowerCase();
  return {
    slug,
    kind,
    companies,
    announced: dayFromEpoch(announcedDay),
    published: dayFromEpoch(announcedDay + lag),
    outlet: rng.pick(publishers),
    withDeal: rng.chance(DEAL_SHARE),
    ...(needle ? { needleRoyalty: needle.royalty } : {}),
  };
}

/**
 * The article must name exactly the companies planned for it: needles rely on no other article
 * naming both companies of a pair. Short names are ASCII words of five letters or more, and every
 * word the engine could read as one is a maximal run of letters here too (runs split no coarser
 * than the engine's words), so a pass here is a guarantee, not a hope.
 */
function checkMentions(
  text: string,
  slug: string,
  planned: number[],
  shortToIndex: Map<string, number>,
) {
  const found = new Set<number>();
  for (const match of text.toLowerCase().matchAll(/[a-z]{5,}/g)) {
    const i = shortToIndex.get(match[0]);
    if (i !== undefined) found.add(i);
  }
  const wanted = new Set(planned);
  if (found.size !== wanted.size || [...found].some((i) => !wanted.has(i))) {
    throw new Error(`generator bug: ${slug} names companies ${[...found]} instead of ${planned}`);
  }
}

/** Makes `dir` ready for a corpus: new, empty, or left by an earlier run of this generator. */
function prepareDir(dir: string) {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(
        `${dir} is not empty and was not written by this generator; choose another --out`,
      );
    }
    for (const name of ["articles", "deals", "companies.json", "needles.json", MARKER]) {
      rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
  mkdirSync(path.join(dir, "articles"), { recursive: true });
  mkdirSync(path.join(dir, "deals"), { recursive: true });
}

/**
 * Writes the corpus to `dir`. Synchronous writes one after another: the generator produces
 * text faster than a disk takes small files, so concurrency would only add open handles.
 */
export function writeCorpus(
  dir: string,
  options: GenerateOptions,
  onProgress?: (articlesWritten: number) => void,
): GenerateSummary {
  prepareDir(dir);
  writeFileSync(
    path.join(dir, MARKER),
    `${JSON.stringify({ articles: options.articles, seed: options.seed })}\n`,
  );
  const files = generateCorpus(options);
  let written = 0;
  for (;;) {
    const next = files.next();
    if (next.done) return next.value;
    writeFileSync(path.join(dir, next.value.path), next.value.content);
    if (next.value.path.startsWith("articles/")) onProgress?.(++written);
  }
}

const USAGE = "usage: npm run bench:corpus -- --articles N --out DIR [--seed S]";

export function main(argv: string[]): number {
  let values: { articles?: string; out?: string; seed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        articles: { type: "string", short: "n" },
        out: { type: "string", short: "o" },
        seed: { type: "string", short: "s", default: "1" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const articles = Number(values.articles);
  if (!values.articles || !Number.isInteger(articles) || articles < MIN_ARTICLES || !values.out) {
    process.stderr.write(
      `--articles (a whole number, at least ${MIN_ARTICLES}) and --out are required\n${USAGE}\n`,
    );
    return 2;
  }
  const out = values.out;
  const seed = values.seed ?? "1";
  const started = performance.now();
  const step = Math.max(1, Math.floor(articles / 20));
  let summary: GenerateSummary;
  try {
    summary = writeCorpus(out, { articles, seed }, (done) => {
      if (done % step === 0 || done === articles) {
        process.stderr.write(`bench:corpus ${done}/${articles} articles\n`);
      }
    });
  } catch (error) {
    process.stderr.write(
      `bench:corpus failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  const seconds = (performance.now() - started) / 1000;
  const mb = (summary.bytes / 1024 / 1024).toFixed(1);
  const lines = [
    `wrote ${summary.articles} articles, ${summary.deals} deals, ${summary.companies} companies, ${summary.needles} needles to ${out}`,
    `story words per article: min ${summary.words.min}, mean ${summary.words.mean}, max ${summary.words.max}`,
    `${mb} MiB of articles and deals in ${seconds.toFixed(1)} s (seed ${JSON.stringify(seed)})`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
