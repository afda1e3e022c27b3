import { dealDate, edgeKindOf } from "../engine/network.js";
import type { CompanyRef, DealDate, DealView } from "../engine/types.js";
import {
  ellipsize,
  flowLegend,
  INK,
  KIND_ORDER,
  KIND_STYLES,
  MUTED,
  num,
  svgOpen,
  svgText,
} from "./graph-svg.js";
import { kindsLabel, MONTHS } from "./labels.js";
import { textWidth } from "./png.js";

/**
 * A company's deals on a time axis. A date is drawn only as precisely as its source gives it:
 * a year as a band over the whole year, a month as a band over that month, a day as a dot.
 * Each dated deal has its own row, oldest first; deals the sources give no date for are listed
 * under the axis. The picture grows downwards with the number of deals; it is always
 * TIMELINE_WIDTH wide.
 */

export const TIMELINE_WIDTH = 1200;

const MARGIN = 20;
const AXIS_X0 = 40;
const AXIS_X1 = TIMELINE_WIDTH - 40;
const HEADER = 64;
const ROW = 66;
const NAME_SIZE = 22;
const TEXT_SIZE = 20;
const UNDATED_ROW = 40;
const MIN_YEARS = 4;

interface Span {
  /** Fractional years: 2017.0 is the start of 2017. */
  from: number;
  to: number;
  point: boolean;
}

function spanOf(date: DealDate): Span {
  const [y, m, d] = date.value.split("-").map(Number) as [number, number?, number?];
  if (date.precision === "day" && m && d) {
    const start = Date.UTC(y, 0, 1);
    const length = Date.UTC(y + 1, 0, 1) - start;
    const at = y + (Date.UTC(y, m - 1, d) - start + 43_200_000) / length;
    return { from: at, to: at, point: true };
  }
  if (date.precision === "month" && m)
    return { from: y + (m - 1) / 12, to: y + m / 12, point: false };
  return { from: y, to: y + 1, point: false };
}

function longDate(date: DealDate): string {
  const [year, month, day] = date.value.split("-");
  const monthName = month ? MONTHS[Number(month) - 1] : undefined;
  if (date.precision === "day" && monthName && day) return `${Number(day)} ${monthName} ${year}`;
  if (date.precision === "month" && monthName) return `${monthName} ${year}`;
  return `${year}`;
}

function counterparts(company: CompanyRef, deal: DealView): string {
  const names = [
    ...new Set(deal.parties.filter((p) => p.company.id !== company.id).map((p) => p.company.name)),
  ];
  if (names.length === 0) return `${company.name} alone`;
  if (names.length <= 3) return names.join(", ");
  return `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
}

function colorOf(deal: DealView): string {
  const first = deal.kinds[0];
  return first ? KIND_STYLES[edgeKindOf(first)].color : MUTED;
}

interface Row {
  deal: DealView;
  date: DealDate;
  span: Span;
  expiry?: { date: DealDate; span: Span };
}

function markSvg(x0: number, x1: number, y: number, span: Span, color: string): string {
  if (span.point) {
    return `<circle cx="${num(x0)}" cy="${num(y)}" r="10" fill="${color}" stroke="#ffffff" stroke-width="2.5"/>`;
  }
  // A month is a narrow band; keep it wide enough to see, centred on the month.
  const w = Math.max(10, x1 - x0 - 4);
  const x = (x0 + x1) / 2 - w / 2;
  return `<rect x="${num(x)}" y="${num(y - 14)}" width="${num(w)}" height="28" rx="5" fill="${color}" fill-opacity="0.45" stroke="${color}" stroke-width="2.5"/>`;
}

interface RowLabel {
  /** The counterparts, then what and when: two lines, or three when two would not fit. */
  lines: string[];
  right: boolean;
  x0: number;
  x1: number;
  /** Where the mark ends: its own end, or the expiry line's. */
  markEnd: number;
}

function rowHeight(label: RowLabel): number {
  return label.lines.length > 2 ? ROW + 26 : ROW;
}

/** The row's text and on which side of the mark it goes: where it fits, else where most room is. */
function rowLabel(company: CompanyRef, row: Row, xOf: (t: number) => number): RowLabel {
  const x0 = xOf(row.span.from);
  const x1 = row.span.point ? x0 : xOf(row.span.to);
  const markEnd = row.expiry
    ? xOf(row.expiry.span.point ? row.expiry.span.from : row.expiry.span.to)
    : x1;
  const name = counterparts(company, row.deal);
  const until = row.expiry ? ` until ${longDate(row.expiry.date)}` : "";
  const what = kindsLabel(row.deal.kinds);
  const when = `${row.date.type} ${longDate(row.date)}${until}`;
  const rightRoom = TIMELINE_WIDTH - MARGIN - (markEnd + 16);
  const leftRoom = x0 - 16 - MARGIN;
  const widest = (lines: string[]) =>
    Math.max(...lines.map((l, i) => textWidth(l, i === 0 ? NAME_SIZE : TEXT_SIZE, i === 0)));
  const fits = (lines: string[], room: number) => widest(lines) <= room;
  const options: Array<{ lines: string[]; right: boolean }> = [
    { lines: [name, `${what} · ${when}`], right: true },
    { lines: [name, `${what} · ${when}`], right: false },
    { lines: [name, what, when], right: true },
    { lines: [name, what, when], right: false },
  ];
  const chosen =
    options.find((o) => fits(o.lines, o.right ? rightRoom : leftRoom)) ??
    ({ lines: [name, what, when], right: rightRoom >= leftRoom } as const);
  const room = chosen.right ? rightRoom : leftRoom;
  return {
    lines: chosen.lines.map((l, i) => ellipsize(l, room, i === 0 ? NAME_SIZE : TEXT_SIZE, i === 0)),
    right: chosen.right,
    x0,
    x1,
    markEnd,
  };
}

/** The timeline of `deals`, all of which name `company`, as an SVG document. */
export function renderTimelineSvg(company: CompanyRef, deals: DealView[]): string {
  const rows: Row[] = [];
  const undated: DealView[] = [];
  for (const deal of deals) {
    const date = dealDate(deal.dates);
    if (!date) {
      undated.push(deal);
      continue;
    }
    const expiry = deal.dates.find((d) => d.type === "expiry");
    rows.push({
      deal,
      date,
      span: spanOf(date),
      ...(expiry ? { expiry: { date: expiry, span: spanOf(expiry) } } : {}),
    });
  }
  rows.sort(
    (a, b) =>
      a.span.from - b.span.from || a.span.to - b.span.to || a.deal.id.localeCompare(b.deal.id),
  );

  // Whole years, at least MIN_YEARS of them, grown alternately at the end and the start.
  let first = Math.floor(Math.min(...rows.map((r) => r.span.from)));
  let last = Math.ceil(Math.max(...rows.map((r) => r.expiry?.span.to ?? r.span.to))) - 1;
  for (let grow = 0; rows.length > 0 && last - first + 1 < MIN_YEARS; grow++) {
    if (grow % 2 === 0) last++;
    else first--;
  }
  const years = rows.length > 0 ? last - first + 1 : 0;
  const yearWidth = years > 0 ? (AXIS_X1 - AXIS_X0) / years : 0;
  const xOf = (t: number) => AXIS_X0 + (t - first) * yearWidth;
  const labelEvery = [1, 2, 5, 10, 20, 50, 100].find((k) => k * yearWidth >= 70) ?? 100;

  // Only the colours drawn: a deal's mark takes the colour of its first kind.
  const kinds = KIND_ORDER.filter((k) =>
    deals.some((d) => d.kinds[0] && edgeKindOf(d.kinds[0]) === k),
  );
  const legendItems = [
    ...kinds.map((kind) => ({
      width: 38 + textWidth(KIND_STYLES[kind].legend, TEXT_SIZE),
      draw: (x: number, y: number) =>
        `<rect x="${num(x)}" y="${num(y - 9)}" width="28" height="18" rx="4" fill="${KIND_STYLES[kind].color}" fill-opacity="0.45" stroke="${KIND_STYLES[kind].color}" stroke-width="2"/>${svgText(x + 38, y + 7, KIND_STYLES[kind].legend, { size: TEXT_SIZE })}`,
    })),
    ...(rows.length > 0
      ? [
          {
            width: textWidth(
              "band: the year or month the sources give; dot: an exact day",
              TEXT_SIZE,
            ),
            draw: (x: number, y: number) =>
              svgText(x, y + 7, "band: the year or month the sources give; dot: an exact day", {
                size: TEXT_SIZE,
                fill: MUTED,
              }),
          },
        ]
      : []),
  ];
  const legend = flowLegend(legendItems, TIMELINE_WIDTH, 32);

  const labels = rows.map((row) => rowLabel(company, row, xOf));
  const rowsTop = HEADER + 12;
  const rowTops = labels.map((_, i) =>
    labels.slice(0, i).reduce((sum, l) => sum + rowHeight(l), rowsTop),
  );
  const rowsBottom = labels.reduce((sum, l) => sum + rowHeight(l), rowsTop);
  const axisBottom = rows.length > 0 ? rowsBottom + 40 : rowsTop;
  const undatedTop = axisBottom + (rows.length > 0 ? 20 : 0);
  const undatedRows = Math.ceil(undated.length / 2);
  const undatedBottom =
    undated.length > 0 ? undatedTop + 34 + undatedRows * UNDATED_ROW : undatedTop;
  const emptyNote = deals.length === 0 ? 60 : 0;
  const legendTop = undatedBottom + emptyNote + 16;
  const height = Math.ceil(legendTop + legend.rows * 32 + 12);

  const out = [svgOpen(TIMELINE_WIDTH, height, "", `Timeline of ${company.name}'s patent deals`)];
  out.push(
    svgText(MARGIN, 42, ellipsize(`${company.name}: deals over time`, 700, 30, true), {
      size: 30,
      bold: true,
    }),
  );
  const summary = `${deals.length} ${deals.length === 1 ? "deal" : "deals"}${undated.length > 0 ? ` · ${undated.length} undated` : ""}`;
  out.push(
    svgText(TIMELINE_WIDTH - MARGIN, 42, summary, { size: TEXT_SIZE, fill: MUTED, anchor: "end" }),
  );

  if (rows.length > 0) {
    // Year columns: shaded alternately, ruled at every year boundary, labelled below.
    for (let y = first; y <= last; y++) {
      if ((y - first) % 2 === 1) {
        out.push(
          `<rect x="${num(xOf(y))}" y="${rowsTop}" width="${num(yearWidth)}" height="${rowsBottom - rowsTop}" fill="#f3f5f7"/>`,
        );
      }
    }
    for (let y = first; y <= last + 1; y++) {
      out.push(
        `<line x1="${num(xOf(y))}" y1="${rowsTop}" x2="${num(xOf(y))}" y2="${rowsBottom + 6}" stroke="#d0d7de" stroke-width="1"/>`,
      );
      if (y <= last && (y - first) % labelEvery === 0) {
        out.push(
          svgText(xOf(y + 0.5), rowsBottom + 30, String(y), {
            size: TEXT_SIZE,
            fill: MUTED,
            anchor: "middle",
          }),
        );
      }
    }
    out.push(
      `<line x1="${AXIS_X0}" y1="${rowsBottom}" x2="${AXIS_X1}" y2="${rowsBottom}" stroke="#8c959f" stroke-width="2"/>`,
    );

    rows.forEach((row, i) => {
      const label = labels[i] as RowLabel;
      const mid = (rowTops[i] ?? rowsTop) + rowHeight(label) / 2;
      const color = colorOf(row.deal);
      if (row.expiry) {
        out.push(
          `<line x1="${num(label.x1)}" y1="${num(mid)}" x2="${num(label.markEnd)}" y2="${num(mid)}" stroke="${color}" stroke-width="3"/>`,
          `<line x1="${num(label.markEnd)}" y1="${num(mid - 10)}" x2="${num(label.markEnd)}" y2="${num(mid + 10)}" stroke="${color}" stroke-width="3"/>`,
        );
      }
      out.push(markSvg(label.x0, label.x1, mid, row.span, color));
      const lx = label.right ? label.markEnd + 16 : label.x0 - 16;
      const anchor = label.right ? "start" : "end";
      const first = mid - ((label.lines.length - 1) * 26) / 2 + 7;
      label.lines.forEach((line, j) => {
        out.push(
          svgText(lx, first + j * 26, line, {
            size: j === 0 ? NAME_SIZE : TEXT_SIZE,
            bold: j === 0,
            fill: j === 0 ? INK : MUTED,
            anchor,
          }),
        );
      });
    });
  }

  if (undated.length > 0) {
    out.push(
      svgText(MARGIN, undatedTop + 22, "No date in the sources", {
        size: TEXT_SIZE,
        bold: true,
        fill: MUTED,
      }),
    );
    const column = (TIMELINE_WIDTH - 2 * MARGIN) / 2;
    undated.forEach((deal, i) => {
      const x = MARGIN + (i % 2) * column;
      const y = undatedTop + 34 + Math.floor(i / 2) * UNDATED_ROW + UNDATED_ROW / 2;
      const color = colorOf(deal);
      const name = ellipsize(counterparts(company, deal), column / 2, NAME_SIZE, true);
      const nameWidth = textWidth(name, NAME_SIZE, true);
      const kind = ellipsize(`· ${kindsLabel(deal.kinds)}`, column - 50 - nameWidth, TEXT_SIZE);
      out.push(
        `<rect x="${num(x)}" y="${num(y - 10)}" width="20" height="20" rx="4" fill="${color}" fill-opacity="0.45" stroke="${color}" stroke-width="2"/>`,
        svgText(x + 30, y + 8, name, { size: NAME_SIZE, bold: true, fill: INK }),
        svgText(x + 38 + nameWidth, y + 8, kind, { size: TEXT_SIZE, fill: MUTED }),
      );
    });
  }

  if (deals.length === 0) {
    out.push(
      svgText(TIMELINE_WIDTH / 2, HEADER + 50, `No curated deals of ${company.name} yet.`, {
        size: TEXT_SIZE,
        fill: MUTED,
        anchor: "middle",
      }),
    );
  }

  out.push(
    `<line x1="${MARGIN}" y1="${legendTop - 4}" x2="${TIMELINE_WIDTH - MARGIN}" y2="${legendTop - 4}" stroke="#d0d7de" stroke-width="1"/>`,
  );
  out.push(legend.draw(legendTop));
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
