import type { Problem } from "./article.js";
import type { Corpus } from "./load.js";

/**
 * What `npm run corpus:check` adds to loading: facts about the corpus as a whole that are worth
 * knowing but do not make a file wrong, and a report that puts the two findings people act on
 * most (articles no deal cites, deals naming companies missing from companies.json) in sections
 * of their own instead of somewhere in a long list.
 */
export interface CorpusNotice {
  file: string;
  message: string;
}

export function corpusNotices(corpus: Corpus): CorpusNotice[] {
  const cited = new Set(corpus.deals.flatMap((d) => d.sources.map((s) => s.article)));
  return corpus.articles
    .filter((a) => !cited.has(a.id))
    .map((a) => ({ file: a.file, message: "no deal record cites this article" }));
}

export function formatProblem(p: Problem): string {
  return `${p.severity === "error" ? "error" : "warning"}: ${p.file}${p.field ? ` (${p.field})` : ""}: ${p.message}`;
}

/** One company id that deals name but companies.json does not hold, with where it is named. */
export interface UnknownCompany {
  company: string;
  places: Array<{ file: string; field?: string }>;
}

export function unknownCompanies(problems: Problem[]): UnknownCompany[] {
  const byCompany = new Map<string, UnknownCompany>();
  for (const p of problems) {
    if (p.code !== "unknown-company") continue;
    const company = /unknown company "(.*)"/.exec(p.message)?.[1] ?? "?";
    const entry = byCompany.get(company) ?? { company, places: [] };
    entry.places.push({ file: p.file, ...(p.field ? { field: p.field } : {}) });
    byCompany.set(company, entry);
  }
  return [...byCompany.values()].sort((a, b) => a.company.localeCompare(b.company));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The whole `corpus:check` output, and whether the corpus passes. */
export function checkReport(corpus: Corpus, dir: string): { lines: string[]; ok: boolean } {
  const { articles, deals, companies, problems } = corpus;
  const lines = problems.filter((p) => p.code !== "unknown-company").map(formatProblem);

  const unknown = unknownCompanies(problems);
  if (unknown.length > 0) {
    const dealFiles = new Set(unknown.flatMap((u) => u.places.map((p) => p.file)));
    lines.push(
      "",
      `Deals naming companies missing from companies.json (${plural(unknown.length, "company", "companies")}, ${plural(dealFiles.size, "deal")}):`,
    );
    for (const u of unknown) {
      for (const place of u.places) {
        lines.push(
          `  warning: "${u.company}" in ${place.file}${place.field ? ` (${place.field})` : ""}`,
        );
      }
    }
    lines.push(
      "  → add each to companies.json (id, name, aliases), or correct the id in the deal; until then /deal and /company cannot name them properly",
    );
  }

  const notices = corpusNotices(corpus);
  if (notices.length > 0) {
    const titles = new Map(articles.map((a) => [a.file, a.meta.title]));
    lines.push("", `Articles no deal cites (${notices.length} of ${articles.length}):`);
    for (const n of notices) {
      const title = titles.get(n.file);
      lines.push(`  notice: ${n.file}${title ? ` ("${title}")` : ""}: ${n.message}`);
    }
    lines.push(
      "  → they still answer /ask; a deal record in deals/ quoting them brings them into /deal and /company",
    );
  }

  const summary = `${plural(articles.length, "article")}, ${plural(deals.length, "deal")}, ${plural(companies.length, "company", "companies")}`;
  const uncited = notices.length > 0 ? `; ${plural(notices.length, "article")} no deal cites` : "";
  lines.push("");
  if (articles.length === 0) {
    lines.push(`corpus:check: no articles found in ${dir}/articles; is CORPUS_DIR right?`);
    return { lines, ok: false };
  }
  if (problems.length > 0) {
    lines.push(`corpus:check: ${problems.length} problem(s) in ${dir} (${summary})${uncited}`);
    return { lines, ok: false };
  }
  lines.push(`corpus:check: ok (${summary})${uncited}`);
  return { lines, ok: true };
}
