import { normalize, wordSpans } from "../text/analyze.js";
import type { EvalCase } from "./cases.js";

/**
 * Scoring as the question set's README defines it: a source counts as quoted when seven or more
 * consecutive words of the reply stand in its text; phrases are matched case-insensitively.
 */

const QUOTE_WORDS = 7;

function words(text: string): string[] {
  return wordSpans(normalize(text)).map((w) => w.text.toLowerCase());
}

export class Shingles {
  private readonly byArticle = new Map<string, Set<string>>();

  constructor(texts: Map<string, string>) {
    for (const [id, text] of texts) this.byArticle.set(id, shingles(words(text)));
  }

  /** The articles from which `reply` quotes at least seven consecutive words. */
  quotedIn(reply: string): Set<string> {
    const replyShingles = [...shingles(words(reply))];
    const found = new Set<string>();
    for (const [id, set] of this.byArticle) {
      if (replyShingles.some((s) => set.has(s))) found.add(id);
    }
    return found;
  }
}

function shingles(ws: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + QUOTE_WORDS <= ws.length; i++)
    out.add(ws.slice(i, i + QUOTE_WORDS).join(" "));
  return out;
}

// How a reply says the corpus does not answer; checked on the reply text only.
const SAYS_NOTHING =
  /\bno deal\b|\bno recorded deal|\bnothing relevant\b|\bnot in the corpus\b|\bno company called\b|\bhas nothing\b/i;

export function saysNothing(reply: string): boolean {
  return SAYS_NOTHING.test(reply);
}

export interface CaseScore {
  pass: boolean;
  failures: string[];
}

function fold(text: string): string {
  return normalize(text).toLowerCase();
}

export function scoreReply(c: EvalCase, reply: string, shingles: Shingles): CaseScore {
  const failures: string[] = [];
  const quoted = shingles.quotedIn(reply);
  const { sources = [], phrases = [], abstain, sources_any } = c.expect;
  if (abstain) {
    if (!saysNothing(reply)) failures.push("does not say plainly that the corpus has no answer");
    if (abstain === "strict" && quoted.size > 0)
      failures.push(`quotes ${[...quoted].join(", ")} though nothing is relevant`);
  }
  const missing = sources.filter((s) => !quoted.has(s));
  if (
    sources.length > 0 &&
    (sources_any ? missing.length === sources.length : missing.length > 0)
  ) {
    failures.push(`no verbatim quote from ${missing.join(", ")}`);
  }
  for (const phrase of phrases) {
    if (!fold(reply).includes(fold(phrase))) failures.push(`phrase "${phrase}" missing`);
  }
  return { pass: failures.length === 0, failures };
}
