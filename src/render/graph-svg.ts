import {
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationNodeDatum,
} from "d3-force";
import type { DealNetwork, EdgeKind, NetworkEdge } from "../engine/network.js";
import { FONT_FAMILY, textWidth } from "./png.js";

/**
 * The deal network as an SVG picture: companies as rounded boxes, deals as lines styled by kind
 * (colour and dash pattern, explained in a legend), arrowheads where rights or assets move one
 * way. The layout is a radial tree (centre in the middle, its counterparts on an inner ellipse,
 * theirs outside their sector) relaxed by d3-force, then labels are placed greedily where they
 * overlap nothing. Nothing random is involved and every coordinate is rounded, so the same
 * network always gives the same SVG text.
 */

export const NETWORK_SIZE = { width: 1200, height: 800 };

export interface KindStyle {
  color: string;
  /** SVG stroke-dasharray; "" for a solid line. */
  dash: string;
  legend: string;
}

/** Okabe–Ito colours (told apart with colour-blindness too), each kind also with its own dash. */
export const KIND_STYLES: Record<EdgeKind, KindStyle> = {
  license: { color: "#0072B2", dash: "", legend: "licence" },
  "cross-license": { color: "#009E73", dash: "16 7", legend: "cross-licence" },
  sale: { color: "#E69F00", dash: "6 6", legend: "patent sale" },
  acquisition: { color: "#D55E00", dash: "16 6 4 6", legend: "acquisition" },
  settlement: { color: "#CC79A7", dash: "3 6", legend: "settlement" },
  cooperation: { color: "#56B4E9", dash: "12 5 3 5 3 5", legend: "cooperation" },
  covenant: { color: "#8B6F47", dash: "8 4", legend: "covenant not to sue" },
  pool: { color: "#7F7F7F", dash: "2 5", legend: "patent pool" },
};

export const KIND_ORDER = Object.keys(KIND_STYLES) as EdgeKind[];

export const INK = "#1f2328";
export const MUTED = "#57606a";

/** Text for SVG: the five XML specials escaped, characters XML forbids dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}

/** Coordinates with one decimal: enough for pixels, and stable in snapshots. */
export function num(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? "0" : String(r);
}

/** `text` cut at a character so it fits `max` px, with "…" where it was cut. */
export function ellipsize(text: string, max: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= max) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join("").trimEnd()}…`, size, bold) <= max) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join("").trimEnd()}…`;
}

/** Words wrapped into at most `maxLines` lines of `max` px; the last line ellipsized if need be. */
export function wrapText(
  text: string,
  max: number,
  size: number,
  bold = false,
  maxLines = 2,
): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = "";
  for (const [i, word] of words.entries()) {
    const tried = current ? `${current} ${word}` : word;
    if (!current || textWidth(tried, size, bold) <= max) {
      current = tried;
      continue;
    }
    if (lines.length === maxLines - 1) {
      current = words.slice(i - current.split(" ").length).join(" ");
      break;
    }
    lines.push(current);
    current = word;
  }
  if (current) lines.push(current);
  return lines.map((line) => ellipsize(line, max, size, bold));
}

interface TextOpts {
  size: number;
  bold?: boolean;
  fill?: string;
  anchor?: "start" | "middle" | "end";
}

export function svgText(x: number, y: number, text: string, o: TextOpts): string {
  const attrs = [
    `x="${num(x)}"`,
    `y="${num(y)}"`,
    `font-size="${o.size}"`,
    o.bold ? `font-weight="bold"` : "",
    `fill="${o.fill ?? INK}"`,
    o.anchor && o.anchor !== "start" ? `text-anchor="${o.anchor}"` : "",
  ].filter(Boolean);
  return `<text ${attrs.join(" ")}>${escapeXml(text)}</text>`;
}

/** One arrowhead per kind, coloured like its line; the tip lies ARROW_TIP px past the path's end. */
const ARROW_TIP = 10;

export function arrowMarkers(kinds: Iterable<EdgeKind>): string {
  return [...kinds]
    .map(
      (kind) =>
        `<marker id="arrow-${kind}" viewBox="0 0 16 12" refX="6" refY="6" markerWidth="16" markerHeight="12" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L16,6 L0,12 z" fill="${KIND_STYLES[kind].color}"/></marker>`,
    )
    .join("");
}

/** The opening of an image; `title` is its text alternative for screen readers. */
export function svgOpen(width: number, height: number, defs: string, title: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<title>${escapeXml(title)}</title>`,
    defs ? `<defs>${defs}</defs>` : "",
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  ].join("");
}

// ---------------------------------------------------------------------------------------------
// Layout

const EDGE_WIDTH = 3.5;
const NAME_SIZE = 26;
const CENTER_SIZE = 30;
const LABEL_SIZE = 22;
const MAX_NAME_WIDTH = 250;
const MARGIN = 20;
const TITLE_BAND = 64;
const PARALLEL_GAP = 34;
/** The inner ellipse, for the centre's counterparts when theirs are drawn too. */
const INNER_RING = 0.55;

interface Point {
  x: number;
  y: number;
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface LayoutNode extends SimulationNodeDatum {
  id: string;
  lines: string[];
  size: number;
  w: number;
  h: number;
  depth: number;
  kind: "center" | "company" | "more";
  /** Where the radial tree put it; the forces pull it back there. */
  homeX: number;
  homeY: number;
}

function nodeBox(
  id: string,
  name: string,
  depth: number,
  kind: LayoutNode["kind"],
): Omit<LayoutNode, "homeX" | "homeY"> {
  const size = kind === "center" ? CENTER_SIZE : NAME_SIZE;
  const lines = wrapText(name, MAX_NAME_WIDTH, size, kind !== "more");
  const w = Math.max(...lines.map((l) => textWidth(l, size, kind !== "more"))) + 36;
  const h = lines.length * size * 1.2 + (kind === "center" ? 24 : 18);
  return { id, lines, size, w, h, depth, kind };
}

function overlap(a: Rect, b: Rect, pad: number): number {
  const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) + pad;
  const oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) + pad;
  return ox > 0 && oy > 0 ? ox * oy : 0;
}

function rectOf(n: LayoutNode): Rect {
  return { x: (n.x ?? 0) - n.w / 2, y: (n.y ?? 0) - n.h / 2, w: n.w, h: n.h };
}

/** Pushes overlapping boxes apart along the axis where they overlap least. */
function forceBoxCollide(pad: number, strength: number) {
  let nodes: LayoutNode[] = [];
  const force = () => {
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i] as LayoutNode;
        const b = nodes[j] as LayoutNode;
        const dx = (b.x ?? 0) + (b.vx ?? 0) - ((a.x ?? 0) + (a.vx ?? 0));
        const dy = (b.y ?? 0) + (b.vy ?? 0) - ((a.y ?? 0) + (a.vy ?? 0));
        const ox = (a.w + b.w) / 2 + pad - Math.abs(dx);
        const oy = (a.h + b.h) / 2 + pad - Math.abs(dy);
        if (ox <= 0 || oy <= 0) continue;
        const aFixed = a.fx != null;
        const bFixed = b.fx != null;
        const shareA = aFixed ? 0 : bFixed ? 1 : 0.5;
        const shareB = 1 - shareA;
        if (ox < oy) {
          const push = ox * strength * (dx < 0 ? -1 : 1);
          a.vx = (a.vx ?? 0) - push * shareA;
          b.vx = (b.vx ?? 0) + push * shareB;
        } else {
          const push = oy * strength * (dy < 0 ? -1 : 1);
          a.vy = (a.vy ?? 0) - push * shareA;
          b.vy = (b.vy ?? 0) + push * shareB;
        }
      }
    }
  };
  force.initialize = (n: LayoutNode[]) => {
    nodes = n;
  };
  return force;
}

const HOME_PULL = 0.1;

/**
 * Pushes linked boxes apart while they are closer than their link's length, and leaves them
 * alone otherwise: a link must make room for its labels, not pull the radial tree out of shape.
 */
function forceMinLength(links: LinkSpec[], byId: Map<string, LayoutNode>, strength: number) {
  const end = (x: string | LayoutNode) => (typeof x === "string" ? byId.get(x) : x);
  return () => {
    for (const link of links) {
      const a = end(link.source);
      const b = end(link.target);
      if (!a || !b) continue;
      const dx = (b.x ?? 0) + (b.vx ?? 0) - ((a.x ?? 0) + (a.vx ?? 0));
      const dy = (b.y ?? 0) + (b.vy ?? 0) - ((a.y ?? 0) + (a.vy ?? 0));
      const d = Math.hypot(dx, dy) || 1;
      if (d >= link.length) continue;
      const push = ((link.length - d) / d) * strength;
      const shareA = a.fx != null ? 0 : b.fx != null ? 1 : 0.5;
      a.vx = (a.vx ?? 0) - dx * push * shareA;
      a.vy = (a.vy ?? 0) - dy * push * shareA;
      b.vx = (b.vx ?? 0) + dx * push * (1 - shareA);
      b.vy = (b.vy ?? 0) + dy * push * (1 - shareA);
    }
  };
}

/**
 * Pushes a box off any line it is not an end of, and the line's ends the other way, so that no
 * deal seems to pass through a company that is not in it.
 */
function forceEdgeRepel(links: LinkSpec[], byId: Map<string, LayoutNode>, strength: number) {
  let nodes: LayoutNode[] = [];
  // forceLink swaps ids for the nodes themselves; both forms are met here.
  const end = (x: string | LayoutNode) => (typeof x === "string" ? byId.get(x) : x);
  const force = () => {
    for (const link of links) {
      const a = end(link.source);
      const b = end(link.target);
      if (!a || !b) continue;
      const ax = a.x ?? 0;
      const ay = a.y ?? 0;
      const ex = (b.x ?? 0) - ax;
      const ey = (b.y ?? 0) - ay;
      const len2 = ex * ex + ey * ey;
      if (len2 < 1) continue;
      // Parallel edges bow out from the straight line; keep clear of the outermost one.
      const margin = 14 + ((link.count - 1) * PARALLEL_GAP) / 2;
      for (const n of nodes) {
        if (n === a || n === b) continue;
        const nx = n.x ?? 0;
        const ny = n.y ?? 0;
        const t = Math.min(0.95, Math.max(0.05, ((nx - ax) * ex + (ny - ay) * ey) / len2));
        let dx = nx - (ax + ex * t);
        let dy = ny - (ay + ey * t);
        let dist = Math.hypot(dx, dy);
        if (dist < 1e-6) {
          // Dead on the line: step off it to the line's left, the same way every time.
          dx = -ey;
          dy = ex;
          dist = Math.hypot(dx, dy);
        }
        const ux = Math.abs(dx / dist);
        const uy = Math.abs(dy / dist);
        const reach =
          Math.min(
            ux > 1e-9 ? n.w / 2 / ux : Number.POSITIVE_INFINITY,
            uy > 1e-9 ? n.h / 2 / uy : Number.POSITIVE_INFINITY,
          ) + margin;
        if (dist >= reach) continue;
        const push = ((reach - dist) / dist) * strength;
        if (n.fx == null) {
          n.vx = (n.vx ?? 0) + dx * push;
          n.vy = (n.vy ?? 0) + dy * push;
        }
        for (const [m, share] of [
          [a, 1 - t],
          [b, t],
        ] as const) {
          if (m.fx != null) continue;
          m.vx = (m.vx ?? 0) - dx * push * share * 0.5;
          m.vy = (m.vy ?? 0) - dy * push * share * 0.5;
        }
      }
    }
  };
  force.initialize = (n: LayoutNode[]) => {
    nodes = n;
  };
  return force;
}

/** Keeps every box inside the drawing area. */
function clampInto(nodes: LayoutNode[], area: Rect) {
  for (const n of nodes) {
    if (n.fx != null) continue;
    n.x = Math.min(Math.max(n.x ?? 0, area.x + n.w / 2), area.x + area.w - n.w / 2);
    n.y = Math.min(Math.max(n.y ?? 0, area.y + n.h / 2), area.y + area.h - n.h / 2);
  }
}

const MORE_ID = "\u0000more";

type Box = ReturnType<typeof nodeBox>;

/**
 * Counterparts of the centre in ring order: those of one deal side by side, and each next to
 * the one it is most tied to (deals between them, or companies both dealt with), so that lines
 * between counterparts run along the ring instead of across the centre.
 */
function ringOrder(inner: Box[], edges: NetworkEdge[], centerId: string): Box[] {
  const linked = new Map<string, Set<string>>();
  for (const e of edges) {
    linked.set(e.from, (linked.get(e.from) ?? new Set()).add(e.to));
    linked.set(e.to, (linked.get(e.to) ?? new Set()).add(e.from));
  }
  const tie = (a: string, b: string) => {
    const na = linked.get(a) ?? new Set<string>();
    const nb = linked.get(b) ?? new Set<string>();
    let score = na.has(b) ? 2 : 0;
    for (const x of na) if (x !== centerId && nb.has(x)) score++;
    return score;
  };
  const firstEdge = (id: string) => {
    const i = edges.findIndex(
      (e) => (e.from === centerId && e.to === id) || (e.to === centerId && e.from === id),
    );
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  const rest = inner
    .map((n, rank) => ({ n, rank, edge: firstEdge(n.id) }))
    .sort((a, b) => a.edge - b.edge || a.rank - b.rank)
    .map((x) => x.n);
  const order: Box[] = [];
  while (rest.length > 0) {
    const last = order[order.length - 1];
    let pick = 0;
    if (last) {
      let best = 0;
      rest.forEach((n, i) => {
        const score = tie(last.id, n.id);
        if (score > best) {
          best = score;
          pick = i;
        }
      });
    }
    order.push(...rest.splice(pick, 1));
  }
  return order;
}

/**
 * Where each company goes. A radial tree first: the centre in the middle, its counterparts on
 * an inner ellipse, each with a sector as wide as the companies it leads to, those on the outer
 * ellipse at their counterparts' mean angle. d3-force then relaxes it: links as long as their
 * labels need, repulsion, no overlapping boxes, a weak pull back home. Last, the drawing is
 * stretched to fill the area, which only ever moves boxes further apart.
 */
function layoutNodes(network: DealNetwork, area: Rect): LayoutNode[] {
  const centerId = network.center.id;
  const boxes = network.nodes.map((n) =>
    nodeBox(n.id, n.name, n.depth, n.id === centerId ? "center" : "company"),
  );
  const center = boxes.find((n) => n.kind === "center");
  const inner = ringOrder(
    boxes.filter((n) => n.depth === 1),
    network.edges,
    centerId,
  );
  const outer = boxes.filter((n) => n.depth >= 2);
  const more =
    network.hidden > 0
      ? nodeBox(
          MORE_ID,
          `+${network.hidden} more`,
          Math.max(1, ...boxes.map((n) => n.depth)),
          "more",
        )
      : undefined;

  const neighbours = (id: string) =>
    network.edges.flatMap((e) => (e.from === id ? [e.to] : e.to === id ? [e.from] : []));
  const kids = new Map<string, Box[]>();
  const orphans: Box[] = [];
  for (const n of outer) {
    const near = new Set(neighbours(n.id));
    const parent = inner.find((p) => near.has(p.id));
    if (parent) kids.set(parent.id, [...(kids.get(parent.id) ?? []), n]);
    else orphans.push(n);
  }
  const slots = [...inner, ...orphans, ...(more ? [more] : [])];
  const weight = (n: Box) => Math.max(1, kids.get(n.id)?.length ?? 0);
  const step =
    (2 * Math.PI) /
    Math.max(
      1,
      slots.reduce((sum, n) => sum + weight(n), 0),
    );

  const cx = area.x + area.w / 2;
  const cy = area.y + area.h / 2;
  const rx = area.w / 2 - Math.max(60, ...slots.map((n) => n.w / 2));
  const ry = area.h / 2 - Math.max(24, ...slots.map((n) => n.h / 2));
  const deep = outer.length > 0;
  const angleOf = new Map<string, number>();
  const placed: LayoutNode[] = [];
  const put = (n: Box, angle: number, ring: number) => {
    angleOf.set(n.id, angle);
    const x = cx + Math.cos(angle) * rx * ring;
    const y = cy + Math.sin(angle) * ry * ring;
    placed.push({ ...n, x, y, homeX: x, homeY: y });
  };
  if (center) placed.push({ ...center, x: cx, y: cy, fx: cx, fy: cy, homeX: cx, homeY: cy });
  // Start at the top, so that four counterparts sit in the corners rather than on the axes.
  let at = -Math.PI / 2;
  const sectors = new Map<string, { from: number; span: number }>();
  for (const n of slots) {
    const span = weight(n) * step;
    sectors.set(n.id, { from: at, span });
    const isInner = n.depth === 1 && n.kind === "company";
    put(n, at + span / 2, isInner && deep ? INNER_RING : 1);
    at += span;
  }
  const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));
  for (const [parentId, list] of kids) {
    const sector = sectors.get(parentId);
    const home = angleOf.get(parentId);
    if (!sector || home === undefined) continue;
    // A company that also dealt with another counterpart goes to that side of the sector.
    const pull = (n: Box) => {
      const others = neighbours(n.id).filter((id) => id !== parentId && angleOf.has(id));
      if (others.length === 0) return 0;
      const sx = others.reduce((sum, id) => sum + Math.cos(angleOf.get(id) ?? 0), 0);
      const sy = others.reduce((sum, id) => sum + Math.sin(angleOf.get(id) ?? 0), 0);
      return wrap(Math.atan2(sy, sx) - home);
    };
    const sorted = list
      .map((n, i) => ({ n, i, pull: pull(n) }))
      .sort((a, b) => a.pull - b.pull || a.i - b.i);
    sorted.forEach(({ n }, i) => {
      put(n, sector.from + ((i + 0.5) * sector.span) / sorted.length, 1);
    });
  }

  const byId = new Map(placed.map((n) => [n.id, n]));
  const fanSize = new Map<string, number>();
  for (const e of network.edges) {
    const key = `${e.dealId}\u0000${e.kind}\u0000${e.label}`;
    fanSize.set(key, (fanSize.get(key) ?? 0) + 1);
  }
  const pairs = new Map<string, { source: string; target: string; room: number; count: number }>();
  for (const e of network.edges) {
    const key = [e.from, e.to].sort().join("\u0000");
    const pair = pairs.get(key) ?? { source: e.from, target: e.to, room: 0, count: 0 };
    // A fan of edges from one deal carries one label, so its edges need not each make room.
    const fan = fanSize.get(`${e.dealId}\u0000${e.kind}\u0000${e.label}`) ?? 1;
    pair.room = Math.max(pair.room, fan > 1 ? 60 : textWidth(e.label, LABEL_SIZE) + 16);
    pair.count++;
    pairs.set(key, pair);
  }
  const half = (id: string) => {
    const n = byId.get(id);
    return n ? Math.hypot(n.w, n.h) / 2 : 0;
  };
  const links = [...pairs.values()].map((p) => ({
    ...p,
    length: half(p.source) + half(p.target) + p.room * 0.8 + (p.count - 1) * 30 + 30,
  }));

  if (deep) hubLayout(placed, links, byId, area);
  else ringLayout(placed, links, byId, area);
  return placed;
}

/** One level: the rings are the layout, and the forces only make room between the boxes. */
function ringLayout(
  placed: LayoutNode[],
  links: LinkSpec[],
  byId: Map<string, LayoutNode>,
  area: Rect,
) {
  const simulation = forceSimulation<LayoutNode>(placed)
    .force("links", forceMinLength(links, byId, 0.3))
    .force("home-x", forceX<LayoutNode>((n) => n.homeX).strength(HOME_PULL))
    .force("home-y", forceY<LayoutNode>((n) => n.homeY).strength(HOME_PULL))
    .force("spread", forceManyBody<LayoutNode>().strength(-500).distanceMax(400))
    .force("boxes", forceBoxCollide(16, 0.6))
    .force("off-lines", forceEdgeRepel(links, byId, 0.5))
    .stop();
  // A fixed number of ticks, not "until cool": the result must not depend on timing.
  for (let i = 0; i < 300; i++) {
    simulation.tick();
    clampInto(placed, area);
  }
  stretchToFill(placed, { x: area.x + area.w / 2, y: area.y + area.h / 2 }, area);
}

/**
 * Two levels: counterparts with deals of their own are hubs, and their companies gather round
 * them. The centre is let loose; the drawing is moved and, if it must, squeezed into the area
 * afterwards, and a last few ticks of box collision undo any overlap the squeeze made.
 */
function hubLayout(
  placed: LayoutNode[],
  links: LinkSpec[],
  byId: Map<string, LayoutNode>,
  area: Rect,
) {
  for (const n of placed) {
    n.fx = null;
    n.fy = null;
  }
  const cx = area.x + area.w / 2;
  const cy = area.y + area.h / 2;
  const simulation = forceSimulation<LayoutNode>(placed)
    .force(
      "links",
      forceLink<LayoutNode, LinkSpec>(links)
        .id((n) => n.id)
        .distance((l) => l.length)
        .strength(0.2),
    )
    .force("spread", forceManyBody<LayoutNode>().strength(-700).distanceMax(600))
    .force("middle-x", forceX<LayoutNode>(cx).strength(0.02))
    // Pulled harder up and down: the picture is wider than tall.
    .force("middle-y", forceY<LayoutNode>(cy).strength(0.05))
    .force("boxes", forceBoxCollide(16, 0.6))
    .force("off-lines", forceEdgeRepel(links, byId, 0.5))
    .stop();
  for (let i = 0; i < 300; i++) simulation.tick();

  const left = Math.min(...placed.map((n) => (n.x ?? 0) - n.w / 2));
  const right = Math.max(...placed.map((n) => (n.x ?? 0) + n.w / 2));
  const top = Math.min(...placed.map((n) => (n.y ?? 0) - n.h / 2));
  const bottom = Math.max(...placed.map((n) => (n.y ?? 0) + n.h / 2));
  const mx = (left + right) / 2;
  const my = (top + bottom) / 2;
  const halfW = Math.max(...placed.map((n) => n.w / 2));
  const halfH = Math.max(...placed.map((n) => n.h / 2));
  const fx = Math.min(1, (area.w - 2 * halfW) / Math.max(1, right - left - 2 * halfW));
  const fy = Math.min(1, (area.h - 2 * halfH) / Math.max(1, bottom - top - 2 * halfH));
  for (const n of placed) {
    n.x = cx + ((n.x ?? 0) - mx) * fx;
    n.y = cy + ((n.y ?? 0) - my) * fy;
  }
  const settle = forceSimulation<LayoutNode>(placed)
    .force("boxes", forceBoxCollide(16, 0.6))
    .force("off-lines", forceEdgeRepel(links, byId, 0.5))
    .alpha(0.3)
    .stop();
  for (let i = 0; i < 120; i++) {
    settle.tick();
    clampInto(placed, area);
  }
  stretchToFill(placed, { x: cx, y: cy }, area);
}

interface LinkSpec {
  source: string | LayoutNode;
  target: string | LayoutNode;
  length: number;
  /** How many edges the pair has, drawn side by side. */
  count: number;
}

/** Scales offsets from the centre, separately across and down, as far as the area allows. */
function stretchToFill(nodes: LayoutNode[], c: Point, area: Rect) {
  let sx = Number.POSITIVE_INFINITY;
  let sy = Number.POSITIVE_INFINITY;
  for (const n of nodes) {
    const dx = (n.x ?? 0) - c.x;
    const dy = (n.y ?? 0) - c.y;
    if (dx > 1) sx = Math.min(sx, (area.x + area.w - n.w / 2 - c.x) / dx);
    if (dx < -1) sx = Math.min(sx, (area.x + n.w / 2 - c.x) / dx);
    if (dy > 1) sy = Math.min(sy, (area.y + area.h - n.h / 2 - c.y) / dy);
    if (dy < -1) sy = Math.min(sy, (area.y + n.h / 2 - c.y) / dy);
  }
  // Never shrink (that could make boxes overlap), and do not blow a small network up to the edges.
  const fx = Math.min(Math.max(1, Number.isFinite(sx) ? sx : 1), 2.5);
  const fy = Math.min(Math.max(1, Number.isFinite(sy) ? sy : 1), 2.5);
  for (const n of nodes) {
    n.x = c.x + ((n.x ?? 0) - c.x) * fx;
    n.y = c.y + ((n.y ?? 0) - c.y) * fy;
  }
}

// ---------------------------------------------------------------------------------------------
// Edges and labels

interface EdgeShape {
  edge: NetworkEdge;
  start: Point;
  control: Point;
  end: Point;
}

/** Where the ray from the box's centre towards `toward` leaves the box, plus `gap`. */
function boxExit(n: LayoutNode, toward: Point, gap: number): Point {
  const x = n.x ?? 0;
  const y = n.y ?? 0;
  const dx = toward.x - x;
  const dy = toward.y - y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const t = Math.min(
    Math.abs(ux) > 1e-9 ? n.w / 2 / Math.abs(ux) : Number.POSITIVE_INFINITY,
    Math.abs(uy) > 1e-9 ? n.h / 2 / Math.abs(uy) : Number.POSITIVE_INFINITY,
  );
  return { x: x + ux * (t + gap), y: y + uy * (t + gap) };
}

function edgeShapes(network: DealNetwork, byId: Map<string, LayoutNode>, area: Rect): EdgeShape[] {
  const pairs = new Map<string, NetworkEdge[]>();
  for (const edge of network.edges) {
    const key = [edge.from, edge.to].sort().join("\u0000");
    pairs.set(key, [...(pairs.get(key) ?? []), edge]);
  }
  const shapes: EdgeShape[] = [];
  for (const [key, edges] of pairs) {
    const [aId, bId] = key.split("\u0000") as [string, string];
    const a = byId.get(aId);
    const b = byId.get(bId);
    if (!a || !b) continue;
    const ax = a.x ?? 0;
    const ay = a.y ?? 0;
    const bx = b.x ?? 0;
    const by = b.y ?? 0;
    const len = Math.hypot(bx - ax, by - ay) || 1;
    // The normal of the pair in its sorted order, so parallel edges fan out the same way each time.
    const nx = -(by - ay) / len;
    const ny = (bx - ax) / len;
    edges.forEach((edge, i) => {
      const offset = (i - (edges.length - 1) / 2) * PARALLEL_GAP;
      // A curve stays within the triangle of its ends and control point, so a control point
      // inside the area keeps the whole curve off the title and the legend.
      const control = {
        x: Math.min(Math.max((ax + bx) / 2 + nx * offset * 2, area.x), area.x + area.w),
        y: Math.min(Math.max((ay + by) / 2 + ny * offset * 2, area.y), area.y + area.h),
      };
      const from = byId.get(edge.from) as LayoutNode;
      const to = byId.get(edge.to) as LayoutNode;
      const tip = edge.directed ? ARROW_TIP + 2 : 2;
      shapes.push({
        edge,
        start: boxExit(from, control, 2),
        control,
        end: boxExit(to, control, tip),
      });
    });
  }
  // Draw in the network's edge order, whatever the grouping above did.
  const order = new Map(network.edges.map((e, i) => [e, i]));
  return shapes.sort((p, q) => (order.get(p.edge) ?? 0) - (order.get(q.edge) ?? 0));
}

function pointAt(s: EdgeShape, t: number): Point {
  const u = 1 - t;
  return {
    x: u * u * s.start.x + 2 * u * t * s.control.x + t * t * s.end.x,
    y: u * u * s.start.y + 2 * u * t * s.control.y + t * t * s.end.y,
  };
}

function edgePath(s: EdgeShape): string {
  const straight =
    Math.abs((s.start.x + s.end.x) / 2 - s.control.x) < 0.5 &&
    Math.abs((s.start.y + s.end.y) / 2 - s.control.y) < 0.5;
  return straight
    ? `M${num(s.start.x)},${num(s.start.y)} L${num(s.end.x)},${num(s.end.y)}`
    : `M${num(s.start.x)},${num(s.start.y)} Q${num(s.control.x)},${num(s.control.y)} ${num(s.end.x)},${num(s.end.y)}`;
}

interface PlacedLabel extends Rect {
  text: string;
  kind: EdgeKind;
}

/** Who the far ends of a fan of edges are, named by their role: "7 licensees". */
function fanNoun(group: EdgeShape[]): string {
  const edges = group.map((s) => s.edge);
  const first = edges[0];
  if (!first?.directed) return "companies";
  const fromOne = edges.every((e) => e.from === first.from);
  const toOne = edges.every((e) => e.to === first.to);
  const roles: Partial<Record<EdgeKind, [string, string]>> = {
    license: ["licensors", "licensees"],
    covenant: ["licensors", "licensees"],
    sale: ["sellers", "buyers"],
    acquisition: ["sellers", "buyers"],
  };
  const names = roles[first.kind];
  if (!names) return "companies";
  return fromOne ? names[1] : toOne ? names[0] : "companies";
}

const LABEL_TS = [0.5, 0.4, 0.6, 0.32, 0.68, 0.25, 0.75, 0.18, 0.82];
const LABEL_SHIFTS = [0, 18, -18, 32, -32, 48, -48];

/**
 * One label per deal, kind and wording: a licence to nine automakers is labelled once, on the
 * middle edge of its fan. Each goes to the first spot along its edge that covers no box and no
 * other label, or else the spot that covers least.
 */
function placeLabels(shapes: EdgeShape[], nodes: LayoutNode[], area: Rect): PlacedLabel[] {
  const groups = new Map<string, EdgeShape[]>();
  for (const s of shapes) {
    const key = `${s.edge.dealId}\u0000${s.edge.kind}\u0000${s.edge.label}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const cx = area.x + area.w / 2;
  const cy = area.y + area.h / 2;
  const angle = (s: EdgeShape) => {
    const m = pointAt(s, 0.5);
    return Math.atan2(m.y - cy, m.x - cx);
  };
  // Boxes, and the arrowheads, which a label must not hide.
  const obstacles: Rect[] = [
    ...nodes.map(rectOf),
    ...shapes
      .filter((s) => s.edge.directed)
      .map((s) => ({ x: s.end.x - 12, y: s.end.y - 12, w: 24, h: 24 })),
  ];
  const placed: PlacedLabel[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((p, q) => angle(p) - angle(q));
    const shape = sorted[Math.floor((sorted.length - 1) / 2)] as EdgeShape;
    const text =
      group.length > 1
        ? `${shape.edge.label} (${group.length} ${fanNoun(group)})`
        : shape.edge.label;
    const w = textWidth(text, LABEL_SIZE) + 16;
    const h = LABEL_SIZE + 10;
    let best: { rect: Rect; cost: number } | undefined;
    // On the line first; only if every spot there is taken, a little beside it.
    for (const shift of LABEL_SHIFTS) {
      for (const t of LABEL_TS) {
        const p = pointAt(shape, t);
        const q = pointAt(shape, Math.min(1, t + 0.01));
        const len = Math.hypot(q.x - p.x, q.y - p.y) || 1;
        const x = p.x - ((q.y - p.y) / len) * shift;
        const y = p.y + ((q.x - p.x) / len) * shift;
        const rect = { x: x - w / 2, y: y - h / 2, w, h };
        const outside =
          Math.max(0, area.x - rect.x) +
          Math.max(0, rect.x + w - (area.x + area.w)) +
          Math.max(0, area.y - rect.y) +
          Math.max(0, rect.y + h - (area.y + area.h));
        const cost =
          outside * 1000 +
          obstacles.reduce((sum, o) => sum + overlap(rect, o, 6), 0) +
          placed.reduce((sum, o) => sum + overlap(rect, o, 4), 0);
        if (!best || cost < best.cost) best = { rect, cost };
        if (cost === 0) break;
      }
      if (best?.cost === 0) break;
    }
    if (best) placed.push({ ...best.rect, text, kind: shape.edge.kind });
  }
  return placed;
}

// ---------------------------------------------------------------------------------------------
// Legend

interface LegendItem {
  width: number;
  draw: (x: number, y: number) => string;
}

function legendLine(kind: EdgeKind, x: number, y: number, directed: boolean): string {
  const style = KIND_STYLES[kind];
  const end = directed ? x + 46 - ARROW_TIP : x + 46;
  return `<path d="M${num(x)},${num(y)} L${num(end)},${num(y)}" fill="none" stroke="${style.color}" stroke-width="${EDGE_WIDTH}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ""}${directed ? ` marker-end="url(#arrow-${kind})"` : ""}/>`;
}

/** Items laid left to right, wrapping onto as many rows as they need. */
export function flowLegend(
  items: LegendItem[],
  width: number,
  rowHeight: number,
): { rows: number; draw: (top: number) => string } {
  const rows: LegendItem[][] = [[]];
  let used = 0;
  for (const item of items) {
    const row = rows[rows.length - 1] as LegendItem[];
    if (row.length > 0 && used + item.width > width - 2 * MARGIN) {
      rows.push([item]);
      used = item.width + 28;
    } else {
      row.push(item);
      used += item.width + 28;
    }
  }
  return {
    rows: rows.length,
    draw: (top) =>
      rows
        .map((row, r) => {
          let x = MARGIN;
          return row
            .map((item) => {
              const out = item.draw(x, top + r * rowHeight + rowHeight / 2);
              x += item.width + 28;
              return out;
            })
            .join("");
        })
        .join(""),
  };
}

function networkLegend(network: DealNetwork): LegendItem[] {
  const kinds = KIND_ORDER.filter((k) => network.edges.some((e) => e.kind === k));
  const items: LegendItem[] = kinds.map((kind) => {
    const directed = network.edges.some((e) => e.kind === kind && e.directed);
    const label = KIND_STYLES[kind].legend;
    return {
      width: 56 + textWidth(label, LABEL_SIZE),
      draw: (x, y) =>
        legendLine(kind, x, y, directed) + svgText(x + 56, y + 7, label, { size: LABEL_SIZE }),
    };
  });
  if (network.edges.some((e) => e.directed)) {
    const note = "arrow: licensor → licensee, seller → buyer";
    items.push({
      width: textWidth(note, LABEL_SIZE),
      draw: (x, y) => svgText(x, y + 7, note, { size: LABEL_SIZE, fill: MUTED }),
    });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------

function nodeSvg(n: LayoutNode): string {
  const r = rectOf(n);
  const look = {
    center: { fill: "#1f2937", stroke: "#1f2937", text: "#ffffff", dash: "" },
    company:
      n.depth <= 1
        ? { fill: "#eef4fb", stroke: "#3d5a80", text: INK, dash: "" }
        : { fill: "#f6f7f8", stroke: "#8c959f", text: INK, dash: "" },
    more: { fill: "#ffffff", stroke: "#8c959f", text: MUTED, dash: "6 5" },
  }[n.kind];
  const box = `<rect x="${num(r.x)}" y="${num(r.y)}" width="${num(r.w)}" height="${num(r.h)}" rx="12" fill="${look.fill}" stroke="${look.stroke}" stroke-width="2"${look.dash ? ` stroke-dasharray="${look.dash}"` : ""}/>`;
  const lineHeight = n.size * 1.2;
  const firstBaseline = (n.y ?? 0) - ((n.lines.length - 1) * lineHeight) / 2 + n.size * 0.36;
  const text = n.lines
    .map((line, i) =>
      svgText(n.x ?? 0, firstBaseline + i * lineHeight, line, {
        size: n.size,
        bold: n.kind !== "more",
        fill: look.text,
        anchor: "middle",
      }),
    )
    .join("");
  return `<g>${box}${text}</g>`;
}

/** The network as an SVG document of NETWORK_SIZE logical pixels. */
export function renderNetworkSvg(network: DealNetwork): string {
  const { width, height } = NETWORK_SIZE;
  const legend = flowLegend(networkLegend(network), width, 32);
  const hiddenNote =
    network.hidden > 0
      ? ellipsize(
          `Not shown (${network.hidden}): ${network.hiddenCompanies.map((c) => c.name).join(", ")}`,
          width - 2 * MARGIN,
          LABEL_SIZE,
        )
      : "";
  const footer = legend.rows * 32 + (hiddenNote ? 30 : 0) + 12;
  const area = {
    x: MARGIN,
    y: TITLE_BAND,
    w: width - 2 * MARGIN,
    h: height - TITLE_BAND - footer - 8,
  };

  const nodes = layoutNodes(network, area);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const shapes = edgeShapes(network, byId, area);
  const labels = placeLabels(shapes, nodes, area);

  const directedKinds = KIND_ORDER.filter((k) =>
    network.edges.some((e) => e.kind === k && e.directed),
  );
  const out = [
    svgOpen(
      width,
      height,
      arrowMarkers(directedKinds),
      `Patent deal network of ${network.center.name}`,
    ),
  ];

  const companies = network.nodes.length;
  const title = ellipsize(`${network.center.name}: patent deals`, 640, 30, true);
  out.push(svgText(MARGIN, 42, title, { size: 30, bold: true }));
  const summary = `${network.depth === 1 ? "direct deals" : "deals and their deals"} · ${network.deals.length} ${network.deals.length === 1 ? "deal" : "deals"} · ${companies + network.hidden} companies`;
  out.push(svgText(width - MARGIN, 42, summary, { size: LABEL_SIZE, fill: MUTED, anchor: "end" }));

  for (const s of shapes) {
    const style = KIND_STYLES[s.edge.kind];
    out.push(
      `<path d="${edgePath(s)}" fill="none" stroke="${style.color}" stroke-width="${EDGE_WIDTH}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ""}${s.edge.directed ? ` marker-end="url(#arrow-${s.edge.kind})"` : ""}/>`,
    );
  }
  for (const l of labels) {
    out.push(
      `<rect x="${num(l.x)}" y="${num(l.y)}" width="${num(l.w)}" height="${num(l.h)}" rx="6" fill="#ffffff" fill-opacity="0.92" stroke="${KIND_STYLES[l.kind].color}" stroke-width="1.5"/>`,
      svgText(l.x + l.w / 2, l.y + l.h / 2 + LABEL_SIZE * 0.36, l.text, {
        size: LABEL_SIZE,
        anchor: "middle",
      }),
    );
  }
  for (const n of nodes) out.push(nodeSvg(n));

  const legendTop = height - footer;
  out.push(
    `<line x1="${MARGIN}" y1="${legendTop - 4}" x2="${width - MARGIN}" y2="${legendTop - 4}" stroke="#d0d7de" stroke-width="1"/>`,
  );
  out.push(legend.draw(legendTop));
  if (hiddenNote) {
    out.push(
      svgText(MARGIN, legendTop + legend.rows * 32 + 22, hiddenNote, {
        size: LABEL_SIZE,
        fill: MUTED,
      }),
    );
  }
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
