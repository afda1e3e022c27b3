import { Document, parse as parseYaml } from "yaml";
import { analyze, isStopword, normalize, termsOf, tokenize, wordSpans } from "../text/analyze.js";
import { type Article, decodeText, FRONT_MATTER, type Problem, parseArticle } from "./article.js";
import { isChromeLine } from "./chrome.js";
import { ArticleMetaSchema, type Company } from "./schemas.js";

/**
 * What importing needs from the engine's company directory, declared here so that the corpus
 * layer never imports the engine; the command passes the real directory in.
 */
export interface CompanyNames {
  readonly companies: readonly Company[];
  mentionedIn(text: string): string[];
  get(id: string): Company | undefined;
}

/**
 * Turns raw scraped article text into a corpus article: headline, slug, front matter, and how it
 * relates to the articles already there. Pure: the caller reads the files and writes the result.
 */

/** Metadata a person can give on the command line; what they give wins over front matter. */
export interface MetaOverrides {
  title?: string;
  publisher?: string;
  author?: string;
  published?: string;
  url?: string;
  language?: string;
}

export const OVERRIDE_FIELDS = [
  "title",
  "publisher",
  "author",
  "published",
  "url",
  "language",
] as const satisfies ReadonlyArray<keyof MetaOverrides>;

// Same text twice: one outlet's story scraped twice, or with a typo fixed. Copies differing by a
// sentence still share >0.9 of their 5-word runs; stories retold by another outlet share <0.1.
export const DUPLICATE_JACCARD = 0.9;
// A reprint or a press release quoted at length: at least this share of the shorter story's
// 5-word runs appear in the other. Retellings of one story by other outlets share 0.01–0.12.
export const REPRINT_CONTAINMENT = 0.3;
// Headline terms (besides company names) two reports of one deal share: the deal's own words
// ("patent", "licence", "deal"). One shared term is too weak: "sues" and "settles" share "patent".
export const SHARED_TITLE_TERMS = 2;
// Two reports of one announcement appear within days; a renewal years later is another story.
export const SAME_STORY_DAYS = 7;

/** A headline longer than this is more likely the first paragraph, with the headline missing. */
const MAX_TITLE_WORDS = 30;
const SLUG_MAX = 60;
const SHINGLE = 5;

// Mirrors the loader's front-matter block, so what is split here is what the loader will read.

export interface SourceFile {
  /** The file's name, for messages and as the slug of last resort. */
  name: string;
  bytes: Uint8Array;
}

export interface Link {
  id: string;
  reason: string;
}

export interface NameCandidate {
  name: string;
  count: number;
}

export type ImportOutcome =
  | {
      status: "imported";
      source: string;
      id: string;
      /** The whole new `articles/<id>.md` file. */
      content: string;
      article: Article;
      /** Articles reporting the same story, also written as `related:` in the front matter. */
      links: Link[];
      /** Ids of known companies the article names, in order of first mention. */
      companies: string[];
      /** Names that look like companies the corpus does not know yet. */
      candidates: NameCandidate[];
    }
  | {
      status: "refused";
      source: string;
      reasons: string[];
      /** The article this one repeats, when that is why it was refused. */
      duplicateOf?: string;
    };

export interface ImportContext {
  existing: Article[];
  directory: CompanyNames;
  /** Ids (file names without `.md`) already in `articles/`, loadable or not. */
  takenIds: Iterable<string>;
  overrides?: MetaOverrides;
}

/** Problems with command-line metadata, judged by the same schema the loader uses. */
export function checkOverrides(overrides: MetaOverrides): string[] {
  const given = Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  );
  const parsed = ArticleMetaSchema.partial().safeParse(given);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`);
}

function stripHeadingMarks(line: string): string {
  const text = line.replace(/^#{1,6}\s+/, "").trim();
  const emphasis = /^(\*\*|__)(.+)\1$/.exec(text);
  return (emphasis?.[2] ?? text).trim();
}

/** The headline: the first line that is neither site chrome nor decoration. */
export function detectTitle(body: string): string | undefined {
  for (const line of body.split(/\r?\n/)) {
    if (isChromeLine(line) || !/[\p{L}\p{N}]/u.test(line)) continue;
    const title = stripHeadingMarks(line.trim());
    if (title) return title;
  }
  return undefined;
}

// Letters NFKD leaves whole; without these "Søn" would split into "s" and "n".
const UNDECOMPOSED: Record<string, string> = {
  ø: "o",
  Ø: "O",
  æ: "ae",
  Æ: "AE",
  œ: "oe",
  Œ: "OE",
  ß: "ss",
  đ: "d",
  Đ: "D",
  ł: "l",
  Ł: "L",
  þ: "th",
  Þ: "TH",
};

const UNDECOMPOSED_LETTER = new RegExp(`[${Object.keys(UNDECOMPOSED).join("")}]`, "g");

/** Lower-case ASCII words of `title` joined by '-', cut at a word boundary. */
export function slugify(title: string, max = SLUG_MAX): string {
  const words =
    normalize(title)
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(UNDECOMPOSED_LETTER, (c) => UNDECOMPOSED[c] ?? c)
      .toLowerCase()
      // "China's" is one word, not "china" and "s".
      .replace(/(?<=\p{L})['’](?=\p{L})/gu, "")
      .match(/[a-z0-9]+/g) ?? [];
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > max) break;
    slug = next;
  }
  return slug || (words[0]?.slice(0, max) ?? "");
}

export function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  const isTaken = (id: string) => taken.has(id.toLowerCase());
  if (!isTaken(base)) return base;
  for (let n = 2; ; n++) {
    if (!isTaken(`${base}-${n}`)) return `${base}-${n}`;
  }
}

const META_ORDER = ["title", "publisher", "author", "published", "url", "language", "related"];

/** The article file: YAML front matter, then the body exactly as given. */
export function renderArticle(meta: Record<string, unknown>, body: string): string {
  const ordered: Record<string, unknown> = {};
  for (const key of META_ORDER) if (meta[key] !== undefined) ordered[key] = meta[key];
  for (const [key, value] of Object.entries(meta)) {
    if (!(key in ordered) && value !== undefined) ordered[key] = value;
  }
  const doc = new Document(ordered);
  // Quoted, so YAML 1.1 readers keep the date a string, as the loader does.
  const published = doc.get("published", true);
  if (published && typeof published === "object" && "type" in published) {
    published.type = "QUOTE_DOUBLE";
  }
  return `---\n${doc.toString({ lineWidth: 0 })}---\n${body}`;
}

function words(text: string): string[] {
  return (
    normalize(text)
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Overlapping runs of `n` words, case and punctuation folded. */
export function shingles(text: string, n = SHINGLE): Set<string> {
  const list = words(text);
  const out = new Set<string>();
  if (list.length > 0 && list.length < n) out.add(list.join(" "));
  for (let i = 0; i + n <= list.length; i++) out.add(list.slice(i, i + n).join(" "));
  return out;
}

export function resemblance(
  a: Set<string>,
  b: Set<string>,
): { jaccard: number; containment: number } {
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  const union = a.size + b.size - shared;
  const smaller = Math.min(a.size, b.size);
  return {
    jaccard: union === 0 ? 0 : shared / union,
    containment: smaller === 0 ? 0 : shared / smaller,
  };
}

/** The story without headline and chrome, as the loader sees it. */
export function storyText(article: Article): string {
  return article.paragraphs
    .filter((p) => p.kind === "text")
    .map((p) => article.text.slice(p.start, p.end))
    .join("\n\n");
}

interface Fingerprint {
  id: string;
  url?: string;
  published?: string;
  shingles: Set<string>;
  titleCompanies: string[];
  /** Headline terms other than company names, each with the word it came from. */
  titleTerms: Map<string, string>;
}

function companyNameTerms(directory: CompanyNames): Set<string> {
  const terms = new Set<string>();
  for (const c of directory.companies) {
    for (const name of [c.name, ...c.aliases, ...c.tickers]) {
      for (const term of analyze(name)) terms.add(term);
    }
  }
  return terms;
}

function fingerprint(
  article: Article,
  directory: CompanyNames,
  nameTerms: Set<string>,
): Fingerprint {
  const title = article.meta.title;
  const titleTerms = new Map<string, string>();
  for (const word of tokenize(title)) {
    for (const term of termsOf(word)) {
      if (!nameTerms.has(term) && !titleTerms.has(term)) titleTerms.set(term, word);
    }
  }
  return {
    id: article.id,
    url: article.meta.url,
    published: article.meta.published,
    shingles: shingles(storyText(article)),
    titleCompanies: directory.mentionedIn(title).sort(),
    titleTerms,
  };
}

function daysApart(a: string, b: string): number {
  return Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

type Verdict =
  | { kind: "duplicate"; reason: string }
  | { kind: "related"; reason: string }
  | undefined;

/** Whether `a` repeats `b`, reports the same story, or neither. */
function compareArticles(a: Fingerprint, b: Fingerprint, directory: CompanyNames): Verdict {
  if (a.url && a.url === b.url) return { kind: "duplicate", reason: `the same url as "${b.id}"` };
  const { jaccard, containment } = resemblance(a.shingles, b.shingles);
  if (jaccard >= DUPLICATE_JACCARD) {
    return {
      kind: "duplicate",
      reason: `the same text as "${b.id}" (${percent(jaccard)} of 5-word runs shared)`,
    };
  }
  if (containment >= REPRINT_CONTAINMENT) {
    return { kind: "related", reason: `${percent(containment)} of its 5-word runs are shared` };
  }
  const sameCompanies =
    a.titleCompanies.length >= 2 &&
    a.titleCompanies.length === b.titleCompanies.length &&
    a.titleCompanies.every((id, i) => b.titleCompanies[i] === id);
  if (!sameCompanies) return undefined;
  if (a.published && b.published && daysApart(a.published, b.published) > SAME_STORY_DAYS) {
    return undefined;
  }
  const shared = [...a.titleTerms].filter(([term]) => b.titleTerms.has(term)).map(([, w]) => w);
  if (shared.length < SHARED_TITLE_TERMS) return undefined;
  const names = a.titleCompanies.map((id) => directory.get(id)?.name ?? id).join(", ");
  return {
    kind: "related",
    reason: `headlines name the same companies (${names}) and share "${shared.join('", "')}"`,
  };
}

// Capitalised words that are not company names: calendar, places and peoples, roles, jargon.
// Kept short on purpose: words the story also writes in lower case are caught without a list.
const NOT_COMPANIES = new Set(
  `january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday
  us u.s usa america american united states kingdom uk u.k britain british eu europe european
  china chinese japan japanese korea korean south north india indian germany german france
  french finland finnish sweden swedish norway norwegian taiwan russia indonesia asia asian
  africa canada canadian brazil beijing shenzhen munich california texas delaware washington
  ceo cfo cto coo president chairman chairwoman chief executive officer director head founder
  vice senior manager spokesperson spokesman analyst mr mrs ms dr judge minister former
  court district regional federal supreme
  ip ipr sep seps frand lte gsm wi-fi wifi iot ai ar vr oem oems npe usd rmb internet`.split(/\s+/),
);

// A name right after one of these is a person's: "said Rajeev Suri", "President Donald Trump".
const PERSON_BEFORE = new Set(
  `said says stated told added according former mr mrs ms dr ceo cfo cto president chairman
  chairwoman chief executive officer director head founder judge minister analyst spokesperson
  spokesman`.split(/\s+/),
);
// ...or right before a verb of speech: "Alan Fan quoted".
const PERSON_VERBS = new Set(["said", "says", "stated", "told", "added", "quoted"]);
// ...or before a comma and a role: "Lei Jun, chairman", "Hugo Barra, its former head".
const PERSON_ROLES = new Set(
  `former ceo cfo cto president chairman chairwoman chief executive officer director head founder
  vice senior manager analyst spokesperson spokesman`.split(/\s+/),
);

interface Token {
  text: string;
  lower: string;
  capitalised: boolean;
  sentenceStart: boolean;
  /** Joined to the previous token by spaces only (or " & "), so part of one name. */
  joined: boolean;
  /** What separates it from the previous token. */
  gap: string;
}

function isPerson(tokens: Token[], start: number, end: number): boolean {
  const before = tokens[start - 1];
  if (before && PERSON_BEFORE.has(before.lower)) return true;
  const after = tokens[end];
  if (!after) return false;
  if (!after.gap.includes(",") && PERSON_VERBS.has(after.lower)) return true;
  if (!after.gap.includes(",")) return false;
  return tokens.slice(end, end + 3).some((t) => PERSON_ROLES.has(t.lower));
}

function tokensOf(text: string): Token[] {
  const spans = wordSpans(text);
  return spans.map((span, i) => {
    const gap = i === 0 ? "\n" : text.slice(spans[i - 1]?.end ?? 0, span.start);
    const word = span.text;
    return {
      text: word,
      lower: word.toLowerCase().replace(/'s$|'$/, ""),
      capitalised: /^\p{Lu}/u.test(word) && !/\d/.test(word),
      sentenceStart: /[.!?]\S*\s|\n|:\s|[“"]\s*$/u.test(gap),
      joined: /^(?:[ \t]+|[ \t]*&[ \t]*)$/.test(gap),
      gap,
    };
  });
}

/**
 * Names in `story` that look like companies the directory lacks: runs of capitalised words, or a
 * capitalised word used at least twice mid-sentence. People (next to "said", "CEO"…), places,
 * months and words the text also uses in lower case are left out. A hint, not a finding.
 */
export function newCompanyCandidates(story: string, directory: CompanyNames): NameCandidate[] {
  const tokens = tokensOf(normalize(story));
  const lowerUse = new Set(tokens.filter((t) => !t.capitalised).map((t) => t.lower));
  const isNameWord = (t: Token) =>
    t.capitalised && !NOT_COMPANIES.has(t.lower) && !isStopword(t.lower);

  const counts = new Map<string, { count: number; words: number; order: number }>();
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i];
    // A name may hold common words ("Ostrava Codec Labs") but does not start with one.
    if (!first || !isNameWord(first) || lowerUse.has(first.lower)) {
      i++;
      continue;
    }
    const start = i;
    let end = i + 1;
    while (end < tokens.length) {
      const next = tokens[end];
      if (!next?.joined || next.sentenceStart || !isNameWord(next)) break;
      end++;
    }
    i = end;
    const run = tokens.slice(start, end);
    const name = run.map((t, k) => (k === run.length - 1 ? t.text.replace(/'s?$/, "") : t.text));
    const text = name.join(" ");
    if (directory.mentionedIn(text).length > 0) continue;
    if (run.length > 1) {
      if (isPerson(tokens, start, end)) continue;
    } else if (first.sentenceStart) {
      // A capital at a sentence start says nothing; only mid-sentence uses count.
      continue;
    }
    const entry = counts.get(text) ?? { count: 0, words: run.length, order: counts.size };
    entry.count++;
    counts.set(text, entry);
  }

  // "Velmont" after "Velmont Wireless" is the same firm by its short name.
  for (const [name, entry] of counts) {
    if (entry.words > 1) continue;
    const full = [...counts.entries()].find(([n, e]) => e.words > 1 && n.startsWith(`${name} `));
    if (full) {
      full[1].count += entry.count;
      counts.delete(name);
    }
  }
  return [...counts.entries()]
    .filter(([, e]) => e.words > 1 || e.count >= 2)
    .sort(([, a], [, b]) => b.count - a.count || a.order - b.order)
    .map(([name, e]) => ({ name, count: e.count }));
}

function reasonsOf(problems: Problem[]): string[] {
  return problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
}

interface Split {
  data: Record<string, unknown>;
  body: string;
}

/** Front matter of a `.md` file as data, and the body after it. */
export function splitFrontMatter(text: string): Split | { error: string } {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { data: {}, body: text };
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? "", { schema: "core" }) ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return { error: `front matter is not valid YAML: ${reason}` };
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    return { error: "front matter must be a YAML mapping of fields (title: …)" };
  }
  return { data: data as Record<string, unknown>, body: text.slice(match[0].length) };
}

function baseName(name: string): string {
  return (name.split(/[\\/]/).at(-1) ?? name).replace(/\.(?:txt|md)$/i, "");
}

export interface Importer {
  /** Plans one file against the corpus and every file planned before it; writes nothing. */
  plan(file: SourceFile): ImportOutcome;
}

/**
 * An importer for one batch. Each file is checked against the corpus and the files before it,
 * so a folder holding one story twice refuses the second copy.
 */
export function createImporter(context: ImportContext): Importer {
  const { directory } = context;
  const nameTerms = companyNameTerms(directory);
  const taken = new Set([...context.takenIds].map((id) => id.toLowerCase()));
  for (const a of context.existing) taken.add(a.id.toLowerCase());
  const pool = context.existing.map((a) => fingerprint(a, directory, nameTerms));
  const overrides = Object.fromEntries(
    Object.entries(context.overrides ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v).trim()]),
  ) as MetaOverrides;

  const plan = (file: SourceFile): ImportOutcome => {
    const refuse = (reasons: string[], duplicateOf?: string): ImportOutcome => ({
      status: "refused",
      source: file.name,
      reasons,
      ...(duplicateOf ? { duplicateOf } : {}),
    });
    const decoded = decodeText(file.name, file.bytes);
    if (!decoded.ok) return refuse(reasonsOf(decoded.problems));

    const split: Split | { error: string } = /\.md$/i.test(file.name)
      ? splitFrontMatter(decoded.value)
      : { data: {}, body: decoded.value };
    if ("error" in split) return refuse([split.error]);
    const { body } = split;
    const meta: Record<string, unknown> = { ...split.data, ...overrides };
    if (meta.title === undefined) {
      const title = detectTitle(body);
      if (title === undefined) {
        return refuse(["no headline found (the file holds only site chrome); pass --title"]);
      }
      const count = title.split(/\s+/).length;
      if (count > MAX_TITLE_WORDS) {
        return refuse([
          `the first line has ${count} words, so it looks like story text rather than a headline; pass --title`,
        ]);
      }
      meta.title = title;
    }

    const title = typeof meta.title === "string" ? meta.title : "";
    const id = uniqueSlug(slugify(title) || slugify(baseName(file.name)) || "article", taken);
    const path = `articles/${id}.md`;
    const check = (content: string): Article | string[] => {
      const parsed = parseArticle(id, path, content);
      if (!parsed.ok) return reasonsOf(parsed.problems);
      if (parsed.value.text !== body) return ["the body would not survive the round trip intact"];
      return parsed.value;
    };

    let content = renderArticle(meta, body);
    let article = check(content);
    if (Array.isArray(article)) return refuse(article);

    const print = fingerprint(article, directory, nameTerms);
    const links: Link[] = [];
    for (const other of pool) {
      const verdict = compareArticles(print, other, directory);
      if (verdict?.kind === "duplicate") return refuse([verdict.reason], other.id);
      if (verdict?.kind === "related") links.push({ id: other.id, reason: verdict.reason });
    }
    if (links.length > 0) {
      const given = Array.isArray(meta.related) ? (meta.related as unknown[]) : [];
      meta.related = [...new Set([...given.map(String), ...links.map((l) => l.id)])];
      content = renderArticle(meta, body);
      article = check(content);
      if (Array.isArray(article)) return refuse(article);
    }

    taken.add(id.toLowerCase());
    pool.push(print);
    const story = storyText(article);
    return {
      status: "imported",
      source: file.name,
      id,
      content,
      article,
      links,
      companies: directory.mentionedIn(`${title}\n\n${story}`),
      candidates: newCompanyCandidates(story, directory),
    };
  };
  return { plan };
}

/** Plans a batch in order; an imported outcome carries the file content for the caller. */
export function planImports(files: SourceFile[], context: ImportContext): ImportOutcome[] {
  const importer = createImporter(context);
  return files.map((file) => importer.plan(file));
}
