import type { Company, Deal } from "../corpus/schemas.js";
import { normalize } from "../text/analyze.js";
import type { EngineData } from "./engine.js";
import { nameMatcher, quoteOf } from "./quotes.js";
import { companyDeals, deniesReport, type Party, pairDeals } from "./text-deals.js";
import { findTextCompany, nameKeyWords, nameOfTicker } from "./text-names.js";
import type { DealResult, DealView, Quote } from "./types.js";

/**
 * `/deal`: the curated deals between two companies, or all of one company's deals; where no
 * record exists, what article text says about both; where nothing does, each party's deals.
 */

/** The party `input` names: a curated company, or a company article text names. */
function resolveParty(data: EngineData, input: string): Party | undefined {
  // Exact names first, the directory's then the text's: a name articles spell exactly is that
  // company, not a curated one a letter away. A ticker the text gives in parentheses
  // ("Aldermoor Semiconductor plc (LSE: ALDM)") stands for the name before it.
  const exact = data.directory.resolve(input, { fuzzy: false });
  if (exact) return curatedParty(data, exact);
  const ticker = nameOfTicker(data, input);
  if (ticker) {
    const company = data.directory.resolve(ticker, { fuzzy: false });
    const party = company ? curatedParty(data, company) : textParty(data, ticker, false);
    if (party) return party;
  }
  const fromText = textParty(data, input, false);
  if (fromText) return fromText;
  const fuzzy = data.directory.resolve(input);
  if (fuzzy) return curatedParty(data, fuzzy);
  return textParty(data, input, true);
}

function curatedParty(data: EngineData, company: Company): Party {
  const names = [company.name, ...company.aliases];
  return {
    ref: data.directory.ref(company.id, data.curatedIds),
    // Matched as the directory finds companies in text, capitalised or not.
    forms: names.map((n) => ({ words: nameKeyWords(n), capitalised: false })),
    highlight: names,
    passages: data.passagesByCompany.get(company.id) ?? [],
  };
}

function textParty(data: EngineData, input: string, tolerant: boolean): Party | undefined {
  const found = findTextCompany(data, input, tolerant);
  if (!found) return undefined;
  return {
    ref: { id: found.id, name: found.name, curated: false },
    forms: found.forms,
    highlight: found.highlight,
    passages: found.passages,
  };
}

export function dealsOf(data: EngineData, companyId: string, names: string[] = []): DealView[] {
  return sortDeals(data.dealsByCompany.get(companyId) ?? []).map((d) => dealView(data, d, names));
}

function latestDate(deal: Deal): string {
  return (
    deal.dates
      .map((d) => d.value)
      .sort()
      .at(-1) ?? ""
  );
}

function sortDeals(deals: Deal[]): Deal[] {
  return [...deals].sort(
    (a, b) =>
      latestDate(b).localeCompare(latestDate(a)) ||
      new Set(b.sources.map((s) => s.article)).size - new Set(a.sources.map((s) => s.article)).size,
  );
}

export function dealView(data: EngineData, deal: Deal, highlightNames: string[]): DealView {
  const roles = new Map<string, string[]>();
  for (const party of deal.parties) {
    const list = roles.get(party.company) ?? [];
    if (!list.includes(party.role)) list.push(party.role);
    roles.set(party.company, list);
  }
  const isHit = nameMatcher(highlightNames);

  // The best quote from each article: the one backing most facts, the parties above all.
  const byArticle = new Map<string, { quote: Quote; weight: number }>();
  const spans = data.sourceSpans.get(deal);
  deal.sources.forEach((source, i) => {
    const article = data.articles.get(source.article);
    const span = spans?.[i];
    if (!article || !span) return;
    const weight = source.supports.length + (source.supports.includes("parties") ? 2 : 0);
    const current = byArticle.get(article.id);
    if (!current || weight > current.weight) {
      byArticle.set(article.id, {
        quote: quoteOf(article, span, isHit, data.paragraphSentences),
        weight,
      });
    }
  });
  const quotes = [...byArticle.values()].sort((a, b) => b.weight - a.weight).map((q) => q.quote);

  return {
    id: deal.id,
    summary: deal.summary,
    kinds: deal.kinds,
    status: deal.status,
    parties: [...roles].map(([id, r]) => ({
      company: data.directory.ref(id, data.curatedIds),
      role: r.join(", "),
    })),
    dates: deal.dates,
    terms: {
      disclosed: deal.terms.disclosed,
      ...(deal.terms.term ? { term: deal.terms.term } : {}),
      ...(deal.terms.structure ? { structure: deal.terms.structure } : {}),
      amounts: deal.terms.amounts.map((a) => a.asWritten),
      ...(deal.terms.notes ? { notes: deal.terms.notes } : {}),
    },
    technologies: deal.subject?.technologies ?? [],
    ...(deal.subject?.patents ? { patents: deal.subject.patents } : {}),
    ...(deal.territory ? { territory: deal.territory } : {}),
    related: deal.related.map((r) => {
      const summary = data.dealsById.get(r.deal)?.summary;
      return { relation: r.relation, dealId: r.deal, ...(summary ? { summary } : {}) };
    }),
    quotes,
    reportedBy: byArticle.size,
    differences: differencesOf(data, deal, isHit),
  };
}

/** Facts that sources state differently, each claim with its own quote. */
function differencesOf(
  data: EngineData,
  deal: Deal,
  isHit: (terms: string[]) => boolean,
): DealView["differences"] {
  const byFact = new Map<string, Array<{ value: string; quote: Quote }>>();
  const spans = data.sourceSpans.get(deal);
  deal.sources.forEach((source, i) => {
    const article = data.articles.get(source.article);
    const span = spans?.[i];
    if (!article || !span) return;
    for (const [fact, value] of Object.entries(source.says ?? {})) {
      const claims = byFact.get(fact) ?? [];
      claims.push({ value, quote: quoteOf(article, span, isHit, data.paragraphSentences) });
      byFact.set(fact, claims);
    }
  });
  const differences: DealView["differences"] = [];
  for (const [fact, claims] of byFact) {
    const distinct = new Set(
      claims.map((c) => normalize(c.value).toLowerCase().replace(/\s+/g, " ")),
    );
    if (distinct.size > 1) differences.push({ fact, claims });
  }
  return differences;
}

export function findDealsBetween(
  data: EngineData,
  companyName: string,
  otherName?: string,
): DealResult {
  const a = resolveParty(data, companyName);
  const b = otherName?.trim() ? resolveParty(data, otherName) : undefined;
  const suggest = (name: string) => {
    return data.directory.suggest(name, 5).map((c) => data.directory.ref(c.id, data.curatedIds));
  };

  if (!a) {
    return {
      kind: "unknown-company",
      name: companyName,
      suggestions: suggest(companyName),
      ...(b ? { known: { company: b.ref, deals: dealsOf(data, b.ref.id, [b.ref.name]) } } : {}),
    };
  }
  if (otherName?.trim() && !b) {
    return {
      kind: "unknown-company",
      name: otherName,
      suggestions: suggest(otherName),
      known: { company: a.ref, deals: dealsOf(data, a.ref.id, [a.ref.name]) },
    };
  }

  if (!b || b.ref.id === a.ref.id) {
    const deals = dealsOf(data, a.ref.id, [a.ref.name]);
    if (deals.length > 0) return { kind: "deals", company: a.ref, deals };
    const { reported, coMentions, denials } = companyDeals(data, a);
    const otherDeals = { company: [], other: [] };
    if (reported.length > 0)
      return { kind: "mentions", company: a.ref, quotes: reported, otherDeals };
    return {
      kind: "none",
      company: a.ref,
      otherDeals,
      coMentions,
      denials,
      reportDenied: denials.some((q) => deniesReport(q.text)),
    };
  }

  const names = [a.ref.name, b.ref.name];
  const between = (data.dealsByCompany.get(a.ref.id) ?? []).filter((d) =>
    d.parties.some((p) => p.company === b.ref.id),
  );
  if (between.length > 0) {
    return {
      kind: "deals",
      company: a.ref,
      other: b.ref,
      deals: sortDeals(between).map((d) => dealView(data, d, names)),
    };
  }

  const otherDeals = {
    company: dealsOf(data, a.ref.id, [a.ref.name]),
    other: dealsOf(data, b.ref.id, [b.ref.name]),
  };
  // Linked in a sentence about a deal: reported, though nobody curated it. Named together in
  // passing ("rivals such as Oppo and Vivo"): no deal, but worth showing.
  const { reported, coMentions, denials } = pairDeals(data, a, b);
  if (reported.length > 0) {
    return { kind: "mentions", company: a.ref, other: b.ref, quotes: reported, otherDeals };
  }
  return {
    kind: "none",
    company: a.ref,
    other: b.ref,
    otherDeals,
    coMentions,
    denials,
    reportDenied: denials.some((q) => deniesReport(q.text)),
  };
}
