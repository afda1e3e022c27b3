import type { Deal } from "../corpus/schemas.js";
import type { BenchCompany } from "./companies.js";
import type { Random } from "./random.js";
import { type Day, isoDay, monthName, type Slot, Story } from "./story.js";
import {
  analystQuote,
  BACKGROUND,
  CLOSINGS,
  execQuote,
  KIND_SPECS,
  type Kind,
  needleSentence,
  ordinaryTerms,
  type Pooled,
  type Terms,
} from "./templates.js";
import {
  COUNTRIES,
  RELATED_HEADLINES,
  SECTION_HEADINGS,
  TAG_WORDS,
  TECHNOLOGIES,
} from "./vocabulary.js";

/** Everything decided about an article before its text is written. */
export interface ArticlePlan {
  slug: string;
  kind: Kind;
  /** A, B and up to two more companies, in slot order. */
  companies: BenchCompany[];
  announced: Day;
  published: Day;
  outlet: Outlet;
  /** Set for a needle article: the per-unit royalty, e.g. "$1.37 per unit". */
  needleRoyalty?: string;
  withDeal: boolean;
}

export interface Outlet {
  name: string;
  slug: string;
  authors: string[];
}

export interface BuiltArticle {
  markdown: string;
  deal?: Deal;
  storyWords: number;
}

const SLOTS: Slot[] = ["A", "B", "C", "D"];

/** "tail" is story-like text after a byline: in the file, but not part of the story. */
type Block = { type: "story" | "heading" | "chrome" | "tail"; text: string };

/** Words in a sentence we wrote: single spaces between words, none at the ends. */
function words(text: string): number {
  let n = 1;
  for (let i = text.indexOf(" "); i >= 0; i = text.indexOf(" ", i + 1)) n++;
  return n;
}

/** The templates whose companies this article has. */
function usable(pool: readonly Pooled[], story: Story): Pooled[] {
  return pool.filter((t) => t.needs.every((slot) => story.has(slot)));
}

export function buildArticle(
  plan: ArticlePlan,
  rng: Random,
  reservedCents: ReadonlySet<number>,
): BuiltArticle {
  const slots: Partial<Record<Slot, BenchCompany>> = {};
  plan.companies.forEach((company, i) => {
    const slot = SLOTS[i];
    if (slot) slots[slot] = company;
  });
  const [tech, tech2] = rng.sample(TECHNOLOGIES, 2);
  if (!tech || !tech2) throw new Error("the technology list is too short");
  const story = new Story(rng, slots, tech, tech2, plan.announced, reservedCents);
  const spec = KIND_SPECS[plan.kind];
  const title = rng.pick(spec.titles)(story);

  const blocks: Block[] = [];
  const chrome = (text: string) => blocks.push({ type: "chrome", text });
  let storyWords = 0;
  const para = (...sentences: string[]) => {
    const text = sentences.join(" ");
    storyWords += words(text);
    blocks.push({ type: "story", text });
  };

  // Page furniture above the story, as scraped news pages carry it.
  if (rng.chance(0.55)) chrome(`Featured image for ${title}`);
  if (rng.chance(0.2))
    chrome(`${monthName(plan.published.month)} ${plan.published.day}, ${plan.published.year}`);
  if (rng.chance(0.15)) chrome("Share this article");

  const lead = rng.pick(spec.leads)(story);
  const details = rng.sample(spec.details, rng.int(2, Math.min(3, spec.details.length)));
  const [firstDetail, ...moreDetails] = details.map((d) => d(story));
  if (rng.chance(0.5) && firstDetail) para(lead, firstDetail);
  else {
    para(lead);
    if (firstDetail) moreDetails.unshift(firstDetail);
  }
  if (moreDetails.length > 0) para(...moreDetails);

  let terms: Terms;
  if (plan.needleRoyalty) {
    const sentence = needleSentence(story, plan.kind, plan.needleRoyalty);
    const value = Number(plan.needleRoyalty.replace(/^\$([\d.]+).*$/, "$1"));
    terms = {
      sentence,
      disclosed: true,
      structure: "running-royalty",
      amounts: [{ asWritten: plan.needleRoyalty, value, currency: "USD", per: "unit" }],
    };
  } else {
    terms = ordinaryTerms(story, plan.kind);
  }
  // One shuffled pool for the whole article, so no background sentence is used twice.
  const pool = rng.shuffle(usable(BACKGROUND, story));
  const followUp = take(pool, (t) => t.needs.length === 0);
  para(terms.sentence, ...(followUp ? [followUp.text(story)] : []));

  if (rng.chance(0.25)) chrome("Advertisement");
  else if (rng.chance(0.2)) chrome("Sign up for our newsletter to get the latest licensing news.");

  const speakers: Slot[] = rng.chance(0.5) ? ["B", "A"] : ["A", "B"];
  para(execQuote(story, speakers[0] ?? "B"));
  if (rng.chance(0.6)) para(execQuote(story, speakers[1] ?? "A"));

  // Background until the story reaches its length; templates naming the extra companies come
  // first, so every company the plan lists is mentioned.
  const target = rng.int(320, 510);
  for (const slot of ["D", "C"] as const) {
    if (!story.has(slot)) continue;
    const first = take(pool, (t) => t.needs.includes(slot));
    if (first) pool.unshift(first);
  }
  let headed = false;
  let analyst = rng.chance(0.4);
  let readAlso = rng.chance(0.2);
  while (pool.length > 0 && (storyWords < target || !mentionsAll(blocks, plan))) {
    if (!headed && rng.chance(0.35)) {
      blocks.push({ type: "heading", text: rng.pick(SECTION_HEADINGS) });
      headed = true;
    }
    if (analyst && rng.chance(0.4)) {
      para(analystQuote(story));
      analyst = false;
      continue;
    }
    const sentences = pool.splice(0, rng.int(2, 3)).map((t) => t.text(story));
    para(...sentences);
    if (readAlso && rng.chance(0.3)) {
      readAlso = false;
      chrome("Read also");
      chrome(rng.pick(RELATED_HEADLINES));
    }
  }
  const closings = rng.sample(usable(CLOSINGS, story), rng.int(1, 2)).map((t) => t.text(story));
  para(...closings);

  // Page furniture below the story.
  const author = rng.pick(plan.outlet.authors);
  if (rng.chance(0.3)) chrome(`Tags: ${rng.sample(TAG_WORDS, rng.int(2, 4)).join(", ")}`);
  if (rng.chance(0.25)) {
    chrome(`Published by ${author}`);
    const city = rng.pick(rng.pick(COUNTRIES).cities);
    // Story-like text after the byline: chrome stripping must stop at "Published by".
    blocks.push({
      type: "tail",
      text: `${author} covers patents and standards for ${plan.outlet.name}. ${author.split(" ")[0]} previously reported on the telecoms industry from ${city}.`,
    });
  }
  if (rng.chance(0.25)) {
    chrome("Related Articles");
    for (const headline of rng.sample(RELATED_HEADLINES, rng.int(2, 3))) chrome(headline);
  }
  if (rng.chance(0.15)) chrome("Subscribe to our weekly licensing newsletter");
  if (rng.chance(0.4))
    chrome(rng.pick(["Leave a Comment", "Leave a Reply", `${rng.int(1, 40)} Comments`]));

  const front = [
    "---",
    `title: ${JSON.stringify(title)}`,
    `publisher: ${JSON.stringify(plan.outlet.name)}`,
    ...(rng.chance(0.6) ? [`author: ${JSON.stringify(author)}`] : []),
    `published: "${isoDay(plan.published)}"`,
    `url: https://example.com/${plan.outlet.slug}/${plan.published.year}/${String(plan.published.month).padStart(2, "0")}/${plan.slug}`,
    "language: en",
    "---",
  ];
  const body = [title, ...blocks.map((b) => b.text)].join("\n\n");
  const markdown = `${front.join("\n")}\n${body}\n`;

  const deal = plan.withDeal ? dealRecord(plan, story, lead, terms, rng) : undefined;
  return { markdown, storyWords, ...(deal ? { deal } : {}) };
}

/** Removes and returns the first item that passes `test`. */
function take<T>(items: T[], test: (item: T) => boolean): T | undefined {
  const at = items.findIndex(test);
  return at < 0 ? undefined : items.splice(at, 1)[0];
}

/** True once every company of the plan has been named in the story so far. */
function mentionsAll(blocks: Block[], plan: ArticlePlan): boolean {
  const text = blocks.map((b) => b.text).join("\n");
  return plan.companies.every((c) => text.includes(c.short));
}

function dealRecord(
  plan: ArticlePlan,
  story: Story,
  lead: string,
  terms: Terms,
  rng: Random,
): Deal {
  const spec = KIND_SPECS[plan.kind];
  const [a, b] = plan.companies;
  if (!a || !b) throw new Error("a deal needs two companies");
  return {
    id: plan.slug,
    summary: spec.summary(story),
    status: rng.chance(0.3) ? "confirmed" : "reported",
    parties: [
      { company: b.id, role: spec.roles.B },
      { company: a.id, role: spec.roles.A },
    ],
    kinds: spec.dealKinds,
    related: [],
    dates: [{ type: "announced", value: isoDay(plan.announced), precision: "day" }],
    subject: { technologies: [story.tech.name], products: [] },
    terms: {
      disclosed: terms.disclosed,
      structure: terms.structure,
      amounts: terms.amounts,
    },
    sources: [
      {
        article: plan.slug,
        quote: lead,
        supports: ["parties", "kinds", "dates", "subject", "summary"],
      },
      { article: plan.slug, quote: terms.sentence, supports: ["terms"] },
    ],
  };
}
