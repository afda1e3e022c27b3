import { describe, expect, it } from "vitest";
import { ArticleMetaSchema, CompaniesFileSchema, DealSchema } from "../../src/corpus/schemas.js";

function issues(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) {
  return (result.error?.issues ?? []).map((i) => i.path.join("."));
}

describe("ArticleMetaSchema", () => {
  it("accepts a full, valid front matter", () => {
    const meta = {
      title: "Alpha and Beta sign a licence",
      publisher: "Example News",
      author: "A. Writer",
      published: "2024-02-29",
      url: "https://news.example.com/a",
      language: "en",
      related: ["other-article"],
    };
    const result = ArticleMetaSchema.safeParse(meta);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(meta);
  });

  it("requires a title", () => {
    const result = ArticleMetaSchema.safeParse({ published: "2024-01-02" });
    expect(result.success).toBe(false);
    expect(issues(result)).toEqual(["title"]);
  });

  it("rejects an empty or blank title", () => {
    const result = ArticleMetaSchema.safeParse({ title: "   " });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("title must not be empty");
  });

  it.each([
    ["2023-02-30", "published is not a real calendar date"],
    ["2023-02-29", "published is not a real calendar date"],
    ["2023-13-01", "published is not a real calendar date"],
    ["2023-00-10", "published is not a real calendar date"],
    ["2023-2-3", "published must be a date written YYYY-MM-DD"],
    ["3 March 2023", "published must be a date written YYYY-MM-DD"],
    ["2023-03-01T10:00:00Z", "published must be a date written YYYY-MM-DD"],
  ])("rejects published %j", (published, message) => {
    const result = ArticleMetaSchema.safeParse({ title: "T", published });
    expect(result.success).toBe(false);
    expect(issues(result)).toContain("published");
    expect(result.error?.issues.map((i) => i.message)).toContain(message);
  });

  it("accepts real dates, leap day included", () => {
    for (const published of ["2024-02-29", "2017-07-05", "1999-12-31"]) {
      expect(ArticleMetaSchema.safeParse({ title: "T", published }).success).toBe(true);
    }
  });

  it.each(["ftp://example.com/a", "javascript:alert(1)", "not a url", "mailto:a@example.com"])(
    "rejects url %j",
    (url) => {
      const result = ArticleMetaSchema.safeParse({ title: "T", url });
      expect(result.success).toBe(false);
      expect(issues(result)).toEqual(["url"]);
      expect(result.error?.issues[0]?.message).toBe("url must be an http(s) address");
    },
  );

  it("accepts http and https urls", () => {
    expect(ArticleMetaSchema.safeParse({ title: "T", url: "http://a.example/x" }).success).toBe(
      true,
    );
    expect(ArticleMetaSchema.safeParse({ title: "T", url: "https://a.example/x" }).success).toBe(
      true,
    );
  });

  it("rejects an unknown field, naming it", () => {
    const result = ArticleMetaSchema.safeParse({ title: "T", tags: ["x"] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
    expect(result.error?.issues[0]?.message).toContain("tags");
  });
});

const validDeal = {
  id: "alpha-beta-licence",
  summary: "Alpha licenses its codec patents to Beta.",
  parties: [
    { company: "alpha", role: "licensor" },
    { company: "beta", role: "licensee" },
  ],
  kinds: ["license", "extension"],
  dates: [{ type: "signed", value: "2024-01", precision: "month" }],
  terms: { disclosed: false },
  sources: [
    {
      article: "good",
      quote: "Alpha has signed a licence with Beta.",
      supports: ["parties", "kinds", "summary", "dates"],
    },
  ],
};

describe("DealSchema", () => {
  it("accepts a valid deal with several kinds and fills defaults", () => {
    const result = DealSchema.safeParse(validDeal);
    expect(result.success).toBe(true);
    expect(result.data?.kinds).toEqual(["license", "extension"]);
    expect(result.data?.status).toBe("reported");
    expect(result.data?.related).toEqual([]);
    expect(result.data?.terms.amounts).toEqual([]);
  });

  it("accepts every kind at once", () => {
    const kinds = [
      "cross-license",
      "license",
      "extension",
      "patent-sale",
      "acquisition",
      "settlement",
      "covenant-not-to-sue",
      "pool-membership",
      "business-cooperation",
    ];
    expect(DealSchema.safeParse({ ...validDeal, kinds }).success).toBe(true);
  });

  it("rejects an unknown kind and an empty kind list", () => {
    const unknown = DealSchema.safeParse({ ...validDeal, kinds: ["license", "merger"] });
    expect(unknown.success).toBe(false);
    expect(issues(unknown)).toEqual(["kinds.1"]);
    const empty = DealSchema.safeParse({ ...validDeal, kinds: [] });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.message).toBe("a deal needs at least one kind");
  });

  it.each([
    ["2017", "year", true],
    ["2017-07", "month", true],
    ["2017-07-05", "day", true],
    ["2017", "month", false],
    ["2017", "day", false],
    ["2017-07", "year", false],
    ["2017-07", "day", false],
    ["2017-07-05", "month", false],
    ["2017-07-05", "year", false],
  ])("date %s with precision %s valid=%s", (value, precision, ok) => {
    const result = DealSchema.safeParse({
      ...validDeal,
      dates: [{ type: "announced", value, precision }],
    });
    expect(result.success).toBe(ok);
    if (!ok) {
      expect(issues(result)).toEqual(["dates.0"]);
      expect(result.error?.issues[0]?.message).toBe(
        "date precision does not match how much of the date is given",
      );
    }
  });

  it("rejects a badly written date value", () => {
    const result = DealSchema.safeParse({
      ...validDeal,
      dates: [{ type: "announced", value: "July 2017", precision: "month" }],
    });
    expect(result.success).toBe(false);
    expect(issues(result)).toContain("dates.0.value");
  });

  it("needs at least one source", () => {
    const result = DealSchema.safeParse({ ...validDeal, sources: [] });
    expect(result.success).toBe(false);
    expect(issues(result)).toEqual(["sources"]);
    expect(result.error?.issues[0]?.message).toBe("every deal needs at least one source");
  });

  it("rejects a quote shorter than a phrase", () => {
    const result = DealSchema.safeParse({
      ...validDeal,
      sources: [{ article: "good", quote: "Alpha, Beta", supports: ["parties"] }],
    });
    expect(result.success).toBe(false);
    expect(issues(result)).toEqual(["sources.0.quote"]);
    expect(result.error?.issues[0]?.message).toBe("a quote should be at least a phrase long");
  });

  it("accepts a quote of exactly twelve characters", () => {
    const result = DealSchema.safeParse({
      ...validDeal,
      sources: [{ article: "good", quote: "123456789012", supports: ["parties"] }],
    });
    expect(result.success).toBe(true);
  });

  it("rejects unknown fields, a bad id and a missing party list", () => {
    expect(issues(DealSchema.safeParse({ ...validDeal, price: 3 }))).toEqual([""]);
    expect(issues(DealSchema.safeParse({ ...validDeal, id: "Alpha Beta" }))).toEqual(["id"]);
    expect(issues(DealSchema.safeParse({ ...validDeal, parties: [] }))).toEqual(["parties"]);
    expect(
      issues(
        DealSchema.safeParse({
          ...validDeal,
          parties: [{ company: "alpha", role: "owner" }],
        }),
      ),
    ).toEqual(["parties.0.role"]);
  });
});

describe("CompaniesFileSchema", () => {
  const company = {
    id: "nokia",
    name: "Nokia",
    aliases: ["Nokia Oyj"],
    tickers: ["NYSE:NOK"],
    country: "FI",
  };

  it("accepts a companies file and defaults aliases and tickers", () => {
    const result = CompaniesFileSchema.safeParse({
      companies: [company, { id: "oppo", name: "OPPO" }],
    });
    expect(result.success).toBe(true);
    expect(result.data?.companies[1]).toEqual({
      id: "oppo",
      name: "OPPO",
      aliases: [],
      tickers: [],
    });
  });

  it("rejects a bad id, an empty name, an unknown field and a missing list", () => {
    const bad = CompaniesFileSchema.safeParse({
      companies: [company, { id: "Bad Id", name: "X" }, { id: "ok", name: " " }],
    });
    expect(bad.success).toBe(false);
    expect(issues(bad).sort()).toEqual(["companies.1.id", "companies.2.name"]);
    expect(
      issues(CompaniesFileSchema.safeParse({ companies: [{ ...company, ceo: "x" }] })),
    ).toEqual(["companies.0"]);
    expect(CompaniesFileSchema.safeParse({}).success).toBe(false);
    expect(CompaniesFileSchema.safeParse({ companies: [], extra: 1 }).success).toBe(false);
  });
});
