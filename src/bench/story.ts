import type { BenchCompany } from "./companies.js";
import type { Random } from "./random.js";
import {
  ANALYST_FIRMS,
  COURTS,
  EXECUTIVE_TITLES,
  FIRST_NAMES,
  LAST_NAMES,
  MONTHS,
  type Technology,
  UNIT_WORDS,
  WEEKDAYS,
} from "./vocabulary.js";

/**
 * What one article's sentences draw on: its companies, topic, dates and a number source that
 * never repeats a needle's royalty figure. Templates ask it for names rather than reading the
 * companies directly, so the first mention of a company is its full name and later ones vary,
 * as in real reporting.
 */

export type Slot = "A" | "B" | "C" | "D";

export interface Day {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  weekday: number;
}

export function dayFromEpoch(days: number): Day {
  // UTC arithmetic only: the output must not depend on the machine's time zone.
  const d = new Date(days * 86_400_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}

export function isoDay(d: Day): string {
  return `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}

export class Story {
  private readonly mentioned = new Set<Slot>();

  constructor(
    readonly rng: Random,
    readonly companies: Partial<Record<Slot, BenchCompany>>,
    readonly tech: Technology,
    readonly tech2: Technology,
    readonly announced: Day,
    /** Cents values reserved for needles: no other figure in the corpus may use them. */
    private readonly reservedCents: ReadonlySet<number>,
  ) {}

  has(slot: Slot): boolean {
    return this.companies[slot] !== undefined;
  }

  company(slot: Slot): BenchCompany {
    const company = this.companies[slot];
    if (!company) throw new Error(`template used company ${slot}, which this article lacks`);
    return company;
  }

  /** The full name on first mention, then mostly the short name. */
  n(slot: Slot): string {
    const company = this.company(slot);
    if (!this.mentioned.has(slot)) {
      this.mentioned.add(slot);
      return company.name;
    }
    return this.rng.chance(0.75) ? company.short : company.name;
  }

  /** Always the full name: for sentences a needle or a deal record quotes. */
  full(slot: Slot): string {
    this.mentioned.add(slot);
    return this.company(slot).name;
  }

  short(slot: Slot): string {
    return this.company(slot).short;
  }

  poss(slot: Slot): string {
    return `${this.n(slot)}’s`;
  }

  desc(slot: Slot): string {
    return this.company(slot).description;
  }

  adj(slot: Slot): string {
    return this.company(slot).adjective;
  }

  city(slot: Slot): string {
    return this.company(slot).city;
  }

  pick<T>(items: readonly T[]): T {
    return this.rng.pick(items);
  }

  int(min: number, max: number): number {
    return this.rng.int(min, max);
  }

  /** A whole number written with thousands separators, as newspapers do. */
  count(min: number, max: number): string {
    // By hand rather than toLocaleString: output must not depend on the ICU data Node ships.
    return String(this.rng.int(min, max)).replace(/\B(?=(\d{3})+$)/g, ",");
  }

  percent(min: number, max: number): string {
    return `${(this.rng.int(min * 10, max * 10) / 10).toFixed(1).replace(/\.0$/, "")}%`;
  }

  /** A small dollar figure ("$2.15") that is never one of the needles' royalty figures. */
  dollars(): string {
    let cents = this.rng.int(5, 999);
    while (this.reservedCents.has(cents)) cents = this.rng.int(5, 999);
    return `$${(cents / 100).toFixed(2)}`;
  }

  /** A share price, never a needle figure: needles stay below $10. */
  sharePrice(): string {
    return `$${(this.rng.int(1000, 30000) / 100).toFixed(2)}`;
  }

  millions(): string {
    return this.rng.chance(0.3)
      ? `$${(this.rng.int(11, 95) / 10).toFixed(1)} billion`
      : `$${this.rng.int(3, 900)} million`;
  }

  unit(): string {
    return this.pick(UNIT_WORDS);
  }

  products(): string {
    return this.pick(this.tech.products);
  }

  person(): string {
    return `${this.pick(FIRST_NAMES)} ${this.pick(LAST_NAMES)}`;
  }

  title(): string {
    return this.pick(EXECUTIVE_TITLES);
  }

  firm(): string {
    return this.pick(ANALYST_FIRMS);
  }

  court(): string {
    return this.pick(COURTS);
  }

  /** A year `back` years (a random amount in the range) before the announcement. */
  yearsAgo(min: number, max: number): number {
    return this.announced.year - this.rng.int(min, max);
  }

  /** The announcement date as written in the lead; always with the year, so a record can cite it. */
  date(): string {
    const d = this.announced;
    const month = MONTHS[d.month - 1] ?? "";
    switch (this.rng.int(0, 2)) {
      case 0:
        return `${WEEKDAYS[d.weekday]}, ${month} ${d.day}, ${d.year}`;
      case 1:
        return `${d.day} ${month} ${d.year}`;
      default:
        return `${month} ${d.day}, ${d.year}`;
    }
  }
}

export function monthName(month: number): string {
  return MONTHS[month - 1] ?? "";
}
