import { describe, expect, it } from "vitest";
import { spellQuestionWords } from "../../src/engine/question-words.js";

describe("spellQuestionWords", () => {
  it.each([
    ["wen does the licence expire", "when does the licence expire"],
    ["wat does xiaomi want", "what does xiaomi want"],
    ["hw much did it cost", "how much did it cost"],
    ["hoe long does it run", "how long does it run"],
    ["Wich company bought them", "which company bought them"],
  ])("reads %j as %j", (typed, read) => {
    expect(spellQuestionWords(typed).toLowerCase()).toBe(read);
  });

  it("leaves other words alone, and 'hoe' unless it opens a question ('a garden hoe')", () => {
    expect(spellQuestionWords("which garden hoe did Veyrac licence")).toBe(
      "which garden hoe did Veyrac licence",
    );
    expect(spellQuestionWords("wenzel and watson")).toBe("wenzel and watson");
  });
});
