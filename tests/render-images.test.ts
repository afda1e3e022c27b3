import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Corpus } from "../src/corpus/load.js";
import { loadCorpus } from "../src/corpus/load.js";
import { CompanySchema, DealSchema } from "../src/corpus/schemas.js";
import { createEngine, type Engine } from "../src/engine/engine.js";
import { type DealNetwork, dealNetwork } from "../src/engine/network.js";
import type { CompanyRef, DealView } from "../src/engine/types.js";
import { escapeXml, KIND_STYLES, NETWORK_SIZE, renderNetworkSvg } from "../src/render/graph-svg.js";
import { svgToPng } from "../src/render/png.js";
import { renderTimelineSvg, TIMELINE_WIDTH } from "../src/render/timeline-svg.js";

let engine: Engine;

beforeAll(async () => {
  engine = createEngine(await loadCorpus("corpus"));
});

/** A corpus made in memory: companies by name, deals as partial records the schema completes. */
function syntheticEngine(
  companies: Array<{ id: string; name: string }>,
  deals: Array<{
    id: string;
    kinds: string[];
    parties: Array<{ company: string; role: string }>;
    dates?: Array<{ type: string; value: string; precision: string }>;
  }>,
): Engine {
  const corpus: Corpus = {
    dirs: [],
    articles: [],
    problems: [],
    companies: companies.map((c) => CompanySchema.parse(c)),
    deals: deals.map((d) =>
      DealSchema.parse({
        summary: `Deal ${d.id}`,
        terms: { disclosed: false },
        sources: [{ article: "none", quote: "a quote long enough", supports: ["parties"] }],
        ...d,
      }),
    ),
  };
  return createEngine(corpus);
}

function pngInfo(png: Buffer) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return {
    signature: [...png.subarray(0, 8)],
    expectedSignature: signature,
    chunk: png.subarray(12, 16).toString("ascii"),
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
  };
}

/** Distinct colours and the share of pixels that are not the white background. */
function pixelStats(png: Buffer) {
  const image = PNG.sync.read(png);
  const colours = new Set<number>();
  let inked = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
    colours.add((r << 16) | (g << 8) | b);
    if (r < 235 || g < 235 || b < 235) inked++;
  }
  return {
    width: image.width,
    height: image.height,
    colours: colours.size,
    inked: inked / (image.width * image.height),
  };
}

function svgSize(svg: string) {
  const m = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg);
  return { width: Number(m?.[1]), height: Number(m?.[2]) };
}

function visibleText(svg: string): string {
  return ` ${[...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(" ")} `;
}

function ref(id: string): CompanyRef {
  const company = engine.resolveCompany(id);
  if (!company) throw new Error(`${id} is not in the corpus`);
  return company;
}

describe("dealNetwork", () => {
  it("draws Huawei's automaker licence as one licensor → licensee edge per licensee", () => {
    const network = dealNetwork(engine, "huawei", 1, { maxNodes: 50 });
    const edges = network.edges.filter(
      (e) => e.dealId === "huawei-automakers-wireless-licenses-2022",
    );
    expect(edges).toHaveLength(9);
    for (const e of edges) {
      expect(e).toMatchObject({ from: "huawei", kind: "license", directed: true });
      expect(e.label).toBe("licence · Dec 2022");
    }
    expect(new Set(edges.map((e) => e.to)).size).toBe(9);
    expect(network.hidden).toBe(0);
    expect(network.nodes).toHaveLength(14);
  });

  it("gives each kind its direction, or none", () => {
    const nokia = dealNetwork(engine, "nokia", 2, { maxNodes: 50 });
    const find = (dealId: string, kind: string) =>
      nokia.edges.find((e) => e.dealId === dealId && e.kind === kind);
    expect(find("huawei-nokia-license-2017", "license")).toMatchObject({
      from: "huawei",
      to: "nokia",
      directed: true,
      label: "licence · 2017",
    });
    expect(find("huawei-nokia-license-extension-2022", "license")?.label).toBe(
      "licence extension · Dec 2022",
    );
    // Acquisitions point where the acquired assets go: seller → buyer, like sales.
    expect(find("microsoft-nokia-handset-acquisition", "acquisition")).toMatchObject({
      from: "nokia",
      to: "microsoft",
      directed: true,
      label: "acquisition",
    });
    expect(find("microsoft-xiaomi-patent-sale-2016", "sale")).toMatchObject({
      from: "microsoft",
      to: "xiaomi",
      directed: true,
    });
    expect(find("huawei-oppo-cross-license-2023", "cross-license")?.directed).toBe(false);
    expect(find("apple-nokia-settlement-2017", "settlement")?.directed).toBe(false);
    // One record, three kinds of dealing: three edges between the same two companies.
    expect(nokia.edges.filter((e) => e.dealId === "nokia-xiaomi-2017").map((e) => e.kind)).toEqual([
      "cross-license",
      "sale",
      "cooperation",
    ]);
  });

  it("keeps depths: counterparts at 1, theirs at 2, and depth 1 stays with the centre's deals", () => {
    const one = dealNetwork(engine, "nokia", 1);
    expect(one.nodes.map((n) => n.id).sort()).toEqual([
      "apple",
      "huawei",
      "microsoft",
      "nokia",
      "xiaomi",
    ]);
    expect(one.deals.every((d) => d.parties.some((p) => p.company.id === "nokia"))).toBe(true);
    const two = dealNetwork(engine, "nokia", 2, { maxNodes: 50 });
    expect(two.nodes.find((n) => n.id === "audi")?.depth).toBe(2);
    expect(two.nodes.find((n) => n.id === "huawei")?.depth).toBe(1);
    expect(two.nodes[0]?.id).toBe("nokia");
    for (const e of two.edges) {
      expect(two.nodes.some((n) => n.id === e.from)).toBe(true);
      expect(two.nodes.some((n) => n.id === e.to)).toBe(true);
    }
  });

  it("caps the nodes, keeping the centre and the best-connected, and counts the rest", () => {
    const network = dealNetwork(engine, "huawei", 1);
    expect(network.nodes).toHaveLength(12);
    expect(network.hidden).toBe(2);
    expect(network.hiddenCompanies).toHaveLength(2);
    expect(network.nodes[0]?.id).toBe("huawei");
    // Nokia has two deals with Huawei, every other counterpart one.
    expect(network.nodes[1]?.id).toBe("nokia");
    expect(network.edges.every((e) => network.nodes.some((n) => n.id === e.to))).toBe(true);
    // Hidden companies' deals are still listed.
    expect(network.deals).toHaveLength(6);
  });
});

describe("a company with no deals", () => {
  it("is a network of one, drawn without edges", () => {
    const e = syntheticEngine([{ id: "lone", name: "Lone Corp" }], []);
    const network = dealNetwork(e, "lone", 2);
    expect(network.nodes).toEqual([{ id: "lone", name: "Lone Corp", deals: 0, depth: 0 }]);
    expect(network.edges).toEqual([]);
    expect(network.hidden).toBe(0);
    const svg = renderNetworkSvg(network);
    expect(svg).toContain(">Lone Corp<");
    expect(svg).not.toContain("<path");
    expect(pngInfo(svgToPng(svg)).width).toBe(NETWORK_SIZE.width);
  });
});

describe("a synthetic network of 30 companies", () => {
  const companies = Array.from({ length: 30 }, (_, i) => ({
    id: `c${String(i).padStart(2, "0")}`,
    name: `Company ${String(i).padStart(2, "0")}`,
  }));
  const build = () =>
    syntheticEngine(companies, [
      {
        id: "hub-licence",
        kinds: ["license"],
        parties: [
          { company: "c00", role: "licensor" },
          ...companies.slice(1).map((c) => ({ company: c.id, role: "licensee" })),
        ],
        dates: [{ type: "signed", value: "2020", precision: "year" }],
      },
      {
        id: "late-cross",
        kinds: ["cross-license"],
        parties: [
          { company: "c00", role: "cross-licensor" },
          { company: "c29", role: "cross-licensor" },
        ],
      },
    ]);

  it("groups all but 12 into '+18 more', keeping the best-connected", () => {
    const network = dealNetwork(build(), "c00", 1);
    expect(network.nodes).toHaveLength(12);
    expect(network.hidden).toBe(18);
    // Last by name, but with two deals it outranks the companies with one.
    expect(network.nodes[1]?.id).toBe("c29");
    const svg = renderNetworkSvg(network);
    expect(svg).toContain("+18 more");
    expect(svg).toContain("Not shown (18)");
    for (const node of network.nodes) expect(svg).toContain(escapeXml(node.name));
    expect(svg).toContain("licence · 2020 (11 licensees)");
  });

  it("takes maxNodes", () => {
    const network = dealNetwork(build(), "c00", 1, { maxNodes: 5 });
    expect(network.nodes).toHaveLength(5);
    expect(network.hidden).toBe(25);
    expect(renderNetworkSvg(network)).toContain("+25 more");
  });

  it("renders to a PNG of the network size", () => {
    const png = svgToPng(renderNetworkSvg(dealNetwork(build(), "c00", 1)));
    const info = pngInfo(png);
    expect(info.signature).toEqual(info.expectedSignature);
    expect([info.width, info.height]).toEqual([NETWORK_SIZE.width, NETWORK_SIZE.height]);
  });
});

describe("text escaping", () => {
  it("escapes the XML specials and drops characters XML forbids", () => {
    expect(escapeXml(`A&B <C> "D" 'E'\u0001`)).toBe(
      "A&amp;B &lt;C&gt; &quot;D&quot; &apos;E&apos;",
    );
  });

  it("escapes company names in both pictures, which still render", () => {
    const nasty = `AT&T <Labs> "Q" 'R'`;
    const e = syntheticEngine(
      [
        { id: "att", name: nasty },
        { id: "other", name: "Other & Sons" },
      ],
      [
        {
          id: "odd",
          kinds: ["license"],
          parties: [
            { company: "att", role: "licensor" },
            { company: "other", role: "licensee" },
          ],
          dates: [{ type: "signed", value: "2019-03", precision: "month" }],
        },
      ],
    );
    const network = renderNetworkSvg(dealNetwork(e, "att", 1));
    const company = e.resolveCompany("att") as CompanyRef;
    const timeline = renderTimelineSvg(company, e.companyDeals("att"));
    for (const svg of [network, timeline]) {
      expect(svg).toContain("AT&amp;T &lt;Labs&gt; &quot;Q&quot; &apos;R&apos;");
      expect(svg).not.toContain("<Labs>");
      expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
      // resvg parses the SVG as XML: a bad escape would throw here.
      expect(pixelStats(svgToPng(svg)).inked).toBeGreaterThan(0.01);
    }
    expect(network).toContain("Other &amp; Sons");
  });
});

describe("the seed corpus pictures", () => {
  for (const id of ["huawei", "nokia"]) {
    describe(id, () => {
      let network: DealNetwork;
      let networkSvg: string;
      let timelineSvg: string;
      let deals: DealView[];

      beforeAll(() => {
        network = dealNetwork(engine, id, 1);
        networkSvg = renderNetworkSvg(network);
        deals = engine.companyDeals(id);
        timelineSvg = renderTimelineSvg(ref(id), deals);
      });

      it("names every company and labels every edge in the network", () => {
        // What a reader sees: the text elements in order, a name wrapped over lines joined again.
        const shown = visibleText(networkSvg);
        for (const node of network.nodes) expect(shown).toContain(` ${escapeXml(node.name)} `);
        for (const edge of network.edges) expect(shown).toContain(` ${escapeXml(edge.label)}`);
        if (network.hidden > 0) expect(networkSvg).toContain(`+${network.hidden} more`);
        // A legend entry for every kind drawn.
        for (const kind of new Set(network.edges.map((e) => e.kind))) {
          expect(networkSvg).toContain(`>${KIND_STYLES[kind].legend}<`);
        }
      });

      it("renders the network to a 1200×800 PNG that is not blank", () => {
        const png = svgToPng(networkSvg);
        const info = pngInfo(png);
        expect(info.signature).toEqual(info.expectedSignature);
        expect(info.chunk).toBe("IHDR");
        expect([info.width, info.height]).toEqual([1200, 800]);
        const stats = pixelStats(png);
        expect([stats.width, stats.height]).toEqual([1200, 800]);
        expect(stats.colours).toBeGreaterThan(100);
        expect(stats.inked).toBeGreaterThan(0.04);
      });

      it("puts every deal on the timeline, with its counterpart", () => {
        for (const deal of deals) {
          for (const party of deal.parties.filter((p) => p.company.id !== id).slice(0, 3)) {
            expect(timelineSvg).toContain(escapeXml(party.company.name));
          }
        }
        const undated = deals.filter((d) => d.dates.length === 0).length;
        if (undated > 0) expect(timelineSvg).toContain("No date in the sources");
      });

      it("renders the timeline to a PNG of its declared size that is not blank", () => {
        const png = svgToPng(timelineSvg);
        const info = pngInfo(png);
        const size = svgSize(timelineSvg);
        expect(size.width).toBe(TIMELINE_WIDTH);
        expect([info.width, info.height]).toEqual([size.width, size.height]);
        const stats = pixelStats(png);
        expect(stats.colours).toBeGreaterThan(100);
        expect(stats.inked).toBeGreaterThan(0.04);
      });

      it("draws the same SVG every time (golden files)", async () => {
        expect(renderNetworkSvg(dealNetwork(engine, id, 1))).toBe(networkSvg);
        await expect(networkSvg).toMatchFileSnapshot(`./__snapshots__/${id}-network.svg`);
        await expect(timelineSvg).toMatchFileSnapshot(`./__snapshots__/${id}-timeline.svg`);
      });
    });
  }

  it("draws Nokia's deals and their deals the same every time (golden file)", async () => {
    const svg = renderNetworkSvg(dealNetwork(engine, "nokia", 2));
    expect(svg).toContain("+4 more");
    await expect(svg).toMatchFileSnapshot("./__snapshots__/nokia-network-depth2.svg");
  });
});

describe("timeline precision", () => {
  const e = () =>
    syntheticEngine(
      [
        { id: "acme", name: "Acme" },
        { id: "yr", name: "Yearly" },
        { id: "mo", name: "Monthly" },
        { id: "dy", name: "Daily" },
        { id: "nd", name: "Nodate" },
      ],
      [
        ["y", "yr", { type: "signed", value: "2017", precision: "year" }],
        ["m", "mo", { type: "announced", value: "2017-07", precision: "month" }],
        ["d", "dy", { type: "announced", value: "2017-07-05", precision: "day" }],
        ["n", "nd", undefined],
      ].map(([id, other, date]) => ({
        id: id as string,
        kinds: ["license"],
        parties: [
          { company: "acme", role: "licensor" },
          { company: other as string, role: "licensee" },
        ],
        ...(date ? { dates: [date as { type: string; value: string; precision: string }] } : {}),
      })),
    );

  it("draws a year as a band over the year, a month as a narrow band, a day as a dot", () => {
    const engine2 = e();
    const svg = renderTimelineSvg(
      engine2.resolveCompany("acme") as CompanyRef,
      engine2.companyDeals("acme"),
    );
    const bands = [
      ...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="28"/g),
    ].map((m) => Number(m[1]));
    expect(bands).toHaveLength(2);
    const [year, month] = bands as [number, number];
    expect(year / month).toBeGreaterThan(8);
    expect([...svg.matchAll(/<circle /g)]).toHaveLength(1);
    expect(svg).toContain("signed 2017");
    expect(svg).toContain("announced July 2017");
    expect(svg).toContain("announced 5 July 2017");
    expect(svg).toContain("No date in the sources");
    expect(svg).toContain(">Nodate<");
    expect(svg).toContain(">2017<");
  });

  it("says so when there is nothing to draw", () => {
    const svg = renderTimelineSvg({ id: "x", name: "X & Co", curated: false }, []);
    expect(svg).toContain("No curated deals of X &amp; Co yet.");
    expect(pngInfo(svgToPng(svg)).width).toBe(TIMELINE_WIDTH);
  });
});
