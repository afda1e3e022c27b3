import { z } from "zod";

/**
 * The shapes of everything under `corpus/`. Loading and checking live beside this file;
 * the answer engine only ever sees data that passed these schemas.
 */

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const slug = /^[a-z0-9][a-z0-9_-]*$/;

export const ArticleMetaSchema = z
  .object({
    title: z.string().trim().min(1, "title must not be empty"),
    publisher: z.string().trim().min(1).optional(),
    author: z.string().trim().min(1).optional(),
    published: z
      .string()
      .regex(isoDay, "published must be a date written YYYY-MM-DD")
      .refine(
        (s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().startsWith(s),
        "published is not a real calendar date",
      )
      .optional(),
    url: z.url({ protocol: /^https?$/, error: "url must be an http(s) address" }).optional(),
    language: z.string().trim().min(2).optional(),
    /** Ids of articles reporting the same story elsewhere, so a reader can compare outlets. */
    related: z.array(z.string()).optional(),
  })
  .strict();
export type ArticleMeta = z.infer<typeof ArticleMetaSchema>;

export const CompanySchema = z
  .object({
    id: z.string().regex(slug, "id must be lower-case letters, digits, '-' or '_'"),
    name: z.string().trim().min(1),
    aliases: z.array(z.string().trim().min(1)).default([]),
    tickers: z.array(z.string().trim().min(1)).default([]),
    country: z.string().trim().min(2).optional(),
  })
  .strict();
export type Company = z.infer<typeof CompanySchema>;

export const CompaniesFileSchema = z.object({ companies: z.array(CompanySchema) }).strict();

export const PartyRoles = [
  "licensor",
  "licensee",
  "cross-licensor",
  "seller",
  "buyer",
  "pool-member",
  "pool-administrator",
  "partner",
  "plaintiff",
  "defendant",
] as const;

export const DealKinds = [
  "cross-license",
  "license",
  "extension",
  "patent-sale",
  "acquisition",
  "settlement",
  "covenant-not-to-sue",
  "pool-membership",
  "business-cooperation",
] as const;
export type DealKind = (typeof DealKinds)[number];

/** The facts a source quote can back; every fact a record states needs at least one. */
export const FactNames = [
  "parties",
  "kinds",
  "dates",
  "terms",
  "subject",
  "territory",
  "summary",
  "related",
] as const;
export type FactName = (typeof FactNames)[number];

const DateSchema = z
  .object({
    type: z.enum(["announced", "signed", "effective", "expiry", "reported"]),
    /** As precise as the source allows: "2017", "2017-07" or "2017-07-05". */
    value: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "date value must be YYYY, YYYY-MM or YYYY-MM-DD"),
    precision: z.enum(["year", "month", "day"]),
    note: z.string().optional(),
  })
  .strict()
  .refine(
    (d) => d.value.split("-").length === { year: 1, month: 2, day: 3 }[d.precision],
    "date precision does not match how much of the date is given",
  );

const AmountSchema = z
  .object({
    asWritten: z.string().min(1),
    value: z.number().nonnegative().optional(),
    currency: z.string().length(3).optional(),
    per: z.string().optional(),
  })
  .strict();

export const DealSchema = z
  .object({
    id: z.string().regex(slug, "id must be lower-case letters, digits, '-' or '_'"),
    summary: z.string().trim().min(1).max(300),
    status: z.enum(["reported", "confirmed", "rumoured"]).default("reported"),
    parties: z
      .array(
        z
          .object({
            company: z.string().min(1),
            role: z.enum(PartyRoles),
          })
          .strict(),
      )
      .min(1, "a deal needs at least one party"),
    kinds: z.array(z.enum(DealKinds)).min(1, "a deal needs at least one kind"),
    related: z
      .array(
        z
          .object({
            relation: z.enum(["extends", "replaces", "settles", "follows"]),
            deal: z.string().min(1),
          })
          .strict(),
      )
      .default([]),
    dates: z.array(DateSchema).default([]),
    subject: z
      .object({
        patents: z.string().optional(),
        technologies: z.array(z.string()).default([]),
        products: z.array(z.string()).default([]),
      })
      .strict()
      .optional(),
    territory: z.string().optional(),
    terms: z
      .object({
        disclosed: z.boolean(),
        term: z.string().optional(),
        structure: z
          .enum(["running-royalty", "lump-sum", "paid-up", "mixed", "unknown"])
          .optional(),
        amounts: z.array(AmountSchema).default([]),
        notes: z.string().optional(),
      })
      .strict(),
    sources: z
      .array(
        z
          .object({
            article: z.string().min(1),
            quote: z.string().min(12, "a quote should be at least a phrase long"),
            supports: z.array(z.enum(FactNames)).min(1),
            /**
             * What this source states, in its own words, about a figure other sources may
             * state differently ({"patents": "1,500 patents"}); each value stands in the quote.
             * Differing values are shown side by side, never merged.
             */
            says: z.record(z.string().min(1), z.string().min(1)).optional(),
          })
          .strict(),
      )
      .min(1, "every deal needs at least one source"),
  })
  .strict();
export type Deal = z.infer<typeof DealSchema>;
