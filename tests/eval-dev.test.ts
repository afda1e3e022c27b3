import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../src/corpus/load.js";
import { createEngine } from "../src/engine/engine.js";
import { readCases } from "../src/eval/cases.js";
import { engineReplier, runCases } from "../src/eval/run.js";

/** The development question set, run through the engine as `npm run eval` does. */

const at = (p: string) => fileURLToPath(new URL(p, import.meta.url));

describe("eval: tests/eval/dev.json", () => {
  it("passes all 15 cases", async () => {
    const corpus = await loadCorpus([at("../corpus"), at("./fixtures/corpus")]);
    const cases = await readCases(at("./eval/dev.json"));
    expect(cases).toHaveLength(15);
    const results = await runCases(corpus, cases, engineReplier(createEngine(corpus)));
    const failures = results
      .filter((r) => !r.pass)
      .map(
        (r) =>
          `${r.case.id} ${r.case.command} ${JSON.stringify(r.case.options)}: ${r.failures.join("; ")}\n` +
          r.reply.text
            .split("\n")
            .map((line) => `    | ${line}`)
            .join("\n"),
      );
    expect(failures.join("\n\n"), `${failures.length} of ${results.length} cases failed`).toBe("");
    expect(results.filter((r) => r.pass)).toHaveLength(15);
  });
});
