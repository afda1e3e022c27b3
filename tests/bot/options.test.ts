import { ApplicationCommandOptionType as T } from "discord.js";
import { describe, expect, it } from "vitest";
import deal from "../../commands/deal.js";
import { readOptions, readPrivate, UserError } from "../../src/discord/options.js";

const str = (name: string, value: unknown) => ({ name, type: T.String, value });

describe("readOptions", () => {
  it("reads typed options and trims text", () => {
    expect(
      readOptions(deal.data, [
        str("company", "  Huawei "),
        str("with", "Nokia"),
        { name: "private", type: T.Boolean, value: true },
      ]),
    ).toEqual({
      company: "Huawei",
      with: "Nokia",
      private: true,
    });
  });

  it("refuses a missing, blank or invisible required option with an example", () => {
    for (const raw of [
      [],
      [str("company", "")],
      [str("company", "   ")],
      [str("company", "\u200b\u200d\u2060 \u00a0")],
      undefined,
    ]) {
      expect(() => readOptions(deal.data, raw)).toThrow(UserError);
    }
    expect(() => readOptions(deal.data, [str("company", " ")])).toThrow(
      /`company` is empty: for example `\/deal company:Huawei`/,
    );
  });

  it("treats a blank optional option as absent", () => {
    expect(readOptions(deal.data, [str("company", "Huawei"), str("with", " ")])).toEqual({
      company: "Huawei",
    });
  });

  it("enforces max_length itself, counting characters as people do", () => {
    expect(() => readOptions(deal.data, [str("company", "a".repeat(6000))])).toThrow(
      /`company` is 6,000 characters long; the limit is 100/,
    );
    // 100 emoji are 200 UTF-16 units but 100 characters: allowed.
    expect(readOptions(deal.data, [str("company", "🦄".repeat(100))]).company).toHaveLength(200);
    expect(() => readOptions(deal.data, [str("company", "🦄".repeat(101))])).toThrow(UserError);
  });

  it("refuses a value of the wrong type instead of passing it on", () => {
    expect(() => readOptions(deal.data, [{ name: "company", type: T.Integer, value: 42 }])).toThrow(
      /`company` should be text/,
    );
    expect(() =>
      readOptions(deal.data, [
        str("company", "Huawei"),
        { name: "private", type: T.String, value: "yes" },
      ]),
    ).toThrow(/True or False/);
  });

  it("ignores options the definition does not have", () => {
    expect(readOptions(deal.data, [str("company", "Huawei"), str("bogus", "x")])).toEqual({
      company: "Huawei",
    });
  });

  it("reads private leniently: only a real true makes the answer ephemeral", () => {
    expect(readPrivate([{ name: "private", type: T.Boolean, value: true }])).toBe(true);
    expect(readPrivate([{ name: "private", type: T.String, value: "true" }])).toBe(false);
    expect(readPrivate(undefined)).toBe(false);
  });
});
