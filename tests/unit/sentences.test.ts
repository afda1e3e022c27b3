import { describe, expect, it } from "vitest";
import { sentenceSpans, trimSpan } from "../../src/text/sentences.js";

function sentences(text: string, from?: number, to?: number): string[] {
  return sentenceSpans(text, from, to).map((s) => text.slice(s.start, s.end));
}

describe("sentenceSpans", () => {
  it("does not split after U.S. or Mr.", () => {
    expect(
      sentences(
        "The U.S. government imposed restrictions on Huawei. Mr. Smith said the ban on U.S. technology hurt. It did.",
      ),
    ).toEqual([
      "The U.S. government imposed restrictions on Huawei.",
      "Mr. Smith said the ban on U.S. technology hurt.",
      "It did.",
    ]);
  });

  it("does not split after an initial, Dr., Inc. or a month", () => {
    expect(
      sentences(
        "Donald J. Trump met Dr. Lee of Apple Inc. on Jan. 5 in Washington. They talked about patents.",
      ),
    ).toEqual([
      "Donald J. Trump met Dr. Lee of Apple Inc. on Jan. 5 in Washington.",
      "They talked about patents.",
    ]);
  });

  it("splits on ! and ? and after a closing quote", () => {
    expect(sentences("“It is a win-win deal,” he said. Is it? Yes!")).toEqual([
      "“It is a win-win deal,” he said.",
      "Is it?",
      "Yes!",
    ]);
  });

  it("offsets slice back to each sentence, within the given range, trimmed", () => {
    const text =
      "Headline here\n\n  The U.S. ban hurt Huawei. Nokia said so.  \n\nA later paragraph. Not included.";
    const from = text.indexOf("The U.S.");
    const to = text.indexOf("\n\nA later");
    const spans = sentenceSpans(text, from, to);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual([
      "The U.S. ban hurt Huawei.",
      "Nokia said so.",
    ]);
    for (const s of spans) {
      expect(s.start).toBeGreaterThanOrEqual(from);
      expect(s.end).toBeLessThanOrEqual(to);
    }
  });

  it("returns nothing for blank text", () => {
    expect(sentenceSpans("   \n  ")).toEqual([]);
  });
});

describe("trimSpan", () => {
  it("trims whitespace on both sides", () => {
    const text = "  \n abc def \t ";
    const span = trimSpan(text, { start: 0, end: text.length });
    expect(text.slice(span.start, span.end)).toBe("abc def");
  });

  it("collapses an all-blank span to empty", () => {
    const span = trimSpan("    ", { start: 0, end: 4 });
    expect(span.end - span.start).toBe(0);
  });
});
