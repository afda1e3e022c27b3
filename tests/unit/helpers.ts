import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Article } from "../../src/corpus/article.js";
import { type Corpus, loadCorpus } from "../../src/corpus/load.js";
import { createEngine, type Engine } from "../../src/engine/engine.js";
import type { AskResult, DealResult, DealView, Quote } from "../../src/engine/types.js";

/** Shared helpers for the unit tests: paths, a cached engine, temp corpora and quote checks. */

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CORPUS_DIR = path.join(ROOT, "corpus");
export const FIXTURE_CORPUS_DIR = path.join(ROOT, "tests", "fixtures", "corpus");

let cached: Promise<{ corpus: Corpus; engine: Engine }> | undefined;

/** The engine over the bundled corpus only (so expectations do not depend on fixtures). */
export function bundledEngine(): Promise<{ corpus: Corpus; engine: Engine }> {
  cached ??= loadCorpus(CORPUS_DIR).then((corpus) => ({ corpus, engine: createEngine(corpus) }));
  return cached;
}

export type FileContent = string | Uint8Array;

/** A temporary corpus folder holding `files` (paths relative to the corpus root). */
export async function tempCorpus(files: Record<string, FileContent>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "unit-corpus-"));
  await writeFiles(dir, files);
  return dir;
}

export async function writeFiles(dir: string, files: Record<string, FileContent>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** Every quote a deal lookup shows, wherever in the result it stands. */
export function quotesOfDealResult(result: DealResult): Quote[] {
  const ofDeals = (deals: DealView[]) => deals.flatMap((d) => d.quotes);
  switch (result.kind) {
    case "deals":
      return ofDeals(result.deals);
    case "mentions":
      return [
        ...result.quotes,
        ...ofDeals(result.otherDeals.company),
        ...ofDeals(result.otherDeals.other),
      ];
    case "none":
      return [
        ...result.coMentions,
        ...ofDeals(result.otherDeals.company),
        ...ofDeals(result.otherDeals.other),
      ];
    case "unknown-company":
      return result.known ? ofDeals(result.known.deals) : [];
  }
}

export function quotesOfAskResult(result: AskResult): Quote[] {
  if (result.kind === "abstain") return [];
  return [...result.quotes, ...result.deals.flatMap((d) => d.quotes)];
}

/** The quote's text without the "…" marking a cut. */
export function verbatimPart(quote: Quote): { text: string; offset: number } {
  const offset = quote.text.startsWith("…") ? 1 : 0;
  const end = quote.text.endsWith("…") ? quote.text.length - 1 : quote.text.length;
  return { text: quote.text.slice(offset, end), offset };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Everything that must hold for any quote the engine returns. Returns a list of violations
 * (empty when the quote is sound), so a property failure says what went wrong.
 */
export function quoteViolations(quote: Quote, articles: Map<string, Article>): string[] {
  const problems: string[] = [];
  const article = articles.get(quote.source.articleId);
  if (!article) return [`unknown article ${quote.source.articleId}`];
  const { text, offset } = verbatimPart(quote);
  if (text.length === 0) problems.push("empty quote");
  if (!article.text.includes(text)) problems.push(`not verbatim in ${article.id}: ${quote.text}`);
  const slice = article.text.slice(quote.articleStart, quote.articleEnd);
  if (slice !== text) {
    problems.push(
      `articleStart/articleEnd slice ${JSON.stringify(slice)} differs from ${JSON.stringify(text)}`,
    );
  }
  const inStory = article.paragraphs.some(
    (p) => p.kind === "text" && p.start <= quote.articleStart && quote.articleEnd <= p.end,
  );
  if (!inStory) problems.push(`quote not inside a story paragraph: ${quote.text}`);

  let previousEnd = -1;
  for (const h of quote.highlights) {
    const shown = quote.text.slice(h.start, h.end);
    if (!(h.start < h.end)) problems.push(`empty highlight ${h.start}-${h.end}`);
    if (h.start < offset || h.end > offset + text.length) {
      problems.push(`highlight ${h.start}-${h.end} outside the quote text`);
    }
    if (h.start < previousEnd) problems.push(`highlights overlap or are unordered at ${h.start}`);
    previousEnd = h.end;
    const before = quote.text[h.start - 1] ?? "";
    const after = quote.text[h.end] ?? "";
    if (WORD_CHAR.test(before) || WORD_CHAR.test(after)) {
      problems.push(`highlight "${shown}" is not on word boundaries in: ${quote.text}`);
    }
    if (!/^[$€£¥]?[\p{L}\p{N}]/u.test(shown) || !/[\p{L}\p{N}%]$/u.test(shown)) {
      problems.push(`highlight "${shown}" does not start and end with a word`);
    }
  }
  return problems;
}

/** The highlighted strings of a quote, in order. */
export function highlighted(quote: Quote): string[] {
  return quote.highlights.map((h) => quote.text.slice(h.start, h.end));
}
