import type { AskResult, CompanyRef, DealResult, DealView, Quote } from "../engine/types.js";
import {
  answerNote,
  dateLabel,
  kindsLabel,
  namedTogetherHeading,
  noDealLine,
  plural,
  sourceLabel,
} from "./labels.js";

/** Terminal text for the offline CLI. Colour only when asked for (a TTY without NO_COLOR). */

export interface TextStyle {
  color: boolean;
}

const ansi = (code: string, on: boolean) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

function styles(style: TextStyle) {
  return {
    bold: ansi("1", style.color),
    dim: ansi("2", style.color),
    hit: ansi("1;33", style.color),
  };
}

function markHits(quote: Quote, hit: (s: string) => string): string {
  let out = "";
  let at = 0;
  for (const h of quote.highlights) {
    out += quote.text.slice(at, h.start) + hit(quote.text.slice(h.start, h.end));
    at = h.end;
  }
  return out + quote.text.slice(at);
}

function quoteLines(quotes: Quote[], style: TextStyle, first = 1): string[] {
  const s = styles(style);
  return quotes.flatMap((q, i) => [
    `  [${first + i}] “${markHits(q, s.hit)}”`,
    s.dim(`      — ${sourceLabel(q.source)}${q.source.url ? ` <${q.source.url}>` : ""}`),
  ]);
}

function dealLines(deal: DealView, style: TextStyle): string[] {
  const s = styles(style);
  const lines = [
    s.bold(`${kindsLabel(deal.kinds)}: ${deal.parties.map((p) => p.company.name).join(" × ")}`),
  ];
  lines.push(`  ${deal.summary}`);
  lines.push(`  Parties: ${deal.parties.map((p) => `${p.company.name} (${p.role})`).join(", ")}`);
  if (deal.dates.length > 0) lines.push(`  Dates: ${deal.dates.map(dateLabel).join("; ")}`);
  const terms = [
    deal.terms.disclosed ? "disclosed" : "not disclosed",
    deal.terms.term,
    ...deal.terms.amounts,
  ].filter(Boolean);
  lines.push(`  Terms: ${terms.join(", ")}`);
  if (deal.technologies.length > 0) lines.push(`  Covers: ${deal.technologies.join(", ")}`);
  for (const r of deal.related)
    lines.push(`  ${r.relation[0]?.toUpperCase()}${r.relation.slice(1)}: ${r.summary ?? r.dealId}`);
  for (const d of deal.differences) {
    lines.push(`  Sources differ on ${d.fact}:`);
    for (const c of d.claims) lines.push(`    ${c.value}: ${sourceLabel(c.quote.source)}`);
  }
  lines.push(`  Reported by ${plural(deal.reportedBy, "article")}:`);
  lines.push(...quoteLines(deal.quotes, style));
  return lines;
}

function otherDealsLines(
  company: CompanyRef | undefined,
  deals: DealView[],
  quiet = false,
): string[] {
  if (!company || (quiet && deals.length === 0)) return [];
  if (deals.length === 0) return [`${company.name}: no recorded deals.`];
  return [
    `${company.name}'s recorded deals: ${deals
      .map(
        (d) =>
          `${kindsLabel(d.kinds).toLowerCase()} with ${d.parties
            .filter((p) => p.company.id !== company.id)
            .map((p) => p.company.name)
            .join(", ")}`,
      )
      .join("; ")}.`,
  ];
}

function pairTitle(company: CompanyRef, other?: CompanyRef): string {
  return other ? `${company.name} × ${other.name}` : company.name;
}

export function renderDealText(result: DealResult, style: TextStyle): string {
  const s = styles(style);
  switch (result.kind) {
    case "deals":
      return [
        s.bold(
          `${pairTitle(result.company, result.other)}: ${plural(result.deals.length, "deal")}`,
        ),
        "",
        ...result.deals.flatMap((d) => [...dealLines(d, style), ""]),
      ]
        .join("\n")
        .trimEnd();
    case "mentions":
      return [
        `${pairTitle(result.company, result.other)}: no curated deal record, but articles report ${result.other ? "one" : "deals"}:`,
        ...quoteLines(result.quotes, style),
        "",
        ...otherDealsLines(result.company, result.otherDeals.company, true),
        ...otherDealsLines(result.other, result.otherDeals.other, true),
      ].join("\n");
    case "none":
      return [
        result.other
          ? noDealLine(result.company.name, result.other.name, result)
          : `No recorded deals for ${result.company.name} in the corpus.`,
        ...(result.coMentions.length > 0
          ? [
              result.other
                ? namedTogetherHeading(result.denials.length > 0)
                : "Articles that mention it:",
              ...quoteLines(result.coMentions, style),
            ]
          : []),
        ...otherDealsLines(result.company, result.otherDeals.company),
        ...otherDealsLines(result.other, result.otherDeals.other),
      ].join("\n");
    case "unknown-company":
      return [
        `No company called "${result.name}" in the corpus.`,
        ...(result.suggestions.length > 0
          ? [`Did you mean: ${result.suggestions.map((c) => c.name).join(", ")}?`]
          : []),
        ...(result.known ? otherDealsLines(result.known.company, result.known.deals) : []),
      ].join("\n");
  }
}

export function renderAskText(result: AskResult, style: TextStyle): string {
  if (result.kind === "abstain") {
    return result.reason === "empty-question"
      ? "Ask a question with at least one meaningful word, for example: Who licenses patents to Nokia?"
      : result.noDeal
        ? `No deal between ${result.noDeal[0]} and ${result.noDeal[1]} in the corpus: no record and no article reports one, so there is nothing to quote.`
        : result.missing
          ? `The corpus has nothing relevant to that question: no article mentions ${result.missing}, so there is nothing to quote.`
          : "The corpus has nothing relevant to that question, so there is nothing to quote.";
  }
  const lines = [
    ...(answerNote(result) ? [answerNote(result)] : []),
    ...quoteLines(result.quotes, style),
  ];
  for (const deal of result.deals) lines.push("", ...dealLines(deal, style).slice(0, 4));
  return lines.join("\n");
}
