import type { DealKind } from "../corpus/schemas.js";

/** Plain data the surfaces render; nothing here knows about Discord or terminals. */

export interface SourceRef {
  articleId: string;
  title: string;
  publisher?: string;
  author?: string;
  /** YYYY-MM-DD, only when the article's front matter gives it. */
  published?: string;
  url?: string;
}

/** A range of `Quote.text` to show in bold: a word that matched the query. */
export interface Highlight {
  start: number;
  end: number;
}

export interface Quote {
  source: SourceRef;
  /** Verbatim from the article, with "…" where it was cut at a word boundary. */
  text: string;
  highlights: Highlight[];
  /** Where the verbatim part stands in the article text. */
  articleStart: number;
  articleEnd: number;
}

export interface CompanyRef {
  id: string;
  name: string;
  /** False for a company known only from article text, not from companies.json. */
  curated: boolean;
}

export interface DealDate {
  type: string;
  value: string;
  precision: "year" | "month" | "day";
  note?: string;
}

export interface DealView {
  id: string;
  summary: string;
  kinds: DealKind[];
  status: string;
  parties: Array<{ company: CompanyRef; role: string }>;
  dates: DealDate[];
  terms: {
    disclosed: boolean;
    term?: string;
    structure?: string;
    amounts: string[];
    notes?: string;
  };
  technologies: string[];
  patents?: string;
  territory?: string;
  related: Array<{ relation: string; dealId: string; summary?: string }>;
  /** The best quote from each article that reports the deal, best first. */
  quotes: Quote[];
  /** How many distinct articles report it. */
  reportedBy: number;
  /** Figures on which the sources disagree, each with who says what. */
  differences: Array<{ fact: string; claims: Array<{ value: string; quote: Quote }> }>;
}

export type DealResult =
  | {
      kind: "deals";
      company: CompanyRef;
      other?: CompanyRef;
      deals: DealView[];
    }
  | {
      /** No curated record, but article text reports a deal naming the party (or both). */
      kind: "mentions";
      company: CompanyRef;
      other?: CompanyRef;
      quotes: Quote[];
      otherDeals: { company: DealView[]; other: DealView[] };
    }
  | {
      kind: "none";
      company: CompanyRef;
      other?: CompanyRef;
      otherDeals: { company: DealView[]; other: DealView[] };
      /** Articles that name both parties, though not as a deal. */
      coMentions: Quote[];
      /** Of those, the sentences denying a deal between the two in its words. */
      denials: Quote[];
      /**
       * Whether a denial is of a deal an article reported ("denied a newspaper report"), not a
       * deal the articles rule out ("has joined neither pool").
       */
      reportDenied: boolean;
    }
  | {
      kind: "unknown-company";
      /** The name as the user typed it. */
      name: string;
      suggestions: CompanyRef[];
      /** When the other party did resolve, its deals still help. */
      known?: { company: CompanyRef; deals: DealView[] };
    };

export type AskResult =
  | {
      kind: "answer";
      question: string;
      /** Best first; the best article may be quoted in up to three places, others once. */
      quotes: Quote[];
      /** Curated deals between the companies the question names. */
      deals: DealView[];
      /**
       * The question asks for the terms of a deal whose records say they were not disclosed:
       * the first quotes are the articles saying so.
       */
      termsUndisclosed?: true;
      /**
       * The question asks whether the terms were made public ("were the terms disclosed?"), so
       * the articles saying they were not answer it; nothing is missing.
       */
      disclosureAsked?: true;
      /**
       * The two companies a deal question names have no deal: the quotes name them together,
       * not as a deal.
       */
      noDeal?: [string, string];
      /**
       * No article states the figure asked for, how long something runs ("term"), or names the
       * kind of party asked for ("which law firm…"): the quotes are the closest they come.
       */
      notStated?: "figure" | "term" | "name";
    }
  | {
      kind: "abstain";
      question: string;
      reason: "empty-question" | "nothing-relevant";
      /** A name in the question that no article mentions. */
      missing?: string;
      /** The two companies a deal question names, between which the corpus has no deal. */
      noDeal?: [string, string];
    };
