/**
 * An article the reload tests add to a running bot's corpus: a deal between two companies no
 * other article names, so an answer naming them can only come from the new engine.
 */
export const ADDED_ARTICLE = [
  "---",
  "title: Zorblat licenses its radio patents to Quuxcom",
  "---",
  "Zorblat licenses its radio patents to Quuxcom",
  "",
  "Zorblat Technologies said that Quuxcom will pay a royalty of $3.75 per unit for its radio patents.",
  "",
].join("\n");

/** The question the added article answers ("$3.75"). */
export const ADDED_QUESTION = "What royalty per unit will Quuxcom pay Zorblat?";
