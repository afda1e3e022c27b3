import { type DealNetwork, dealDate, shortDate } from "../engine/network.js";
import type { CompanyRef, DealView } from "../engine/types.js";
import {
  COLOR,
  clampWords,
  type Embed,
  escapeInline,
  escapeMarkdown,
  joinWithin,
  LIMITS,
  type ReplyFile,
  type ReplyPayload,
  sourceMarkdown,
} from "./embeds.js";
import { renderNetworkSvg } from "./graph-svg.js";
import { kindsLabel, plural } from "./labels.js";
import { svgToPngAsync } from "./png.js";
import { renderTimelineSvg } from "./timeline-svg.js";

/**
 * Replies that carry a picture: `/graph` (the deal network) and the timeline `/company` adds to
 * its embed. The PNG travels as a file of the same message and the embed shows it through
 * `attachment://<name>`; the embed's text says what the picture shows (deals and their
 * sources), so the answer stands without the image too (screen readers, images turned off).
 */

/**
 * A file name from a company id: `attachment://` links only work reliably with ASCII letters,
 * digits, '-', '_' and '.', and ids of companies found in article text can hold anything.
 */
export function attachmentName(companyId: string, what: string): string {
  const slug =
    companyId
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48)
      .replace(/-+$/, "") || "company";
  return `${slug}-${what}.png`;
}

/** The network picture as a PNG attachment, named as `npm run images` names it. */
export async function networkImage(network: DealNetwork): Promise<ReplyFile> {
  const others = network.nodes.slice(1).map((n) => n.name);
  const alt = `Diagram of ${network.center.name}'s patent-deal network (${
    network.depth === 1 ? "its own deals" : "its deals and its partners' deals"
  }): ${others.join(", ")}${network.hidden > 0 ? `, and ${network.hidden} more grouped` : ""}.`;
  return {
    name: attachmentName(network.center.id, network.depth === 1 ? "network" : "network-depth2"),
    data: await svgToPngAsync(renderNetworkSvg(network)),
    description: clampWords(alt, 1000),
  };
}

/** The company's deals on a time axis as a PNG attachment. */
export async function timelineImage(company: CompanyRef, deals: DealView[]): Promise<ReplyFile> {
  return {
    name: attachmentName(company.id, "timeline"),
    data: await svgToPngAsync(renderTimelineSvg(company, deals)),
    description: clampWords(
      `Timeline of ${company.name}'s ${plural(deals.length, "patent deal")} by date, oldest first.`,
      1000,
    ),
  };
}

/** `image` shown in the reply's last embed (under its text, above its footer), and attached. */
export function withImage(payload: ReplyPayload, image: ReplyFile): ReplyPayload {
  const last = payload.embeds.at(-1);
  if (!last) return payload;
  return {
    ...payload,
    embeds: [
      ...payload.embeds.slice(0, -1),
      { ...last, image: { url: `attachment://${image.name}` } },
    ],
    files: [...(payload.files ?? []), image],
  };
}

// "+12 more deals not shown" and the date note; room is kept for them before any deal is added.
const NOTE_ROOM = 120;
const PUBLIC_REPORTS = "* date from public reports, not the articles";

/** One deal in two short lines: kinds, counterparts and date; then the sources' titles. */
function dealLines(deal: DealView, center: CompanyRef): { text: string; noted: boolean } {
  const others = deal.parties.map((p) => p.company).filter((c) => c.id !== center.id);
  const names = [...new Set(others.map((c) => escapeInline(c.name)))];
  // "with …" when the centre is a party; a partner's deal (depth 2) names both sides.
  const whom =
    names.length === 0
      ? ""
      : others.length < deal.parties.length
        ? ` with ${joinWithin(names, ", ", 300)}`
        : ` ${joinWithin(names, " × ", 300)}`;
  // The same date the picture labels the line with, no more precise than the source.
  const date = dealDate(deal.dates);
  // "*" escaped: two of them in one description would otherwise turn the text between italic.
  const when = date ? ` · ${shortDate(date)}${date.note ? "\\*" : ""}` : "";
  const titles = [...new Map(deal.quotes.map((q) => [q.source.articleId, q.source])).values()].map(
    (s) =>
      sourceMarkdown({ articleId: s.articleId, title: s.title, ...(s.url ? { url: s.url } : {}) }),
  );
  const sources = titles.length > 0 ? joinWithin(titles, "; ", 700) : "no source quoted";
  return {
    text: `**${kindsLabel(deal.kinds)}**${whom}${when}\n— ${sources}`,
    noted: date?.note !== undefined,
  };
}

/** `/graph`: the picture, and the deals it was drawn from with their sources. */
export function renderGraphReply(network: DealNetwork, image: ReplyFile): ReplyPayload {
  const { center, deals } = network;
  const companies = network.nodes.length + network.hidden;
  const title = `${escapeMarkdown(clampWords(center.name, 100))}: patent-deal network`;
  const sources = new Set(deals.flatMap((d) => d.quotes.map((q) => q.source.articleId))).size;
  const footer = [
    plural(deals.length, "deal"),
    plural(sources, "source"),
    "newest first",
    ...(network.depth === 1 ? ["depth:2 adds the partners' deals"] : []),
  ].join(" · ");

  const head = [
    `${network.depth === 1 ? "Direct deals" : "Deals and the partners' deals"} · ${plural(deals.length, "deal")} · ${plural(companies, "company", "companies")}`,
  ];
  if (network.hidden > 0) {
    // The picture holds a readable number of companies; the rest are one "+N more" box.
    head.push(
      `The picture shows ${network.nodes.length} of ${companies} companies; ${joinWithin(
        [
          `+${network.hidden} more: ${escapeInline(network.hiddenCompanies[0]?.name ?? "")}`,
          ...network.hiddenCompanies.slice(1).map((c) => escapeInline(c.name)),
        ],
        ", ",
        600,
      )}.`,
    );
  }

  const room =
    Math.min(LIMITS.description, LIMITS.total - title.length - footer.length) - NOTE_ROOM;
  const blocks: string[] = [];
  let used = head.join("\n").length;
  let noted = false;
  for (const deal of deals) {
    const block = dealLines(deal, center);
    if (used + 2 + block.text.length > room) break;
    used += 2 + block.text.length;
    blocks.push(block.text);
    noted ||= block.noted;
  }
  const notes: string[] = [];
  const left = deals.length - blocks.length;
  if (left > 0) notes.push(`+${plural(left, "more deal")} not shown`);
  if (noted) notes.push(escapeInline(PUBLIC_REPORTS));

  const embed: Embed = {
    title,
    color: COLOR,
    description: [head.join("\n"), ...blocks, notes.join("\n")].filter(Boolean).join("\n\n"),
    image: { url: `attachment://${image.name}` },
    footer: { text: footer },
  };
  return { outcome: "answered", embeds: [embed], files: [image] };
}
