import fc from "fast-check";
import MiniSearch from "minisearch";
import type SearchableMap from "minisearch/SearchableMap";
import { beforeAll, describe, expect, it } from "vitest";
import { writeCorpus } from "../../src/bench/generate-corpus.js";
import { benchQueries } from "../../src/bench/queries.js";
import { type Corpus, loadCorpus } from "../../src/corpus/load.js";
import { CompanyDirectory } from "../../src/engine/companies.js";
import { indexPassages, PASSAGE_FIELDS } from "../../src/engine/engine.js";
import type { PassageStore } from "../../src/engine/passages.js";
import { type IndexHit, type QueryTerm, TermIndex } from "../../src/engine/search-index.js";
import { analyze, termsOf, tokenize } from "../../src/text/analyze.js";
import { CORPUS_DIR, FIXTURE_CORPUS_DIR } from "./helpers.js";

/**
 * The compact index must rank exactly as MiniSearch did with the options the engine used
 * before it (scores, order of ties, matched terms), or answers would change. Both are built
 * over the same analysed passages and asked the same queries.
 */

interface Doc {
  id: number;
  text: string;
  section: string;
  title: string;
}

let corpus: Corpus;
let passages: PassageStore;
let compact: TermIndex;
let tinyBlocks: TermIndex;
let reference: MiniSearch<Doc>;
let vocabulary: string[];

beforeAll(async () => {
  corpus = await loadCorpus([CORPUS_DIR, FIXTURE_CORPUS_DIR]);
  const directory = new CompanyDirectory(corpus.companies);
  ({ passages, passageIndex: compact } = indexPassages(corpus, directory));
  tinyBlocks = new TermIndex(compact.parts(), 5);
  const articles = new Map(corpus.articles.map((a) => [a.id, a]));
  // The options the engine gave MiniSearch: passages already analysed, terms joined by spaces.
  reference = new MiniSearch<Doc>({
    fields: ["text", "section", "title"],
    tokenize: (analysed) => analysed.split(" "),
    processTerm: (term) => term || null,
  });
  const docs: Doc[] = [];
  for (let id = 0; id < passages.length; id++) {
    const p = passages.get(id);
    const article = p && articles.get(p.articleId);
    if (!p || !article) throw new Error(`passage ${id}`);
    docs.push({
      id,
      text: analyze(article.text.slice(p.start, p.end)).join(" "),
      section: p.section ? analyze(p.section).join(" ") : "",
      title: analyze(article.meta.title).join(" "),
    });
  }
  reference.addAll(docs);
  vocabulary = [...compact.terms];
});

/** The reference search with the engine's old options. */
function referenceSearch(
  terms: QueryTerm[],
  options: { boost?: number[]; combineWith?: "OR" | "AND" },
) {
  return reference.search(terms.map((t) => t.term).join(" "), {
    tokenize: (s) => s.split(" "),
    processTerm: (t) => t,
    fuzzy: (_term, i) => terms[i]?.fuzzy || false,
    ...(options.boost
      ? {
          boost: {
            text: options.boost[0] ?? 1,
            section: options.boost[1] ?? 1,
            title: options.boost[2] ?? 1,
          },
        }
      : {}),
    combineWith: options.combineWith ?? "OR",
  });
}

/**
 * Exact queries must agree to the last bit and in the order of ties. Fuzzy forms of a term are
 * enumerated in another order than MiniSearch's radix tree, so their scores may be added in
 * another order: equal to within rounding, and documents within rounding may swap.
 */
function expectSame(terms: QueryTerm[], options: { boost?: number[]; combineWith?: "OR" | "AND" }) {
  const want = referenceSearch(terms, options);
  // The index is read in blocks of documents; tiny blocks put boundaries inside every run.
  for (const index of [compact, tinyBlocks]) expectSameFrom(index, terms, options, want);
}

function expectSameFrom(
  index: TermIndex,
  terms: QueryTerm[],
  options: { boost?: number[]; combineWith?: "OR" | "AND" },
  want: ReturnType<typeof referenceSearch>,
) {
  const got = index.search(terms, options);
  const label = terms.map((t) => `${t.term}~${t.fuzzy ?? 0}`).join(" ");
  const shape = (h: { id: unknown; score: number; terms: string[] }) => ({
    id: h.id,
    score: h.score,
    terms: [...h.terms].sort(),
  });
  if (terms.every((t) => !t.fuzzy)) {
    expect(got.map(shape), label).toEqual(want.map(shape));
    // A limit returns the same first hits in the same order.
    expect(index.search(terms, { ...options, limit: 7 }).map(shape)).toEqual(
      want.slice(0, 7).map(shape),
    );
    return;
  }
  // Runs of scores equal within rounding, compared as sets.
  const runs = (hits: Array<{ id: unknown; score: number; terms: string[] }>) => {
    const out: Array<{ score: number; members: string[] }> = [];
    for (const h of hits) {
      const last = out.at(-1);
      const member = JSON.stringify([h.id, [...h.terms].sort()]);
      if (last && Math.abs(last.score - h.score) <= 1e-9 * Math.abs(h.score))
        last.members.push(member);
      else out.push({ score: h.score, members: [member] });
    }
    return out.map((r) => ({ score: r.score.toPrecision(10), members: r.members.sort() }));
  };
  expect(runs(got), label).toEqual(runs(want));
}

describe("the compact passage index", () => {
  it("scores, orders and reports terms as MiniSearch for the engine's queries", () => {
    const questions = [
      "What royalty per device did Huawei say it would charge?",
      "Which car makers did Huawei reach agreements with?",
      "Nokia Xiaomi cross-licence 5G",
      "patent licence agreement",
      "What is the best pizza topping?",
    ];
    for (const q of questions) {
      const terms = [...new Set(analyze(q))].map((term) => ({ term }));
      expectSame(terms, { boost: [1, 0.4, 0.3] });
      expectSame(terms, { combineWith: "AND" });
    }
  });

  it("matches typos as MiniSearch's fuzzy search does", () => {
    // Misspelled words get the engine's fuzziness: a fifth of their letters, at most two.
    const typed = ["huwaei", "licensng", "royalti", "agreemnt", "xiaomee", "qualcom", "nokai"];
    for (const word of typed) {
      const terms = analyze(word).map((term) => ({
        term,
        fuzzy: Math.min(2, Math.round(term.length * 0.2)),
      }));
      expectSame(terms, { boost: [1, 0.4, 0.3] });
    }
  });

  it("agrees on random queries of index terms, typos and unknown words", () => {
    const word = fc.oneof(
      fc.constantFrom(...vocabulary),
      fc
        .tuple(fc.constantFrom(...vocabulary), fc.nat(), fc.constantFrom("a", "e", "x", ""))
        .map(([w, i, c]) => {
          const at = w.length > 0 ? i % w.length : 0;
          return w.slice(0, at) + c + w.slice(at + 1);
        }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, fc.constantFrom(0, 0, 1, 2)), { minLength: 1, maxLength: 5 }),
        fc.constantFrom<"OR" | "AND">("OR", "AND"),
        (query, combineWith) => {
          const terms = query
            .filter(([w]) => w.length > 0 && !w.includes(" "))
            .map(([term, fuzzy]) => ({ term, fuzzy }));
          if (terms.length === 0) return;
          expectSame(terms, { boost: [1, 0.4, 0.3], combineWith });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("counts a term's passages as the engine's term statistics did", () => {
    const docFreq = new Map<string, number>();
    const articles = new Map(corpus.articles.map((a) => [a.id, a]));
    for (let id = 0; id < passages.length; id++) {
      const p = passages.get(id);
      const article = p && articles.get(p.articleId);
      if (!p || !article) continue;
      for (const t of new Set(analyze(article.text.slice(p.start, p.end))))
        docFreq.set(t, (docFreq.get(t) ?? 0) + 1);
    }
    for (const term of vocabulary) {
      expect(compact.documentFrequency(term, PASSAGE_FIELDS.text)).toBe(docFreq.get(term) ?? 0);
    }
  });

  it("survives saving and loading its parts", () => {
    const copy = new TermIndex(compact.parts());
    const terms = analyze("Huawei royalty per device licence").map((term) => ({ term }));
    const strip = (hits: IndexHit[]) => hits.map((h) => [h.id, h.score]);
    expect(strip(copy.search(terms))).toEqual(strip(compact.search(terms)));
  });

  it("finds the same fuzzy terms as MiniSearch's radix tree", () => {
    const probes = ["huwaei", "licens", "royalti", "nokia", "xiaom", "agre", "patnt"];
    for (const probe of probes) {
      for (const distance of [1, 2]) {
        // MiniSearch's own term tree (private, hence the cast).
        const tree = (reference as unknown as { _index: SearchableMap<unknown> })._index;
        const want = [...tree.fuzzyGet(probe, distance)]
          .filter(([, [, d]]) => d > 0)
          .map(([term, [, d]]) => `${term}:${d}`)
          .sort();
        const got = compact
          .fuzzyTerms(probe, distance)
          .map(({ id, distance: d }) => `${compact.terms[id]}:${d}`)
          .sort();
        expect(got, `${probe} ±${distance}`).toEqual(want);
      }
    }
  });
});

describe("the deal index", () => {
  it("ranks deal records as MiniSearch did", async () => {
    const { indexDeals } = await import("../../src/engine/engine.js");
    const directory = new CompanyDirectory(corpus.companies);
    const compactDeals = indexDeals(corpus.deals, directory);
    const reference = new MiniSearch<{ id: number; deal: (typeof corpus.deals)[number] }>({
      fields: ["summary", "parties", "kinds", "subject"],
      tokenize,
      processTerm: (term: string) => termsOf(term),
      extractField: ({ id, deal }, field) => {
        if (field === "id") return String(id);
        if (field === "summary") return deal.summary;
        if (field === "kinds") return deal.kinds.join(" ");
        if (field === "subject")
          return [deal.subject?.patents ?? "", ...(deal.subject?.technologies ?? [])].join(" ");
        if (field === "parties")
          return deal.parties
            .flatMap((p) => {
              const c = directory.get(p.company);
              return c ? [c.name, ...c.aliases] : [p.company];
            })
            .join(" ");
        return "";
      },
    });
    reference.addAll(corpus.deals.map((deal, id) => ({ id, deal })));
    for (const question of [
      "What did Huawei and Nokia agree on patents for 5G?",
      "car makers licence huawei",
      "royalty per device",
    ]) {
      const want = reference.search(question).map((h) => [Number(h.id), h.score]);
      const got = compactDeals
        .search(
          tokenize(question)
            .flatMap(termsOf)
            .map((term) => ({ term })),
        )
        .map((h) => [h.id, h.score]);
      expect(got).toEqual(want);
    }
  });
});

describe("the bench queries", () => {
  it("are the same for the same corpus and count", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = mkdtempSync(path.join(os.tmpdir(), "bench-queries-"));
    try {
      writeCorpus(dir, { articles: 30, seed: "q" });
      const a = benchQueries(dir, 120);
      expect(benchQueries(dir, 120)).toEqual(a);
      expect(a.ask.length).toBeGreaterThanOrEqual(120);
      expect(a.deal.length).toBeGreaterThanOrEqual(120);
      expect(a.suggest).toHaveLength(120);
      expect(a.ask.slice(0, a.needles.length)).toEqual(a.needles.map((n) => n.question));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
