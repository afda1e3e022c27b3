import { EventEmitter } from "node:events";
import type { FSWatcher } from "node:fs";
import { cp, mkdir, rename, rm, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CorpusCache, type CorpusRefresh } from "../../src/corpus/cache.js";
import { loadCorpus } from "../../src/corpus/load.js";
import { isCorpusPath, watchCorpus } from "../../src/corpus/watch.js";
import type { Engine } from "../../src/engine/engine.js";
import { changeSummary, LiveEngine, type ReloadReport } from "../../src/engine/live.js";
import { LIMITS } from "../../src/render/embeds.js";
import { renderReloadReport, shortName } from "../../src/render/reload.js";
import { CORPUS_DIR, removeDir, tempCorpus } from "./helpers.js";

/**
 * The parts of a living corpus, each on its own: the cache that keeps the last good version of
 * every file, the live engine that swaps whole engines one at a time, the watcher's debounce
 * (on a fake clock) and its folder watching (on the real file system), and the /reload reply.
 */

const ARTICLE = (body: string, title = "Alpha and Beta sign a codec licence") => `---
title: ${title}
---
${title}

${body}
`;
const ALPHA_TEXT =
  "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs. The licence runs for five years.";

const DEAL = (
  quote = "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs.",
) =>
  JSON.stringify({
    id: "alpha-beta-licence",
    summary: "Alpha licenses its video codec patents to Beta.",
    parties: [
      { company: "alpha", role: "licensor" },
      { company: "beta", role: "licensee" },
    ],
    kinds: ["license"],
    terms: { disclosed: false },
    sources: [{ article: "alpha", quote, supports: ["parties", "kinds", "summary"] }],
  });

const COMPANIES = (names: string[]) =>
  JSON.stringify({
    companies: names.map((n) => ({ id: n.toLowerCase(), name: n, aliases: [], tickers: [] })),
  });

let dir: string | undefined;
afterEach(async () => {
  await removeDir(dir);
  dir = undefined;
});

const file = (relative: string) => path.join(dir ?? "", relative);

async function baseCorpus() {
  dir = await tempCorpus({
    "articles/alpha.md": ARTICLE(ALPHA_TEXT),
    "deals/alpha-beta.json": DEAL(),
    "companies.json": COMPANIES(["Alpha", "Beta"]),
  });
  return new CorpusCache(dir);
}

const textOf = (refresh: CorpusRefresh, id: string) =>
  refresh.corpus.articles.find((a) => a.id === id)?.text;

describe("the corpus cache", () => {
  it("loads a corpus exactly as a start-up load does", async () => {
    dir = await tempCorpus({});
    await cp(CORPUS_DIR, dir, { recursive: true });
    await writeFile(file("articles/broken.md"), "no front matter\n");
    await writeFile(file("deals/truncated.json"), '{"id": ');
    const [refresh, loaded] = await Promise.all([new CorpusCache(dir).refresh(), loadCorpus(dir)]);
    expect(refresh.corpus.articles.map((a) => a.id)).toEqual(loaded.articles.map((a) => a.id));
    expect(refresh.corpus.deals).toEqual(loaded.deals);
    expect(refresh.corpus.companies).toEqual(loaded.companies);
    expect(refresh.corpus.problems).toEqual(loaded.problems);
    expect(refresh.changes.articles.added).toHaveLength(5);
    expect(refresh.kept).toEqual([]);
  });

  it("reports added, changed and removed files, and nothing when nothing changed", async () => {
    const cache = await baseCorpus();
    const first = await cache.refresh();
    expect(first.changes.articles.added).toEqual([file("articles/alpha.md")]);
    expect(first.changes.deals.added).toEqual([file("deals/alpha-beta.json")]);
    expect(first.changes.companies.added).toEqual([file("companies.json")]);

    const same = await cache.refresh();
    expect(changeSummary(same.changes)).toBe("no changes");

    await writeFile(file("articles/gamma.md"), ARTICLE("Gamma makes radios.", "Gamma radios"));
    await writeFile(file("articles/alpha.md"), ARTICLE(`${ALPHA_TEXT} It starts in May.`));
    const next = await cache.refresh();
    expect(next.changes.articles).toEqual({
      added: [file("articles/gamma.md")],
      changed: [file("articles/alpha.md")],
      removed: [],
    });
    expect(textOf(next, "alpha")).toContain("It starts in May.");
    expect(changeSummary(next.changes)).toBe("articles 1 added, 1 changed");

    await unlink(file("articles/gamma.md"));
    const gone = await cache.refresh();
    expect(gone.changes.articles.removed).toEqual([file("articles/gamma.md")]);
    expect(gone.corpus.articles.map((a) => a.id)).toEqual(["alpha"]);
  });

  it("keeps the last good version of a file whose edit breaks it, until it is fixed", async () => {
    const cache = await baseCorpus();
    await cache.refresh();
    await writeFile(file("articles/alpha.md"), "---\ntitle: [unclosed\n---\nSomething else.\n");
    const broken = await cache.refresh();
    expect(broken.kept).toEqual([file("articles/alpha.md")]);
    expect(textOf(broken, "alpha")).toContain(ALPHA_TEXT);
    expect(broken.changes.articles).toEqual({ added: [], changed: [], removed: [] });
    expect(broken.corpus.problems).toEqual([
      expect.objectContaining({
        file: file("articles/alpha.md"),
        message: expect.stringMatching(/front matter is not valid YAML/),
        severity: "error",
      }),
    ]);
    // The deal quoting it keeps standing on the version in use.
    expect(broken.corpus.deals.map((d) => d.id)).toEqual(["alpha-beta-licence"]);

    // Still broken: still kept, still reported.
    const again = await cache.refresh();
    expect(again.kept).toEqual([file("articles/alpha.md")]);
    expect(again.corpus.problems).toHaveLength(1);

    await writeFile(file("articles/alpha.md"), ARTICLE(`${ALPHA_TEXT} Fixed.`));
    const fixed = await cache.refresh();
    expect(fixed.kept).toEqual([]);
    expect(fixed.corpus.problems).toEqual([]);
    expect(fixed.changes.articles.changed).toEqual([file("articles/alpha.md")]);
    expect(textOf(fixed, "alpha")).toContain("Fixed.");
  });

  it("skips a brand-new broken file, and a removed file is gone even if it was kept", async () => {
    const cache = await baseCorpus();
    await cache.refresh();
    await writeFile(file("articles/new.md"), "no front matter\n");
    const skipped = await cache.refresh();
    expect(skipped.kept).toEqual([]);
    expect(skipped.corpus.articles.map((a) => a.id)).toEqual(["alpha"]);
    expect(skipped.corpus.problems.map((p) => p.file)).toEqual([file("articles/new.md")]);

    await writeFile(file("articles/alpha.md"), "");
    expect((await cache.refresh()).kept).toEqual([file("articles/alpha.md")]);
    await unlink(file("articles/alpha.md"));
    const removed = await cache.refresh();
    expect(removed.changes.articles.removed).toEqual([file("articles/alpha.md")]);
    expect(removed.corpus.articles).toEqual([]);
    // Its deal now quotes an article that is not there: dropped, and said so.
    expect(removed.corpus.deals).toEqual([]);
    expect(removed.changes.deals.removed).toEqual([file("deals/alpha-beta.json")]);
    expect(removed.corpus.problems.map((p) => `${p.file} ${p.field}`)).toContain(
      `${file("deals/alpha-beta.json")} sources.0.article`,
    );
  });

  it("keeps a deal's last good version when an edit breaks its JSON or its quote", async () => {
    const cache = await baseCorpus();
    await cache.refresh();
    await writeFile(file("deals/alpha-beta.json"), DEAL().slice(0, 40));
    const badJson = await cache.refresh();
    expect(badJson.kept).toEqual([file("deals/alpha-beta.json")]);
    expect(badJson.corpus.deals).toHaveLength(1);
    expect(badJson.corpus.problems[0]?.message).toMatch(/not valid JSON/);

    await writeFile(file("deals/alpha-beta.json"), DEAL("Alpha Corp never said this at all."));
    const badQuote = await cache.refresh();
    expect(badQuote.kept).toEqual([file("deals/alpha-beta.json")]);
    expect(badQuote.corpus.deals[0]?.sources[0]?.quote).toBe(
      "Alpha Corp has signed a patent licence with Beta Ltd covering video codecs.",
    );
    expect(badQuote.corpus.problems).toEqual([
      expect.objectContaining({ field: "sources.0.quote", severity: "error" }),
    ]);
  });

  it("drops a deal when the article it quotes is rewritten without the quote", async () => {
    const cache = await baseCorpus();
    await cache.refresh();
    await writeFile(file("articles/alpha.md"), ARTICLE("Alpha and Beta agreed on something."));
    const refresh = await cache.refresh();
    expect(refresh.changes.articles.changed).toEqual([file("articles/alpha.md")]);
    expect(refresh.corpus.deals).toEqual([]);
    expect(refresh.changes.deals.removed).toEqual([file("deals/alpha-beta.json")]);
    expect(refresh.corpus.problems[0]).toMatchObject({
      file: file("deals/alpha-beta.json"),
      field: "sources.0.quote",
    });
  });

  it("refuses a refresh while a whole folder is missing, and recovers when it is back", async () => {
    const cache = await baseCorpus();
    await cache.refresh();
    await rename(file("articles"), file("articles.moved"));
    await expect(cache.refresh()).rejects.toThrow(/articles is missing/);
    await rename(file("articles.moved"), file("articles"));
    const back = await cache.refresh();
    expect(changeSummary(back.changes)).toBe("no changes");
    expect(back.corpus.deals).toHaveLength(1);
  });

  it("keeps the last good companies.json, and a removed one leaves no companies", async () => {
    const cache = await baseCorpus();
    await cache.refresh();
    await writeFile(file("companies.json"), "{ not json");
    const broken = await cache.refresh();
    expect(broken.kept).toEqual([file("companies.json")]);
    expect(broken.corpus.companies.map((c) => c.id)).toEqual(["alpha", "beta"]);

    await writeFile(file("companies.json"), COMPANIES(["Alpha"]));
    const fewer = await cache.refresh();
    expect(fewer.changes.companies.changed).toEqual([file("companies.json")]);
    expect(fewer.corpus.problems).toEqual([
      expect.objectContaining({ code: "unknown-company", field: "parties.1.company" }),
    ]);

    await unlink(file("companies.json"));
    const none = await cache.refresh();
    expect(none.changes.companies.removed).toEqual([file("companies.json")]);
    expect(none.corpus.companies).toEqual([]);
  });
});

// ---- the live engine ------------------------------------------------------------------------

function refreshOf(articles: number, changed: boolean): CorpusRefresh {
  const none = { added: [], changed: [], removed: [] };
  return {
    corpus: {
      dirs: ["x"],
      articles: Array.from({ length: articles }, () => ({}) as never),
      deals: [],
      companies: [],
      problems: [],
    },
    changes: {
      articles: changed ? { ...none, added: ["articles/a.md"] } : none,
      deals: none,
      companies: none,
    },
    kept: [],
  };
}

/** A corpus source whose refreshes finish when the test says so. */
function controlledSource() {
  const calls: Array<(r: CorpusRefresh | Error) => void> = [];
  let active = 0;
  let most = 0;
  return {
    calls,
    get most() {
      return most;
    },
    source: {
      refresh: () =>
        new Promise<CorpusRefresh>((resolve, reject) => {
          active++;
          most = Math.max(most, active);
          calls.push((r) => {
            active--;
            if (r instanceof Error) reject(r);
            else resolve(r);
          });
        }),
    },
  };
}

const fakeEngine = (n: number) =>
  ({
    n,
    data: { corpus: { dirs: [], articles: [], deals: [], companies: [], problems: [] } },
  }) as unknown as Engine;

async function startedLive(control: ReturnType<typeof controlledSource>, reports: ReloadReport[]) {
  let built = 0;
  const starting = LiveEngine.start(control.source, {
    build: () => fakeEngine(++built),
    onReload: (r) => reports.push(r),
  });
  control.calls[0]?.(refreshOf(1, true));
  return starting;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("the live engine", () => {
  it("swaps in the new engine only once it is built, and only when something changed", async () => {
    const reports: ReloadReport[] = [];
    const control = controlledSource();
    const live = await startedLive(control, reports);
    const first = live.current;
    const reloading = live.reload("watch");
    await flush();
    // Mid-reload, queries still get the engine that was complete before.
    expect(live.current).toBe(first);
    control.calls[1]?.(refreshOf(2, true));
    const report = await reloading;
    expect(report.swapped).toBe(true);
    expect(live.current).not.toBe(first);
    const second = live.current;

    const idle = live.reload("command");
    await flush();
    control.calls[2]?.(refreshOf(2, false));
    expect((await idle).swapped).toBe(false);
    expect(live.current).toBe(second);
    expect(live.lastChange).toBe(report);
    expect(reports.map((r) => [r.trigger, r.swapped])).toEqual([
      ["start", true],
      ["watch", true],
      ["command", false],
    ]);
  });

  it("never runs two reloads at once; requests meanwhile share one follow-up", async () => {
    const control = controlledSource();
    const live = await startedLive(control, []);
    const a = live.reload("watch");
    const b = live.reload("watch");
    const c = live.reload("command");
    expect(b).toBe(c);
    await flush();
    expect(control.calls).toHaveLength(2);
    control.calls[1]?.(refreshOf(1, false));
    await a;
    await flush();
    // The follow-up starts only after the first one ended, and reads the files afresh.
    expect(control.calls).toHaveLength(3);
    control.calls[2]?.(refreshOf(3, true));
    expect((await b).totals.articles).toBe(3);
    // /reload joined a follow-up the watcher had asked for: the report is the asker's.
    expect((await b).trigger).toBe("command");
    expect(control.most).toBe(1);
    expect(live.busy).toBe(false);
  });

  it("keeps the engine in use when a reload fails, and reloads again later", async () => {
    const reports: ReloadReport[] = [];
    const control = controlledSource();
    const live = await startedLive(control, reports);
    const before = live.current;
    const failing = live.reload("watch");
    await flush();
    control.calls[1]?.(new Error("disk on fire"));
    const report = await failing;
    expect(report.error).toBeInstanceOf(Error);
    expect(report.swapped).toBe(false);
    expect(live.current).toBe(before);
    const next = live.reload("watch");
    await flush();
    control.calls[2]?.(refreshOf(4, true));
    expect((await next).swapped).toBe(true);
  });

  it("tells each problem once: the reload that first sees it", async () => {
    dir = await tempCorpus({ "articles/alpha.md": ARTICLE(ALPHA_TEXT) });
    const reports: ReloadReport[] = [];
    const live = await LiveEngine.start(new CorpusCache(dir), {
      onReload: (r) => reports.push(r),
    });
    await writeFile(file("articles/bad.md"), "nothing\n");
    const first = await live.reload("watch");
    expect(first.newProblems.map((p) => p.file)).toEqual([file("articles/bad.md")]);
    const second = await live.reload("watch");
    expect(second.newProblems).toEqual([]);
    expect(second.problems).toHaveLength(1);
    expect(live.current.data.corpus.articles.map((a) => a.id)).toEqual(["alpha"]);
  });
});

// ---- the watcher ----------------------------------------------------------------------------

describe("which paths are the corpus", () => {
  it("takes articles, deals and companies.json; not editors' swap and temporary files", () => {
    for (const p of ["articles/a.md", "deals/d.json", "companies.json", "articles", "deals"]) {
      expect(isCorpusPath(p), p).toBe(true);
    }
    for (const p of [
      "articles/.a.md.swp",
      "articles/a.md~",
      "articles/4913",
      "deals/d.json.tmp",
      "articles/.#a.md",
      "notes.txt",
      "articles/sub/a.md",
    ]) {
      expect(isCorpusPath(p), p).toBe(false);
    }
  });
});

describe("the watcher's debounce (fake clock)", () => {
  class FakeWatcher extends EventEmitter {
    constructor(readonly emit_: (event: string, name: string) => void) {
      super();
    }
    close() {}
  }

  let listeners: Map<string, (event: string, name: string) => void>;
  const fakeFs = {
    watch: ((folder: string, _options: unknown, listener: (e: string, n: string) => void) => {
      listeners.set(path.basename(folder), listener);
      return new FakeWatcher(listener) as unknown as FSWatcher;
    }) as never,
    statSync: (() => ({ isDirectory: () => true, ino: 1 })) as never,
  };

  beforeEach(() => {
    vi.useFakeTimers();
    listeners = new Map();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("turns a burst of writes into one change, after 300 ms of quiet", () => {
    const calls: string[][] = [];
    const watcher = watchCorpus("/corpus", { onChange: (p) => calls.push(p), fs: fakeFs });
    const articles = listeners.get("articles");
    expect(articles).toBeDefined();
    for (let i = 0; i < 20; i++) {
      if (i > 0) vi.advanceTimersByTime(20);
      articles?.("change", `a${i % 3}.md`);
    }
    articles?.("change", ".a0.md.swp");
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(299);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual([
      [
        path.join("articles", "a0.md"),
        path.join("articles", "a1.md"),
        path.join("articles", "a2.md"),
      ],
    ]);
    watcher.close();
  });

  it("still reports a folder that never calms down, at most 2 s after it started", () => {
    const calls: string[][] = [];
    const watcher = watchCorpus("/corpus", { onChange: (p) => calls.push(p), fs: fakeFs });
    const deals = listeners.get("deals");
    for (let i = 0; i < 100; i++) {
      deals?.("change", "d.json");
      vi.advanceTimersByTime(100);
    }
    // 10 s of writes every 100 ms: one report per 2 s, not none and not one per write.
    expect(calls.length).toBe(5);
    watcher.close();
  });

  it("ignores files that are not the corpus's", () => {
    const calls: string[][] = [];
    const watcher = watchCorpus("/corpus", { onChange: (p) => calls.push(p), fs: fakeFs });
    listeners.get("corpus")?.("rename", "notes.txt");
    listeners.get("articles")?.("rename", "4913");
    vi.advanceTimersByTime(5_000);
    expect(calls).toEqual([]);
    watcher.close();
  });
});

describe("the watcher on the real file system", () => {
  /** Resolves with the next change reported whose paths include `wanted`. */
  function nextChange(seen: string[][], wanted: string) {
    return vi.waitFor(
      () => {
        const found = seen.findIndex((p) => p.includes(wanted));
        if (found < 0) throw new Error(`no change of ${wanted} yet`);
        seen.splice(0, found + 1);
      },
      { timeout: 10_000, interval: 20 },
    );
  }

  it("keeps seeing a file after editors save it by renaming a temporary file over it", async () => {
    dir = await tempCorpus({ "articles/a.md": "one", "deals/.keep.json": "{}" });
    const seen: string[][] = [];
    const watcher = watchCorpus(dir, { onChange: (p) => seen.push(p), debounceMs: 20 });
    try {
      const target = file("articles/a.md");
      const wanted = path.join("articles", "a.md");
      for (const content of ["two", "three"]) {
        await writeFile(file("articles/.a.md.tmp"), content);
        await rename(file("articles/.a.md.tmp"), target);
        await nextChange(seen, wanted);
      }
      // Node 20's recursive watcher reports neither of these after two atomic saves.
      await writeFile(target, "four", { flag: "a" });
      await nextChange(seen, wanted);
      await unlink(target);
      await nextChange(seen, wanted);
    } finally {
      watcher.close();
    }
  });

  it("follows a folder that is deleted and made again", async () => {
    dir = await tempCorpus({ "articles/a.md": "one" });
    const seen: string[][] = [];
    const watcher = watchCorpus(dir, {
      onChange: (p) => seen.push(p),
      debounceMs: 20,
      recheckMs: 50,
    });
    try {
      await rm(file("articles"), { recursive: true });
      await mkdir(file("articles"));
      await nextChange(seen, "articles");
      // Written while the new folder may not be watched yet: some change must still follow
      // (the corpus folder's own watch, or the re-check), and a reload reads everything.
      const before = seen.length;
      await writeFile(file("articles/b.md"), "two");
      await vi.waitFor(() => expect(seen.length).toBeGreaterThan(before), { timeout: 10_000 });
      // By now the new folder is watched: its files' changes come by name.
      await writeFile(file("articles/b.md"), "three");
      await nextChange(seen, path.join("articles", "b.md"));
      // A folder that did not exist at start is watched once it does.
      await mkdir(file("deals"));
      await nextChange(seen, "deals");
      await writeFile(file("deals/d.json"), "{}");
      await nextChange(seen, path.join("deals", "d.json"));
    } finally {
      watcher.close();
    }
    // Five waits for the file system, each allowed 10 s: on a loaded machine the test as a whole
    // needs more than vitest's default 5 s.
  }, 30_000);
});

// ---- the /reload reply ----------------------------------------------------------------------

function report(part: Partial<ReloadReport>): ReloadReport {
  const none = { added: [], changed: [], removed: [] };
  return {
    trigger: "command",
    at: Date.UTC(2025, 0, 1),
    swapped: false,
    changes: { articles: none, deals: none, companies: none },
    kept: [],
    problems: [],
    newProblems: [],
    totals: { articles: 5, deals: 11, companies: 18 },
    ms: 42,
    ...part,
  };
}

const descriptionOf = (r: ReloadReport, last?: ReloadReport) =>
  renderReloadReport(r, last).embeds[0]?.description ?? "";

describe("the /reload reply", () => {
  it("names what changed by corpus folder, never by full path", () => {
    const reply = renderReloadReport(
      report({
        swapped: true,
        changes: {
          articles: { added: ["/srv/bot/corpus/articles/new_one.md"], changed: [], removed: [] },
          deals: { added: [], changed: [], removed: ["/srv/bot/corpus/deals/old.json"] },
          companies: { added: [], changed: ["/srv/bot/corpus/companies.json"], removed: [] },
        },
      }),
    );
    const text = `${reply.embeds[0]?.title}\n${reply.embeds[0]?.description}\n${reply.embeds[0]?.footer?.text}`;
    expect(text).toContain("Corpus reloaded");
    expect(text).toContain("articles 1 added · deals 1 removed · companies.json changed, in 42 ms");
    expect(text).toContain("**Articles added:** `articles/new_one.md`");
    expect(text).toContain("**Deals removed:** `deals/old.json`");
    expect(text).toContain("Now 5 articles, 11 deals, 18 companies");
    expect(text).not.toContain("/srv/bot");
    expect(shortName("/srv/bot/corpus/companies.json")).toBe("companies.json");
  });

  it("says nothing changed, and what the last change was", () => {
    const last = report({
      trigger: "watch",
      swapped: true,
      changes: {
        articles: { added: ["/c/articles/x.md"], changed: [], removed: [] },
        deals: { added: [], changed: [], removed: [] },
        companies: { added: [], changed: [], removed: [] },
      },
    });
    const text = descriptionOf(report({}), last);
    expect(text).toMatch(/^Nothing changed/);
    expect(text).toContain(
      `Last change <t:${Date.UTC(2025, 0, 1) / 1000}:R>: articles 1 added (\`articles/x.md\`).`,
    );
  });

  it("lists kept files and the problems, those of kept files first, within Discord's limits", () => {
    const problems = Array.from({ length: 40 }, (_, i) => ({
      file: `/c/deals/d${i}.json`,
      field: "sources.0.quote",
      message: "the quote does not stand verbatim in x",
      severity: "error" as const,
    }));
    const kept = {
      file: "/c/articles/kept_one.md",
      field: "title",
      message: "Invalid input",
      severity: "error" as const,
    };
    const many = Array.from({ length: 2_000 }, (_, i) => `/c/articles/a${i}.md`);
    const reply = renderReloadReport(
      report({
        swapped: true,
        changes: {
          articles: { added: many, changed: many, removed: many },
          deals: { added: many, changed: many, removed: many },
          companies: { added: [], changed: [], removed: [] },
        },
        kept: [kept.file],
        problems: [...problems, kept],
      }),
    );
    const text = reply.embeds[0]?.description ?? "";
    expect(text.length).toBeLessThanOrEqual(LIMITS.description);
    expect(text).toContain("**Kept the last good version of** `articles/kept_one.md`");
    expect(text).toContain("**Problems found** (41):");
    expect(text).toMatch(/`, \+\d+ more/);
    const lines = text.split("\n");
    const firstProblem = lines.findIndex((l) => l.startsWith("**Problems found**")) + 1;
    expect(lines[firstProblem]).toContain("articles/kept\\_one.md (title): Invalid input");
    expect(text).toContain("+33 more");
    expect(reply.embeds[0]?.color).not.toBe(0x2b6cb0);
  });

  it("says a failed reload changed nothing", () => {
    const reply = renderReloadReport(report({ error: new Error("x") }));
    expect(reply.embeds[0]?.title).toBe("Reload failed");
    expect(reply.embeds[0]?.description).toContain("keeps answering from the version it had");
  });
});

describe("the live engine on a real corpus", () => {
  it("answers from the new engine after a reload and from the old one before", async () => {
    dir = await tempCorpus({ "articles/alpha.md": ARTICLE(ALPHA_TEXT) });
    const live = await LiveEngine.start(new CorpusCache(dir));
    const before = live.current;
    await writeFile(
      file("articles/gamma.md"),
      ARTICLE("Gamma Radio Works will pay a royalty of $7.15 per radio.", "Gamma radio royalty"),
    );
    await live.reload("command");
    const question = "What royalty will Gamma Radio Works pay per radio?";
    expect(JSON.stringify(live.current.answer(question))).toContain("$7.15");
    expect(JSON.stringify(before.answer(question))).not.toContain("$7.15");
    expect(live.current).not.toBe(before);
  });
});
