import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/corpus/load.js";
import type { Command, CommandContext } from "../../src/discord/command.js";
import { CommandLoadError, loadCommands } from "../../src/discord/loader.js";
import { articleChoices, companyChoices, findArticle } from "../../src/discord/lookup.js";
import { createEngine, type Engine } from "../../src/engine/engine.js";

let engine: Engine;
let commands: Command[];
let ctx: CommandContext;
const byName = (name: string) => {
  const found = commands.find((c) => c.data.name === name);
  if (!found) throw new Error(`no /${name}`);
  return found;
};

beforeAll(async () => {
  engine = createEngine(await loadCorpus("corpus"));
  commands = await loadCommands();
  ctx = { engine, log: pino({ level: "silent" }), commands };
});

describe("the command loader", () => {
  it("loads the six commands from commands/", () => {
    expect(commands.map((c) => c.data.name).sort()).toEqual([
      "Find sources",
      "ask",
      "company",
      "deal",
      "graph",
      "help",
      "reload",
      "source",
    ]);
  });

  it("names every malformed file, with the field and the reason", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "commands-"));
    await writeFile(
      path.join(dir, "bad-name.mjs"),
      'export default { data: { name: "Bad Name", description: "x" }, execute() {} };',
    );
    await writeFile(path.join(dir, "no-default.mjs"), "export const data = {};");
    await writeFile(
      path.join(dir, "no-autocomplete.mjs"),
      'export default { data: { name: "x", description: "x", options: [{ type: 3, name: "q", description: "q", autocomplete: true, max_length: 10 }] }, execute() {} };',
    );
    await writeFile(
      path.join(dir, "order.mjs"),
      'export default { data: { name: "y", description: "y", options: [{ type: 5, name: "a", description: "a" }, { type: 5, name: "b", description: "b", required: true }] }, execute() {} };',
    );
    await writeFile(
      path.join(dir, "good.mjs"),
      'export default { data: { name: "ok", description: "fine" }, execute() { return { embeds: [], outcome: "answered" }; } };',
    );
    const error = await loadCommands(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandLoadError);
    const problems = (error as CommandLoadError).problems.join("\n");
    expect(problems).toMatch(/bad-name\.mjs \(data\.name\): must be 1–32 letters/);
    expect(problems).toMatch(/bad-name\.mjs \(data\.name\): must be lower case/);
    expect(problems).toMatch(/no-default\.mjs: has no default export/);
    expect(problems).toMatch(/no-autocomplete\.mjs: .*autocomplete handler/);
    expect(problems).toMatch(
      /order\.mjs \(data\.options\): required options must come before optional ones/,
    );
    expect(problems).not.toMatch(/good\.mjs/);
  });
});

describe("command handlers on the bundled corpus", () => {
  it("/company resolves a typo and answers with a timeline; an unknown name gets suggestions", async () => {
    const reply = await byName("company").execute({ name: "nokai" }, ctx);
    expect(reply.outcome).toBe("answered");
    expect(reply.embeds[0]?.title).toMatch(/^Nokia: \d+ deals$/);
    const unknown = await byName("company").execute({ name: "Zyxwvut Corp" }, ctx);
    expect(unknown.content).toMatch(/^No company called "Zyxwvut Corp" in the corpus\./);
  });

  it("/source finds an article by id, by exact or mistyped title, and lists the deals citing it", async () => {
    const byId = await byName("source").execute({ article: "000_121a5d68fb5167c5" }, ctx);
    expect(byId.embeds[0]?.title).toBe("Huawei & OPPO sign a patent cross-licensing agreement");
    expect(byId.embeds[0]?.description).toContain("**Cross-licence** · Huawei × OPPO");
    expect(
      findArticle(engine, "huawei & oppo sign a patent cross-licensing agreement"),
    ).toMatchObject({ kind: "found" });
    expect(findArticle(engine, "Huawie OPPO cross licensing")).toMatchObject({
      kind: "found",
      article: { id: "000_121a5d68fb5167c5" },
    });
    expect(findArticle(engine, "Xiaomi Nokia")).toMatchObject({ kind: "ambiguous" });
    const missing = await byName("source").execute({ article: "pizza recipes" }, ctx);
    expect(missing.content).toMatch(/^No article called "pizza recipes" in the corpus\./);
  });

  it("/help lists every other command with its options", async () => {
    const reply = await byName("help").execute({}, ctx);
    const text = reply.embeds[0]?.description ?? "";
    for (const usage of [
      "`/deal company:… [with:…]`",
      "`/ask question:…`",
      "`/company name:…`",
      "`/source article:…`",
      "`/graph company:… [depth:…]`",
    ]) {
      expect(text).toContain(usage);
    }
    expect(text).toContain("private:True");
  });
});

describe("autocomplete choices", () => {
  it("suggests companies with most deals for empty input, canonical names, typo tolerant", () => {
    const empty = companyChoices(engine, "");
    expect(empty.length).toBeGreaterThan(0);
    expect(empty.length).toBeLessThanOrEqual(25);
    expect(empty[0]?.name).toBe(engine.suggestCompanies("")[0]?.name);
    for (const typed of ["huw", "huwa", "huwei", "HUAWEI", "Huawei Technologies"]) {
      expect(companyChoices(engine, typed)[0]).toEqual({ name: "Huawei", value: "Huawei" });
    }
    expect(companyChoices(engine, "Nokia Oyj")[0]?.name).toBe("Nokia");
  });

  it("puts the chosen company's partners first when the other option is still empty", () => {
    const choices = companyChoices(engine, "", "Huawei").map((c) => c.name);
    expect(choices).not.toContain("Huawei");
    expect(choices.slice(0, 3)).toContain("OPPO");
  });

  it("offers article titles, with ids as values", () => {
    const all = articleChoices(engine, "");
    expect(all).toHaveLength(engine.data.corpus.articles.length);
    const oppo = articleChoices(engine, "opp cross");
    expect(oppo[0]).toEqual({
      name: "Huawei & OPPO sign a patent cross-licensing agreement",
      value: "000_121a5d68fb5167c5",
    });
  });
});
