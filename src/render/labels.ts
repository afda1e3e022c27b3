import type { DealKind } from "../corpus/schemas.js";
import type { DealDate, SourceRef } from "../engine/types.js";

/** Words shared by every surface, so the terminal and Discord say things the same way. */

const KIND_LABELS: Record<DealKind, string> = {
  "cross-license": "cross-licence",
  license: "licence",
  extension: "extension",
  "patent-sale": "patent sale",
  acquisition: "acquisition",
  settlement: "settlement",
  "covenant-not-to-sue": "covenant not to sue",
  "pool-membership": "pool membership",
  "business-cooperation": "business cooperation",
};

export function kindsLabel(kinds: DealKind[]): string {
  const text = kinds.map((k) => KIND_LABELS[k]).join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A date only as precise as its source: a year stays a year. */
export function dateLabel(date: DealDate): string {
  const [year, month, day] = date.value.split("-");
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  const value =
    date.precision === "day" && monthName
      ? `${Number(day)} ${monthName} ${year}`
      : date.precision === "month" && monthName
        ? `${monthName} ${year}`
        : `${year}`;
  return `${date.type} ${value}${date.note ? " (from public reports, not the articles)" : ""}`;
}

export function sourceLabel(source: SourceRef): string {
  const parts = [source.title];
  const by = [source.publisher, source.author ? `by ${source.author}` : undefined].filter(Boolean);
  if (by.length > 0) parts.push(by.join(", "));
  if (source.published) parts.push(source.published);
  return parts.join(" · ");
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** What an answer says first when the corpus does not hold the figure asked for. */
export function answerNote(
  result: {
    termsUndisclosed?: true;
    disclosureAsked?: true;
    notStated?: "figure" | "term" | "name";
    noDeal?: [string, string];
  },
  /** How a surface writes a company name safely. */
  name: (text: string) => string = (text) => text,
): string {
  if (result.noDeal)
    return `${noDealLine(name(result.noDeal[0]), name(result.noDeal[1]), { denials: [], reportDenied: false })} ${namedTogetherHeading(false)}`;
  if (result.termsUndisclosed && result.disclosureAsked)
    return "The articles say the terms were not disclosed:";
  if (result.termsUndisclosed)
    return "Not in the corpus: the articles say it was not disclosed. What they say:";
  if (result.notStated === "figure")
    return "Not in the corpus: no article states that figure. The closest they come:";
  if (result.notStated === "term")
    return "Not in the corpus: no article says how long it runs. The closest they come:";
  if (result.notStated === "name")
    return "Not in the corpus: no article names that. The closest they come:";
  return "";
}

/**
 * The first line of `/deal` for two companies without a deal. What the articles say against one
 * is something, not nothing: a reported deal one of them denied ("denied a newspaper report"),
 * or one they rule out ("has joined neither pool").
 */
export function noDealLine(
  a: string,
  b: string,
  { denials, reportDenied }: { denials: readonly unknown[]; reportDenied: boolean },
): string {
  if (reportDenied)
    return `No confirmed deal between ${a} and ${b}: the articles report one that was denied.`;
  if (denials.length > 0)
    return `No deal between ${a} and ${b} in the corpus: the articles say there is none.`;
  return `No deal between ${a} and ${b} in the corpus.`;
}

/** The heading over the passages naming both companies of a pair without a deal. */
export function namedTogetherHeading(denied: boolean): string {
  return denied ? "What the articles say:" : "They are named together, though not as a deal, in:";
}
