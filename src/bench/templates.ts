import type { DealKind, PartyRoles } from "../corpus/schemas.js";
import type { Slot, Story } from "./story.js";

/**
 * Sentence templates for synthetic deal news. In every deal, A is the side that pays or gives
 * (licensee, seller, defendant, pool member) and B the side that is paid or receives, so a
 * needle's question "what does A pay B" always reads the right way round.
 */

export type Kind =
  | "license"
  | "cross-license"
  | "patent-sale"
  | "settlement"
  | "pool-membership"
  | "extension";

export const KINDS: readonly Kind[] = [
  "license",
  "license",
  "cross-license",
  "patent-sale",
  "settlement",
  "pool-membership",
  "extension",
];

/** Kinds whose story can carry a per-unit royalty that A pays B. */
export const ROYALTY_KINDS: readonly Kind[] = [
  "license",
  "cross-license",
  "settlement",
  "pool-membership",
  "extension",
];

type Template = (s: Story) => string;

/** A template with the extra companies (beyond A and B) it mentions. */
export interface Pooled {
  needs: Slot[];
  text: Template;
}

type Role = (typeof PartyRoles)[number];

export interface KindSpec {
  slug: string;
  dealKinds: DealKind[];
  roles: { A: Role; B: Role };
  titles: Template[];
  /** The first story sentence: names both parties in full, what was agreed and when. */
  leads: Template[];
  details: Template[];
  summary: (s: Story) => string;
}

const FEATURES = [
  "channel coding",
  "beam management",
  "carrier aggregation",
  "power control",
  "handover",
  "MIMO antennas",
  "motion compensation",
  "entropy coding",
  "intra prediction",
  "low-power signalling",
  "error correction",
  "positioning",
  "scheduling",
  "modulation",
  "random access",
  "interference cancellation",
];

const REGIONS = [
  "Europe",
  "India",
  "Latin America",
  "North America",
  "Southeast Asia",
  "China",
  "the Middle East",
  "Africa",
  "Japan",
];

const features = (s: Story) => {
  const [a, b] = s.rng.sample(FEATURES, 2);
  return `${a} and ${b}`;
};

export const KIND_SPECS: Record<Kind, KindSpec> = {
  license: {
    slug: "licence",
    dealKinds: ["license"],
    roles: { A: "licensee", B: "licensor" },
    titles: [
      (s) => `${s.short("B")} licenses ${s.tech.name} patents to ${s.short("A")}`,
      (s) => `${s.short("A")} signs ${s.tech.name} patent licence with ${s.short("B")}`,
      (s) => `${s.short("A")} takes a licence to ${s.short("B")}’s ${s.tech.name} portfolio`,
      (s) => `${s.short("B")} and ${s.short("A")} agree ${s.tech.name} licensing deal`,
    ],
    leads: [
      (s) =>
        `${s.full("B")}, the ${s.adj("B")} ${s.desc("B")}, has signed a patent licence agreement with ${s.full("A")} covering its ${s.tech.area} patents, the companies said on ${s.date()}.`,
      (s) =>
        `${s.full("A")} has taken a licence to ${s.full("B")}’s portfolio of ${s.tech.area} patents, the two companies announced on ${s.date()}.`,
      (s) =>
        `On ${s.date()}, ${s.full("B")} said it had granted ${s.full("A")}, a ${s.adj("A")} ${s.desc("A")}, a licence to its patents essential to ${s.tech.name}.`,
    ],
    details: [
      (s) => `The licence covers ${s.products()} that ${s.n("A")} sells worldwide.`,
      (s) => `It runs for ${s.int(3, 10)} years and includes a release for past sales.`,
      (s) => `The portfolio includes patents on ${features(s)}.`,
      (s) =>
        `${s.n("B")} holds more than ${s.count(200, 9000)} patent families declared essential to ${s.tech.name}.`,
    ],
    summary: (s) =>
      `${s.company("B").name} licensed its ${s.tech.area} patents to ${s.company("A").name}.`,
  },
  "cross-license": {
    slug: "cross-licence",
    dealKinds: ["cross-license"],
    roles: { A: "cross-licensor", B: "cross-licensor" },
    titles: [
      (s) => `${s.short("A")} and ${s.short("B")} sign patent cross-licence`,
      (s) => `${s.short("B")}, ${s.short("A")} agree to share ${s.tech.name} patents`,
      (s) =>
        `${s.short("A")} and ${s.short("B")} strike cross-licensing pact covering ${s.tech.name}`,
    ],
    leads: [
      (s) =>
        `${s.full("A")} and ${s.full("B")} have signed a patent cross-licence agreement covering ${s.tech.area}, the companies said on ${s.date()}.`,
      (s) =>
        `On ${s.date()}, ${s.full("A")} and ${s.full("B")} announced a long-term cross-licensing agreement that gives each access to the other’s ${s.tech.area} patents.`,
    ],
    details: [
      (s) =>
        `The agreement covers both standard essential and implementation patents, including ${features(s)}.`,
      (s) => `Each side gains access to the other’s ${s.tech.name} and ${s.tech2.name} patents.`,
      (s) => `The cross-licence runs for ${s.int(5, 12)} years, the companies said.`,
      (s) =>
        `${s.n("A")} brings about ${s.count(300, 6000)} patents to the agreement and ${s.n("B")} more than ${s.count(300, 9000)}.`,
    ],
    summary: (s) =>
      `${s.company("A").name} and ${s.company("B").name} cross-licensed their ${s.tech.area} patents.`,
  },
  "patent-sale": {
    slug: "patent-sale",
    dealKinds: ["patent-sale"],
    roles: { A: "seller", B: "buyer" },
    titles: [
      (s) => `${s.short("B")} buys ${s.tech.name} patents from ${s.short("A")}`,
      (s) => `${s.short("A")} sells ${s.tech.name} patent portfolio to ${s.short("B")}`,
      (s) => `${s.short("B")} acquires ${s.short("A")} patents`,
    ],
    leads: [
      (s) =>
        `${s.full("B")} has acquired ${s.count(40, 3000)} patents from ${s.full("A")}, the ${s.adj("A")} ${s.desc("A")}, in a deal announced on ${s.date()}.`,
      (s) =>
        `On ${s.date()}, ${s.full("A")} agreed to sell a portfolio of ${s.count(40, 3000)} ${s.tech.area} patents to ${s.full("B")}.`,
    ],
    details: [
      (s) =>
        `The patents, most of them filed between ${s.yearsAgo(9, 14)} and ${s.yearsAgo(2, 6)}, cover ${features(s)}.`,
      (s) => `${s.n("A")} will keep a licence to the patents for its own ${s.products()}.`,
      () => "The sale includes pending applications in the U.S., Europe and China.",
      (s) => `${s.n("A")} said the sale was part of a plan to focus its research spending.`,
    ],
    summary: (s) => `${s.company("A").name} sold ${s.tech.area} patents to ${s.company("B").name}.`,
  },
  settlement: {
    slug: "settlement",
    dealKinds: ["settlement", "license"],
    roles: { A: "defendant", B: "plaintiff" },
    titles: [
      (s) => `${s.short("A")} and ${s.short("B")} settle ${s.tech.name} patent dispute`,
      (s) => `${s.short("B")} ends patent fight with ${s.short("A")} with licence deal`,
      (s) => `${s.short("A")} settles with ${s.short("B")}, takes licence`,
    ],
    leads: [
      (s) =>
        `${s.full("A")} and ${s.full("B")} have settled their patent dispute over ${s.tech.area}, the companies said on ${s.date()}, with ${s.short("A")} taking a licence to ${s.short("B")}’s portfolio.`,
      (s) =>
        `On ${s.date()}, ${s.full("B")} said it had reached a settlement with ${s.full("A")} that ends all pending litigation between the two companies over ${s.tech.name} patents.`,
    ],
    details: [
      (s) =>
        `${s.n("B")} had sued ${s.n("A")} in ${s.court()} in ${s.yearsAgo(1, 4)}, alleging that its ${s.products()} infringed ${s.int(3, 24)} patents.`,
      (s) =>
        `Both companies will withdraw all pending cases, including a complaint at ${s.court()}.`,
      (s) =>
        `The settlement includes a multi-year licence to ${s.poss("B")} ${s.tech.name} portfolio.`,
      () => "A ruling in the case had been expected within weeks.",
    ],
    summary: (s) =>
      `${s.company("A").name} settled ${s.company("B").name}'s ${s.tech.name} patent suits and took a licence.`,
  },
  "pool-membership": {
    slug: "pool",
    dealKinds: ["pool-membership"],
    roles: { A: "pool-member", B: "pool-administrator" },
    titles: [
      (s) => `${s.short("A")} joins ${s.short("B")}’s ${s.tech.name} patent pool`,
      (s) => `${s.short("A")} signs up as licensee of ${s.tech.name} pool run by ${s.short("B")}`,
    ],
    leads: [
      (s) =>
        `${s.full("A")} has joined the ${s.tech.name} patent pool administered by ${s.full("B")}, the pool administrator said on ${s.date()}.`,
      (s) =>
        `On ${s.date()}, ${s.full("B")} announced that ${s.full("A")}, a ${s.adj("A")} ${s.desc("A")}, had signed a licence to its ${s.tech.name} patent pool.`,
    ],
    details: [
      (s) =>
        `The pool now has more than ${s.int(20, 400)} licensees and ${s.int(8, 60)} licensors.`,
      (s) => `The pool licence covers ${s.products()} and ${s.tech2.products[0] ?? "accessories"}.`,
      () =>
        "Pool members share royalties according to how many essential patents each contributes.",
      (s) => `${s.n("B")} launched the pool in ${s.yearsAgo(1, 6)}.`,
    ],
    summary: (s) =>
      `${s.company("A").name} joined the ${s.tech.name} patent pool run by ${s.company("B").name}.`,
  },
  extension: {
    slug: "extension",
    dealKinds: ["extension", "license"],
    roles: { A: "licensee", B: "licensor" },
    titles: [
      (s) => `${s.short("B")} and ${s.short("A")} extend patent licence`,
      (s) => `${s.short("A")} renews ${s.tech.name} licence with ${s.short("B")}`,
    ],
    leads: [
      (s) =>
        `${s.full("B")} and ${s.full("A")} have extended their patent licence agreement by ${s.int(2, 8)} years, the companies said on ${s.date()}.`,
      (s) =>
        `On ${s.date()}, ${s.full("A")} said it had renewed its licence to ${s.full("B")}’s ${s.tech.area} patents for another ${s.int(2, 8)} years.`,
    ],
    details: [
      (s) =>
        `The original licence was signed in ${s.yearsAgo(4, 9)} and was due to expire this year.`,
      (s) => `The extension adds ${s.tech2.name} to the technologies covered.`,
      (s) =>
        `The renewed agreement also covers ${s.products()} made by ${s.poss("A")} subsidiaries.`,
    ],
    summary: (s) =>
      `${s.company("A").name} extended its ${s.tech.name} patent licence from ${s.company("B").name}.`,
  },
};

/** A terms sentence with what a deal record should say about it. */
export interface Terms {
  sentence: string;
  disclosed: boolean;
  structure: "running-royalty" | "lump-sum" | "unknown";
  amounts: Array<{ asWritten: string; value?: number; currency?: string; per?: string }>;
}

/**
 * The sentence that states a needle: both companies in full, "pay", "royalty" and the figure
 * written exactly as `royalty` (e.g. "$1.37 per unit"), short enough to quote whole.
 */
export function needleSentence(s: Story, kind: Kind, royalty: string): string {
  const A = s.full("A");
  const B = s.full("B");
  if (kind === "cross-license") {
    return s.pick([
      `Because its portfolio is smaller, ${A} will also pay ${B} a balancing royalty of ${royalty}.`,
      `On top of the cross-licence, ${A} will pay ${B} a royalty of ${royalty} sold, people familiar with the terms said.`,
    ]);
  }
  if (kind === "pool-membership") {
    return s.pick([
      `As a pool licensee, ${A} will pay ${B} a royalty of ${royalty} for ${s.tech.name} ${s.products()}.`,
      `Under the pool’s published rates, ${A} pays ${B} a royalty of ${royalty}.`,
    ]);
  }
  return s.pick([
    `Under the agreement, ${A} will pay ${B} a royalty of ${royalty} on every ${s.tech.name} device it sells.`,
    `${A} will pay ${B} a running royalty of ${royalty}, according to a person familiar with the terms.`,
    `According to a regulatory filing, ${A} agreed to pay ${B} a royalty of ${royalty} shipped from ${s.announced.year}.`,
    `The terms require ${A} to pay ${B} a royalty of ${royalty} on past and future sales.`,
  ]);
}

/** Terms for an ordinary (non-needle) article; no figure here can equal a needle's. */
export function ordinaryTerms(s: Story, kind: Kind): Terms {
  const roll = s.rng.next();
  if (kind === "patent-sale") {
    if (roll < 0.55) {
      const price = s.millions();
      return {
        sentence: s.pick([
          `${s.n("B")} paid ${price} for the portfolio, according to a regulatory filing.`,
          `The purchase price was ${price}, people familiar with the deal said.`,
        ]),
        disclosed: true,
        structure: "lump-sum",
        amounts: [moneyAmount(price)],
      };
    }
    return undisclosed(s);
  }
  if (roll < 0.35) {
    const fig = s.dollars();
    const unit = s.unit();
    const royalty = `${fig} per ${unit}`;
    return {
      sentence: s.pick([
        `${s.n("A")} will pay ${s.n("B")} a royalty of ${royalty}, according to people familiar with the terms.`,
        `The royalty was set at ${royalty}, with a cap on annual payments.`,
        `According to a regulatory filing, ${s.n("A")} pays ${royalty} sold.`,
        `${s.n("A")} agreed to a running royalty of ${royalty} for ${s.products()} sold after the signing date.`,
      ]),
      disclosed: true,
      structure: "running-royalty",
      amounts: [{ asWritten: royalty, value: Number(fig.slice(1)), currency: "USD", per: unit }],
    };
  }
  if (roll < 0.5) {
    const share = s.percent(0.5, 4.5);
    const asWritten = `${share} of the net selling price`;
    return {
      sentence: `The royalty is ${asWritten} of each licensed product, the companies said.`,
      disclosed: true,
      structure: "running-royalty",
      amounts: [{ asWritten }],
    };
  }
  if (roll < 0.65) {
    const sum = s.millions();
    return {
      sentence: s.pick([
        `${s.n("A")} will make a one-time payment of ${sum}, the companies said.`,
        `The agreement includes an upfront payment of ${sum} from ${s.n("A")}.`,
      ]),
      disclosed: true,
      structure: "lump-sum",
      amounts: [moneyAmount(sum)],
    };
  }
  return undisclosed(s);
}

function undisclosed(s: Story): Terms {
  return {
    sentence: s.pick([
      "Financial terms of the agreement were not disclosed.",
      "Neither company disclosed the financial terms of the agreement.",
      `The companies did not say how much ${s.n("A")} will pay.`,
      "The value of the deal was not made public.",
    ]),
    disclosed: false,
    structure: "unknown",
    amounts: [],
  };
}

function moneyAmount(asWritten: string): Terms["amounts"][number] {
  const m = /^\$([\d.]+) (million|billion)$/.exec(asWritten);
  const scale = m?.[2] === "billion" ? 1e9 : 1e6;
  return {
    asWritten,
    ...(m ? { value: Math.round(Number(m[1]) * scale) } : {}),
    currency: "USD",
  };
}

const EXEC_LINES: Template[] = [
  () => "We are pleased to have reached an agreement that recognises the value of our innovation",
  () => "This agreement gives our customers long-term certainty",
  () => "It shows that fair and reasonable terms can be agreed without going to court",
  () => "Our engineers have spent more than a decade building this portfolio",
  (s) => `We look forward to working together on the next generation of ${s.tech.name}`,
  () => "Licensing on FRAND terms has always been our approach",
  () => "The deal lets us focus on building great products rather than on litigation",
  () => "We respect intellectual property and expect others to do the same",
  () => "Both sides made concessions, and that is how it should be",
  (s) => `${s.tech.name} is central to our roadmap, and this secures our freedom to operate`,
];

const ANALYST_LINES: Template[] = [
  (s) => `Deals like this are becoming the norm as ${s.tech.name} matures`,
  () => "The rate looks low compared with what licensors asked for five years ago",
  () => "Investors will want to know how much this adds to licensing revenue",
  () => "Nobody wants another five years of injunction fights in Germany",
  () => "It removes one of the bigger legal overhangs on the stock",
  () => "Smaller licensees will read this as a benchmark for their own talks",
];

/** A paragraph quoting an executive of `slot`, in one of several attributions. */
export function execQuote(s: Story, slot: Slot): string {
  const [l1, l2] = s.rng.sample(EXEC_LINES, 2);
  const first = l1?.(s) ?? "";
  const second = l2?.(s) ?? "";
  const person = s.person();
  const title = s.title();
  switch (s.int(0, 3)) {
    case 0:
      return `“${first},” said ${person}, ${title} at ${s.n(slot)}.`;
    case 1:
      return `“${first}. ${second},” ${person}, ${title} of ${s.n(slot)}, said in a statement.`;
    case 2:
      return `${person}, ${s.poss(slot)} ${title}, said the agreement ${s.pick(EXEC_CLAUSES)}. “${first}.”`;
    default:
      return `“${first},” ${person} told reporters. ${person.split(" ")[0]} is ${title} at ${s.n(slot)}.`;
  }
}

const EXEC_CLAUSES = [
  "reflected the strength of the portfolio",
  "would let both sides concentrate on products",
  "was the result of more than a year of talks",
  "set a fair price for the technology",
];

export function analystQuote(s: Story): string {
  const line = s.pick(ANALYST_LINES)(s);
  return s.pick([
    `“${line},” said ${s.person()}, an analyst at ${s.firm()}.`,
    `${s.person()}, who follows the sector for ${s.firm()}, said: “${line}.”`,
  ]);
}

/**
 * Background and distractor sentences: market colour, other deals, other figures. A sentence
 * here never states a per-unit royalty between A and B, so a needle's sentence stays the only
 * one that does.
 */
export const BACKGROUND: Pooled[] = [
  {
    needs: [],
    text: (s) =>
      `Standard essential patents, or SEPs, cover technology that any product must use to comply with a standard such as ${s.tech.name}.`,
  },
  {
    needs: [],
    text: () =>
      "Owners of such patents have promised to license them on fair, reasonable and non-discriminatory (FRAND) terms.",
  },
  {
    needs: [],
    text: (s) =>
      `Analysts estimate that more than ${s.int(40, 300)} companies have declared patents essential to ${s.tech.name}.`,
  },
  {
    needs: [],
    text: (s) =>
      `Industry estimates put the total royalty stack for ${s.tech.name} ${s.products()} at between ${s.percent(2, 5)} and ${s.percent(6, 14)} of the selling price.`,
  },
  {
    needs: [],
    text: () =>
      "Regulators in the U.S. and the E.U. have been examining how FRAND commitments are enforced.",
  },
  {
    needs: [],
    text: (s) =>
      `The European Commission proposed rules on standard essential patents in ${s.yearsAgo(0, 3)}, though the plan has since stalled.`,
  },
  {
    needs: [],
    text: () =>
      "Patent pools are meant to make licensing cheaper by bundling patents from many owners into one licence.",
  },
  {
    needs: [],
    text: (s) =>
      `Shipments of ${s.products()} reached ${s.int(20, 900)} million units last year, according to ${s.firm()}.`,
  },
  {
    needs: [],
    text: () =>
      "Courts in Germany, the U.K. and China have all set or reviewed global FRAND rates in recent years.",
  },
  {
    needs: [],
    text: () => "Licensing disputes in the sector often run for years and span several countries.",
  },
  {
    needs: [],
    text: (s) =>
      `Several device makers have complained that royalty demands rose sharply with the move to ${s.tech.name}.`,
  },
  {
    needs: [],
    text: (s) =>
      `The number of patent families declared essential to ${s.tech.name} has more than doubled since ${s.yearsAgo(4, 8)}.`,
  },
  {
    needs: [],
    text: () =>
      "Injunctions granted by German courts have pushed several companies to settle in recent years.",
  },
  {
    needs: [],
    text: () =>
      "Licensors argue that royalties fund the research behind each new generation of standards.",
  },
  {
    needs: [],
    text: (s) =>
      `Licensing for ${s.tech2.name} has been fragmented, with several pools and independent licensors competing for the same ${s.tech2.products[0] ?? "products"}.`,
  },
  {
    needs: [],
    text: (s) =>
      `Market researchers expect ${s.tech.name} ${s.products()} to grow by ${s.percent(4, 25)} a year through ${s.announced.year + s.int(3, 6)}.`,
  },
  {
    needs: [],
    text: () => "A typical licence also covers sales made before the agreement was signed.",
  },
  {
    needs: [],
    text: (s) =>
      `Published rates for ${s.tech.name} typically range from ${s.dollars()} to ${s.dollars()} per ${s.unit()}, according to ${s.firm()}.`,
  },
  {
    needs: [],
    text: () =>
      "Licensees, for their part, say that many declared patents would not survive a validity challenge.",
  },
  {
    needs: [],
    text: (s) =>
      `Only a fraction of the patents declared essential to ${s.tech.name} have ever been tested in court.`,
  },
  {
    needs: [],
    text: () =>
      "Arbitration is increasingly used to settle rate disputes without the publicity of a trial.",
  },
  {
    needs: [],
    text: (s) =>
      `Standards bodies expect the first ${s.tech2.name} products to reach shops within ${s.int(2, 4)} years.`,
  },
  {
    needs: [],
    text: () =>
      "Most licences of this kind are confidential, and the rates that leak out are often disputed.",
  },
  {
    needs: [],
    text: (s) =>
      `The average selling price of ${s.products()} fell by ${s.percent(2, 12)} last year.`,
  },
  {
    needs: [],
    text: () =>
      "Carmakers have been among the most reluctant licensees, arguing that royalties should be paid by their suppliers.",
  },
  {
    needs: ["A"],
    text: (s) =>
      `${s.n("A")} shipped about ${s.int(2, 300)} million ${s.products()} last year, according to ${s.firm()}.`,
  },
  {
    needs: ["A"],
    text: (s) =>
      `Shares of ${s.n("A")} rose ${s.percent(0.3, 6)} in early trading after the announcement.`,
  },
  {
    needs: ["A"],
    text: (s) =>
      `${s.n("A")}, which is based in ${s.city("A")}, employs about ${s.count(800, 90000)} people.`,
  },
  {
    needs: ["A"],
    text: (s) =>
      `${s.n("A")} has been expanding in ${s.pick(REGIONS)}, where demand for ${s.products()} has grown quickly.`,
  },
  {
    needs: ["A"],
    text: (s) => `A spokesperson for ${s.n("A")} declined to comment on the financial terms.`,
  },
  {
    needs: ["A"],
    text: (s) => `${s.n("A")} reported revenue of ${s.millions()} for ${s.announced.year - 1}.`,
  },
  {
    needs: ["A"],
    text: (s) =>
      `Analysts had expected ${s.n("A")} to take a licence before launching its next ${s.tech.name} models.`,
  },
  {
    needs: ["B"],
    text: (s) =>
      `${s.n("B")} reported licensing revenue of ${s.millions()} for ${s.announced.year - 1}, up ${s.percent(2, 40)} from a year earlier.`,
  },
  {
    needs: ["B"],
    text: (s) =>
      `Shares of ${s.n("B")} closed at ${s.sharePrice()} on the day of the announcement.`,
  },
  {
    needs: ["B"],
    text: (s) =>
      `${s.n("B")} says it has invested more than ${s.millions()} in ${s.tech.name} research since ${s.yearsAgo(5, 12)}.`,
  },
  {
    needs: ["B"],
    text: (s) =>
      `${s.n("B")} has signed more than ${s.int(5, 200)} licences for its ${s.tech.name} portfolio so far.`,
  },
  {
    needs: ["B"],
    text: (s) =>
      `Last year ${s.n("B")} said it charges up to ${s.dollars()} per ${s.unit()} for its ${s.tech2.name} portfolio.`,
  },
  {
    needs: ["B"],
    text: (s) =>
      `${s.n("B")}, founded in ${s.city("B")} in ${s.yearsAgo(12, 40)}, earns a growing share of its profit from licensing.`,
  },
  { needs: ["B"], text: (s) => `${s.n("B")} did not respond to a request for comment.` },
  {
    needs: ["A", "B"],
    text: (s) => `The two companies had been negotiating since ${s.yearsAgo(1, 3)}.`,
  },
  {
    needs: ["A", "B"],
    text: (s) =>
      `${s.n("B")} had previously accused ${s.n("A")} of refusing to negotiate in good faith.`,
  },
  {
    needs: ["A", "B"],
    text: (s) =>
      `${s.n("A")} is also one of ${s.poss("B")} larger customers for ${s.tech2.name} components.`,
  },
  {
    needs: ["A", "B"],
    text: () =>
      "People familiar with the talks said the main sticking point had been whether refurbished devices were covered.",
  },
  {
    needs: ["C"],
    text: (s) => `${s.n("C")} signed a similar licence with ${s.n("B")} in ${s.yearsAgo(1, 5)}.`,
  },
  {
    needs: ["C"],
    text: (s) =>
      `${s.n("C")}, a ${s.adj("C")} ${s.desc("C")}, is still in litigation with ${s.n("B")} over ${s.tech.name} patents.`,
  },
  {
    needs: ["C"],
    text: (s) => `Earlier this year ${s.n("C")} took a licence to the same portfolio.`,
  },
  { needs: ["C"], text: (s) => `Analysts expect ${s.n("C")} to be next to sign.` },
  {
    needs: ["C"],
    text: (s) =>
      `${s.n("C")} said last month it would not renew its own licence with ${s.n("B")} on the current terms.`,
  },
  {
    needs: ["C"],
    text: (s) => `The deal follows a similar agreement between ${s.n("A")} and ${s.n("C")}.`,
  },
  {
    needs: ["C"],
    text: (s) =>
      `${s.n("C")} has said it pays about ${s.dollars()} per ${s.unit()} to licensors of ${s.tech.name}.`,
  },
  {
    needs: ["C"],
    text: (s) =>
      `${s.n("C")}, which competes with ${s.n("A")} in ${s.products()}, has not disclosed its own licensing costs.`,
  },
  {
    needs: ["C", "D"],
    text: (s) =>
      `${s.n("C")} and ${s.n("D")} are fighting over ${s.tech.name} patents in ${s.court()}.`,
  },
  {
    needs: ["C", "D"],
    text: (s) =>
      `${s.n("C")} and ${s.n("D")} announced a cross-licence of their own in ${s.yearsAgo(1, 6)}.`,
  },
  {
    needs: ["C", "D"],
    text: (s) =>
      `Both ${s.n("C")} and ${s.n("D")} license their ${s.tech.name} patents through the same pool.`,
  },
  {
    needs: ["D"],
    text: (s) =>
      `${s.n("D")} left the pool in ${s.yearsAgo(1, 4)} after a dispute over how royalties were shared.`,
  },
  {
    needs: ["D"],
    text: (s) =>
      `${s.n("D")}, the ${s.adj("D")} ${s.desc("D")}, is expected to announce its own licensing programme soon.`,
  },
];

export const CLOSINGS: Pooled[] = [
  {
    needs: [],
    text: () =>
      "Neither company said whether the agreement covers future generations of the standard.",
  },
  {
    needs: ["B"],
    text: (s) =>
      `${s.n("B")} said it remains open to licensing its portfolio to other companies on FRAND terms.`,
  },
  { needs: [], text: () => "The agreement takes effect immediately." },
  {
    needs: ["A"],
    text: (s) => `${s.n("A")} said the deal would not affect its financial guidance for the year.`,
  },
  { needs: [], text: () => "Further details were not disclosed." },
  {
    needs: ["B"],
    text: (s) =>
      `${s.n("B")} is expected to give more detail on its licensing business when it reports results.`,
  },
  {
    needs: [],
    text: () =>
      "Both companies said they would continue to work together on standards development.",
  },
];

export const QUESTIONS: Array<(a: string, b: string) => string> = [
  (a, b) => `What royalty per unit does ${a} pay ${b}?`,
  (a, b) => `How much royalty per unit does ${a} pay ${b}?`,
  (a, b) => `What is the royalty per unit that ${a} pays ${b}?`,
];
