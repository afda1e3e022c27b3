import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Corpus, loadCorpus } from "../../src/corpus/load.js";
import { LatencyGauge } from "../../src/discord/latency.js";
import { CommandLoadError, loadCommands } from "../../src/discord/loader.js";
import { type Bot, createBot } from "../../src/discord/main.js";
import { toMessage } from "../../src/discord/respond.js";
import { createEngine, type Engine } from "../../src/engine/engine.js";
import { dealNetwork } from "../../src/engine/network.js";
import { NETWORK_SIZE, renderNetworkSvg } from "../../src/render/graph-svg.js";
import { attachmentName } from "../../src/render/image-embeds.js";
import { svgToPng } from "../../src/render/png.js";
import { renderTimelineSvg, TIMELINE_WIDTH } from "../../src/render/timeline-svg.js";
import {
  DiscordDouble,
  type Json,
  type MessageBody,
  type RecordedRequest,
  type UploadedFile,
} from "../support/discord-double.js";
import { type BotProcess, messageText, ROOT, runDeploy, startBot } from "./harness.js";

// Child processes and real sockets: generous limits so a loaded CI machine does not flake.
vi.setConfig({ testTimeout: 20_000, hookTimeout: 60_000 });

/**
 * Pictures over the wire: the real bot process answers /graph and /company against the Discord
 * double, and the PNGs it uploads are read back from the multipart bodies the double recorded.
 * A last block runs the bot in-process with a gauge that finds /graph slow, to see a picture
 * arrive in the edit of a deferred reply.
 */

const EPHEMERAL = 64;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let double: DiscordDouble;
let bot: BotProcess;
let corpus: Corpus;
let engine: Engine;
let deploy: Awaited<ReturnType<typeof runDeploy>>;

beforeAll(async () => {
  double = await DiscordDouble.start();
  corpus = await loadCorpus(`${ROOT}corpus`);
  engine = createEngine(corpus);
  [deploy, bot] = await Promise.all([runDeploy(double), startBot(double)]);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await double?.close();
});

/** The request that delivered what the user sees: the callback, or the edit after a deferral. */
function deliveringRequest(d: DiscordDouble, id: string): RecordedRequest | undefined {
  const state = d.interactions.get(id);
  if (!state?.callback) return undefined;
  const ok = (r: RecordedRequest) => (r.status ?? 500) < 300;
  if (state.callback.type === 5) {
    return d.requests.find(
      (r) => r.method === "PATCH" && r.path.endsWith(`/${state.token}/messages/@original`) && ok(r),
    );
  }
  return d.requests.find(
    (r) =>
      r.method === "POST" &&
      r.path.endsWith(`/interactions/${id}/${state.token}/callback`) &&
      ok(r),
  );
}

async function ask(d: DiscordDouble, name: string, options: Record<string, unknown> | Json[]) {
  const { id } = d.chatInput(name, options as never);
  const body = await d.waitForResponse(id, 10_000);
  const files = deliveringRequest(d, id)?.files ?? [];
  return { id, body, files, text: messageText(body), callback: d.interactions.get(id)?.callback };
}

function embedsOf(body: MessageBody) {
  return (body.embeds ?? []) as Array<{ title?: string; image?: { url: string } }>;
}

/** Width and height from the IHDR chunk, which must come first, right after the signature. */
function pngHeader(data: Buffer) {
  return {
    signature: [...data.subarray(0, 8)],
    chunk: data.subarray(12, 16).toString("ascii"),
    width: data.readUInt32BE(16),
    height: data.readUInt32BE(20),
  };
}

/** Decodes the whole image (a truncated or corrupt upload throws) and measures what is drawn. */
function ink(data: Buffer) {
  const image = PNG.sync.read(data);
  const colours = new Set<number>();
  let inked = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
    colours.add((r << 16) | (g << 8) | b);
    if (r < 235 || g < 235 || b < 235) inked++;
  }
  return { colours: colours.size, inked: inked / (image.width * image.height) };
}

function expectPicture(file: UploadedFile | undefined, name: string, size: object) {
  expect(file?.filename).toBe(name);
  const data = file?.data ?? Buffer.alloc(0);
  expect(pngHeader(data)).toEqual({ signature: PNG_SIGNATURE, chunk: "IHDR", ...size });
  const drawn = ink(data);
  // A blank or single-colour image would be a rendering that silently failed.
  expect(drawn.colours).toBeGreaterThan(20);
  expect(drawn.inked).toBeGreaterThan(0.02);
}

function svgHeight(svg: string): number {
  return Number(/<svg [^>]*height="(\d+)"/.exec(svg)?.[1]);
}

function expectNoPings(body: MessageBody) {
  expect(body.allowed_mentions).toEqual({ parse: [] });
}

describe("deploying /graph", () => {
  it("sends /graph with the other commands, valid by Discord's rules", () => {
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stdout).toContain("/graph");
    const put = double.requests.find((r) => r.method === "PUT");
    const graph = ((put?.body ?? []) as Json[]).find((c) => c.name === "graph");
    expect(graph).toBeDefined();
    expect(String(graph?.description).length).toBeGreaterThan(0);
    expect(String(graph?.description).length).toBeLessThanOrEqual(100);
    expect(graph?.contexts).toEqual([0, 1, 2]);
    const options = (graph?.options ?? []) as Array<Record<string, unknown>>;
    expect(options.map((o) => [o.name, o.type, o.required ?? false])).toEqual([
      ["company", 3, true],
      ["depth", 4, false],
      ["private", 5, false],
    ]);
    const [company, depth] = options;
    expect(company).toMatchObject({ autocomplete: true, max_length: 100 });
    expect(company?.choices).toBeUndefined();
    // Discord: at most 25 choices, names of 1–100 characters, values of the option's type, and
    // never choices together with autocomplete.
    expect(depth?.autocomplete).toBeFalsy();
    const choices = depth?.choices as Array<{ name: string; value: unknown }>;
    expect(choices.map((c) => c.value)).toEqual([1, 2]);
    for (const c of choices) {
      expect(Number.isInteger(c.value)).toBe(true);
      expect(c.name.length).toBeGreaterThanOrEqual(1);
      expect(c.name.length).toBeLessThanOrEqual(100);
    }
    for (const o of options) {
      expect(String(o.name)).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      expect(String(o.description).length).toBeLessThanOrEqual(100);
    }
  });

  it("refuses a command module whose choices Discord would reject", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "commands-"));
    await writeFile(
      path.join(dir, "both.mjs"),
      'export default { data: { name: "both", description: "x", options: [{ type: 3, name: "q", description: "q", max_length: 9, autocomplete: true, choices: [{ name: "a", value: "a" }] }] }, execute() {}, autocomplete() { return []; } };',
    );
    await writeFile(
      path.join(dir, "mistyped.mjs"),
      'export default { data: { name: "mistyped", description: "x", options: [{ type: 4, name: "n", description: "n", choices: [{ name: "half", value: 1.5 }] }] }, execute() {} };',
    );
    const error = await loadCommands(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandLoadError);
    const problems = (error as CommandLoadError).problems.join("\n");
    expect(problems).toMatch(/both\.mjs .*cannot both autocomplete and have choices/);
    expect(problems).toMatch(/mistyped\.mjs .*value must be of the option's type/);
  });
});

describe("/graph", () => {
  it("Huawei: one PNG of the network, shown by the embed, which lists the deals and their sources", async () => {
    const { id, body, files, text, callback } = await ask(double, "graph", { company: "Huawei" });
    expect(callback?.type).toBe(4);
    expect(body.flags ?? 0).toBe(0);
    expectNoPings(body);
    expect(files).toHaveLength(1);
    expectPicture(files[0], "huawei-network.png", NETWORK_SIZE);
    expect(files[0]?.contentType).toBe("image/png");
    // The renderer is deterministic: the upload is exactly the picture of Huawei's network.
    const network = dealNetwork(engine, "huawei", 1);
    expect(files[0]?.data.equals(svgToPng(renderNetworkSvg(network)))).toBe(true);

    const [embed] = embedsOf(body);
    expect(embed?.image?.url).toBe("attachment://huawei-network.png");
    // The JSON part describes the upload by its part index, with alt text for screen readers.
    expect(files[0]?.field).toBe("files[0]");
    const [attachment] = (body.attachments ?? []) as Array<{ id?: string; description?: string }>;
    expect(attachment?.id).toBe("0");
    expect(attachment?.description).toMatch(/^Diagram of Huawei's patent-deal network/);
    expect(double.interactions.get(id)?.original?.attachments).toMatchObject([
      { filename: "huawei-network.png", content_type: "image/png" },
    ]);

    expect(text).toMatch(/^Huawei: patent-deal network\nDirect deals · 6 deals · 14 companies/);
    expect(network.hidden).toBe(2);
    expect(text).toContain("The picture shows 12 of 14 companies; +2 more: Subaru, Suzuki.");
    for (const deal of network.deals) {
      for (const party of deal.parties) expect(text).toContain(party.company.name);
      for (const quote of deal.quotes) expect(text).toContain(quote.source.title);
    }
    expect(text).toContain("Cross-licence with OPPO · Jan 2023*\n— Huawei & OPPO sign a patent");
    // A year-only date stays a year.
    expect(text).toContain("Licence with Nokia · 2017\n— US Sanctions Do Not Frighten Huawei");
    expect(text).toContain("* date from public reports, not the articles");
  });

  it("depth:2 adds the partners' deals to a picture of the same size", async () => {
    const { body, files, text } = await ask(double, "graph", { company: "huwaei", depth: 2 });
    expectNoPings(body);
    expect(files).toHaveLength(1);
    expectPicture(files[0], "huawei-network-depth2.png", NETWORK_SIZE);
    const network = dealNetwork(engine, "huawei", 2);
    expect(files[0]?.data.equals(svgToPng(renderNetworkSvg(network)))).toBe(true);
    expect(embedsOf(body)[0]?.image?.url).toBe("attachment://huawei-network-depth2.png");
    expect(text).toContain(`Deals and the partners' deals · ${network.deals.length} deals`);
    expect(network.deals.length).toBeGreaterThan(dealNetwork(engine, "huawei", 1).deals.length);
    // Nokia's deal with Xiaomi does not involve Huawei: both parties are named.
    expect(text).toContain("Cross-licence, patent sale, business cooperation Nokia × Xiaomi");
    expect(text).toContain(`+${network.hidden} more: `);
  });

  it("an unknown company gets the usual suggestions and no picture", async () => {
    const { id, body, files, text } = await ask(double, "graph", { company: "Xiao" });
    expectNoPings(body);
    expect(body.flags ?? 0).toBe(0);
    expect(text).toBe('No company called "Xiao" in the corpus.\nDid you mean: Xiaomi?');
    expect(files).toEqual([]);
    expect(body.attachments ?? []).toEqual([]);
    expect(body.embeds ?? []).toEqual([]);
    expect(double.interactions.get(id)?.original?.attachments).toEqual([]);
  });

  it("private:true sends the picture ephemerally", async () => {
    const { body, files } = await ask(double, "graph", { company: "Nokia", private: true });
    expect(body.flags).toBe(EPHEMERAL);
    expect(files).toHaveLength(1);
    expect(files[0]?.filename).toBe("nokia-network.png");
  });

  it("a depth outside the choices gets an ephemeral error, whatever Discord enforced", async () => {
    const { body, files } = await ask(double, "graph", [
      { name: "company", type: 3, value: "Huawei" },
      { name: "depth", type: 4, value: 3 },
    ]);
    expect(body.flags).toBe(EPHEMERAL);
    expect(String(body.content)).toMatch(/^❌ `depth` should be one of 1, 2\./);
    expect(files).toEqual([]);
  });

  it("autocompletes the company like /deal", async () => {
    const { id } = double.autocomplete("graph", { company: "huw" });
    const callback = await double.waitForCallback(id, 3_000);
    expect(callback.type).toBe(8);
    expect((callback.data?.choices ?? [])[0]).toEqual({ name: "Huawei", value: "Huawei" });
  });
});

describe("/company", () => {
  it("Nokia: the timeline text with a timeline PNG in its embed", async () => {
    const { body, files, text } = await ask(double, "company", { name: "Nokia" });
    expectNoPings(body);
    expect(text).toMatch(/^Nokia: \d+ deals/);
    expect(files).toHaveLength(1);
    const nokia = engine.resolveCompany("Nokia");
    if (!nokia) throw new Error("Nokia is not in the corpus");
    const svg = renderTimelineSvg(nokia, engine.companyDeals(nokia.id));
    expectPicture(files[0], "nokia-timeline.png", {
      width: TIMELINE_WIDTH,
      height: svgHeight(svg),
    });
    expect(files[0]?.data.equals(svgToPng(svg))).toBe(true);
    expect(embedsOf(body).at(-1)?.image?.url).toBe("attachment://nokia-timeline.png");
  });

  it("an unknown name still gets suggestions and no picture", async () => {
    const { body, files, text } = await ask(double, "company", { name: "Xiao" });
    expect(text).toMatch(/^No company called "Xiao" in the corpus\./);
    expect(files).toEqual([]);
    expect(body.embeds ?? []).toEqual([]);
  });
});

describe("every reply of this file", () => {
  it("carries allowed_mentions {parse: []}, uploads included", () => {
    const bodies = double.requests.filter(
      (r) =>
        r.method === "POST" &&
        r.path.endsWith("/callback") &&
        (r.body as { type?: number }).type === 4,
    );
    expect(bodies.filter((r) => r.files.length > 0).length).toBeGreaterThanOrEqual(4);
    for (const r of bodies) {
      expect((r.body as { data?: Json }).data?.allowed_mentions, r.path).toEqual({ parse: [] });
    }
  });
});

describe("attachment names and the reply helper", () => {
  it("makes names `attachment://` can link to, whatever the company id", () => {
    expect(attachmentName("huawei", "network")).toBe("huawei-network.png");
    expect(attachmentName("Société Générale & Co.", "timeline")).toBe(
      "societe-generale-co-timeline.png",
    );
    expect(attachmentName("華為", "network")).toBe("company-network.png");
    expect(attachmentName("a".repeat(80), "network")).toMatch(/^a{48}-network\.png$/);
  });

  it("passes files on as attachments, keeping no-pings, and adds no files key without them", () => {
    const data = Buffer.from(PNG_SIGNATURE);
    const message = toMessage({
      embeds: [{ title: "t", image: { url: "attachment://x.png" } }],
      files: [{ name: "x.png", data, description: "alt" }],
      outcome: "answered",
    });
    expect(message).toEqual({
      embeds: [{ title: "t", image: { url: "attachment://x.png" } }],
      files: [{ attachment: data, name: "x.png", description: "alt" }],
      allowedMentions: { parse: [] },
    });
    expect(toMessage({ embeds: [{ title: "t" }], outcome: "answered" })).not.toHaveProperty(
      "files",
    );
  });
});

describe("a deferred /graph", () => {
  let slow: DiscordDouble;
  let inProcess: Bot;

  beforeAll(async () => {
    slow = await DiscordDouble.start();
    const gauge = new LatencyGauge();
    // As if recent pictures had been slow: the next one is deferred before any work starts.
    gauge.record("graph", 5_000);
    inProcess = createBot({
      config: { token: slow.token, apiUrl: slow.apiUrl },
      engine,
      commands: await loadCommands(),
      log: pino({ level: "silent" }),
      gauge,
    });
    await inProcess.start();
  }, 20_000);

  afterAll(async () => {
    await inProcess?.client.destroy();
    await slow?.close();
  });

  it("acknowledges once, then edits in the embed with its picture", async () => {
    const { id, body, files, callback } = await ask(slow, "graph", { company: "Xiaomi" });
    expect(callback?.type).toBe(5);
    expectNoPings(body);
    expect(files).toHaveLength(1);
    expectPicture(files[0], "xiaomi-network.png", NETWORK_SIZE);
    expect(embedsOf(body)[0]?.image?.url).toBe("attachment://xiaomi-network.png");
    expect(slow.interactions.get(id)?.original?.attachments).toMatchObject([
      { filename: "xiaomi-network.png" },
    ]);
    expect(slow.requests.filter((r) => r.path.includes(`/interactions/${id}/`))).toHaveLength(1);
  });
});
