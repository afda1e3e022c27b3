import type { DealKind } from "../corpus/schemas.js";
import type { AskResult, DealResult, DealView, Quote } from "./types.js";

/**
 * An answer as a flat, numbered list of sources: what "Cite" and "More sources" page through.
 * The order is the order the answer shows its quotes in (deal by deal, best quote first), so
 * `[3]` in the list is `[3]` in the reply whenever the reply had room for everything.
 */

/** How a quote bears on a claim someone made in chat ("Find sources"). */
export type Stance = "supports" | "differs" | "related";

/** The curated deal a quote backs, in words a reader needs to place it. */
export interface DealRef {
  id: string;
  kinds: DealKind[];
  /** Party names, in record order. */
  parties: string[];
}

export interface Citation {
  quote: Quote;
  deal?: DealRef;
  stance?: Stance;
  /** What made it "supports" or "differs": the claim's words and the source's. */
  reason?: { claim: string; source: string };
}

export function dealRef(deal: DealView): DealRef {
  return {
    id: deal.id,
    kinds: deal.kinds,
    parties: [...new Set(deal.parties.map((p) => p.company.name))],
  };
}

function ofDeals(deals: DealView[]): Citation[] {
  return deals.flatMap((deal) => {
    const ref = dealRef(deal);
    return deal.quotes.map((quote) => ({ quote, deal: ref }));
  });
}

/** Every quote a `/deal` reply shows, in its order; an unknown company has none. */
export function dealCitations(result: DealResult): Citation[] {
  switch (result.kind) {
    case "deals":
      return ofDeals(result.deals);
    case "mentions":
      return result.quotes.map((quote) => ({ quote }));
    case "none":
      return result.coMentions.map((quote) => ({ quote }));
    case "unknown-company":
      return [];
  }
}

/**
 * The answering quotes of `/ask`, then the quotes of the deals it lists: the reply shows those
 * deals without their quotes, so they are the "more sources" worth paging to.
 */
export function askCitations(result: AskResult): Citation[] {
  if (result.kind === "abstain") return [];
  const seen = new Set(result.quotes.map(spanKey));
  return [
    ...result.quotes.map((quote) => ({ quote })),
    ...ofDeals(result.deals).filter((c) => !seen.has(spanKey(c.quote))),
  ];
}

function spanKey(quote: Quote): string {
  return `${quote.source.articleId}@${quote.articleStart}-${quote.articleEnd}`;
}

/**
 * A short, stable digest of a list of sources: which article spans, in which order, with which
 * stance. A button carries it so that a click can tell whether re-running the query still gives
 * the list the button was made for (the corpus may have changed in between).
 */
export function fingerprint(citations: readonly Citation[]): string {
  const text = citations.map((c) => `${spanKey(c.quote)}:${c.stance ?? ""}`).join("|");
  // FNV-1a, 32 bits: not for security (a custom_id is the user's to forge anyway, and every
  // click is re-checked against the corpus), only to notice that the answer changed.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(FINGERPRINT_LENGTH, "0");
}

/** Base-36 digits of a 32-bit digest: always this many, so a custom_id's layout is fixed. */
export const FINGERPRINT_LENGTH = 7;
