import type { Deal, DealKind } from "../corpus/schemas.js";
import { dealView } from "./deals.js";
import type { Engine } from "./engine.js";
import type { CompanyRef, DealDate, DealView } from "./types.js";

/**
 * The deal network around one company, as plain data a picture can be drawn from: which
 * companies dealt with it (and, at depth 2, with them), one edge per pair of companies and kind
 * of dealing, and how many companies were left out to keep the picture legible.
 *
 * Direction, where an edge has one, is the way rights or assets move: licensor → licensee,
 * seller → buyer, and for acquisitions seller → acquirer (what is acquired moves to the buyer).
 * Cross-licences, settlements, cooperation, covenants and pool memberships are undirected.
 */

export type EdgeKind =
  | "cross-license"
  | "license"
  | "sale"
  | "acquisition"
  | "settlement"
  | "cooperation"
  | "covenant"
  | "pool";

export interface NetworkNode {
  id: string;
  name: string;
  /** How many of the network's deals name this company. */
  deals: number;
  /** 0 for the centre, 1 for its counterparts, 2 for theirs. */
  depth: number;
}

export interface NetworkEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** False for kinds without a direction; `from`/`to` then only keep the parties' order. */
  directed: boolean;
  dealId: string;
  /** Short and self-contained, e.g. "licence · Dec 2022". */
  label: string;
}

export interface DealNetwork {
  center: CompanyRef;
  depth: 1 | 2;
  /** The centre first, then the rest best-connected first. */
  nodes: NetworkNode[];
  /** Only edges whose both ends are in `nodes`. */
  edges: NetworkEdge[];
  /** Companies in the network but grouped into "+N more" by the node cap. */
  hidden: number;
  hiddenCompanies: CompanyRef[];
  /** Every deal the network was built from, newest first, hidden companies' included. */
  deals: DealView[];
}

export const DEFAULT_MAX_NODES = 12;

/** Kinds whose edges point somewhere, and the roles at either end. */
const DIRECTED: Partial<Record<EdgeKind, { from: string[]; to: string[] }>> = {
  license: { from: ["licensor"], to: ["licensee"] },
  sale: { from: ["seller"], to: ["buyer"] },
  acquisition: { from: ["seller"], to: ["buyer"] },
  covenant: { from: ["licensor"], to: ["licensee"] },
};

const EDGE_KIND: Record<DealKind, EdgeKind> = {
  "cross-license": "cross-license",
  license: "license",
  // An extension continues a licence; it is drawn as one, and its label says "extension".
  extension: "license",
  "patent-sale": "sale",
  acquisition: "acquisition",
  settlement: "settlement",
  "covenant-not-to-sue": "covenant",
  "pool-membership": "pool",
  "business-cooperation": "cooperation",
};

/** How a deal kind is drawn: an extension is a licence, a patent sale a sale, and so on. */
export function edgeKindOf(kind: DealKind): EdgeKind {
  return EDGE_KIND[kind];
}

// The engine layer cannot use the surfaces' labels; these are the short forms an edge needs.
const EDGE_WORD: Record<EdgeKind, string> = {
  "cross-license": "cross-licence",
  license: "licence",
  sale: "patent sale",
  acquisition: "acquisition",
  settlement: "settlement",
  cooperation: "cooperation",
  covenant: "covenant not to sue",
  pool: "patent pool",
};

/** Roles that take part in an undirected kind; anyone else in the deal is not linked by it. */
const UNDIRECTED_ROLES: Partial<Record<EdgeKind, string[]>> = {
  "cross-license": ["cross-licensor"],
  settlement: ["plaintiff", "defendant", "partner"],
  cooperation: ["partner"],
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** The date a deal is placed at: when it was made or made known, never when it ends. */
export function dealDate(dates: DealDate[]): DealDate | undefined {
  const order = ["signed", "announced", "effective", "reported"];
  return dates
    .filter((d) => order.includes(d.type))
    .sort(
      (a, b) => a.value.localeCompare(b.value) || order.indexOf(a.type) - order.indexOf(b.type),
    )[0];
}

/** "2017", "Dec 2022" or "5 Jul 2017": no more precise than the source. */
export function shortDate(date: DealDate): string {
  const [year, month, day] = date.value.split("-");
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  if (date.precision === "day" && monthName && day) return `${Number(day)} ${monthName} ${year}`;
  if (date.precision === "month" && monthName) return `${monthName} ${year}`;
  return `${year}`;
}

function edgeLabel(deal: Deal, kind: EdgeKind): string {
  const word =
    kind === "license" && deal.kinds.includes("extension") ? "licence extension" : EDGE_WORD[kind];
  const date = dealDate(deal.dates);
  return date ? `${word} · ${shortDate(date)}` : word;
}

/** The edges one deal record yields: one per pair of companies and kind of dealing. */
export function dealEdges(deal: Deal): NetworkEdge[] {
  const kinds = [...new Set(deal.kinds.map((k) => EDGE_KIND[k]))];
  const companies = [...new Set(deal.parties.map((p) => p.company))];
  const withRole = (roles: string[]) => [
    ...new Set(deal.parties.filter((p) => roles.includes(p.role)).map((p) => p.company)),
  ];
  const edges: NetworkEdge[] = [];
  const seen = new Set<string>();
  const add = (from: string, to: string, kind: EdgeKind, directed: boolean) => {
    if (from === to) return;
    const key = directed ? `${kind}|${from}|${to}` : `${kind}|${[from, to].sort().join("|")}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to, kind, directed, dealId: deal.id, label: edgeLabel(deal, kind) });
  };
  const allPairs = (list: string[], kind: EdgeKind) => {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++)
        add(list[i] as string, list[j] as string, kind, false);
    }
  };

  for (const kind of kinds) {
    const roles = DIRECTED[kind];
    if (roles) {
      const sources = withRole(roles.from);
      const targets = withRole(roles.to);
      if (sources.length > 0 && targets.length > 0) {
        for (const from of sources) for (const to of targets) add(from, to, kind, true);
        continue;
      }
    }
    if (kind === "pool") {
      // A pool links each member to whoever runs it, not every member to every other.
      const admins = withRole(["pool-administrator"]);
      const members = companies.filter((c) => !admins.includes(c));
      if (admins.length > 0 && members.length > 0) {
        for (const admin of admins) for (const member of members) add(member, admin, kind, false);
        continue;
      }
    }
    const named = withRole(UNDIRECTED_ROLES[kind] ?? []);
    allPairs(named.length >= 2 ? named : companies, kind);
  }
  return edges;
}

/**
 * The network of `companyId`'s deals. Depth 1 holds the company's own deals; depth 2 adds the
 * deals of every company it dealt with. At most `maxNodes` companies are kept: the centre, then
 * repeatedly the best-connected company linked to one already kept, so that every company shown
 * hangs on the picture; the others are counted in `hidden`.
 */
export function dealNetwork(
  engine: Engine,
  companyId: string,
  depth: 1 | 2,
  opts: { maxNodes?: number } = {},
): DealNetwork {
  const data = engine.data;
  const maxNodes = Math.max(1, Math.floor(opts.maxNodes ?? DEFAULT_MAX_NODES));
  const ref = (id: string) => data.directory.ref(id, data.curatedIds);
  const center = ref(companyId);

  const depthOf = new Map<string, number>([[companyId, 0]]);
  const deals = new Map<string, Deal>();
  let frontier = [companyId];
  for (let level = 1; level <= depth; level++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const deal of data.dealsByCompany.get(id) ?? []) {
        if (deals.has(deal.id)) continue;
        deals.set(deal.id, deal);
        for (const party of deal.parties) {
          if (depthOf.has(party.company)) continue;
          depthOf.set(party.company, level);
          next.push(party.company);
        }
      }
    }
    frontier = next;
  }

  const dealList = [...deals.values()];
  const edges = dealList.flatMap(dealEdges);
  const dealCount = new Map<string, number>();
  for (const deal of dealList) {
    for (const id of new Set(deal.parties.map((p) => p.company))) {
      dealCount.set(id, (dealCount.get(id) ?? 0) + 1);
    }
  }

  const node = (id: string): NetworkNode => ({
    id,
    name: ref(id).name,
    deals: dealCount.get(id) ?? 0,
    depth: depthOf.get(id) ?? 0,
  });
  const better = (a: NetworkNode, b: NetworkNode) =>
    b.deals - a.deals ||
    a.depth - b.depth ||
    a.name.localeCompare(b.name, "en") ||
    a.id.localeCompare(b.id, "en");

  const neighbours = new Map<string, Set<string>>();
  for (const edge of edges) {
    for (const [a, b] of [
      [edge.from, edge.to],
      [edge.to, edge.from],
    ] as const) {
      const set = neighbours.get(a) ?? new Set<string>();
      set.add(b);
      neighbours.set(a, set);
    }
  }

  const kept = [node(companyId)];
  const keptIds = new Set([companyId]);
  const candidates = new Map<string, NetworkNode>();
  const offer = (id: string) => {
    for (const other of neighbours.get(id) ?? []) {
      if (!keptIds.has(other) && !candidates.has(other)) candidates.set(other, node(other));
    }
  };
  offer(companyId);
  while (kept.length < maxNodes && candidates.size > 0) {
    const best = [...candidates.values()].sort(better)[0] as NetworkNode;
    candidates.delete(best.id);
    kept.push(best);
    keptIds.add(best.id);
    offer(best.id);
  }
  // A party that no edge reaches (say, the only party of a one-company record) still counts.
  const hiddenIds = [...depthOf.keys()].filter((id) => !keptIds.has(id));
  const hiddenNodes = hiddenIds.map(node).sort(better);

  const nameOf = new Map(
    dealList.flatMap((d) => d.parties.map((p) => [p.company, ref(p.company).name])),
  );
  const views = [...dealList]
    .sort((a, b) => latest(b).localeCompare(latest(a)) || a.id.localeCompare(b.id, "en"))
    .map((d) =>
      dealView(data, d, [...new Set(d.parties.map((p) => nameOf.get(p.company) ?? p.company))]),
    );

  return {
    center,
    depth,
    nodes: [kept[0] as NetworkNode, ...kept.slice(1).sort(better)],
    edges: edges.filter((e) => keptIds.has(e.from) && keptIds.has(e.to)),
    hidden: hiddenNodes.length,
    hiddenCompanies: hiddenNodes.map((n) => ref(n.id)),
    deals: views,
  };
}

function latest(deal: Deal): string {
  // Strings: ISO dates sort as text, and Math.max would not do.
  return (
    deal.dates
      .map((d) => d.value)
      .sort()
      .at(-1) ?? ""
  );
}
