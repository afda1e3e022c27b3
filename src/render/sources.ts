import type { Citation } from "../engine/citations.js";
import type { Quote, SourceRef } from "../engine/types.js";
import {
  COLOR,
  clampWords,
  type Embed,
  echoUserText,
  escapeInline,
  LIMITS,
  quoteBlock,
  quoteMarkdown,
  type ReplyPayload,
  sourceMarkdown,
} from "./embeds.js";
import { kindsLabel, plural } from "./labels.js";

/**
 * An answer's sources as pages ("More sources", "Find sources"), and a page of them as
 * citations ready to paste ("Cite"). Plain data out, like ./embeds.ts.
 */

/** Few enough that four long quotes, their labels and sources fit one embed (4,096). */
export const SOURCES_PER_PAGE = 4;

export function pageCount(sources: number): number {
  return Math.ceil(sources / SOURCES_PER_PAGE);
}

export function pageOf(citations: readonly Citation[], page: number): Citation[] {
  return citations.slice(page * SOURCES_PER_PAGE, (page + 1) * SOURCES_PER_PAGE);
}

export interface SourcesView {
  /** Plain text; escaped here. */
  title: string;
  /** Markdown, shown above the quotes (e.g. what the message claims). */
  lead?: string;
  citations: Citation[];
}

const STANCE_LABEL = {
  supports: "✅ **supports**",
  differs: "⚠️ **differs**",
  related: "➖ related",
} as const;

/** "**[1]** ✅ supports: source $2.50 per device, message 2.50 per phone · Licence, A × B". */
function citationHead(citation: Citation, n: number): string {
  const parts = [`**[${n}]**`];
  if (citation.stance) {
    let label: string = STANCE_LABEL[citation.stance];
    // No quotation marks here: “…” is kept for verbatim article text.
    if (citation.reason) {
      label += `: source ${escapeInline(citation.reason.source)}, message ${escapeInline(citation.reason.claim)}`;
    }
    parts.push(label);
  }
  if (citation.deal) {
    // A licence to fifteen carmakers would fill the line: the first few parties say enough.
    const { parties } = citation.deal;
    const shown =
      parties.length > 4 ? [...parties.slice(0, 3), `+${parties.length - 3} more`] : parties;
    parts.push(
      `· ${escapeInline(kindsLabel(citation.deal.kinds))}, ${escapeInline(shown.join(" × "))}`,
    );
  }
  return parts.join(" ");
}

function citationBlock(citation: Citation, n: number): string {
  if (!citation.stance && !citation.deal) return quoteBlock(citation.quote, n);
  return `${citationHead(citation, n)}\n“${quoteMarkdown(citation.quote)}”\n— ${sourceMarkdown(citation.quote.source)}`;
}

/** Page `page` (0-based) of a view's sources, numbered across pages: page 2 starts at [5]. */
export function renderSourcesPage(view: SourcesView, page: number): ReplyPayload {
  const pages = pageCount(view.citations.length);
  const first = page * SOURCES_PER_PAGE;
  const blocks = pageOf(view.citations, page).map((c, i) => citationBlock(c, first + i + 1));
  const head = view.lead ? [view.lead] : [];
  // Quotes are cut to a few hundred characters, so four fit; a block that still would not is
  // left out whole and counted, never cut.
  const kept: string[] = [];
  for (const block of blocks) {
    if ([...head, ...kept, block].join("\n\n").length > LIMITS.description - 60) break;
    kept.push(block);
  }
  if (kept.length < blocks.length) {
    kept.push(`+${plural(blocks.length - kept.length, "quote")} on this page not shown`);
  }
  const embed: Embed = {
    title: clampWords(echoUserText(view.title, LIMITS.title), LIMITS.title),
    color: COLOR,
    description: [...head, ...kept].join("\n\n"),
    footer: {
      text: `Page ${page + 1} of ${Math.max(1, pages)} · ${plural(view.citations.length, "source")}`,
    },
  };
  return { outcome: "answered", embeds: [embed] };
}

// ---- citations to paste ---------------------------------------------------------------------

/** "Title, Publisher (by Author), 2023-01-09, https://…": what is known, nothing made up. */
export function citationSource(source: SourceRef): string {
  const by = source.author ? `by ${source.author}` : undefined;
  const publisher = source.publisher
    ? `${source.publisher}${by ? ` (${by})` : ""}`
    : (by ?? undefined);
  return [source.title, publisher, source.published, source.url].filter(Boolean).join(", ");
}

/** One source as plain text: the quote exactly as the article has it, then where it is from. */
export function citationText(quote: Quote): string {
  return `“${quote.text.replace(/\s+/g, " ").trim()}” — ${citationSource(quote.source)}`;
}

// Inside a code block only a run of three backticks means anything; break such runs.
function codeSafe(text: string): string {
  return text.replace(/`{3,}/g, (run) => run.split("").join("\u200b"));
}

/**
 * "Cite": the sources of one page as plain text in a code block, so copying gives exactly the
 * words, with no Markdown escapes or bold markers in them. Whole citations only, within
 * Discord's 2,000 characters for a message.
 */
export function renderCitations(citations: readonly Citation[], firstNumber: number): ReplyPayload {
  if (citations.length === 0) {
    return { outcome: "not-found", content: "There is nothing to cite here.", embeds: [] };
  }
  const intro = "Ready to paste:";
  const lines: string[] = [];
  let left = 0;
  citations.forEach((c, i) => {
    const line = codeSafe(`[${firstNumber + i}] ${citationText(c.quote)}`);
    const next = [...lines, line];
    if (left === 0 && `${intro}\n\`\`\`\n${next.join("\n\n")}\n\`\`\`\n+99 more`.length <= 2000) {
      lines.push(line);
    } else left++;
  });
  if (lines.length === 0) {
    // One quote and its source over 2,000 characters: cut the source's title, never the quote.
    const c = citations[0] as Citation;
    lines.push(codeSafe(clampWords(`[${firstNumber}] ${citationText(c.quote)}`, 1900)));
    left = citations.length - 1;
  }
  const more = left > 0 ? `\n+${plural(left, "more source")}: cite them from the next page.` : "";
  return {
    outcome: "answered",
    content: `${intro}\n\`\`\`\n${lines.join("\n\n")}\n\`\`\`${more}`,
    embeds: [],
  };
}

// ---- Find sources with nothing to show -----------------------------------------------------------

export function renderNoSources(reason: "empty" | "no-claim" | "nothing-relevant"): ReplyPayload {
  const content = {
    empty:
      "That message has no text to check (only attachments, embeds or stickers), so there is nothing to look up.",
    "no-claim":
      "That message names no company the corpus knows and says nothing about patent deals, so there is nothing to look up and nothing to quote.",
    "nothing-relevant":
      "The corpus has nothing relevant to what that message says, so there is nothing to quote.",
  }[reason];
  return { outcome: "not-found", content, embeds: [] };
}
