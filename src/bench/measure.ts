/**
 * What the benchmark's child processes share: timing a list of queries, and the one line of
 * JSON each child reports on stdout (everything else goes to stderr).
 */

export interface Latency {
  /** Queries timed (the baseline may stop early, see `budgetMs`). */
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/**
 * Runs `run` on each query in order and times each call. A budget stops a slow subject early
 * (the baseline at 100,000 articles takes seconds a query); the count timed is reported.
 */
export function timeQueries<T>(
  queries: readonly T[],
  run: (query: T) => unknown,
  budgetMs = Number.POSITIVE_INFINITY,
): Latency {
  const times: number[] = [];
  const started = performance.now();
  for (const query of queries) {
    const t = performance.now();
    run(query);
    times.push(performance.now() - t);
    if (performance.now() - started > budgetMs) break;
  }
  times.sort((a, b) => a - b);
  return {
    n: times.length,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    max: times.at(-1) ?? Number.NaN,
  };
}

/** The process's memory now and at its peak, in MiB. */
export function memory(): { rssMiB: number; peakRssMiB: number; heapMiB: number } {
  const m = process.memoryUsage();
  return {
    rssMiB: m.rss / 2 ** 20,
    // maxRSS is in KiB.
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapMiB: m.heapUsed / 2 ** 20,
  };
}

/** A child's report: one JSON line, told apart from anything else on stdout by its prefix. */
export const REPORT_PREFIX = "@bench ";

export function report(event: string, data: Record<string, unknown>): void {
  process.stdout.write(`${REPORT_PREFIX}${JSON.stringify({ event, ...data })}\n`);
}
