import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { locateQuote as reference } from "../../src/corpus/verbatim.js";
import { locateQuote, QuoteLocator } from "../../src/text/collapse.js";
import { isSpace } from "../../src/text/sentences.js";

/** The fast quote locator must find exactly what the loader's rule finds. */

describe("isSpace", () => {
  it("is /\\s/ for every UTF-16 code unit", () => {
    for (let code = 0; code <= 0xffff; code++) {
      expect(isSpace(code), code.toString(16)).toBe(/\s/.test(String.fromCharCode(code)));
    }
  });
});

describe("QuoteLocator", () => {
  const chars = fc.constantFrom(..."ab c.\n\t\u00a0\u2009’“x  y\r\u3000z");
  const text = fc.array(chars, { maxLength: 60 }).map((cs) => cs.join(""));

  it("locates a quote as src/corpus/verbatim.ts does, whitespace runs aside", () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (hay, a, b) => {
        // Quotes from the text itself (with its whitespace changed) and arbitrary ones.
        const from = Math.min(a, b) % (hay.length + 1);
        const to = Math.max(a, b) % (hay.length + 1);
        const cut = hay.slice(Math.min(from, to), Math.max(from, to));
        for (const quote of [cut, cut.replace(/\s+/g, " "), cut.replace(/ /g, "  "), "b c"]) {
          expect(locateQuote(hay, quote)).toEqual(reference(hay, quote));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("answers several quotes from one collapsed text", () => {
    const article = "Nokia  and\u00a0Xiaomi\n\nsigned a  cross-licence.";
    const locator = new QuoteLocator(article);
    for (const quote of ["Nokia and Xiaomi", "signed a cross-licence.", "Huawei", "  "]) {
      expect(locator.locate(quote)).toEqual(reference(article, quote));
    }
  });
});
