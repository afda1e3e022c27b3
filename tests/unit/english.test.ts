import { describe, expect, it } from "vitest";
import { isEnglishWord } from "../../src/text/english.js";

/** Telling names typed in lower case from English words. */

describe("isEnglishWord", () => {
  it.each(["licence", "refurbished", "truck", "royalties", "automakers"])("%s is English", (w) => {
    expect(isEnglishWord(w)).toBe(true);
  });

  it.each(["qualcomm", "huawei", "ericsson", "interdigital", "kettersby"])(
    "%s is not English",
    (w) => {
      expect(isEnglishWord(w)).toBe(false);
    },
  );

  it("forgives one typing slip in an English word", () => {
    expect(isEnglishWord("recieve")).toBe(true);
    expect(isEnglishWord("agrement")).toBe(true);
  });
});
