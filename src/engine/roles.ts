import { analyze, isCountryTerm, normalize, termsOf } from "../text/analyze.js";
import type { EngineData } from "./engine.js";
import type { AnswerShape, Window } from "./snippets.js";

/**
 * Roles a question asks about ("Who is Norrgate's CEO?", "Tessaly's IP head"), and whether a
 * sentence names that role at the company asked about.
 */

const ROLE_WORDS =
  "chief executive(?: officer)?|ceo|coo|cfo|cto|chair(?:man|woman)?|president|founder|head|chief (?:\\p{L}+ )*?officer|counsel|director|spokes(?:man|woman|person)";
/** A role a question asks someone's name for. */
const ROLE = new RegExp(`\\b(?:${ROLE_WORDS})s?\\b`, "i");
export const NAME = "\\p{Lu}[\\p{L}\\p{N}&.-]*(?: \\p{Lu}[\\p{L}\\p{N}&.-]*)*";
/** Words that open a title rather than name whose it is: "the general counsel". */
const TITLE_PARTS = new Set(
  "general chief senior deputy vice executive managing legal associate assistant acting interim".split(
    " ",
  ),
);

// "Managing Director of Vellacourt": "Managing" opens the title, it names no company.
const TITLE_WORDS = [...TITLE_PARTS].map((w) => w[0]?.toUpperCase() + w.slice(1)).join("|");

/**
 * A role and its organisation: "chief executive of Velmont Wireless", "Velmont's CEO", "Nokia
 * Chief Executive Rajeev Suri". Case is matched by hand, not with the "i" flag, under which
 * \\p{Lu} would match any letter.
 */
const ROLE_AT = new RegExp(
  `\\b(?:${caseless(ROLE_WORDS)})(?: and [a-z ]+?)?(?: of [\\p{Ll} ]+?)?,? (?:of|at) ((?:the )?${NAME})|(${NAME})'s (?:${caseless(ROLE_WORDS)})\\b|(?!(?:${TITLE_WORDS})\\b)(${NAME}) (?:${caseless(ROLE_WORDS)})\\b`,
  "gu",
);

/** The word naming whose role a question asks about, lower-cased: "tessaly" in "Tessaly's IP head". */
export function roleOwner(question: string, role: string): string | undefined {
  const lower = question.toLowerCase();
  const at = lower.indexOf(role.toLowerCase());
  if (at < 0) return undefined;
  // "Tessaly's IP head" (a possessive one or two words back), "the nokia ceo" (the word
  // before), "head of IP at Invarra" (after "of", "at" or "for").
  const [last, previous] = (lower.slice(0, at).match(/[\p{L}\p{N}&'-]+/gu) ?? [])
    .slice(-2)
    .reverse();
  const possessive = [last, previous].find((w) => w?.endsWith("'s"));
  // "head of IP at Tessaly": "at" or "for" names whose; "of" may name what of, so it comes last.
  const rest = lower.slice(at + role.length);
  const atOrFor = /^[\p{L} ]*? (?:at|for) (?:the )?([\p{L}\p{N}&-]+)/u.exec(rest);
  const of = /^[\p{L} ]*? of (?:the )?([\p{L}\p{N}&-]+)/u.exec(rest);
  // "who's the CEO": a contraction, not an owner; "the general counsel": part of the title.
  const before = last && TITLE_PARTS.has(last) ? undefined : last;
  return [possessive?.slice(0, -2), atOrFor?.[1], before, of?.[1]].find(
    (w) => w !== undefined && !w.endsWith("'s") && termsOf(w).length > 0,
  );
}

/** A pattern matching `pattern`'s lower-case letters in either case. */
function caseless(pattern: string): string {
  return pattern.replace(/(?<!\\)[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

/** What the role check needs to know of the question. */
export interface RoleQuestion {
  /** The question, company names already spelt right. */
  question: string;
  weights: ReadonlyMap<string, number>;
  shape: AnswerShape;
  /** Ids of the companies the question's terms name. */
  askedCompanies: ReadonlySet<string>;
  /** Other names the question uses, lower-cased (see `otherNames`). */
  otherNames: ReadonlyMap<string, string>;
}

/**
 * Whether a window's text can answer the question's role: always, when it asks about none.
 *
 * "Who is Norrgate's CEO?" is answered by someone in that role at that company: a sentence
 * naming the role at another company ("chief executive of Velmont") does not answer it, nor
 * does one without the role.
 * Whatever else is asked of "Tessaly's IP head", a sentence about another company's head is
 * not about that person.
 */
export function roleCheck(
  data: EngineData,
  { question, weights, shape, askedCompanies, otherNames }: RoleQuestion,
): (text: string, window: Window) => boolean {
  const role = ROLE.exec(normalize(question))?.[0];
  const roleTerm = role ? analyze(role)[0] : undefined;
  const holdsRole = (text: string, window: Window): boolean => {
    if (!roleTerm || !weights.has(roleTerm)) return true;
    // "Who heads IP at Invarra?" may be answered by its "general manager of intellectual
    // property": a head goes by many titles, a CEO or a spokesperson by few.
    if (!window.covered.has(roleTerm)) return !shape.person || roleTerm === "head";
    const holders = [...text.matchAll(ROLE_AT)].map((m) => m[1] ?? m[2] ?? m[3] ?? "");
    return holders.length === 0 || holders.some(namesAsked);
  };
  // Whose role: "Tessaly's IP head", "the head of IP at Tessaly"; else any company asked about.
  const owner = role ? roleOwner(normalize(question), role) : undefined;
  const namesAsked = (name: string): boolean => {
    const lower = name.toLowerCase();
    if (owner) return lower.includes(owner) || sameCompany(name, owner);
    return (
      data.directory.mentionedIn(name).some((id) => askedCompanies.has(id)) ||
      [...otherNames.values()].some((w) => lower.includes(w)) ||
      // "which US president": a country the question names is whose the role is.
      analyze(name).some((t) => isCountryTerm(t) && weights.has(t))
    );
  };
  const sameCompany = (name: string, word: string) => {
    const id = data.directory.resolve(word)?.id;
    return id !== undefined && data.directory.mentionedIn(name).includes(id);
  };
  return holdsRole;
}
