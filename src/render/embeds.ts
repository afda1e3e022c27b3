import type {
  AskResult,
  CompanyRef,
  DealDate,
  DealResult,
  DealView,
  Highlight,
  Quote,
  SourceRef,
} from "../engine/types.js";
import {
  answerNote,
  dateLabel,
  kindsLabel,
  namedTogetherHeading,
  noDealLine,
  plural,
  sourceLabel,
} from "./labels.js";

/**
 * Discord replies as plain data: engine results in, embed JSON out. Nothing here talks to
 * Discord, so every reply can be checked in a unit test. Sizes are budgeted while the reply is
 * assembled (a running count), dropping whole quotes or deals that do not fit and saying
 * "+N more", because cutting a finished reply could split a word, a quote or a `**bold**` pair.
 * Mirrors the wording of ./text.ts so the terminal and Discord say the same things.
 */

/** Discord's limits on one message (characters; counted here in UTF-16 units, which is safe). */
export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  embeds: 10,
  /** Titles, descriptions, field names and values and footers of all embeds together. */
  total: 6000,
  choices: 25,
  choiceText: 100,
} as const;

export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

/** The subset of Discord's embed object this bot sends; structurally an `APIEmbed`. */
export interface Embed {
  title?: string;
  url?: string;
  description?: string;
  color?: number;
  fields?: EmbedField[];
  footer?: { text: string };
  /** `attachment://<name>` shows a file sent with the same message inside the embed. */
  image?: { url: string };
}

/** A file sent with a reply, e.g. a PNG an embed shows through `attachment://<name>`. */
export interface ReplyFile {
  /** Letters, digits, '.', '-' and '_' only: other characters break `attachment://` links. */
  name: string;
  data: Buffer;
  /** Alt text for screen readers (Discord allows up to 1,024 characters). */
  description?: string;
}

export interface ReplyPayload {
  content?: string;
  embeds: Embed[];
  /** Sent as attachments by the reply helper (src/discord/respond.ts). */
  files?: ReplyFile[];
  /** Buttons under the reply ("Cite", "More sources"); src/discord/components.ts makes them. */
  components?: ButtonRow[];
  /**
   * The one user this reply may ping: whoever the `mention` option named. Nobody else ever is,
   * whatever the text says.
   */
  mention?: string;
  /** For the interaction log only, never sent: did the corpus have what was asked for? */
  outcome: "answered" | "not-found";
}

/** A row of buttons as Discord's API takes it: plain data, so replies stay testable. */
export interface ButtonRow {
  type: 1;
  components: Array<{ type: 2; style: 1 | 2 | 3; label: string; custom_id: string }>;
}

export const COLOR = 0x2b6cb0;
const NOTHING_RELEVANT =
  "The corpus has nothing relevant to that question, so there is nothing to quote.";

// ---- text safety ----------------------------------------------------------------------------

// Characters that start or end Markdown in Discord: emphasis, code, spoilers, strike-through,
// masked links, mentions/timestamps (`<@1>`, `<t:1>`) and the escape itself.
const INLINE_MARKDOWN = /[\\*_~`|[\]<>]/g;

/** Escapes emphasis, code, spoilers, links and mentions; for text inside a line. */
export function escapeInline(text: string): string {
  return text.replace(INLINE_MARKDOWN, "\\$&");
}

/**
 * Backslash-escapes Markdown so text renders as written. Discord accepts a backslash before
 * any ASCII punctuation, so over-escaping is invisible; under-escaping breaks the layout.
 */
export function escapeMarkdown(text: string): string {
  return escapeInline(text)
    .split("\n")
    .map((line) =>
      line
        // Headings (#, -#) and bulleted lists; block quotes (>) are already escaped.
        .replace(/^(\s*)([#-])/, "$1\\$2")
        // Numbered lists: "2017. Huawei…" at the start of a line.
        .replace(/^(\s*\d+)\.(\s)/, "$1\\.$2"),
    )
    .join("\n");
}

// Bidirectional overrides and isolates can make echoed text visually swallow the bot's own
// words; control characters have no business in a reply (line breaks become spaces first).
const INVISIBLE_TRICKS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text a user typed, made safe to show back to them and to everyone in the channel: one line,
 * at most `max` characters, Markdown escaped (so `[x](url)` is no live masked link and `<@1>`
 * is no mention) and `@everyone`/`@here` broken with a zero-width space. `allowedMentions`
 * already stops pings; this stops the text from even looking like one.
 */
export function echoUserText(text: string, max = 100): string {
  const flat = text
    .replace(LONE_SURROGATE, "\uFFFD")
    .replace(/\s+/g, " ")
    .replace(INVISIBLE_TRICKS, "")
    .trim();
  return escapeInline(clampWords(flat, max)).replace(/@(everyone|here)/gi, "@\u200b$1");
}

/** At most `max` characters, cut at a word boundary with "…"; never splits a surrogate pair. */
export function clampWords(text: string, max: number): string {
  const chars = Array.from(text);
  if (text.length <= max) return text;
  let cut = chars.slice(0, Math.max(0, max - 1)).join("");
  while (cut.length > max - 1) cut = Array.from(cut).slice(0, -1).join("");
  const space = cut.search(/\s\S*$/);
  if (space > max / 2) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

/** Longest cut of `raw` (at word boundaries) whose rendering fits in `max`. */
function fitRendered(raw: string, max: number, render: (s: string) => string): string {
  let limit = raw.length;
  for (;;) {
    const text = render(limit >= raw.length ? raw : clampWords(raw, limit));
    if (text.length <= max || limit <= 1) return text.length <= max ? text : "…";
    limit = Math.min(limit - 1, Math.floor(limit * (max / text.length)));
  }
}

/** Plain text for titles and field names: escaped, and never over `max`. */
function safeTitle(raw: string, max: number = LIMITS.title): string {
  return fitRendered(raw.replace(/\s+/g, " ").trim(), max, escapeMarkdown);
}

/**
 * Joins items until the next would pass `max`, then says how many were left out. Whole items
 * only, so a list never ends in half a name.
 */
export function joinWithin(items: string[], separator: string, max: number): string {
  let out = "";
  for (let i = 0; i < items.length; i++) {
    const next = out ? `${out}${separator}${items[i]}` : (items[i] ?? "");
    const rest = items.length - i - 1;
    const tail = rest > 0 ? `${separator}+${rest} more` : "";
    if (next.length + tail.length > max) {
      const more = `+${items.length - i} more`;
      return out ? `${out}${separator}${more}` : more.slice(0, max);
    }
    out = next;
  }
  return out;
}

/** An http(s) URL safe inside `(<…>)`: no brackets that would end the link early. */
function linkTarget(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
    return parsed.href.replace(
      /[()<>\s]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  } catch {
    return undefined;
  }
}

/** `[label](<url>)`: a masked link whose angle brackets stop Discord from adding a preview. */
function maskedLink(label: string, url: string | undefined): string {
  const target = linkTarget(url);
  const text = fitRendered(label, 200, escapeInline);
  return target ? `[${text}](<${target}>)` : text;
}

// ---- quotes -----------------------------------------------------------------------------------

/**
 * The quote's highlights as clean spans: inside the text, not empty, without leading or
 * trailing spaces (`** word**` would not render bold) and merged when they touch or only
 * whitespace lies between (`**a****b**` would break).
 */
export function mergeHighlights(text: string, highlights: Highlight[]): Highlight[] {
  const spans = highlights
    .map((h) => {
      let start = Math.max(0, Math.min(h.start, text.length));
      let end = Math.max(start, Math.min(h.end, text.length));
      while (start < end && /\s/.test(text[start] ?? "")) start++;
      while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
      return { start, end };
    })
    .filter((h) => h.end > h.start)
    .sort((a, b) => a.start - b.start);
  const merged: Highlight[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && (span.start <= last.end || !text.slice(last.end, span.start).trim())) {
      last.end = Math.max(last.end, span.end);
    } else merged.push({ ...span });
  }
  return merged;
}

/**
 * A quote's text with its query hits in bold. Each piece is escaped on its own BEFORE the bold
 * markers go around it, so a marker never lands inside an escape sequence; line breaks become
 * spaces so the quote stays one block.
 */
export function quoteMarkdown(quote: Pick<Quote, "text" | "highlights">): string {
  // Pieces sit after the opening quote mark, never at a line start: inline escaping is enough.
  const plain = (s: string) => escapeInline(s.replace(/\s*\n\s*/g, " "));
  let out = "";
  let at = 0;
  for (const span of mergeHighlights(quote.text, quote.highlights)) {
    out += `${plain(quote.text.slice(at, span.start))}**${plain(quote.text.slice(span.start, span.end))}**`;
    at = span.end;
  }
  return out + plain(quote.text.slice(at));
}

export function sourceMarkdown(source: SourceRef): string {
  return sourceLabel({
    ...source,
    title: maskedLink(source.title, source.url),
    publisher: source.publisher ? escapeInline(source.publisher) : undefined,
    author: source.author ? escapeInline(source.author) : undefined,
  });
}

/** One numbered citation: the verbatim quote, then where it is from. */
export function quoteBlock(quote: Quote, n: number): string {
  return `**[${n}]** “${quoteMarkdown(quote)}”\n— ${sourceMarkdown(quote.source)}`;
}

// ---- budgeting ------------------------------------------------------------------------------

export function embedSize(embed: Embed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** An embed being filled: fixed head and tail, and citation blocks added one by one. */
class EmbedDraft {
  readonly blocks: string[] = [];
  note = "";

  constructor(
    readonly base: Omit<Embed, "description">,
    readonly head: string,
  ) {}

  description(blocks = this.blocks, note = this.note): string {
    return [this.head, blocks.join("\n"), note].filter(Boolean).join("\n\n");
  }

  size(blocks = this.blocks, note = this.note): number {
    return embedSize({ ...this.base, description: this.description(blocks, note) });
  }

  build(): Embed {
    const description = this.description();
    return { ...this.base, ...(description ? { description } : {}) };
  }
}

/** The running count for one message: every addition is checked before it is made. */
class MessageBudget {
  private used = 0;
  constructor(private readonly total: number = LIMITS.total) {}
  fits(extra: number): boolean {
    return this.used + extra <= this.total;
  }
  take(extra: number): void {
    this.used += extra;
  }
}

// "+12 more quotes not shown" and similar; room is kept for it before anything is added.
const NOTE_ROOM = 48;
// Citation numbers are assigned after selection; measure with a two-digit one to be safe.
const NUMBER_FOR_SIZE = 99;

interface Citable {
  draft: EmbedDraft;
  quotes: Quote[];
}

/**
 * Adds quotes round-robin (every embed's first quote before any second one), so each deal or
 * article keeps at least one citation when space is short. Returns the chosen quotes per draft
 * in their original order, numbered consecutively across the message.
 */
function fillQuotes(items: Citable[], budget: MessageBudget, firstNumber = 1): number {
  const chosen = items.map(() => [] as Quote[]);
  const rounds = Math.max(0, ...items.map((i) => i.quotes.length));
  for (let r = 0; r < rounds; r++) {
    items.forEach((item, i) => {
      const quote = item.quotes[r];
      const picked = chosen[i];
      if (!quote || !picked) return;
      // Stop at the first quote of an item that does not fit, keeping its best-first order.
      if (picked.length < r) return;
      const blocks = [...picked, quote].map((q) => quoteBlock(q, NUMBER_FOR_SIZE));
      const before = item.draft.size(
        picked.map((q) => quoteBlock(q, NUMBER_FOR_SIZE)),
        "",
      );
      const after = item.draft.size(blocks, "");
      const description = item.draft.description(blocks, "x".repeat(NOTE_ROOM));
      if (description.length > LIMITS.description || !budget.fits(after - before)) return;
      budget.take(after - before);
      picked.push(quote);
    });
  }
  let n = firstNumber;
  items.forEach((item, i) => {
    const picked = chosen[i] ?? [];
    item.draft.blocks.push(...picked.map((q) => quoteBlock(q, n++)));
    const left = item.quotes.length - picked.length;
    if (left > 0) item.draft.note = `+${plural(left, "more quote")} not shown`;
  });
  return n;
}

// ---- shared pieces ---------------------------------------------------------------------------

function names(companies: CompanyRef[]): string {
  return companies.map((c) => c.name).join(" × ");
}

/** The deal's parties, the companies asked about first, as an embed title within 256. */
function partiesTitle(deal: DealView, first: CompanyRef[]): string {
  const ordered: string[] = [];
  const add = (name: string) => {
    if (!ordered.includes(name)) ordered.push(name);
  };
  for (const c of first) if (deal.parties.some((p) => p.company.id === c.id)) add(c.name);
  for (const p of deal.parties) add(p.company.name);
  return joinWithin(ordered.map(escapeMarkdown), " × ", LIMITS.title);
}

function termsText(deal: DealView): string {
  return [
    deal.terms.disclosed ? "disclosed" : "not disclosed",
    deal.terms.term,
    ...deal.terms.amounts,
  ]
    .filter(Boolean)
    .join(", ");
}

function capitalise(s: string): string {
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
}

function dealFields(deal: DealView): EmbedField[] {
  const fields: EmbedField[] = [];
  const field = (name: string, items: string[], separator = ", ", inline = true) => {
    if (items.length === 0) return;
    fields.push({
      name,
      value: joinWithin(items.map(escapeMarkdown), separator, LIMITS.fieldValue),
      inline,
    });
  };
  field(
    "Parties",
    deal.parties.map((p) => `${p.company.name} (${p.role})`),
    "\n",
  );
  field("Terms", [termsText(deal)]);
  field("Covers", deal.technologies);
  if (deal.patents) field("Patents", [deal.patents]);
  if (deal.territory) field("Territory", [deal.territory]);
  for (const r of deal.related) field(capitalise(r.relation), [r.summary ?? r.dealId], ", ", false);
  if (deal.differences.length > 0) {
    field(
      "Sources differ",
      deal.differences.map(
        (d) =>
          `${d.fact}: ${d.claims.map((c) => `${c.value} (${c.quote.source.title})`).join(" vs ")}`,
      ),
      "\n",
      false,
    );
  }
  return fields.slice(0, LIMITS.fields);
}

function dealHead(deal: DealView): string {
  const line = [`**${kindsLabel(deal.kinds)}**`];
  if (deal.status !== "reported") line.push(escapeInline(deal.status));
  if (deal.dates.length > 0) line.push(escapeInline(deal.dates.map(dateLabel).join("; ")));
  return `${line.join(" · ")}\n${escapeMarkdown(deal.summary)}`;
}

function counterparts(deal: DealView, company: CompanyRef): string {
  return deal.parties
    .filter((p) => p.company.id !== company.id)
    .map((p) => p.company.name)
    .join(", ");
}

/** "Huawei's recorded deals: cross-licence with OPPO; …", as in the terminal. */
function otherDealsLine(
  company: CompanyRef | undefined,
  deals: DealView[],
  quiet = false,
  max = 600,
): string[] {
  if (!company || (quiet && deals.length === 0)) return [];
  const name = escapeMarkdown(company.name);
  if (deals.length === 0) return [`${name}: no recorded deals.`];
  const items = deals.map((d) =>
    escapeInline(`${kindsLabel(d.kinds).toLowerCase()} with ${counterparts(d, company)}`),
  );
  return [`${name}'s recorded deals: ${joinWithin(items, "; ", max)}.`];
}

function distinctSources(quotes: Quote[]): number {
  return new Set(quotes.map((q) => q.source.articleId)).size;
}

/** Content lines never pass Discord's 2,000: whole lines are dropped from the end. */
function contentWithin(lines: string[], max: number = LIMITS.content): string {
  const kept: string[] = [];
  for (const line of lines) {
    const next = [...kept, line].join("\n");
    if (next.length > max) break;
    kept.push(line);
  }
  return kept.join("\n");
}

/** An embed of quotes under a heading, for articles that name companies but record no deal. */
function quotesEmbed(title: string, quotes: Quote[], budget: MessageBudget): Embed[] {
  if (quotes.length === 0) return [];
  const draft = new EmbedDraft(
    {
      title: safeTitle(title),
      color: COLOR,
      footer: { text: plural(distinctSources(quotes), "source") },
    },
    "",
  );
  budget.take(draft.size([], "x".repeat(NOTE_ROOM)));
  fillQuotes([{ draft, quotes }], budget);
  return [draft.build()];
}

// ---- /deal ----------------------------------------------------------------------------------

export function renderDealReply(result: DealResult): ReplyPayload {
  switch (result.kind) {
    case "deals":
      return dealsReply(result.company, result.other, result.deals);
    case "mentions": {
      // Article text reports a deal that has no curated record yet: quote it, say so.
      const budget = new MessageBudget();
      const title = names(result.other ? [result.company, result.other] : [result.company]);
      return {
        outcome: "answered",
        content: contentWithin([
          `**${escapeInline(title)}**: no curated deal record, but articles report ${result.other ? "one" : "deals"}:`,
          ...otherDealsLine(result.company, result.otherDeals.company, true),
          ...otherDealsLine(result.other, result.otherDeals.other, true),
        ]),
        embeds: quotesEmbed(title, result.quotes, budget),
      };
    }
    case "none": {
      const budget = new MessageBudget();
      const a = escapeInline(result.company.name);
      const denied = result.denials.length > 0;
      const first = result.other
        ? noDealLine(a, escapeInline(result.other.name), result)
        : `No recorded deals for ${a} in the corpus.`;
      return {
        outcome: "not-found",
        content: contentWithin([
          first,
          // Without a second company the first line already said it has no deals.
          ...otherDealsLine(result.company, result.otherDeals.company, !result.other),
          ...otherDealsLine(result.other, result.otherDeals.other),
          ...trySuggestion(
            result.company,
            result.otherDeals.company,
            result.other,
            result.otherDeals.other,
          ),
        ]),
        embeds: quotesEmbed(
          result.other ? namedTogetherHeading(denied) : "Articles that mention it:",
          result.coMentions,
          budget,
        ),
      };
    }
    case "unknown-company":
      return {
        outcome: "not-found",
        content: contentWithin([
          ...unknownCompanyLines(result.name, result.suggestions),
          ...(result.known ? otherDealsLine(result.known.company, result.known.deals) : []),
        ]),
        embeds: [],
      };
  }
}

/** A pair that does have a record, so a miss still shows the way to an answer. */
function trySuggestion(
  company: CompanyRef,
  deals: DealView[],
  other: CompanyRef | undefined,
  otherDeals: DealView[],
): string[] {
  for (const [who, list] of [
    [company, deals],
    [other, otherDeals],
  ] as const) {
    const partner = who && list[0]?.parties.find((p) => p.company.id !== who.id)?.company;
    if (who && partner) {
      return [
        `Try \`/deal company:${who.name.replace(/`/g, "")} with:${partner.name.replace(/`/g, "")}\`.`,
      ];
    }
  }
  return [];
}

function unknownCompanyLines(name: string, suggestions: CompanyRef[]): string[] {
  return [
    `No company called "${echoUserText(name)}" in the corpus.`,
    suggestions.length > 0
      ? `Did you mean: ${joinWithin(
          suggestions.map((c) => escapeInline(c.name)),
          ", ",
          400,
        )}?`
      : "Start typing in the option to pick from the companies the corpus knows, or see /help.",
  ];
}

function dealsReply(
  company: CompanyRef,
  other: CompanyRef | undefined,
  deals: DealView[],
): ReplyPayload {
  const budget = new MessageBudget();
  const asked = other ? [company, other] : [company];
  const items: Citable[] = [];
  let skipped = 0;
  for (const deal of deals) {
    const draft = new EmbedDraft(
      {
        title: partiesTitle(deal, asked),
        color: COLOR,
        fields: dealFields(deal),
        footer: { text: `${plural(deal.reportedBy, "source")} · record ${deal.id}` },
      },
      dealHead(deal),
    );
    // Room for this deal's "+N more" note is held back with the deal itself.
    const size = draft.size([], "x".repeat(NOTE_ROOM));
    if (items.length >= LIMITS.embeds || !budget.fits(size)) {
      skipped++;
      continue;
    }
    budget.take(size);
    items.push({ draft, quotes: deal.quotes });
  }
  fillQuotes(items, budget);
  const shown = deals.length - skipped;
  const heading = `**${escapeInline(names(asked))}**: ${plural(deals.length, "deal")} in the corpus`;
  const more =
    skipped > 0
      ? ` (+${skipped} more not shown; \`/company name:${company.name.replace(/`/g, "")}\` lists them all)`
      : "";
  return {
    outcome: "answered",
    content: shown > 0 ? `${heading}${more}` : heading,
    embeds: items.map((i) => i.draft.build()),
  };
}

// ---- /ask -------------------------------------------------------------------------------------

export function renderAskReply(result: AskResult): ReplyPayload {
  if (result.kind === "abstain") {
    return {
      outcome: "not-found",
      content:
        result.reason === "empty-question"
          ? "Ask a question with at least one meaningful word, for example: Who licenses patents to Nokia?"
          : result.noDeal
            ? `No deal between ${escapeMarkdown(result.noDeal[0])} and ${escapeMarkdown(result.noDeal[1])} in the corpus: no record and no article reports one, so there is nothing to quote.`
            : result.missing
              ? `The corpus has nothing relevant to that question: no article mentions ${echoUserText(result.missing)}, so there is nothing to quote.`
              : NOTHING_RELEVANT,
      embeds: [],
    };
  }
  const budget = new MessageBudget();
  const deals = result.deals;
  const draft = new EmbedDraft(
    {
      title: fitRendered(result.question.replace(/\s+/g, " ").trim(), LIMITS.title, (s) =>
        echoUserText(s, LIMITS.title),
      ),
      color: COLOR,
      footer: { text: plural(distinctSources(result.quotes), "source") },
    },
    answerNote(result, escapeInline),
  );
  budget.take(draft.size([], "x".repeat(NOTE_ROOM)));
  // The quotes are the answer, so they get the room first; related deals fill what is left.
  fillQuotes([{ draft, quotes: result.quotes }], budget);
  const fields: EmbedField[] = [];
  let skipped = 0;
  for (const deal of deals) {
    const field = {
      name: safeTitle(
        `${kindsLabel(deal.kinds)}: ${names(deal.parties.map((p) => p.company))}`,
        LIMITS.fieldName,
      ),
      value: joinWithin(
        [
          escapeMarkdown(deal.summary),
          ...(deal.dates.length > 0 ? [escapeMarkdown(deal.dates.map(dateLabel).join("; "))] : []),
        ],
        "\n",
        LIMITS.fieldValue,
      ),
    };
    const size = field.name.length + field.value.length;
    if (fields.length >= LIMITS.fields - 1 || !budget.fits(size)) {
      skipped++;
      continue;
    }
    budget.take(size);
    fields.push(field);
  }
  if (skipped > 0)
    fields.push({ name: "More deals", value: `+${plural(skipped, "more deal")} not shown` });
  const embed = draft.build();
  if (fields.length > 0) embed.fields = fields;
  return { outcome: "answered", embeds: [embed] };
}

// ---- /company ---------------------------------------------------------------------------------

const DATE_PREFERENCE = ["signed", "announced", "effective", "reported", "expiry"];

function dateRank(date: DealDate): number {
  const rank = DATE_PREFERENCE.indexOf(date.type);
  return rank < 0 ? DATE_PREFERENCE.length : rank;
}

/** The date a deal is placed by on a timeline: signed before announced before reported. */
export function primaryDate(deal: Pick<DealView, "dates">): DealDate | undefined {
  return [...deal.dates].sort((a, b) => dateRank(a) - dateRank(b))[0];
}

/** Oldest first; undated deals last. "2017" sorts before "2017-07", as precise as each source. */
export function timelineOrder(deals: DealView[]): DealView[] {
  return [...deals].sort((a, b) => {
    const da = primaryDate(a)?.value;
    const db = primaryDate(b)?.value;
    if (da && db && da !== db) return da < db ? -1 : 1;
    if (da && !db) return -1;
    if (!da && db) return 1;
    return a.id.localeCompare(b.id);
  });
}

export function renderCompanyReply(company: CompanyRef, deals: DealView[]): ReplyPayload {
  const name = escapeInline(company.name);
  if (deals.length === 0) {
    return {
      outcome: "not-found",
      content: `No recorded deals for ${name} in the corpus. Try \`/ask\` with a question about ${name}: articles may still mention it.`,
      embeds: [],
    };
  }
  const budget = new MessageBudget();
  const entries = timelineOrder(deals).map((deal) => {
    const date = primaryDate(deal);
    const when = date ? escapeInline(dateLabel(date)) : "undated";
    const withWhom = counterparts(deal, company);
    const short = [
      `**${capitalise(when)}** · ${kindsLabel(deal.kinds)}${withWhom ? ` with ${escapeInline(withWhom)}` : ""}`,
      escapeMarkdown(deal.summary),
    ].join("\n");
    const quote = deal.quotes[0];
    const long = quote
      ? `${short}\n“${quoteMarkdown(quote)}”\n— ${sourceMarkdown(quote.source)}`
      : short;
    return { short, long, text: undefined as string | undefined };
  });
  const title = safeTitle(`${company.name}: ${plural(deals.length, "deal")}`);
  const sources = new Set(deals.flatMap((d) => d.quotes.map((q) => q.source.articleId))).size;
  const footer = {
    text: `${plural(deals.length, "deal")} · ${plural(sources, "source")} · oldest first`,
  };
  budget.take(title.length + footer.text.length + NOTE_ROOM);
  // Every deal on the timeline first, in its short form; then its quote where room is left, so a
  // long quote early on cannot push later deals off the timeline.
  const roomInEmbed = LIMITS.description - NOTE_ROOM;
  for (const entry of entries) {
    if (entry.short.length > roomInEmbed || !budget.fits(entry.short.length + 2)) break;
    budget.take(entry.short.length + 2);
    entry.text = entry.short;
  }
  for (const entry of entries) {
    const extra = entry.long.length - entry.short.length;
    if (entry.text === undefined || entry.long.length > roomInEmbed || !budget.fits(extra))
      continue;
    budget.take(extra);
    entry.text = entry.long;
  }
  const shown = entries.flatMap((e) => (e.text === undefined ? [] : [e.text]));
  const skipped = entries.length - shown.length;
  if (skipped > 0) shown.push(`+${plural(skipped, "later deal")} not shown`);
  // Pack into descriptions of up to 4,096; the 6,000 total keeps this within a few embeds.
  const pages: string[][] = [[]];
  for (const block of shown) {
    const page = pages.at(-1) ?? [];
    if (page.length > 0 && [...page, block].join("\n\n").length > LIMITS.description)
      pages.push([block]);
    else page.push(block);
  }
  const embeds: Embed[] = pages
    .slice(0, LIMITS.embeds)
    .map((page) => ({ description: page.join("\n\n"), color: COLOR }));
  const first = embeds[0];
  if (first) first.title = title;
  const last = embeds.at(-1);
  if (last) last.footer = footer;
  return { outcome: "answered", embeds };
}

export function renderUnknownCompany(name: string, suggestions: CompanyRef[]): ReplyPayload {
  return {
    outcome: "not-found",
    content: unknownCompanyLines(name, suggestions).join("\n"),
    embeds: [],
  };
}

// ---- /source ----------------------------------------------------------------------------------

/** An article and the deal records that cite it, as the `/source` command shows them. */
export interface ArticleView {
  id: string;
  title: string;
  publisher?: string;
  author?: string;
  published?: string;
  url?: string;
  deals: Array<{
    id: string;
    kinds: DealView["kinds"];
    parties: string[];
    dates: DealDate[];
    summary: string;
    /** The verbatim sentence the record cites from this article. */
    quote: string;
  }>;
}

export function renderSourceReply(article: ArticleView): ReplyPayload {
  const budget = new MessageBudget();
  const fields: EmbedField[] = [];
  const meta = (name: string, value: string | undefined) => {
    if (value)
      fields.push({
        name,
        value: fitRendered(value, LIMITS.fieldValue, escapeMarkdown),
        inline: true,
      });
  };
  meta("Publisher", article.publisher);
  meta("Author", article.author);
  meta("Published", article.published);
  const target = linkTarget(article.url);
  if (target) fields.push({ name: "Link", value: `[Read the article](<${target}>)`, inline: true });
  const known = fields.length > 0;
  const head = known
    ? `Cited by ${plural(article.deals.length, "deal record")}.`
    : `Publisher, author, date and link are not recorded for this article. Cited by ${plural(article.deals.length, "deal record")}.`;
  const base: Embed = {
    title: safeTitle(article.title),
    ...(target ? { url: target } : {}),
    color: COLOR,
    ...(fields.length > 0 ? { fields } : {}),
    footer: { text: `articles/${article.id}.md` },
  };
  const size = (description: string) => embedSize({ ...base, description });
  budget.take(size(head) + NOTE_ROOM);
  const blocks: string[] = [];
  let skipped = 0;
  for (const deal of article.deals) {
    const line = [`**${kindsLabel(deal.kinds)}**`, escapeInline(deal.parties.join(" × "))];
    if (deal.dates.length > 0) line.push(escapeInline(deal.dates.map(dateLabel).join("; ")));
    const block = [
      line.join(" · "),
      escapeMarkdown(deal.summary),
      `“${quoteMarkdown({ text: deal.quote, highlights: [] })}”`,
    ].join("\n");
    const description = [head, ...blocks, block].join("\n\n");
    if (description.length + NOTE_ROOM > LIMITS.description || !budget.fits(block.length + 2)) {
      skipped++;
      continue;
    }
    budget.take(block.length + 2);
    blocks.push(block);
  }
  if (skipped > 0) blocks.push(`+${plural(skipped, "more deal")} not shown`);
  return {
    outcome: "answered",
    embeds: [{ ...base, description: [head, ...blocks].join("\n\n") }],
  };
}

export function renderUnknownArticle(
  input: string,
  suggestions: Array<{ title: string }>,
  ambiguous = false,
): ReplyPayload {
  const titles = joinWithin(
    suggestions.map((s) => `“${escapeInline(s.title)}”`),
    ", ",
    900,
  );
  return {
    outcome: "not-found",
    content: (ambiguous
      ? [
          `Several articles match "${echoUserText(input)}": ${titles}. Pick one from the suggestions as you type.`,
        ]
      : [
          `No article called "${echoUserText(input)}" in the corpus.`,
          suggestions.length > 0
            ? `Did you mean: ${titles}?`
            : "Start typing in the article option to pick from the corpus's articles.",
        ]
    ).join("\n"),
    embeds: [],
  };
}

// ---- /help ------------------------------------------------------------------------------------

export interface HelpEntry {
  name: string;
  description: string;
  options: Array<{ name: string; required: boolean }>;
}

export function renderHelp(
  commands: HelpEntry[],
  stats: { articles: number; deals: number; companies: number },
): ReplyPayload {
  const usage = (c: HelpEntry) =>
    `\`/${c.name}${c.options.map((o) => (o.required ? ` ${o.name}:…` : ` [${o.name}:…]`)).join("")}\``;
  return {
    outcome: "answered",
    embeds: [
      {
        title: "Patent-deal answers, quoted from the sources",
        color: COLOR,
        description: [
          `Every answer quotes news articles word for word and names them. The corpus holds ${plural(stats.articles, "article")}, ${plural(stats.deals, "deal record")} and ${plural(stats.companies, "company", "companies")}.`,
          "",
          ...commands.map((c) => `${usage(c)}\n${escapeMarkdown(c.description)}`),
          "",
          "Names may be typed freely (typos are fine) or picked from the suggestions. Add `private:True` to any command to see the answer yourself only.",
          "Add `mention:` to /deal or /ask to address the answer to someone. To check what a message says against the articles, open the message's menu → Apps → **Find sources**.",
        ].join("\n"),
      },
    ],
  };
}

// ---- last line of defence -----------------------------------------------------------------------

/** Whole lines of `text` that fit in `max`, with "…" when some were dropped. */
function linesWithin(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept: string[] = [];
  for (const line of text.split("\n")) {
    if ([...kept, line, "…"].join("\n").length > max) break;
    kept.push(line);
  }
  return [...kept, "…"].join("\n");
}

/**
 * Holds any payload to Discord's limits. The renderers above budget as they build, so this
 * should change nothing; it exists so that a renderer bug shows as a shorter reply instead of a
 * 400 from Discord and no reply at all. It only ever drops whole lines, fields and embeds.
 */
export function enforceLimits<T extends { content?: string; embeds?: Embed[] }>(payload: T): T {
  const embeds = (payload.embeds ?? []).slice(0, LIMITS.embeds).map((e) => {
    const out: Embed = { ...e };
    if (out.title !== undefined)
      out.title = linesWithin(out.title.replace(/\n/g, " "), LIMITS.title);
    if (out.description !== undefined)
      out.description = linesWithin(out.description, LIMITS.description);
    if (out.footer) out.footer = { text: out.footer.text.slice(0, LIMITS.footer) };
    if (out.fields) {
      out.fields = out.fields.slice(0, LIMITS.fields).map((f) => ({
        ...f,
        name: linesWithin(f.name.replace(/\n/g, " "), LIMITS.fieldName) || "\u200b",
        value: linesWithin(f.value, LIMITS.fieldValue) || "\u200b",
      }));
    }
    return out;
  });
  let total = embeds.reduce((n, e) => n + embedSize(e), 0);
  while (total > LIMITS.total && embeds.length > 1) total -= embedSize(embeds.pop() as Embed);
  const only = embeds[0];
  if (only && total > LIMITS.total) {
    while (only.fields?.length && embedSize(only) > LIMITS.total) only.fields.pop();
    if (embedSize(only) > LIMITS.total && only.description) {
      only.description = linesWithin(
        only.description,
        Math.max(1, only.description.length - (embedSize(only) - LIMITS.total)),
      );
    }
  }
  const out = { ...payload, embeds };
  if (payload.content !== undefined) out.content = linesWithin(payload.content, LIMITS.content);
  return out;
}
