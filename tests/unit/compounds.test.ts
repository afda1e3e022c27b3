import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import { hyphenatedAsArticles } from "../../src/engine/compounds.js";
import { createEngine, type Engine } from "../../src/engine/engine.js";
import { CORPUS_DIR, FIXTURE_CORPUS_DIR } from "./helpers.js";

/** Words written solid that the articles hyphenate. */
describe("hyphenatedAsArticles", () => {
  let fixtures: Engine;

  beforeAll(async () => {
    fixtures = createEngine(await loadCorpus([CORPUS_DIR, FIXTURE_CORPUS_DIR]));
  });

  it("writes a word no article uses as the articles hyphenate it", () => {
    expect(hyphenatedAsArticles(fixtures.data, "the patent-mapping startup")).toBe(
      "the patent-mapping start-up",
    );
    expect(hyphenatedAsArticles(fixtures.data, "just on wifi")).toBe("just on wi-fi");
  });

  it("leaves words the articles use, and words no split makes known, as they are", () => {
    expect(hyphenatedAsArticles(fixtures.data, "the licence runs")).toBe("the licence runs");
    expect(hyphenatedAsArticles(fixtures.data, "xyzzyplugh")).toBe("xyzzyplugh");
  });
});
