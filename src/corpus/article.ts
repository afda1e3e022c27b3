import { parse as parseYaml } from "yaml";
import { type Paragraph, storyParagraphs } from "./chrome.js";
import { type ArticleMeta, ArticleMetaSchema } from "./schemas.js";

export interface Article {
  /** The file name without `.md`: stable, and what sources and deal records refer to. */
  id: string;
  file: string;
  meta: ArticleMeta;
  /** The article text after the front matter, exactly as published. */
  text: string;
  /** The story's paragraphs within `text`: chrome, headline and trailing links excluded. */
  paragraphs: Paragraph[];
}

/** A problem with one corpus file: which file, which field, what is wrong and how to fix it. */
export interface Problem {
  file: string;
  field?: string;
  message: string;
  /** Warnings load anyway; errors skip the file (or the record). */
  severity: "error" | "warning";
  /** For the problems `corpus:check` reports in a section of their own. */
  code?: "unknown-company";
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Decodes a file as UTF-8 text, refusing binaries and empty files with a message. */
export function decodeText(file: string, bytes: Uint8Array): Parsed<string> {
  const fail = (message: string): Parsed<string> => ({
    ok: false,
    problems: [{ file, message, severity: "error" }],
  });
  if (bytes.length === 0) return fail("the file is empty; write an article or remove the file");
  if (bytes.includes(0)) return fail("this is not a text file (it contains NUL bytes); remove it");
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (!text.trim()) return fail("the file holds only whitespace; write an article or remove it");
    return { ok: true, value: text };
  } catch {
    return fail("the file is not valid UTF-8 text; re-save it as UTF-8");
  }
}

export function parseArticle(id: string, file: string, source: string): Parsed<Article> {
  const fail = (message: string, field?: string): Parsed<Article> => ({
    ok: false,
    problems: [{ file, message, severity: "error", ...(field ? { field } : {}) }],
  });
  const match = FRONT_MATTER.exec(source);
  if (!match) {
    return fail("no front matter: start the file with a '---' block holding at least 'title:'");
  }
  let data: unknown;
  try {
    // The core schema keeps "2017-07-05" a string instead of turning it into a Date.
    data = parseYaml(match[1] ?? "", { schema: "core" }) ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return fail(`front matter is not valid YAML: ${reason}`, "front matter");
  }
  const meta = ArticleMetaSchema.safeParse(data);
  if (!meta.success) {
    return {
      ok: false,
      problems: meta.error.issues.map((issue) => ({
        file,
        field: issue.path.join(".") || "front matter",
        message: issue.message,
        severity: "error" as const,
      })),
    };
  }
  const text = source.slice(match[0].length);
  const paragraphs = storyParagraphs(text, meta.data.title);
  if (!paragraphs.some((p) => p.kind === "text")) {
    return fail("no article text after the front matter (only a headline or site chrome)", "body");
  }
  return { ok: true, value: { id, file, meta: meta.data, text, paragraphs } };
}
