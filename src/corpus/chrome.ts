import { normalize } from "../text/analyze.js";

/**
 * Finds the article's own paragraphs in text scraped from a news page, by general rules about
 * site chrome rather than by knowing any one site. Offsets point into the verbatim body, so
 * every later quote is a slice of what the publisher wrote.
 */

export type ParagraphKind = "text" | "heading";

export interface Paragraph {
  start: number;
  end: number;
  kind: ParagraphKind;
}

// Whole lines that belong to the page, not the story (bullets and a trailing colon aside).
const CHROME_LINE = new RegExp(
  "^(?:" +
    [
      "featured image for\\b.*",
      "stock ticker",
      "loading stock data.*",
      "(?:recent|related|top|more|latest|trending) (?:stories|articles|posts|news)",
      "read (?:more|also|next)",
      "see also",
      "also read",
      "voir [eé]galement",
      "lire aussi",
      "baca juga",
      "share (?:this|on \\w+).*",
      "advertisement",
      "sponsored(?: content)?",
      "(?:updated|posted|published) on",
      "leave a (?:comment|reply)",
      "\\d* ?comments?",
      "click here.*",
      "(?:tags?|filed under|categories|topics)\\s*:.*",
      "photo(?: credit)?\\s*:.*",
      "image(?: credit)?\\s*:.*",
    ].join("|") +
    ")\\s*:?$",
  "i",
);

// Newsletter and sign-up prompts, recognised by their wording when short.
const PROMPT = /\b(?:sign ?up|subscribe|newsletter|stocks? alerts?)\b/i;

// A byline or source line after the story ends it: what follows is author bio or links.
const END_MARKER = /^(?:published|posted|written) by\b|^(?:source|sources|via)\s*:/i;

const TERMINAL = /[.!?…"”’)\]]$/;

interface Line {
  start: number;
  end: number;
  text: string;
}

function linesOf(body: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const part of body.split("\n")) {
    const end = start + part.length;
    lines.push({ start, end, text: part });
    start = end + 1;
  }
  return lines;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function comparable(text: string): string {
  return normalize(text).toLowerCase().replace(/[#*_]/g, "").replace(/\s+/g, " ").trim();
}

/** Joins hard-wrapped lines; a blank line or a finished sentence ends a paragraph. */
function paragraphLines(body: string): Line[] {
  const out: Line[] = [];
  let current: Line | undefined;
  for (const line of linesOf(body)) {
    const text = line.text.trim();
    if (!text) {
      current = undefined;
      continue;
    }
    const continues =
      current !== undefined && !TERMINAL.test(current.text.trim()) && /^\p{Ll}/u.test(text);
    if (current && continues) {
      current.end = line.end;
      current.text = body.slice(current.start, current.end);
    } else {
      current = { ...line };
      out.push(current);
    }
  }
  return out;
}

export function isChromeLine(text: string): boolean {
  const line = text
    .trim()
    .replace(/^[•·▪●*\-–—>]+\s*/, "")
    .trim();
  if (!line) return true;
  if (CHROME_LINE.test(line)) return true;
  return PROMPT.test(line) && wordCount(line) <= 15;
}

/** The story's paragraphs, with the headline, chrome, bylines and trailing links dropped. */
export function storyParagraphs(body: string, title: string): Paragraph[] {
  const titleKey = comparable(title);
  const paragraphs: Paragraph[] = [];
  for (const line of paragraphLines(body)) {
    const text = line.text.trim();
    const hasStory = paragraphs.some((p) => p.kind === "text");
    if (hasStory && END_MARKER.test(text)) break;
    if (isChromeLine(text)) continue;
    if (comparable(text) === titleKey) continue;
    const start = line.start + (line.text.length - line.text.trimStart().length);
    const end = start + text.length;
    const kind: ParagraphKind = !TERMINAL.test(text) && wordCount(text) < 16 ? "heading" : "text";
    paragraphs.push({ start, end, kind });
  }
  // Headings before the first or after the last sentence of story are kickers and links to
  // other stories ("#Nokia and #Apple settle all litigation…"), not part of this one.
  while (paragraphs[0]?.kind === "heading") paragraphs.shift();
  while (paragraphs.at(-1)?.kind === "heading") paragraphs.pop();
  return paragraphs;
}
