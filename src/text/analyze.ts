import { stemmer } from "stemmer";
import { eng as englishStopwords } from "stopword";

/**
 * The one text analyser shared by indexing, querying and highlighting. A word is highlighted
 * exactly when its analysed terms meet the matched terms, so all three must agree.
 */

/**
 * Question and chat filler the stock list lacks ("so whats the deal lol"); these never carry the
 * answer, and counting them as unknown words would make casual questions look unanswerable.
 */
const EXTRA_STOPWORDS =
  `when does say says tell please anyone know like lol pretty sure also yes no hey hi
  thanks thank us so whats what's whos actually stuff thing things bc cuz coz suddenly really just
  kinda sorta gonna wanna tbh imo idk ok okay yeah yep ya u ur get gets getting got go going gone anything
  something someone somebody guys guy hmm huh wait btw basically literally exactly maybe
  probably mean heard hear think thought wonder wondering right its it's why whom whose she hers
  mine yours ours theirs itself himself herself themselves story stories article articles will shall does doing done having nor not own few need needs want wants one ones`.split(
    /\s+/,
  );
const STOPWORDS = new Set([...englishStopwords, ...EXTRA_STOPWORDS]);

/** British and American spellings meet before stemming, so "licence" finds "license". */
const SPELLING: Record<string, string> = {
  licence: "license",
  licences: "licenses",
  licenced: "licensed",
  licencing: "licensing",
  licencee: "licensee",
  licencees: "licensees",
  licencor: "licensor",
  defence: "defense",
  organisation: "organization",
  organisations: "organizations",
  judgement: "judgment",
};

/** A country and its adjective, as stems: "German court" finds "in Germany". */
const COUNTRIES: Record<string, string> = {
  german: "germani",
  chines: "china",
  japanes: "japan",
  french: "franc",
  british: "britain",
  korean: "korea",
  taiwanes: "taiwan",
  swedish: "sweden",
  dutch: "netherland",
  american: "usa",
  america: "usa",
  european: "europ",
  italian: "itali",
  indian: "india",
  canadian: "canada",
  spanish: "spain",
};
const COUNTRY_TERMS = new Set(Object.values(COUNTRIES));

/** Whether a term is a country's (or its people's): a place, never a company. */
export function isCountryTerm(term: string): boolean {
  return COUNTRY_TERMS.has(term);
}

/**
 * Words that mean the same in deal news share one index term, on both the article and the
 * question side ("purchase" finds "acquiring", "per-unit fee" finds "royalty per device").
 * Keys and values are stems.
 */
const SYNONYMS: Record<string, string> = {
  bui: "buy",
  purchas: "buy",
  // A licence that lapses expires; a company's outlook or guidance is its forecast; one that
  // quits paying stops; a mediator brokers.
  laps: "expir",
  outlook: "forecast",
  guidanc: "forecast",
  guid: "forecast",
  quit: "stop",
  broker: "mediat",
  uni: "univers",
  // "Wi-Fi alone" is "Wi-Fi only".
  alon: "onli",
  // A yearly or annual figure is the year's.
  yearli: "year",
  annual: "year",
  annualli: "year",
  acquir: "buy",
  acquisit: "buy",
  bought: "buy",
  sold: "sell",
  offload: "sell",
  divest: "sell",
  sale: "sell",
  pact: "agreement",
  incom: "revenu",
  establish: "found",
  paid: "pai",
  payment: "pai",
  ow: "pai",
  deal: "agreement",
  contract: "agreement",
  carmak: "automak",
  fee: "royalti",
  levi: "royalti",
  handset: "devic",
  smartphon: "devic",
  gadget: "devic",
  phone: "devic",
  unit: "devic",
  settlement: "settl",
  extens: "extend",
  renew: "extend",
  collabor: "cooper",
  gear: "equip",
  tv: "televis",
  telecom: "telecommun",
  boss: "ceo",
  spokesman: "spokesperson",
  lawyer: "counsel",
  chief: "head",
  attornei: "counsel",
  spokeswoman: "spokesperson",
  chairwoman: "chairman",
  fight: "disput",
  litig: "disput",
  lawsuit: "disput",
  maker: "manufactur",
  partnership: "cooper",
  ...COUNTRIES,
  car: "vehicl",
  reduct: "discount",
  benefit: "advantag",
  upsid: "advantag",
  redund: "cut",
  bar: "block",
  ban: "block",
  holder: "owner",
  judg: "court",
  ceil: "cap",
  rival: "competitor",
  employe: "job",
  worker: "job",
  staff: "job",
  workforc: "job",
  employ: "job",
  // Porter leaves "employs" and "staffed" on stems of their own.
  emploi: "job",
  staf: "job",
  justic: "court",
  monei: "cash",
  proce: "cash",
  expans: "expand",
  // A sale or purchase "closes" when it is completed.
  complet: "close",
  crackdown: "sanction",
  region: "countri",
  territori: "countri",
  // Share prices: a stock is a share; it drops, slides or slumps as it falls, and climbs,
  // jumps or soars as it rises.
  stock: "share",
  drop: "fall",
  slid: "fall",
  slump: "fall",
  tumbl: "fall",
  climb: "rise",
  jump: "rise",
  soar: "rise",
};

/** Irregular past forms Porter stemming leaves apart from their verb: "lost" meets "losing". */
const IRREGULAR: Record<string, string> = {
  lost: "lose",
  won: "win",
  led: "lead",
  began: "begin",
  begun: "begin",
  took: "take",
  taken: "take",
  gave: "give",
  given: "give",
  made: "make",
  wrote: "write",
  written: "write",
  held: "hold",
  kept: "keep",
  left: "leav",
  met: "meet",
  sought: "seek",
  spent: "spend",
  struck: "strike",
  grew: "grow",
  grown: "grow",
  fell: "fall",
  fallen: "fall",
  rose: "rise",
  risen: "rise",
  fought: "disput",
  sued: "disput",
  // "Where are the pools heading": a direction, not the head of anything.
  heading: "go",
};

/** Multi-word names for one thing, folded to a single word before tokenising. */
const PHRASES: Array<[RegExp, string]> = [
  [
    /\b(?:car|auto|vehicle)[ -]?(?:makers?|manufacturers?|compan(?:y|ies)|brands?)\b/gi,
    "automakers",
  ],
  [/\bchief exec(?:utive)?(?: officer)?\b|\b(?:top dog|top boss|big boss|head honcho)\b/gi, "CEO"],
  [/\bchief operating officer\b/gi, "COO"],
  [/\bchief financial officer\b/gi, "CFO"],
  [/\bchief technology officer\b/gi, "CTO"],
  [/\bset up\b/gi, "founded"],
  // A licence paid once is a lump sum, however the article puts it.
  [
    /\b(?:one-off|one-time|single|upfront|up-front) (?:cash )?payment\b|\bup front\b/gi,
    "$& lump sum",
  ],
  // "Q3 licensing revenue" is the third quarter's; "the whole year" the full year.
  [/\bq1\b/gi, "first quarter"],
  [/\bq2\b/gi, "second quarter"],
  [/\bq3\b/gi, "third quarter"],
  [/\bq4\b/gi, "fourth quarter"],
  [/\bwhole[ -]year\b/gi, "full-year"],
  [/\bp(?:ut|uts|utting) together\b/gi, "assembled"],
  // "is Ruskell the only company allowed to use them?" asks whether the licence is exclusive.
  [
    /\bonly (?:one|company|firm|licensee|maker) (?:allowed|permitted|able|entitled) to\b/gi,
    "exclusive",
  ],
  // What a licensee pays for what it sold before the licence: a catch-up payment is a back
  // payment.
  [/\bcatch[- ]up (?:payments?|fees?|sums?|royalt(?:y|ies))\b/gi, "back payment"],
  [/\bmov(?:e|es|ed|ing) into\b/gi, "expand into"],
  [/\bp(?:ut|uts|utting) pen to paper\b/gi, "sign"],
  // "per the OPPO story" is "according to" it, not a rate per anything.
  [/\bper (?=(?:the|a|an|its|their|his|her) )/gi, "according to "],
  [/\b\d+(?:\.\d+)?\s?% off\b/gi, "$& discount"],
  [/\bin charge of\b/gi, "head of"],
  [/\b(?:bring|brings|brought|bringing) in\b/gi, "revenue"],
  [/\bma(?:de|ke|kes|king) peace\b/gi, "settled"],
  // A licensor's yearly take is its revenue.
  [/\b(?:yearly|annual|quarterly|monthly|total) take\b/gi, "$& revenue"],
  // "buy off Corriemoor" is buying from it.
  [/\b(buy|buys|bought|buying|purchas(?:e|es|ed|ing)|acquir(?:e|es|ed|ing)) off\b/gi, "$1 from"],
  // "was going to buy" asks what was to be bought, as "would buy" does.
  [/\b(?:was|were|is|are|am|'s|'re)\s+(?:going to|gonna)\b/gi, " "],
  // "these days" dates nothing: it asks for the latest figure.
  [/\b(?:these days|nowadays)\b/gi, " "],
  // The runner-up in a sale is the second-highest bidder.
  [/\brunners?[- ]up\b/gi, "other bidder"],
  // Money a start-up pulls in, or brings in from investors, is money it raises.
  [/\bp(?:ull|ulls|ulled|ulling) in\b/gi, "raise"],
  [/\b(?:cough|pay)(?:s|ed|ing)? up\b/gi, "paid"],
  [/\b(?:shell|fork)(?:s|ed|ing)? out\b/gi, "paid"],
  [/\bwrap(?:s|ped|ping)? up\b/gi, "close"],
  [/\bdash ?cams?\b/gi, "dashboard cameras"],
  // A licence's reach: "applies worldwide" answers "restricted to particular countries?".
  [/\b(?:worldwide|globally)\b/gi, "$& countries"],
  [/\bsho(?:t|ot|ots|oting) down\b/gi, "denied"],
  [/\bsnap(?:s|ped|ping)? up\b/gi, "buy"],
  [/\bintellectual property\b/gi, "IP"],
  [/\b(?:la(?:y|id|ying)|le(?:t|ts|tting)) (?:\w+ )?(?:off|go)\b/gi, "cut"],
  [/\bsign(?:s|ed|ing)? off\b|\bgreen light\b/gi, "approval"],
  [/\b(?:for|on) (?:each|every)\b/gi, "per"],
  // "the US market" is the United States; a lone "us" is too often the pronoun.
  [/\bUnited States\b/g, "USA"],
  [/\bthe us\b/gi, "the USA"],
  [/\b(?:team(?:s|ed|ing)? up|join(?:s|ed|ing)? forces)\b/gi, "partnership"],
  // "let rivals use its patents": a licence, in other words.
  [/\blet(?:s|ting)? (?:\w+ ){1,3}use\b/gi, "licence"],
  // "agreed to sell 312 patents to Velmont for $41 million" tells what Velmont paid: the verb
  // keeps its own term and gains "paid" ("$&" keeps the words matched).
  [
    /\b(?:sells?|sold|selling|buys?|bought|buying|acquir(?:e|es|ed|ing)|purchas(?:e|es|ed|ing))\b(?=[^.;]{0,80}?\bfor (?:about |around |roughly |some |nearly |almost )?[$€£¥]\s?\d)/gi,
    "$& paid",
  ],
  // "Royalties collected in 2024 came to $11 million": what a licensor collects is its revenue.
  [
    /\b(?:royalties|fees|payments) collected\b|\bcollect(?:s|ed|ing)? (?:the |its |their )?(?:royalties|fees|payments)\b/gi,
    "$& revenue",
  ],
  // "its agreed $40 million purchase" tells what was to be paid, too.
  [
    /[$€£¥]\s?\d[\d.,]*\s*(?:million|billion|bn|m)?\s+(?:purchase|acquisition|sale|takeover)\b/gi,
    "$& paid",
  ],
];

/**
 * The analyser's word tables in one string: a saved index built with other tables holds other
 * terms, so this goes into the hash that names it (see `corpusHash`).
 */
export const ANALYZER_TABLES = JSON.stringify([
  [...STOPWORDS],
  SPELLING,
  SYNONYMS,
  IRREGULAR,
  PHRASES.map(([pattern, replacement]) => [pattern.source, replacement]),
]);

/** Folds the typographic variants the articles use into plain ASCII forms. */
export function normalize(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\u2018\u2019\u201B\u2032\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2010\u2011\u2012\u2013\u2014\u2212]/g, "-")
    .replace(/[\u00A0\u2000-\u200B\u202F\u205F\u3000]/g, " ");
}

export interface WordSpan {
  /** Offset of the word in the text it was found in. */
  start: number;
  end: number;
  text: string;
}

// A word keeps its inner joiners so "$2.50", "1,887", "NYSE:NOK", "U.S" and "cross-licensing"
// stay whole; the term expansion below also emits their parts.
const WORD = /[$€£¥]?[\p{L}\p{N}]+(?:[.,:'’&\-‐‑–/][\p{L}\p{N}]+)*%?/gu;

/** Words of `text` with their offsets, so highlights can point into the original article. */
export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  for (const m of text.matchAll(WORD)) {
    spans.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return spans;
}

// Every text a phrase above matches contains one of these. Most texts contain none, and one
// test then spares running each phrase pattern over every passage of the corpus.
const PHRASE_HINT =
  /car|auto|vehicle|payment|up front|chief (?:exec|operat|financ|techn)|\bq[1-4]\b|whole.year|together|only |top dog|top boss|big boss|honcho|intellectual property|snap|set up|peace| up\b|down| in\b|charge of| out\b| off\b| go\b|for (?:\w+ )?[$€£¥]|(?:million|billion|bn|m|\d) (?:purchase|acquisition|sale|takeover)|(?:for|on) (?:each|every)|team|forces|let|united states|the us\b|green light|collect|dash ?cam|worldwide|globally|into|pen to|% off|these days|nowadays|(?:was|were|is|are|am|'s|'re) (?:going to|gonna)|(?:buy|bought|buying|purchas\w*|acquir\w*) off|(?:yearly|annual|quarterly|monthly|total) take\b|runners?[- ]up|per (?:the|a|an|its|their|his|her) /i;

/** Tokeniser for MiniSearch: normalises first, so full-width and curly variants split alike. */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalize(text));
}

/** `tokenize` for text already through `normalize`, for callers that need it normalised too. */
export function tokenizeNormalized(normalized: string): string[] {
  let folded = normalized;
  if (PHRASE_HINT.test(folded)) {
    for (const [pattern, replacement] of PHRASES) folded = folded.replace(pattern, replacement);
  }
  return folded.match(WORD) ?? [];
}

/**
 * The words of normalised text and its tokens (the words after multi-word names are folded):
 * one pass of the word pattern serves both when, as in most text, there is nothing to fold.
 */
export function wordsAndTokens(normalized: string): { words: string[]; tokens: string[] } {
  const found = normalized.match(WORD) ?? [];
  if (!PHRASE_HINT.test(normalized)) return { words: found, tokens: found };
  return { words: found, tokens: tokenizeNormalized(normalized) };
}

/** The terms of tokens, in order, duplicates kept. */
export function termsOfTokens(tokens: readonly string[]): string[] {
  const terms: string[] = [];
  for (const token of tokens) for (const term of termsOf(token)) terms.push(term);
  return terms;
}

/** The words of `text` as `wordSpans` finds them, without their offsets. */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * The index term of a compound from its lower-case parts ("cross-licence" from "cross" and
 * "licence"), worked out without the term cache: asking whether a split of a word the corpus
 * lacks is a compound it has should not fill the cache with every split tried.
 */
export function compoundTerm(parts: readonly string[]): string {
  return parts.map(stem).join("-");
}

function stem(word: string): string {
  if (/\d/.test(word)) return word;
  // Too short to stem, but "tv" still means "television".
  if (word.length < 3) return SYNONYMS[word] ?? word;
  const stemmed = IRREGULAR[word] ?? stemmer(SPELLING[word] ?? word);
  return SYNONYMS[stemmed] ?? stemmed;
}

/**
 * The index terms of one token: its stemmed form, plus the parts of a compound and a
 * plain-number form, or nothing for a stopword. Used as MiniSearch's `processTerm`.
 */
export function termsOf(token: string): string[] {
  // Indexing a large corpus meets the same few hundred thousand words again and again; stemming
  // each once is most of the analyser's cost. The cache is bounded so odd input cannot grow it.
  const cached = TERM_CACHE.get(token);
  if (cached) return cached;
  const terms = computeTerms(token);
  if (TERM_CACHE.size >= TERM_CACHE_LIMIT) TERM_CACHE.clear();
  TERM_CACHE.set(token, terms);
  return terms;
}

const TERM_CACHE = new Map<string, string[]>();
const TERM_CACHE_LIMIT = 500_000;

function computeTerms(token: string): string[] {
  const raw = normalize(token);
  const isAcronym = raw.length >= 2 && raw === raw.toUpperCase() && /\p{Lu}/u.test(raw);
  let word = raw.toLowerCase().replace(/'s$|'$/, "");
  if (!word) return [];
  if (!isAcronym && STOPWORDS.has(word)) return [];

  // "U.S" and "U.K" read as one acronym, not as stopword fragments.
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) word = word.replace(/\./g, "");
  // "US" the country must not meet "use", which stems to "us".
  if (word === "us" && isAcronym) return ["usa"];

  const terms = new Set<string>();
  const numeric = word.replace(/^[$€£¥]/, "").replace(/%$/, "");
  if (/^\d[\d,.]*$/.test(numeric)) {
    // "1,887" and "1887" meet; "$2.50" also answers "2.50".
    const plain = numeric.replace(/,(?=\d{3}\b)/g, "");
    terms.add(plain);
    if (numeric !== word) terms.add(word.replace(numeric, plain));
    return [...terms];
  }

  const parts = word.split(/[.,:'&\-/]+/).filter(Boolean);
  if (parts.length > 1) {
    terms.add(compoundTerm(parts));
    for (const part of parts) {
      if (!STOPWORDS.has(part) && part.length > 1) terms.add(stem(part));
    }
  } else {
    terms.add(stem(word));
  }
  return [...terms];
}

export interface WordTerms extends WordSpan {
  terms: string[];
}

/**
 * Each word of `text` (offsets into it) with its terms; a word inside a folded phrase ("Chief
 * Executive") also carries the phrase's term ("ceo"), so highlights agree with the index.
 */
export function wordTerms(text: string): WordTerms[] {
  const words: WordTerms[] = [];
  for (const m of text.matchAll(WORD)) {
    words.push({ start: m.index, end: m.index + m[0].length, text: m[0], terms: termsOf(m[0]) });
  }
  if (!PHRASE_HINT.test(text)) return words;
  for (const [pattern, replacement] of PHRASES) {
    // A replacement of several words ("third quarter") gives each word's terms.
    const extra = replacement.replace("$& ", "").split(/\s+/).flatMap(termsOf);
    // Each pattern is global; matchAll works on a copy of it, so it can be shared.
    for (const m of text.matchAll(pattern)) {
      const end = m.index + m[0].length;
      for (const w of words) {
        if (w.start >= m.index && w.end <= end) w.terms = [...w.terms, ...extra];
      }
    }
  }
  return words;
}

/**
 * The terms of each word of `text`, as `wordTerms` gives them, without offsets: choosing a
 * snippet looks at every word of some hundred sentences a question, and needs no positions.
 * The arrays may be shared (they come from the term cache): read them, do not change them.
 */
export function wordTermLists(text: string): ReadonlyArray<readonly string[]> {
  if (PHRASE_HINT.test(text)) return wordTerms(text).map((w) => w.terms);
  return (text.match(WORD) ?? []).map(termsOf);
}

/** All terms of a text, in order, duplicates kept. */
export function analyze(text: string): string[] {
  return analyzeNormalized(normalize(text));
}

/** `analyze` for text already through `normalize`. */
export function analyzeNormalized(normalized: string): string[] {
  return termsOfTokens(tokenizeNormalized(normalized));
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(normalize(word).toLowerCase());
}
