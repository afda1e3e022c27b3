/**
 * The V8 flags a serving process runs with: `npm start` (in package.json, which a test keeps in
 * step with this list), each shard, and the benchmark's serving process.
 *
 * A 4 MiB young generation (the default is 16) keeps a query's short-lived garbage from growing
 * the heap before it is collected: at 20,000 articles the peak RSS measured 397, 395 and 408 MiB
 * with it and 402, 429 and 458 MiB without, for an /ask p99 of 15–17 ms against 13 ms.
 */
export const SERVING_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=4"];
