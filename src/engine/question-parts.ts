import { normalize, termsOf, wordSpans } from "../text/analyze.js";
import { isEnglishWord } from "../text/english.js";
import type { EngineData } from "./engine.js";
import { RARE_NAME_PASSAGES } from "./question-names.js";
import { overlaps } from "./quotes.js";
import { findTextCompany } from "./text-names.js";
import type { AskResult, Quote } from "./types.js";

/**
 * Two questions asked in one ("What's the fee for a DC charger, and what's the deadline for the
 * early-signing discount?"): each is answered on its own, and the answers are put together.
 */

// A second question opens with a question word after "and", "also" or "plus", perhaps after a
// preposition ("…, and by when do you have to sign?").
const SECOND =
  /^(.{12,}?)(?:,\s*|\s+)(?:and|also|plus)\s+((?:(?:by|until|since|from|for|to|with|in|at|on)\s+)?(?:what|what's|whats|who|who's|whos|when|where|which|how|why|is|are|does|do|did|has|have|was|were|will|can)\b.{8,})$/is;

/** The question's parts: itself, or the two questions it asks. */
export function questionParts(question: string): string[] {
  const m = SECOND.exec(question.trim());
  return m?.[1] && m[2] ? [m[1], m[2]] : [question];
}

/**
 * The second part as it is asked on its own: it often leaves out whom it is about ("and who runs
 * IP there?"), so the companies the first part names are added to it.
 */
export function standAlone(data: EngineData, first: string, second: string): string {
  if (data.directory.mentionedIn(second).length > 0 || CAPITALISED.test(second)) return second;
  const names = new Set(
    data.directory.mentionedIn(first).map((id) => data.directory.get(id)?.name ?? id),
  );
  // Names the directory does not hold, as the asker capitalised them ("the ChargeLink fee"),
  // or as the articles do ("ruskell's lump sum": Ruskell Cycleworks), rare words no dictionary
  // holds.
  for (const m of first.matchAll(CAPITALISED_GLOBAL)) names.add(m[0]);
  for (const w of wordSpans(normalize(first))) {
    const terms = termsOf(w.text);
    const rare =
      terms.length > 0 &&
      terms.every((t) => {
        const df = data.docFreq.get(t) ?? 0;
        return df > 0 && df <= RARE_NAME_PASSAGES;
      });
    if (!rare || isEnglishWord(w.text.replace(/'s$/, ""))) continue;
    const company = findTextCompany(data, w.text);
    if (company) names.add(company.name);
  }
  return names.size > 0 ? `${second} (${[...names].join(", ")})` : second;
}

// A capitalised word past the first: a name, as the asker wrote it.
const CAPITALISED = /(?<=\S\s+)\p{Lu}[\p{L}\p{N}&-]*/u;
const CAPITALISED_GLOBAL = new RegExp(CAPITALISED.source, "gu");

/**
 * One answer from the parts' answers: each part's best quote first, in the order asked, then the
 * rest of the first's and the second's, each place once.
 */
export function combineAnswers(
  question: string,
  results: AskResult[],
  maxQuotes: number,
): AskResult {
  const answers = results.filter((r) => r.kind === "answer");
  const [first, second] = answers;
  if (!first) return results[0] ?? { kind: "abstain", question, reason: "nothing-relevant" };
  if (!second) return { ...first, question };
  const ordered = [
    first.quotes[0],
    second.quotes[0],
    ...first.quotes.slice(1),
    ...second.quotes.slice(1),
  ];
  const quotes: Quote[] = [];
  for (const q of ordered) {
    if (!q) continue;
    const at = quotes.findIndex((s) => overlaps(s, q));
    const shown = quotes[at];
    // A place holding one already shown, and more, takes its place: "… did not disclose the
    // details. The two … signed a licensing deal in 2017." answers both parts.
    if (shown && q.articleStart <= shown.articleStart && shown.articleEnd <= q.articleEnd)
      quotes[at] = q;
    else if (!shown && quotes.length < maxQuotes) quotes.push(q);
  }
  const deals = [...first.deals];
  for (const d of second.deals) if (!deals.some((e) => e.id === d.id)) deals.push(d);
  return {
    kind: "answer",
    question,
    quotes,
    deals,
    ...(first.termsUndisclosed ? { termsUndisclosed: true } : {}),
    ...(first.disclosureAsked ? { disclosureAsked: true } : {}),
  };
}
