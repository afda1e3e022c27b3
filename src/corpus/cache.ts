import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Article, Parsed, Problem } from "./article.js";
import {
  type Corpus,
  checkDeal,
  type DealFile,
  dealCheckContext,
  listFiles,
  parseArticleFile,
  parseCompaniesFile,
  parseDealFile,
  relatedDealProblems,
} from "./load.js";
import type { Company, Deal } from "./schemas.js";

/**
 * A corpus folder read again and again while the bot runs. Each refresh reads every file, parses
 * only those whose bytes changed, and remembers per file the last version that validated, so a
 * broken edit of a good file leaves the good version in use (a restart would instead drop the
 * file: the point of reloading live is that saving a half-finished edit must not take an
 * article away from everyone asking). A brand-new file that fails is skipped, as at start-up;
 * a removed file is gone.
 */

/** What changed in the corpus in use, by file. */
export interface FileChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface CorpusChanges {
  articles: FileChanges;
  deals: FileChanges;
  companies: FileChanges;
}

export interface CorpusRefresh {
  corpus: Corpus;
  changes: CorpusChanges;
  /** Files whose newest content failed validation, so their last good version is in use. */
  kept: string[];
}

interface Version<T> {
  hash: string;
  value: T;
}

interface Entry<T> {
  /** The bytes read last time (hashed): unchanged bytes are not parsed again. */
  seen: string;
  /** Those bytes parsed, when they parsed. */
  latest?: Version<T>;
  /** The problems parsing them, kept so a file that stays broken stays reported. */
  problems: Problem[];
  /** The last version that validated completely: what stays in use when `latest` fails. */
  good?: Version<T>;
}

/** Which version of each file the corpus in use holds, to tell what a refresh changed. */
type InUse = Map<string, string>;

/** The outcome of checking every deal against the articles and companies in use. */
interface CheckedDeals {
  deals: Deal[];
  problems: Problem[];
  kept: string[];
  inUse: InUse;
}

/** Reads that may run at once: enough to hide the disk's latency, few enough for any ulimit. */
const READ_CONCURRENCY = 32;

/** A file parsed: a value when there is one to use, and what was wrong with it. */
interface Outcome<T> {
  value?: T;
  problems: Problem[];
}

/** A parser that either fully succeeds or yields nothing. */
const whole =
  <T>(parse: (file: string, bytes: Uint8Array) => Parsed<T>) =>
  (file: string, bytes: Uint8Array): Outcome<T> => {
    const parsed = parse(file, bytes);
    return parsed.ok ? { value: parsed.value, problems: [] } : { problems: parsed.problems };
  };

const hashOf = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const hasErrors = (problems: Problem[]) => problems.some((p) => p.severity === "error");

export class CorpusCache {
  private articles = new Map<string, Entry<Article>>();
  private deals = new Map<string, Entry<Deal>>();
  private companies = new Map<string, Entry<Company[]>>();
  private inUse = { articles: new Map(), deals: new Map(), companies: new Map() } as Record<
    keyof CorpusChanges,
    InUse
  >;
  private checked: CheckedDeals | undefined;

  constructor(readonly dir: string) {}

  async refresh(): Promise<CorpusRefresh> {
    // A whole folder gone at once is a checkout or a volume in the middle of changing, far more
    // often than a wish to empty the corpus: the refresh fails and the corpus in use stays.
    for (const [folder, entries] of [
      ["articles", this.articles],
      ["deals", this.deals],
    ] as const) {
      if (entries.size > 0 && !(await isFolder(path.join(this.dir, folder)))) {
        throw new Error(
          `${path.join(this.dir, folder)} is missing; the corpus in use stays until it is back (to empty it, remove its files instead)`,
        );
      }
    }
    const problems: Problem[] = [];
    const kept: string[] = [];
    const inUse = { articles: new Map(), deals: new Map(), companies: new Map() } as Record<
      keyof CorpusChanges,
      InUse
    >;

    // Articles: a version is good when it parses.
    const articleFiles = await listFiles(path.join(this.dir, "articles"), ".md", problems);
    this.articles = await this.scan(articleFiles, this.articles, whole(parseArticleFile), problems);
    const articles: Article[] = [];
    for (const [file, entry] of this.articles) {
      if (entry.latest && !hasErrors(entry.problems)) entry.good = entry.latest;
      const use = entry.good;
      if (!use) continue;
      if (use !== entry.latest) kept.push(file);
      articles.push(use.value);
      inUse.articles.set(file, use.hash);
    }

    // companies.json: entries are checked one by one, so a version with a bad entry still
    // yields the others; it is used only while no fully good version is known.
    const companiesFile = path.join(this.dir, "companies.json");
    const companiesPresent = await readFile(companiesFile).then(
      () => [companiesFile],
      () => [],
    );
    this.companies = await this.scan(
      companiesPresent,
      this.companies,
      (file, bytes) => {
        const found: Problem[] = [];
        const value = parseCompaniesFile(file, bytes, found);
        return hasErrors(found) && value.length === 0
          ? { problems: found }
          : { value, problems: found };
      },
      problems,
    );
    let companies: Company[] = [];
    for (const [file, entry] of this.companies) {
      if (entry.latest && !hasErrors(entry.problems)) entry.good = entry.latest;
      const use = entry.good ?? entry.latest;
      if (!use) continue;
      if (use !== entry.latest) kept.push(file);
      companies = use.value;
      inUse.companies.set(file, use.hash);
    }

    // Deals: a version is good when it also passes the checks against the other files, which
    // can only run now that the articles and companies in use are known.
    const dealFiles = await listFiles(path.join(this.dir, "deals"), ".json", problems);
    const dealsBefore = this.deals;
    this.deals = await this.scan(dealFiles, this.deals, whole(parseDealFile), problems);
    // The checks are the slow part of a refresh on a big corpus; with the same inputs they
    // give the same answer, and most refreshes (an editor's swap file, /reload) change nothing.
    const inputsUnchanged =
      this.checked !== undefined &&
      sameEntries(dealsBefore, this.deals) &&
      sameVersions(this.inUse.articles, inUse.articles) &&
      sameVersions(this.inUse.companies, inUse.companies);
    const checked =
      inputsUnchanged && this.checked ? this.checked : this.checkDeals(articles, companies);
    this.checked = checked;
    problems.push(...checked.problems);
    kept.push(...checked.kept);
    inUse.deals = checked.inUse;

    const changes = {
      articles: diff(this.inUse.articles, inUse.articles),
      deals: diff(this.inUse.deals, inUse.deals),
      companies: diff(this.inUse.companies, inUse.companies),
    };
    this.inUse = inUse;
    return {
      corpus: {
        dirs: [this.dir],
        articles,
        deals: checked.deals,
        companies,
        problems,
      },
      changes,
      kept: kept.sort(),
    };
  }

  /** The deals in use: each file's newest version if it passes, else its last good one. */
  private checkDeals(articles: Article[], companies: Company[]): CheckedDeals {
    const problems: Problem[] = [];
    const kept: string[] = [];
    const inUse: InUse = new Map();
    const context = dealCheckContext(articles, companies);
    const accepted: DealFile[] = [];
    for (const [file, entry] of this.deals) {
      const candidates = [entry.latest, entry.good].filter(
        (v, i, all): v is Version<Deal> => v !== undefined && all.indexOf(v) === i,
      );
      // The newest version's problems are the ones to report, even when an older one is used.
      let reported: Problem[] | undefined;
      let use: Version<Deal> | undefined;
      for (const candidate of candidates) {
        const { errors, warnings } = checkDeal({ file, deal: candidate.value }, context);
        reported ??= [...warnings, ...errors];
        if (errors.length === 0) {
          use = candidate;
          break;
        }
      }
      problems.push(...(reported ?? []));
      if (!use) continue;
      entry.good = use;
      if (use !== entry.latest) kept.push(file);
      context.dealIds.add(use.value.id);
      accepted.push({ file, deal: use.value });
      inUse.set(file, use.hash);
    }
    problems.push(...relatedDealProblems(accepted, context.dealIds));
    return { deals: accepted.map((d) => d.deal), problems, kept, inUse };
  }

  /**
   * Reads `files`, reusing the previous entry of every file whose bytes did not change, and
   * returns the new entries in file order. A file that cannot be read for a reason other than
   * being gone keeps its previous entry: a permission hiccup is not a deletion.
   */
  private async scan<T>(
    files: string[],
    previous: Map<string, Entry<T>>,
    parse: (file: string, bytes: Uint8Array) => Outcome<T>,
    problems: Problem[],
  ): Promise<Map<string, Entry<T>>> {
    const next = new Map<string, Entry<T>>();
    const reads = readAll(files);
    for (const [i, file] of files.entries()) {
      const before = previous.get(file);
      let bytes: Uint8Array;
      try {
        bytes = await (reads[i] as Promise<Uint8Array>);
      } catch (error) {
        // Removed between listing the folder and reading it: as good as never listed.
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
        problems.push({
          file,
          message: `cannot read the file: ${String(error)}`,
          severity: "error",
        });
        // Nothing seen: once readable, the file is parsed again whatever it holds.
        if (before) next.set(file, { ...before, seen: "", latest: undefined, problems: [] });
        continue;
      }
      const hash = hashOf(bytes);
      if (before && before.seen === hash) {
        problems.push(...before.problems);
        next.set(file, before);
        continue;
      }
      const parsed = parse(file, bytes);
      problems.push(...parsed.problems);
      next.set(file, {
        seen: hash,
        ...(parsed.value !== undefined ? { latest: { hash, value: parsed.value } } : {}),
        problems: parsed.problems,
        ...(before?.good ? { good: before.good } : {}),
      });
    }
    return next;
  }
}

/**
 * Starts reading `files`, at most READ_CONCURRENCY at a time, in order; the promises settle
 * with each file's bytes. Every promise is handled, so a failed read is no unhandled rejection.
 */
function readAll(files: string[]): Promise<Uint8Array>[] {
  let next = 0;
  const settlers: Array<{ resolve: (b: Uint8Array) => void; reject: (e: unknown) => void }> = [];
  const promises = files.map(
    (_, i) =>
      new Promise<Uint8Array>((resolve, reject) => {
        settlers[i] = { resolve, reject };
      }),
  );
  for (const p of promises) p.catch(() => {});
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      const settle = settlers[i];
      await readFile(files[i] as string).then(settle?.resolve, settle?.reject);
    }
  };
  for (let w = 0; w < Math.min(READ_CONCURRENCY, files.length); w++) void worker();
  return promises;
}

async function isFolder(folder: string): Promise<boolean> {
  return stat(folder).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

function sameEntries<T>(a: Map<string, Entry<T>>, b: Map<string, Entry<T>>): boolean {
  if (a.size !== b.size) return false;
  for (const [file, entry] of b) if (a.get(file) !== entry) return false;
  return true;
}

function sameVersions(a: InUse, b: InUse): boolean {
  if (a.size !== b.size) return false;
  for (const [file, hash] of b) if (a.get(file) !== hash) return false;
  return true;
}

function diff(before: InUse, after: InUse): FileChanges {
  const out: FileChanges = { added: [], changed: [], removed: [] };
  for (const [file, hash] of after) {
    const old = before.get(file);
    if (old === undefined) out.added.push(file);
    else if (old !== hash) out.changed.push(file);
  }
  for (const file of before.keys()) if (!after.has(file)) out.removed.push(file);
  return out;
}

/** True when the corpus in use is not the one before. */
export function anyChange(changes: CorpusChanges): boolean {
  return Object.values(changes).some(
    (c) => c.added.length > 0 || c.changed.length > 0 || c.removed.length > 0,
  );
}
