import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { locateQuote } from "../text/collapse.js";
import { type Article, decodeText, type Parsed, type Problem, parseArticle } from "./article.js";
import { type Company, CompanySchema, type Deal, DealSchema, type FactName } from "./schemas.js";

export interface Corpus {
  dirs: string[];
  articles: Article[];
  deals: Deal[];
  companies: Company[];
  /** Everything skipped or doubtful, one entry per file and field. */
  problems: Problem[];
}

export const DEFAULT_CORPUS_DIR = "./corpus";

/**
 * Reads a corpus folder: `articles/*.md`, `deals/*.json`, `companies.json`. A bad file never
 * stops the rest: it is left out and described in `problems`. Several folders load as one
 * corpus (the evaluation adds its fixtures this way); the first to name an id wins.
 */
export async function loadCorpus(dirs: string | string[] = DEFAULT_CORPUS_DIR): Promise<Corpus> {
  const list = Array.isArray(dirs) ? dirs : [dirs];
  const problems: Problem[] = [];
  const articles: Article[] = [];
  const companies: Company[] = [];
  const rawDeals: DealFile[] = [];
  // Ids seen so far, in sets: scanning the list for each article was quadratic (about 140 s
  // of a 100,000-article load).
  const articleIds = new Set<string>();
  const companyIds = new Set<string>();
  for (const dir of list) {
    for (const article of await loadArticles(dir, problems)) {
      if (articleIds.has(article.id)) {
        problems.push({
          file: article.file,
          message: `duplicate article id "${article.id}"`,
          severity: "error",
        });
      } else {
        articleIds.add(article.id);
        articles.push(article);
      }
    }
    for (const company of await loadCompanies(dir, problems)) {
      if (!companyIds.has(company.id)) {
        companyIds.add(company.id);
        companies.push(company);
      }
    }
    rawDeals.push(...(await loadDeals(dir, problems)));
  }
  const deals = crossCheckDeals(rawDeals, articles, companies, problems);
  return { dirs: list, articles, deals, companies, problems };
}

/** The `ext` files in `dir`, sorted; anything else there is a warning, a missing folder is empty. */
export async function listFiles(dir: string, ext: string, problems: Problem[]): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      problems.push({
        file: dir,
        message: `cannot read the folder: ${String(error)}`,
        severity: "error",
      });
    }
    return [];
  }
  const files: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith(".")) continue;
    if (name.endsWith(ext)) files.push(path.join(dir, name));
    else {
      problems.push({
        file: path.join(dir, name),
        message: `ignored: only ${ext} files are read here`,
        severity: "warning",
      });
    }
  }
  return files;
}

export async function readBytes(
  file: string,
  problems: Problem[],
): Promise<Uint8Array | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    problems.push({ file, message: `cannot read the file: ${String(error)}`, severity: "error" });
    return undefined;
  }
}

function keep<T>(parsed: Parsed<T>, problems: Problem[]): T | undefined {
  if (parsed.ok) return parsed.value;
  problems.push(...parsed.problems);
  return undefined;
}

/**
 * The per-file parsers below take the bytes rather than a path so that a caller which already
 * read a file (the live reload compares contents) parses exactly as a start-up load does.
 */
export function parseArticleFile(file: string, bytes: Uint8Array): Parsed<Article> {
  const decoded = decodeText(file, bytes);
  if (!decoded.ok) return decoded;
  return parseArticle(path.basename(file, ".md"), file, decoded.value);
}

/**
 * Reads a corpus file synchronously. A whole-corpus load reads thousands of small files, and
 * each asynchronous read is four round trips through libuv's thread pool: 5,000 articles took
 * 1.2 s to read that way (mostly waiting) and 0.1 s this way. A load runs at start-up, in the
 * command-line tools and in the evaluation, where nothing else waits on the event loop; the
 * bot's live reloads read through `CorpusCache` instead.
 */
function readBytesNow(file: string, problems: Problem[]): Uint8Array | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    problems.push({ file, message: `cannot read the file: ${String(error)}`, severity: "error" });
    return undefined;
  }
}

async function loadArticles(dir: string, problems: Problem[]): Promise<Article[]> {
  const articles: Article[] = [];
  for (const file of await listFiles(path.join(dir, "articles"), ".md", problems)) {
    const bytes = readBytesNow(file, problems);
    if (bytes === undefined) continue;
    const article = keep(parseArticleFile(file, bytes), problems);
    if (article) articles.push(article);
  }
  return articles;
}

function zodProblems(file: string, error: z.ZodError, prefix = ""): Problem[] {
  return error.issues.map((issue) => ({
    file,
    field: prefix + issue.path.join("."),
    message: issue.message,
    severity: "error" as const,
  }));
}

function parseJson(file: string, text: string, problems: Problem[]): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({ file, message: `not valid JSON: ${reason}`, severity: "error" });
    return undefined;
  }
}

async function loadCompanies(dir: string, problems: Problem[]): Promise<Company[]> {
  const file = path.join(dir, "companies.json");
  // The file is optional: without it, companies are known only from article text.
  const exists = await readFile(file).then(
    () => true,
    () => false,
  );
  if (!exists) return [];
  const bytes = await readBytes(file, problems);
  if (bytes === undefined) return [];
  return parseCompaniesFile(file, bytes, problems);
}

/** The valid entries of `companies.json`; each bad entry is a problem of its own. */
export function parseCompaniesFile(
  file: string,
  bytes: Uint8Array,
  problems: Problem[],
): Company[] {
  const text = keep(decodeText(file, bytes), problems);
  if (text === undefined) return [];
  const data = parseJson(file, text, problems) as { companies?: unknown } | undefined;
  if (data === undefined) return [];
  if (!Array.isArray(data?.companies)) {
    problems.push({
      file,
      field: "companies",
      message: 'expected {"companies": [ ... ]}',
      severity: "error",
    });
    return [];
  }
  // Entries are checked one by one so one bad company does not hide the others.
  const companies: Company[] = [];
  const seen = new Set<string>();
  data.companies.forEach((entry, i) => {
    const parsed = CompanySchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(...zodProblems(file, parsed.error, `companies.${i}.`));
    } else if (seen.has(parsed.data.id)) {
      problems.push({
        file,
        field: `companies.${i}.id`,
        message: `duplicate company id "${parsed.data.id}"`,
        severity: "error",
      });
    } else {
      seen.add(parsed.data.id);
      companies.push(parsed.data);
    }
  });
  return companies;
}

export interface DealFile {
  file: string;
  deal: Deal;
}

/** One deal record checked on its own; the checks against other files come later. */
export function parseDealFile(file: string, bytes: Uint8Array): Parsed<Deal> {
  const problems: Problem[] = [];
  const text = keep(decodeText(file, bytes), problems);
  const data = text === undefined ? undefined : parseJson(file, text, problems);
  if (data === undefined) return { ok: false, problems };
  const parsed = DealSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problems: zodProblems(file, parsed.error) };
  return { ok: true, value: parsed.data };
}

async function loadDeals(dir: string, problems: Problem[]): Promise<DealFile[]> {
  const deals: DealFile[] = [];
  for (const file of await listFiles(path.join(dir, "deals"), ".json", problems)) {
    const bytes = readBytesNow(file, problems);
    if (bytes === undefined) continue;
    const deal = keep(parseDealFile(file, bytes), problems);
    if (deal) deals.push({ file, deal });
  }
  return deals;
}

/** The facts a record states, each of which a source must back. */
function statedFacts(deal: Deal): FactName[] {
  const facts: FactName[] = ["parties", "kinds", "summary"];
  if (deal.dates.some((d) => !d.note)) facts.push("dates");
  if (deal.terms.disclosed || deal.terms.term || deal.terms.amounts.length > 0) facts.push("terms");
  if (deal.territory) facts.push("territory");
  if (deal.related.length > 0) facts.push("related");
  return facts;
}

/** What a deal record is checked against: the other files of the corpus. */
export interface DealCheckContext {
  articleById: Map<string, Article>;
  companyIds: Set<string>;
  /** Without a companies.json, no company can be called unknown. */
  companiesKnown: boolean;
  /** The ids of the deals accepted so far: a later record with the same id is a duplicate. */
  dealIds: Set<string>;
}

export function dealCheckContext(articles: Article[], companies: Company[]): DealCheckContext {
  return {
    articleById: new Map(articles.map((a) => [a.id, a])),
    companyIds: new Set(companies.map((c) => c.id)),
    companiesKnown: companies.length > 0,
    dealIds: new Set(),
  };
}

/**
 * Checks what one file cannot check alone: a unique id, quotes that stand verbatim in story
 * text of the article they cite, companies that exist. Errors mean the record must not load;
 * warnings (an unknown company) load anyway. Accepting the record is the caller's move.
 */
export function checkDeal(
  { file, deal }: DealFile,
  context: DealCheckContext,
): { errors: Problem[]; warnings: Problem[] } {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const error = (field: string, message: string) =>
    errors.push({ file, field, message, severity: "error" });

  if (context.dealIds.has(deal.id)) error("id", `duplicate deal id "${deal.id}"`);
  deal.sources.forEach((source, i) => {
    const article = context.articleById.get(source.article);
    if (!article) {
      error(`sources.${i}.article`, `no article "${source.article}" in articles/`);
      return;
    }
    for (const [fact, value] of Object.entries(source.says ?? {})) {
      if (!locateQuote(source.quote.toLowerCase(), value.toLowerCase())) {
        error(`sources.${i}.says.${fact}`, `"${value}" does not stand in the source's quote`);
      }
    }
    const span = locateQuote(article.text, source.quote);
    if (!span) {
      error(`sources.${i}.quote`, `the quote does not stand verbatim in ${source.article}`);
    } else if (
      !article.paragraphs.some(
        (p) => p.kind === "text" && p.start <= span.start && span.end <= p.end,
      )
    ) {
      error(`sources.${i}.quote`, "the quote is from the headline or site chrome, not the story");
    }
  });
  const supported = new Set(deal.sources.flatMap((s) => s.supports));
  for (const fact of statedFacts(deal)) {
    if (!supported.has(fact)) error("sources", `no source supports the deal's ${fact}`);
  }
  deal.parties.forEach((party, i) => {
    if (context.companiesKnown && !context.companyIds.has(party.company)) {
      warnings.push({
        file,
        field: `parties.${i}.company`,
        message: `unknown company "${party.company}"; add it to companies.json`,
        severity: "warning",
        code: "unknown-company",
      });
    }
  });
  return { errors, warnings };
}

/** Warnings for accepted deals that name a related deal which was not accepted. */
export function relatedDealProblems(kept: DealFile[], dealIds: Set<string>): Problem[] {
  const problems: Problem[] = [];
  for (const { file, deal } of kept) {
    deal.related.forEach((rel, i) => {
      if (!dealIds.has(rel.deal)) {
        problems.push({
          file,
          field: `related.${i}.deal`,
          message: `no deal "${rel.deal}" in deals/`,
          severity: "warning",
        });
      }
    });
  }
  return problems;
}

/**
 * Cross-checks every deal record against the corpus. A deal whose quote cannot be found is
 * dropped: the bot never shows a quote it cannot stand behind.
 */
export function crossCheckDeals(
  files: DealFile[],
  articles: Article[],
  companies: Company[],
  problems: Problem[],
): Deal[] {
  const context = dealCheckContext(articles, companies);
  const kept: DealFile[] = [];
  for (const entry of files) {
    const { errors, warnings } = checkDeal(entry, context);
    problems.push(...warnings, ...errors);
    if (errors.length === 0) {
      context.dealIds.add(entry.deal.id);
      kept.push(entry);
    }
  }
  problems.push(...relatedDealProblems(kept, context.dealIds));
  return kept.map((k) => k.deal);
}
