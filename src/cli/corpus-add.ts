import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { config } from "dotenv";
import {
  checkOverrides,
  createImporter,
  type ImportOutcome,
  type MetaOverrides,
  OVERRIDE_FIELDS,
} from "../corpus/import-article.js";
import { DEFAULT_CORPUS_DIR, loadCorpus } from "../corpus/load.js";
import { CompanyDirectory } from "../engine/companies.js";

/**
 * `corpus:add`: imports raw article text into `<corpus>/articles/<slug>.md`. Exit 0 when every
 * file was imported, 1 when any was refused, 2 on bad usage.
 */

const USAGE = `usage: npm run corpus:add -- <file.txt|file.md|folder>... [options]
  --publisher X         who published the article
  --author A            who wrote it
  --published YYYY-MM-DD  when it was published
  --url U               where it was published (one file only)
  --title T             the headline, when the file's first line is not it (one file only)
  --language L          e.g. en
  --corpus DIR          corpus folder (default: $CORPUS_DIR or ${DEFAULT_CORPUS_DIR})
  --dry-run             show what would happen; write nothing`;

const IMPORTABLE = /\.(?:txt|md)$/i;

class UsageError extends Error {}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        title: { type: "string" },
        publisher: { type: "string" },
        author: { type: "string" },
        published: { type: "string" },
        url: { type: "string" },
        language: { type: "string" },
        corpus: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The files to import, in name order; a folder contributes its .txt and .md files. */
async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (!info) throw new UsageError(`no such file or folder: ${input}`);
    if (info.isDirectory()) {
      const names = (await readdir(input)).sort();
      const found = [];
      for (const name of names) {
        if (name.startsWith(".") || !IMPORTABLE.test(name)) continue;
        const file = path.join(input, name);
        if ((await stat(file)).isFile()) found.push(file);
      }
      if (found.length === 0) throw new UsageError(`no .txt or .md files in ${input}`);
      files.push(...found);
    } else if (IMPORTABLE.test(input)) {
      files.push(input);
    } else {
      throw new UsageError(`only .txt and .md files can be imported: ${input}`);
    }
  }
  return files;
}

async function articleIds(corpusDir: string): Promise<string[]> {
  const names = await readdir(path.join(corpusDir, "articles")).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith(".md")).map((n) => n.slice(0, -3));
}

/** A bar on stderr, drawn only for a person watching several files go by. */
function progressBar(total: number, enabled: boolean) {
  let done = 0;
  const width = 24;
  return {
    clear() {
      if (enabled) process.stderr.write("\r\x1b[K");
    },
    tick(label: string) {
      done++;
      if (!enabled) return;
      const filled = Math.round((width * done) / total);
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      process.stderr.write(`\r\x1b[K${bar} ${done}/${total} ${label}`);
    },
  };
}

function describe(
  outcome: ImportOutcome,
  target: string,
  names: CompanyDirectory,
  dryRun: boolean,
) {
  if (outcome.status === "refused") {
    return [`refused   ${outcome.source}`, ...outcome.reasons.map((r) => `    ${r}`)];
  }
  const linked = outcome.links.length > 0;
  const verb = dryRun ? (linked ? "would link" : "would import") : linked ? "linked" : "imported";
  const lines = [`${verb.padEnd(9)} ${outcome.source} -> ${target}`];
  lines.push(`    title: ${outcome.article.meta.title}`);
  for (const link of outcome.links) lines.push(`    same story as ${link.id}: ${link.reason}`);
  const known = outcome.companies.map((id) => names.get(id)?.name ?? id);
  lines.push(`    companies: ${known.length > 0 ? known.join(", ") : "none known"}`);
  if (outcome.candidates.length > 0) {
    const list = outcome.candidates
      .slice(0, 8)
      .map((c) => (c.count > 1 ? `${c.name} (${c.count}×)` : c.name))
      .join(", ");
    lines.push(`    maybe new: ${list} (add real companies to companies.json)`);
  }
  return lines;
}

async function main(argv: string[]): Promise<number> {
  config({ quiet: true });
  const { values, positionals } = parseCommandLine(argv);
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("nothing to import: give a file or a folder.");

  const overrides: MetaOverrides = {};
  for (const field of OVERRIDE_FIELDS) {
    const value = values[field];
    if (typeof value === "string") overrides[field] = value;
  }
  const problems = checkOverrides(overrides);
  if (problems.length > 0) throw new UsageError(problems.join("\n"));

  const files = await expandInputs(positionals);
  // A url or headline names one article; stamping it on a batch would make them all wrong.
  for (const field of ["url", "title"] as const) {
    if (overrides[field] !== undefined && files.length > 1) {
      throw new UsageError(`--${field} describes one article; give a single file with it.`);
    }
  }

  const dryRun = values["dry-run"] === true;
  const corpusDir = values.corpus ?? (process.env.CORPUS_DIR || DEFAULT_CORPUS_DIR);
  const corpus = await loadCorpus(corpusDir);
  const directory = new CompanyDirectory(corpus.companies);
  const importer = createImporter({
    existing: corpus.articles,
    directory,
    takenIds: await articleIds(corpusDir),
    overrides,
  });
  const out = (lines: string[]) => process.stdout.write(`${lines.join("\n")}\n`);
  out([
    `corpus ${corpusDir}: ${corpus.articles.length} articles, ${corpus.companies.length} companies${
      corpus.companies.length === 0 ? " (no companies.json: no company is recognised)" : ""
    }`,
  ]);

  const articlesDir = path.join(corpusDir, "articles");
  const bar = progressBar(files.length, Boolean(process.stderr.isTTY) && files.length > 1);
  const outcomes: ImportOutcome[] = [];
  for (const file of files) {
    let outcome: ImportOutcome;
    try {
      outcome = importer.plan({ name: file, bytes: await readFile(file) });
    } catch (error) {
      outcome = { status: "refused", source: file, reasons: [`cannot read: ${String(error)}`] };
    }
    const target = outcome.status === "imported" ? path.join(articlesDir, `${outcome.id}.md`) : "";
    if (outcome.status === "imported" && !dryRun) {
      try {
        await mkdir(articlesDir, { recursive: true });
        // "wx": never overwrite an article that appeared since the corpus was read.
        await writeFile(target, outcome.content, { flag: "wx" });
      } catch (error) {
        outcome = {
          status: "refused",
          source: file,
          reasons: [`cannot write ${target}: ${String(error)}`],
        };
      }
    }
    outcomes.push(outcome);
    bar.clear();
    out(describe(outcome, target, directory, dryRun));
    bar.tick(path.basename(file));
  }
  bar.clear();

  const imported = outcomes.filter((o) => o.status === "imported");
  const linked = imported.filter((o) => o.links.length > 0).length;
  const refused = outcomes.filter((o) => o.status === "refused");
  const summary = [
    "",
    `${outcomes.length} file${outcomes.length === 1 ? "" : "s"}: ${imported.length} ${
      dryRun ? "would be imported" : "imported"
    } (${linked} linked to the same story elsewhere), ${refused.length} refused`,
  ];
  for (const r of refused) summary.push(`  refused ${r.source}: ${r.reasons.join("; ")}`);
  if (dryRun) summary.push("dry run: nothing was written");
  out(summary);
  return refused.length > 0 ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`${error.message}\n${USAGE}\n`);
  process.exitCode = 2;
}
