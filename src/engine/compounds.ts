import { compoundTerm, termsOf } from "../text/analyze.js";
import type { EngineData } from "./engine.js";

/**
 * The question with words written solid that the articles hyphenate ("startup", "wifi",
 * "ebike") written as the articles write them, so that they meet: a word no article uses,
 * split where the hyphenated form is one the articles do use.
 */
export function hyphenatedAsArticles(data: EngineData, question: string): string {
  return question.replace(/\p{L}{4,}/gu, (word) => {
    const terms = termsOf(word);
    if (terms.length === 0 || terms.some((t) => data.docFreq.has(t))) return word;
    const lower = word.toLowerCase();
    for (let i = 1; i < word.length - 1; i++) {
      if (data.docFreq.has(compoundTerm([lower.slice(0, i), lower.slice(i)])))
        return `${word.slice(0, i)}-${word.slice(i)}`;
    }
    return word;
  });
}
