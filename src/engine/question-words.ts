/**
 * The words that say what a question asks for ("when", "what", "how") typed as people type
 * them in chat: "wen does the licence expire" asks for a date as "when" does. Only these few
 * words: a mistyped name or topic word is the search's fuzzy matching's to find.
 */
const TYPED: ReadonlyArray<[RegExp, string]> = [
  [/\b(?:wen|whn|wehn)\b/gi, "when"],
  [/\b(?:wat|wut|wht|whta|waht)\b/gi, "what"],
  [/\b(?:hw|hwo)\b(?= (?:much|many|long|does|do|did|is|was|are|will|big|come)\b)/gi, "how"],
  // "hoe" is a word too: only opening the question is it "how".
  [/^(\W*)hoe\b(?= (?:much|many|long|does|do|did|is|was|are|will|big|come)\b)/i, "$1how"],
  [/\b(?:wher|whr)\b/gi, "where"],
  [/\b(?:wich|whcih|whihc)\b/gi, "which"],
];

export function spellQuestionWords(question: string): string {
  return TYPED.reduce((q, [typed, word]) => q.replace(typed, word), question);
}
