import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Article, parseArticle } from "../../src/corpus/article.js";
import { isChromeLine, storyParagraphs } from "../../src/corpus/chrome.js";
import { CORPUS_DIR } from "./helpers.js";

/** Site chrome, headlines and trailing links never reach the story paragraphs. */

const CHROME = [
  /Stock Ticker/i,
  /Loading stock data/i,
  /Featured image for/i,
  /\bVOIR\b/i,
  /Leave a Comment/i,
  /Published by/i,
  /\bSource:/i,
  /\bSign ?Up\b/i,
  /Newsletter/i,
  /#Nokia and #Apple settle all litigation/i,
];

const articles: Article[] = [];

beforeAll(async () => {
  const dir = path.join(CORPUS_DIR, "articles");
  for (const name of (await readdir(dir)).filter((n) => n.endsWith(".md")).sort()) {
    const file = path.join(dir, name);
    const parsed = parseArticle(path.basename(name, ".md"), file, await readFile(file, "utf8"));
    if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.problems)}`);
    articles.push(parsed.value);
  }
});

function paragraphTexts(article: Article, kind?: "text" | "heading"): string[] {
  return article.paragraphs
    .filter((p) => !kind || p.kind === kind)
    .map((p) => article.text.slice(p.start, p.end));
}

function byId(id: string): Article {
  const article = articles.find((a) => a.id === id);
  if (!article) throw new Error(`no article ${id}`);
  return article;
}

describe("chrome on the bundled corpus", () => {
  it("parses all five articles", () => {
    expect(articles.map((a) => a.id)).toEqual([
      "000_121a5d68fb5167c5",
      "001_095b81ffdf6e0750",
      "002_749c1ce1607455d3",
      "003_b39af41b2f9a09de",
      "004_ea5d3809efce0ac9",
    ]);
  });

  it("no story paragraph contains site chrome", () => {
    const found: string[] = [];
    for (const article of articles) {
      for (const text of paragraphTexts(article)) {
        for (const pattern of CHROME) {
          if (pattern.test(text))
            found.push(`${article.id}: ${pattern} in ${JSON.stringify(text)}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it("the chrome is really there in the raw text (so the check above means something)", () => {
    const all = articles.map((a) => a.text).join("\n");
    for (const pattern of CHROME) expect(all).toMatch(pattern);
  });

  it("the headline is not a paragraph", () => {
    for (const article of articles) {
      const at = article.text.indexOf(article.meta.title);
      expect(at, `${article.id} repeats its headline in the body`).toBeGreaterThanOrEqual(0);
      const end = at + article.meta.title.length;
      const overlapping = article.paragraphs.filter((p) => p.start < end && at < p.end);
      expect(overlapping, article.id).toEqual([]);
    }
  });

  it("offsets point into the verbatim text, trimmed", () => {
    for (const article of articles) {
      for (const p of article.paragraphs) {
        const text = article.text.slice(p.start, p.end);
        expect(text).toBe(text.trim());
        expect(text.length).toBeGreaterThan(0);
      }
    }
  });

  it("keeps the story text, first to last paragraph", () => {
    const firstAndLast = (id: string) => {
      const texts = paragraphTexts(byId(id), "text");
      return [texts[0], texts.at(-1)];
    };
    const [first000, last000] = firstAndLast("000_121a5d68fb5167c5");
    expect(first000).toMatch(/^Huawei, the Chinese technology giant/);
    expect(last000).toMatch(/to maintain its competitive position in the market\.$/);

    const [first001, last001] = firstAndLast("001_095b81ffdf6e0750");
    expect(first001).toMatch(/^JAKARTA - Huawei has reportedly extended/);
    expect(last001).toMatch(/semiconductors made in China\.$/);
    // The paragraph right after "VOIR éGALEMENT:" is story, not a link.
    expect(paragraphTexts(byId("001_095b81ffdf6e0750"), "text")).toContain(
      "Huawei says this year it has signed more than 20 new patent license deals or extended agreements with companies in industries including smartphones, cars and telecommunications.",
    );

    const [first002, last002] = firstAndLast("002_749c1ce1607455d3");
    expect(first002).toMatch(/^On Wednesday, Chinese smartphone maker Xiaomi/);
    expect(last002).toMatch(/Mi fans worldwide\.”$/);

    const [first003, last003] = firstAndLast("003_b39af41b2f9a09de");
    expect(first003).toMatch(/^Just one year after acquiring 1500 patents from Microsoft/);
    expect(last003).toMatch(/web providers\.$/);

    const [first004, last004] = firstAndLast("004_ea5d3809efce0ac9");
    expect(first004).toMatch(/^Nokia announced this morning/);
    expect(last004).toMatch(/they have a precedent to follow\.$/);
  });

  it("keeps section headings as headings, not as story text", () => {
    expect(paragraphTexts(byId("000_121a5d68fb5167c5"), "heading")).toEqual([
      "Sanctions on Huawei",
    ]);
    expect(paragraphTexts(byId("002_749c1ce1607455d3"), "heading")).toEqual([
      "What the patent deal between Xiaomi and Nokia includes",
      "Nokia’s patent to help Xiaomi’s global expansion",
    ]);
  });
});

describe("storyParagraphs on synthetic pages", () => {
  const title = "Alpha and Beta sign a licence";
  const texts = (body: string) =>
    storyParagraphs(body, title).map((p) => ({ kind: p.kind, text: body.slice(p.start, p.end) }));

  it("joins hard-wrapped lines into one paragraph", () => {
    const body = [
      title,
      "",
      "Alpha Corp has signed a patent licence with Beta Ltd that covers",
      "video codecs and wireless charging, and the two companies",
      "said the agreement runs for five years.",
      "",
      "Neither company disclosed the financial terms of the agreement on Monday.",
    ].join("\n");
    expect(texts(body)).toEqual([
      {
        kind: "text",
        text: "Alpha Corp has signed a patent licence with Beta Ltd that covers\nvideo codecs and wireless charging, and the two companies\nsaid the agreement runs for five years.",
      },
      {
        kind: "text",
        text: "Neither company disclosed the financial terms of the agreement on Monday.",
      },
    ]);
  });

  it("does not join a finished sentence with the next line", () => {
    const body = [
      "Alpha Corp has signed a patent licence with Beta Ltd today.",
      "the next line starts lower-case but the sentence before it ended with a full stop.",
    ].join("\n");
    expect(texts(body).map((p) => p.text)).toEqual([
      "Alpha Corp has signed a patent licence with Beta Ltd today.",
      "the next line starts lower-case but the sentence before it ended with a full stop.",
    ]);
  });

  it("drops a trailing related headline", () => {
    const body = [
      title,
      "",
      "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs, the companies said.",
      "",
      "Source: Alpha",
      "",
      "",
      "#Alpha and #Gamma settle all litigation, sign patent license and business collaboration agreement",
    ].join("\n");
    expect(texts(body).map((p) => p.text)).toEqual([
      "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs, the companies said.",
    ]);
  });

  it("drops a trailing related headline even without a source line", () => {
    const body = [
      "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs, the companies said.",
      "",
      "#Alpha and #Gamma settle all litigation, sign patent license",
    ].join("\n");
    expect(texts(body).map((p) => p.text)).toEqual([
      "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs, the companies said.",
    ]);
  });

  it("'Published by' ends the story: the author bio is dropped", () => {
    const body = [
      title,
      "",
      "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs, the companies said.",
      "",
      "Published by Jane Doe",
      "",
      "I believe in writing content informing investors with the knowledge they need to invest better today, and I have followed the markets for many years.",
      "",
      "  • Recent Stories",
    ].join("\n");
    expect(texts(body).map((p) => p.text)).toEqual([
      "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs, the companies said.",
    ]);
  });

  it("drops the headline (also with # marks and curly quotes) and leading chrome", () => {
    const body = [
      "Stock Ticker",
      "",
      "  • Loading stock data...",
      "",
      "#Alpha and #Beta sign a licence",
      "",
      `Featured image for ${title}`,
      "",
      "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs, the companies said.",
      "",
      "Leave a Comment",
    ].join("\n");
    expect(texts(body)).toEqual([
      {
        kind: "text",
        text: "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs, the companies said.",
      },
    ]);
  });

  it("keeps a section heading between story paragraphs", () => {
    const body = [
      "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs, the companies said.",
      "",
      "What the deal covers",
      "",
      "The licence covers codecs used in televisions and phones sold in Europe and Asia.",
    ].join("\n");
    expect(texts(body).map((p) => p.kind)).toEqual(["text", "heading", "text"]);
  });

  it.each([
    "Stock Ticker",
    "  • Loading stock data...",
    "Featured image for Something",
    "VOIR éGALEMENT:",
    "Voir également",
    "Leave a Comment",
    "Updated on",
    "Related Stories",
    "Read more",
    "SignUp Now For Our Featured Newsletter",
    "Sign Up To Get Our Latest Stocks Alerts",
    "Tags: patents, licensing",
    "",
  ])("isChromeLine(%j) is true", (line) => {
    expect(isChromeLine(line)).toBe(true);
  });

  it.each([
    "Alpha Corp has signed a patent licence with Beta Ltd.",
    "Sanctions on Huawei",
    "The licence lets Beta sign up new customers for its codec service across Europe, Asia and the Americas over the next several years.",
  ])("isChromeLine(%j) is false", (line) => {
    expect(isChromeLine(line)).toBe(false);
  });
});
