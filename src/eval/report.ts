import { normalize } from "../text/analyze.js";
import type { CaseResult } from "./run.js";
import { saysNothing } from "./score.js";

/** The figures `npm run eval -- --report` prints, for the engine and the baseline alike. */
export interface Metrics {
  cases: number;
  accuracy: number;
  byCategory: Map<string, { passed: number; total: number }>;
  /** Mean reciprocal rank of the first quote from an expected source. */
  mrr: number;
  /** Share of answerable /ask cases whose first quote holds the first expected phrase. */
  phraseInFirstQuote: number;
  abstentionPrecision: number;
  abstentionRecall: number;
  medianReplyChars: number;
}

const fold = (s: string) => normalize(s).toLowerCase();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function metricsOf(results: CaseResult[]): Metrics {
  const byCategory = new Map<string, { passed: number; total: number }>();
  for (const r of results) {
    const key = r.case.category ?? "uncategorised";
    const entry = byCategory.get(key) ?? { passed: 0, total: 0 };
    entry.total++;
    if (r.pass) entry.passed++;
    byCategory.set(key, entry);
  }

  const answerable = results.filter(
    (r) => !r.case.expect.abstain && (r.case.expect.sources ?? []).length > 0,
  );
  const reciprocal = answerable.map((r) => {
    const wanted = new Set(r.case.expect.sources);
    const rank = r.reply.quotes.findIndex((q) => wanted.has(q.articleId));
    return rank < 0 ? 0 : 1 / (rank + 1);
  });

  const asks = answerable.filter(
    (r) => r.case.command === "ask" && (r.case.expect.phrases ?? []).length > 0,
  );
  const firstHits = asks.filter((r) => {
    const first = r.reply.quotes[0];
    const phrase = r.case.expect.phrases?.[0];
    return first && phrase && fold(first.text).includes(fold(phrase));
  }).length;

  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of results) {
    const expected = Boolean(r.case.expect.abstain);
    const predicted = saysNothing(r.reply.text) || r.reply.quotes.length === 0;
    if (expected && predicted) tp++;
    else if (predicted) fp++;
    else if (expected) fn++;
  }

  return {
    cases: results.length,
    accuracy: results.filter((r) => r.pass).length / (results.length || 1),
    byCategory,
    mrr: reciprocal.reduce((a, b) => a + b, 0) / (reciprocal.length || 1),
    phraseInFirstQuote: firstHits / (asks.length || 1),
    abstentionPrecision: tp + fp === 0 ? 1 : tp / (tp + fp),
    abstentionRecall: tp + fn === 0 ? 1 : tp / (tp + fn),
    medianReplyChars: median(results.map((r) => r.reply.text.length)),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** A Markdown table: each figure for the engine, the baseline, and the margin. */
export function reportTable(title: string, engine: Metrics, baseline: Metrics): string {
  const rows: Array<[string, string, string, string]> = [];
  const add = (name: string, a: number, b: number, fmt: (x: number) => string, unit = "pt") => {
    const margin = unit === "pt" ? `${((a - b) * 100).toFixed(1)} pt` : fmt(a - b);
    rows.push([name, fmt(a), fmt(b), margin]);
  };
  add("accuracy (all cases)", engine.accuracy, baseline.accuracy, pct);
  for (const [category, e] of [...engine.byCategory].sort()) {
    const b = baseline.byCategory.get(category) ?? { passed: 0, total: e.total };
    rows.push([
      `  ${category} (${e.total})`,
      `${e.passed}/${e.total}`,
      `${b.passed}/${b.total}`,
      `${e.passed - b.passed}`,
    ]);
  }
  add("MRR of the right source", engine.mrr, baseline.mrr, (x) => x.toFixed(3), "x");
  add("phrase in first quote (/ask)", engine.phraseInFirstQuote, baseline.phraseInFirstQuote, pct);
  add("abstention precision", engine.abstentionPrecision, baseline.abstentionPrecision, pct);
  add("abstention recall", engine.abstentionRecall, baseline.abstentionRecall, pct);
  add(
    "median reply length (chars)",
    engine.medianReplyChars,
    baseline.medianReplyChars,
    (x) => x.toFixed(0),
    "x",
  );
  const lines = [
    `### ${title} (${engine.cases} cases)`,
    "",
    "| figure | engine | baseline | margin |",
    "|---|---|---|---|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
  return lines.join("\n");
}
