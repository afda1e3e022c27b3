import { spawnSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import {
  checkOverrides,
  DUPLICATE_JACCARD,
  detectTitle,
  type ImportOutcome,
  newCompanyCandidates,
  planImports,
  REPRINT_CONTAINMENT,
  resemblance,
  type SourceFile,
  shingles,
  slugify,
  storyText,
  uniqueSlug,
} from "../src/corpus/import-article.js";
import { loadCorpus } from "../src/corpus/load.js";
import { CompanyDirectory } from "../src/engine/companies.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
// The seeds as collected, from the shared folder that sits beside the project (as in CI).
const SEEDS = path.join(ROOT, "../shared/seeds");
const HEADLINES: Record<string, string> = {
  "000_121a5d68fb5167c5.txt": "Huawei & OPPO sign a patent cross-licensing agreement",
  "001_095b81ffdf6e0750.txt":
    "US Sanctions Do Not Frighten Huawei, Now Continue Collaboration with Nokia",
  "002_749c1ce1607455d3.txt": "China’s Xiaomi And Nokia Strike Patent Licensing Deal",
  "003_b39af41b2f9a09de.txt":
    "Nokia Oyj (ADR) (NYSE:NOK) and Xiaomi ink Patent And Equipment Deal, Xiaomi Buys Nokia Patents",
  "004_ea5d3809efce0ac9.txt": "#Nokia & #Xiaomi signed patent licensing and cooperation agreement",
};

const encode = (text: string) => new TextEncoder().encode(text);
const source = (name: string, text: string): SourceFile => ({ name, bytes: encode(text) });

let directory: CompanyDirectory;
let seeds: Array<{ name: string; text: string }>;
const temps: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "corpus-add-"));
  temps.push(dir);
  return dir;
}

beforeAll(async () => {
  const corpus = await loadCorpus(path.join(ROOT, "corpus"));
  directory = new CompanyDirectory(corpus.companies);
  const names = (await readdir(SEEDS)).filter((n) => n.endsWith(".txt")).sort();
  seeds = await Promise.all(
    names.map(async (name) => ({ name, text: await readFile(path.join(SEEDS, name), "utf8") })),
  );
});

afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

function imported(outcome: ImportOutcome | undefined) {
  if (outcome?.status !== "imported") {
    throw new Error(`expected an import, got ${JSON.stringify(outcome)}`);
  }
  return outcome;
}

function refused(outcome: ImportOutcome | undefined) {
  if (outcome?.status !== "refused") throw new Error(`expected a refusal, got ${outcome?.status}`);
  return outcome;
}

function planSeeds() {
  return planImports(
    seeds.map((s) => source(s.name, s.text)),
    { existing: [], directory, takenIds: [] },
  );
}

describe("headline detection", () => {
  it("finds the real headline of every seed article", () => {
    expect(seeds.map((s) => s.name)).toEqual(Object.keys(HEADLINES));
    for (const seed of seeds) expect(detectTitle(seed.text), seed.name).toBe(HEADLINES[seed.name]);
  });

  it("skips site chrome and markdown heading marks", () => {
    const text =
      "\n  • Loading stock data...\nFeatured image for X\n## **Acme buys patents**\nBody.";
    expect(detectTitle(text)).toBe("Acme buys patents");
    expect(detectTitle("Stock Ticker\n\n• Loading stock data...\n")).toBeUndefined();
  });
});

describe("slugs", () => {
  it("are lower-case ASCII words joined by '-', cut at a word boundary", () => {
    expect(slugify(HEADLINES["002_749c1ce1607455d3.txt"] ?? "")).toBe(
      "chinas-xiaomi-and-nokia-strike-patent-licensing-deal",
    );
    expect(slugify("Café Müller & Søn: 5G Deal!")).toBe("cafe-muller-son-5g-deal");
    const long = slugify(HEADLINES["003_b39af41b2f9a09de.txt"] ?? "");
    expect(long).toBe("nokia-oyj-adr-nyse-nok-and-xiaomi-ink-patent-and-equipment");
    expect(long.length).toBeLessThanOrEqual(60);
    expect(slugify("华为与OPPO")).toBe("oppo");
  });

  it("get a numeric suffix when taken", () => {
    expect(uniqueSlug("deal", new Set())).toBe("deal");
    expect(uniqueSlug("deal", new Set(["deal", "deal-2"]))).toBe("deal-3");
  });

  it("stay unique within a batch of articles with the same headline", () => {
    const body = (n: number) =>
      `Acme and Brill sign a deal\n\nAcme and Brill signed a patent deal number ${n} on ${n} May, said a report.`;
    const outcomes = planImports(
      [source("a.txt", body(1)), source("b.txt", body(2)), source("c.txt", body(3))],
      { existing: [], directory, takenIds: ["acme-and-brill-sign-a-deal"] },
    );
    expect(outcomes.map((o) => imported(o).id)).toEqual([
      "acme-and-brill-sign-a-deal-2",
      "acme-and-brill-sign-a-deal-3",
      "acme-and-brill-sign-a-deal-4",
    ]);
  });
});

describe("importing the seed articles", () => {
  it("keeps every body byte-identical and writes only known metadata", () => {
    const outcomes = planSeeds();
    const ids = outcomes.map((o) => imported(o).id);
    expect(new Set(ids).size).toBe(seeds.length);
    outcomes.forEach((o, i) => {
      const { content, article } = imported(o);
      const seed = seeds[i];
      expect(article.text).toBe(seed?.text);
      expect(content.endsWith(`\n---\n${seed?.text}`)).toBe(true);
      const front = parseYaml(content.slice(4, content.indexOf("\n---\n")));
      expect(Object.keys(front).filter((k) => k !== "related")).toEqual(["title"]);
      expect(front.title).toBe(HEADLINES[seed?.name ?? ""]);
    });
  });

  it("links the three Nokia–Xiaomi reports and nothing else", () => {
    const outcomes = planSeeds().map(imported);
    const linked = Object.fromEntries(outcomes.map((o) => [o.source, o.links.map((l) => l.id)]));
    expect(linked).toEqual({
      "000_121a5d68fb5167c5.txt": [],
      "001_095b81ffdf6e0750.txt": [],
      "002_749c1ce1607455d3.txt": [],
      "003_b39af41b2f9a09de.txt": ["chinas-xiaomi-and-nokia-strike-patent-licensing-deal"],
      "004_ea5d3809efce0ac9.txt": [
        "chinas-xiaomi-and-nokia-strike-patent-licensing-deal",
        "nokia-oyj-adr-nyse-nok-and-xiaomi-ink-patent-and-equipment",
      ],
    });
    expect(outcomes[4]?.article.meta.related).toEqual(linked["004_ea5d3809efce0ac9.txt"]);
  });

  it("lists the known companies each article names", () => {
    const outcomes = planSeeds().map(imported);
    expect(outcomes[0]?.companies).toEqual(["huawei", "oppo"]);
    expect(outcomes[2]?.companies.slice(0, 2)).toEqual(["xiaomi", "nokia"]);
  });

  it("loads from a corpus folder without problems", async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, "articles"));
    await copyFile(path.join(ROOT, "corpus", "companies.json"), path.join(dir, "companies.json"));
    for (const o of planSeeds().map(imported)) {
      await writeFile(path.join(dir, "articles", `${o.id}.md`), o.content);
    }
    const corpus = await loadCorpus(dir);
    expect(corpus.problems).toEqual([]);
    expect(corpus.articles).toHaveLength(5);
    const seed = corpus.articles.find(
      (a) => a.id === "nokia-oyj-adr-nyse-nok-and-xiaomi-ink-patent-and-equipment",
    );
    expect(seed?.text).toBe(seeds[3]?.text);
    expect(seed?.meta.related).toEqual(["chinas-xiaomi-and-nokia-strike-patent-licensing-deal"]);
  });
});

describe("similarity thresholds", () => {
  it("leave retellings of one story by other outlets far below the reprint line", () => {
    // Measured on the seeds: 002, 003 and 004 report one deal yet share at most 12% of 5-word
    // runs, so only the company rule can link them; different stories share none.
    const runs = planSeeds().map((o) => shingles(storyText(imported(o).article)));
    let highest = 0;
    for (let i = 0; i < runs.length; i++) {
      for (let j = i + 1; j < runs.length; j++) {
        const r = resemblance(runs[i] ?? new Set(), runs[j] ?? new Set());
        highest = Math.max(highest, r.containment);
        expect(r.jaccard).toBeLessThan(0.1);
      }
    }
    expect(highest).toBeGreaterThan(0.05);
    expect(highest).toBeLessThan(REPRINT_CONTAINMENT / 2);
  });

  it("keep a copy with a word and the chrome changed above the duplicate line", () => {
    const original = seeds[2]?.text ?? "";
    const edited = `Share this article\n${original.replace("Wednesday", "Thursday").replace("Leave a Comment", "")}`;
    const r = resemblance(shingles(original), shingles(edited));
    expect(r.jaccard).toBeGreaterThanOrEqual(DUPLICATE_JACCARD);
  });
});

describe("near-duplicates", () => {
  it("refuses the same text twice, naming the article it repeats", () => {
    const text = seeds[2]?.text ?? "";
    const edited = `Share this article\n${text.replace("Wednesday", "Thursday")}`;
    const outcomes = planImports([source("a.txt", text), source("copy.md", edited)], {
      existing: [],
      directory,
      takenIds: [],
    });
    const first = imported(outcomes[0]);
    const second = refused(outcomes[1]);
    expect(second.duplicateOf).toBe(first.id);
    expect(second.reasons.join(" ")).toContain(`"${first.id}"`);
  });

  it("refuses an article already in the corpus", async () => {
    const corpus = await loadCorpus(path.join(ROOT, "corpus"));
    const [outcome] = planImports([source("again.txt", seeds[0]?.text ?? "")], {
      existing: corpus.articles,
      directory,
      takenIds: [],
    });
    expect(refused(outcome).duplicateOf).toBe("000_121a5d68fb5167c5");
  });

  it("refuses an article from a url already imported", () => {
    const md = (body: string) =>
      `---\ntitle: A deal\nurl: https://news.example.org/a\n---\nA deal\n\n${body}`;
    const outcomes = planImports(
      [
        source("a.md", md("Acme licensed its patents to Brill on Monday, the firms said.")),
        source("b.md", md("Brill took a licence to the Acme portfolio, a spokesman confirmed.")),
      ],
      { existing: [], directory, takenIds: [] },
    );
    expect(refused(outcomes[1]).reasons[0]).toContain("the same url");
  });

  it("imports a reprint that quotes much of a story and links it", () => {
    const story = storyText(imported(planSeeds()[2]).article);
    const reprint = `Xiaomi gets Nokia patents\n\nA short note from our desk on this week's news, which we reprint below for readers.\n\n${story.split("\n\n").slice(0, 4).join("\n\n")}`;
    const outcomes = planImports(
      [source("002.txt", seeds[2]?.text ?? ""), source("r.txt", reprint)],
      {
        existing: [],
        directory,
        takenIds: [],
      },
    );
    const link = imported(outcomes[1]).links[0];
    expect(link?.id).toBe(imported(outcomes[0]).id);
    expect(link?.reason).toContain("5-word runs");
  });

  it("does not link another story about the same companies", () => {
    const lawsuit =
      "Nokia sues Xiaomi over smartphone patents\n\nNokia filed a lawsuit against Xiaomi in the Munich Regional Court on Friday, claiming that its handsets infringe two video coding patents. Xiaomi said it would defend itself.";
    const outcomes = planImports(
      [source("002.txt", seeds[2]?.text ?? ""), source("suit.txt", lawsuit)],
      {
        existing: [],
        directory,
        takenIds: [],
      },
    );
    expect(imported(outcomes[1]).links).toEqual([]);
  });

  it("links reports of a deal only when their dates, if known, are days apart", () => {
    const md = (published: string, body: string) =>
      `---\ntitle: Nokia and Xiaomi sign patent licence deal\npublished: "${published}"\n---\n${body}`;
    const outcomes = planImports(
      [
        source("first.md", md("2017-07-05", seeds[2]?.text ?? "")),
        source(
          "later.md",
          md(
            "2023-01-10",
            "Nokia and Xiaomi renewed their licence for five more years, the Finnish firm said on Tuesday.",
          ),
        ),
        source(
          "next-day.md",
          md(
            "2017-07-06",
            "The Chinese phone maker will pay royalties for Nokia's cellular patents, analysts told us.",
          ),
        ),
      ],
      { existing: [], directory, takenIds: [] },
    );
    const first = imported(outcomes[0]);
    expect(first.article.meta.published).toBe("2017-07-05");
    expect(imported(outcomes[1]).links).toEqual([]);
    expect(imported(outcomes[2]).links.map((l) => l.id)).toEqual([first.id]);
  });
});

describe("refusals", () => {
  const plan = (file: SourceFile, overrides = {}) =>
    planImports([file], { existing: [], directory, takenIds: [], overrides })[0];

  it("refuses empty, binary and chrome-only files with the reason", () => {
    expect(refused(plan({ name: "e.txt", bytes: new Uint8Array() })).reasons[0]).toMatch(/empty/);
    expect(refused(plan({ name: "b.txt", bytes: new Uint8Array([80, 0, 75]) })).reasons[0]).toMatch(
      /not a text file/,
    );
    expect(
      refused(plan(source("c.txt", "Stock Ticker\n• Loading stock data...\n"))).reasons[0],
    ).toMatch(/no headline/);
    expect(refused(plan(source("h.txt", "Only a headline here\n"))).reasons[0]).toMatch(
      /no article text/,
    );
  });

  it("refuses a first line that is a paragraph rather than a headline", () => {
    const para = `${"word ".repeat(40).trim()}.\n\nMore text follows here, as it does in stories.`;
    expect(refused(plan(source("p.txt", para))).reasons[0]).toMatch(/--title/);
    const titled = plan(source("p.txt", para), { title: "A headline given by hand" });
    expect(imported(titled).article.meta.title).toBe("A headline given by hand");
  });

  it("refuses bad metadata, from flags or front matter", () => {
    const text = seeds[0]?.text ?? "";
    expect(refused(plan(source("a.txt", text), { published: "2017-13-45" })).reasons[0]).toMatch(
      /published/,
    );
    expect(refused(plan(source("a.md", `---\ntitle: [oops\n---\n${text}`))).reasons[0]).toMatch(
      /not valid YAML/,
    );
    expect(
      refused(plan(source("a.md", `---\ntitle: T\ncolour: red\n---\n${text}`))).reasons[0],
    ).toMatch(/colour/);
  });

  it("checks command-line metadata with the loader's schema", () => {
    expect(checkOverrides({ publisher: "Acme News", published: "2017-07-05" })).toEqual([]);
    expect(checkOverrides({ published: "05/07/2017" })[0]).toMatch(/^--published: /);
    expect(checkOverrides({ url: "ftp://x.example" })[0]).toMatch(/^--url: /);
    expect(checkOverrides({ author: " " })[0]).toMatch(/^--author: /);
  });
});

describe("metadata from markdown front matter", () => {
  it("is kept, flags win, and the body after it is kept verbatim", () => {
    const body = seeds[1]?.text ?? "";
    const md = `---\ntitle: Own headline\npublisher: VOI\nlanguage: en\n---\n${body}`;
    const outcome = imported(
      planImports([source("x.md", md)], {
        existing: [],
        directory,
        takenIds: [],
        overrides: { publisher: "VOI.id", published: "2022-12-27" },
      })[0],
    );
    expect(outcome.article.meta).toEqual({
      title: "Own headline",
      publisher: "VOI.id",
      language: "en",
      published: "2022-12-27",
    });
    expect(outcome.article.text).toBe(body);
    expect(outcome.id).toBe("own-headline");
  });
});

describe("new company candidates", () => {
  it("suggests unknown firms, not people, places, months or known companies", () => {
    const story =
      "Earlier in March, Pennick Visual agreed to license patents from Nokia. The deal covers televisions sold in Europe by Pennick Visual and by Ostrava Codec Labs, said Katarina Novotná, chief executive of Ostrava Codec Labs. Licences from Brindle and from Brindle cover cars.";
    const names = newCompanyCandidates(story, directory).map((c) => c.name);
    expect(names).toEqual(["Pennick Visual", "Ostrava Codec Labs", "Brindle"]);
  });
});

describe("the corpus:add command", () => {
  const run = (args: string[]) =>
    spawnSync("npx", ["tsx", "src/cli/corpus-add.ts", ...args], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, CORPUS_DIR: "" },
    });

  it("imports a folder, then refuses the same folder again", { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    await copyFile(path.join(ROOT, "corpus", "companies.json"), path.join(dir, "companies.json"));

    const dry = run([SEEDS, "--corpus", dir, "--dry-run"]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain("dry run: nothing was written");
    expect(await readdir(dir)).toEqual(["companies.json"]);

    const first = run([SEEDS, "--corpus", dir]);
    expect(first.stderr).not.toMatch(/error/i);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      "5 files: 5 imported (2 linked to the same story elsewhere), 0 refused",
    );
    const written = await readFile(
      path.join(dir, "articles", "nokia-xiaomi-signed-patent-licensing-and-cooperation.md"),
      "utf8",
    );
    expect(written).toContain(
      "related:\n  - chinas-xiaomi-and-nokia-strike-patent-licensing-deal\n",
    );
    expect((await loadCorpus(dir)).problems).toEqual([]);

    const again = run([SEEDS, "--corpus", dir]);
    expect(again.status).toBe(1);
    expect(again.stdout).toContain("0 imported (0 linked to the same story elsewhere), 5 refused");
    expect(again.stdout).toContain(
      'the same text as "huawei-oppo-sign-a-patent-cross-licensing-agreement"',
    );
  });

  it("exits 2 with a usage message on bad usage", { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const badDate = run([SEEDS, "--corpus", dir, "--published", "2017-13-45"]);
    expect(badDate.status).toBe(2);
    expect(badDate.stderr).toMatch(/--published: .*\n.*usage: npm run corpus:add/s);
    const none = run(["--corpus", dir]);
    expect(none.status).toBe(2);
    const urlForMany = run([SEEDS, "--corpus", dir, "--url", "https://example.org/a"]);
    expect(urlForMany.status).toBe(2);
    expect(await readdir(dir)).toEqual([]);
  });
});
