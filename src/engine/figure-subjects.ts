import { isDictionaryWord } from "../text/english.js";
import type { EngineData } from "./engine.js";
import type { FigureSubjects } from "./not-stated.js";
import { isNationality } from "./question-names.js";
import type { Quote } from "./types.js";

/**
 * Whom a quoted figure is about, for `figureStated`: a figure states what is asked only when it
 * is of the companies asked about.
 */

/**
 * The one capitalised word opening a clause, past an opening phrase, that pays or charges:
 * "Under the deal, Brennholt will pay…", "Kilbride will pay…".
 */
const PAYER =
  /^\W*(?:(?:[Uu]nder|[Ii]n|[Oo]n|[Aa]t|[Aa]s|[Aa]fter|[Bb]efore|[Ff]or|[Ww]ith|[Bb]y|[Ff]rom|[Ss]ince|[Ss]eparately|[Mm]eanwhile)\b[^,]{0,60},\s*)?(\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)*)\s+(?:\p{Ll}+\s+){0,2}?(?:pays?|paid|paying|charges?|charged|charging)\b/u;

export function figureSubjects(
  data: EngineData,
  asked: {
    /** The companies the question names, as the directory finds them. */
    named: ReadonlySet<string>;
    /** Other names the question uses, lower-cased. */
    otherNames: ReadonlyMap<string, string>;
    aboutOthers: (sentence: string) => boolean;
    specific: (term: string) => boolean;
    thing: ReadonlyArray<ReadonlySet<string>>;
  },
): FigureSubjects {
  const { named, otherNames, aboutOthers, specific, thing } = asked;
  const usesOtherName = (text: string) => {
    const lower = text.toLowerCase();
    return [...otherNames.values()].some((name) => lower.includes(name));
  };
  // "Kilbride will pay a royalty of $1.10 for each robot, Strathcole said", asked what Okarina
  // pays Strathcole: the one paying is a company not asked about (a word no dictionary knows,
  // capitalised, that is no asked name).
  const payerNotAsked = (clause: string): boolean => {
    if (named.size === 0 && otherNames.size === 0) return false;
    const subject = PAYER.exec(clause)?.[1];
    if (!subject || isDictionaryWord(subject.toLowerCase()) || isNationality(subject)) return false;
    const lower = subject.toLowerCase();
    return (
      !data.directory.mentionedIn(subject).some((id) => named.has(id)) &&
      ![...otherNames.values()].some((name) => name.split(" ").includes(lower))
    );
  };
  return {
    specific,
    thing,
    aboutOthers: (clause) => aboutOthers(clause) || payerNotAsked(clause),
    namesNobody: (text) => data.directory.mentionedIn(text).length === 0 && !usesOtherName(text),
    othersOnly: (text) =>
      (named.size > 0 || otherNames.size > 0) &&
      !data.directory.mentionedIn(text).some((id) => named.has(id)) &&
      !usesOtherName(text),
  };
}

/** What a quote follows: its article's headline, the paragraph before and its own up to it. */
export function leadUpTo(data: EngineData, quote: Quote): string {
  const article = data.articles.get(quote.source.articleId);
  if (!article) return "";
  const at = article.paragraphs.findIndex((p) => quote.articleStart < p.end);
  const from = article.paragraphs[Math.max(0, at - 1)]?.start ?? 0;
  return `${article.meta.title}\n${article.text.slice(from, quote.articleStart)}`;
}
