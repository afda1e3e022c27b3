import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { createEngine, type Engine } from "../../src/engine/engine.js";
import { questionParts } from "../../src/engine/question-parts.js";
import { CORPUS_DIR, FIXTURE_CORPUS_DIR } from "./helpers.js";

/** Two questions asked in one. */

describe("questionParts", () => {
  it.each([
    [
      "What's the fee for a DC fast charger, and what's the deadline for the discount?",
      ["What's the fee for a DC fast charger", "what's the deadline for the discount?"],
    ],
    [
      "When does the licence end and who runs IP at Invarra?",
      ["When does the licence end", "who runs IP at Invarra?"],
    ],
    [
      "what's the per-phone rate, and by when do you have to sign to get the discount?",
      ["what's the per-phone rate", "by when do you have to sign to get the discount?"],
    ],
  ])("splits %j", (question, parts) => {
    expect(questionParts(question)).toEqual(parts);
  });

  it.each([
    "Did Huawei and OPPO sign a cross-licence?",
    "What did Nokia and Xiaomi agree?",
    "who is the ceo and chairman of xiaomi",
    "did they sign and by the way who cares",
  ])("keeps %j whole", (question) => {
    expect(questionParts(question)).toEqual([question]);
  });
});

describe("answering two questions in one", () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = createEngine(await loadCorpus([CORPUS_DIR, FIXTURE_CORPUS_DIR]));
  });

  it("quotes each part's best answer, in the order asked, the second told whom it is about", () => {
    const result = engine.answer(
      "When does Halden's renewed Invarra licence end, and who runs IP at Invarra?",
    );
    if (result.kind !== "answer") throw new Error(`expected an answer, got ${result.kind}`);
    const [first, second] = result.quotes.map((q) => q.text);
    expect(first).toContain("until March 2029");
    expect(second).toContain("Kenji Morimoto");
    expect(result.question).toBe(
      "When does Halden's renewed Invarra licence end, and who runs IP at Invarra?",
    );
  });

  it("tells the second part of companies the first names in lower case, as articles name them", () => {
    const result = engine.answer(
      "what's sablewick paying for the quarlton portfolio and when is the deal expected to close",
    );
    if (result.kind !== "answer") throw new Error(`expected an answer, got ${result.kind}`);
    const text = result.quotes.map((q) => q.text).join(" ");
    expect(text).toContain("$12.75 million");
    expect(text).toContain("The deal should close in January.");
  });

  it("lets a place answering both parts stand for the one answering the first", () => {
    const result = engine.answer(
      "When did Huawei and Nokia first sign a licensing deal, and were the terms of the extension made public?",
    );
    if (result.kind !== "answer") throw new Error(`expected an answer, got ${result.kind}`);
    const first = result.quotes[0]?.text ?? "";
    expect(first).toContain("did not disclose");
    expect(first).toContain("2017");
    expect(result.quotes.filter((q) => q.text.includes("2017"))).toHaveLength(1);
  });

  it("answers the part the corpus answers when the other is off-topic", () => {
    const result = engine.answer(
      "How much did Velmont pay for the Tessaly patents, and what is the best pizza topping?",
    );
    expect(result.kind).toBe("answer");
    if (result.kind === "answer") expect(result.quotes[0]?.text).toContain("$41 million");
  });
});
