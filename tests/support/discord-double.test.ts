import {
  ApplicationCommandOptionType,
  Client,
  DiscordAPIError,
  Events,
  type Interaction,
  MessageFlags,
  Routes,
} from "discord.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DiscordDouble } from "./discord-double.js";

let double: DiscordDouble;
let client: Client | undefined;
/** Handler failures become assertion failures instead of unhandled rejections. */
let handlerErrors: unknown[] = [];

beforeEach(async () => {
  double = await DiscordDouble.start();
  handlerErrors = [];
});

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await double.close();
  expect(handlerErrors).toEqual([]);
});

/** Log the real discord.js client into the double and route interactions to `handler`. */
async function connect(handler: (i: Interaction) => Promise<unknown> = async () => {}) {
  const c = new Client({ intents: [], rest: { api: double.apiUrl } });
  client = c;
  c.on(Events.InteractionCreate, (interaction) => {
    handler(interaction).catch((err: unknown) => handlerErrors.push(err));
  });
  const ready = new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve()));
  await c.login(double.token);
  await ready;
  return c;
}

describe("DiscordDouble with the real discord.js client", () => {
  it("logs in, identifies and becomes ready as the double's bot user", async () => {
    const c = await connect();
    expect(c.user?.id).toBe(double.botUserId);
    expect(c.application?.id).toBe(double.applicationId);
    expect(double.identifyCount).toBe(1);
    const login = double.requests.find((r) => r.path === "/api/v10/gateway/bot");
    expect(login?.headers.authorization).toBe(`Bot ${double.token}`);
    expect(double.gatewayReceived.find((p) => p.op === 2)?.d).toMatchObject({ intents: 0 });
  });

  it("rejects a wrong token with 401 on /gateway/bot", async () => {
    const wrong = new Client({ intents: [], rest: { api: double.apiUrl } });
    await expect(wrong.login("not-the-token")).rejects.toMatchObject({ code: "TokenInvalid" });
    await wrong.destroy();
    expect(double.requests.at(-1)?.status).toBe(401);
  });

  it("delivers a chat-input command with typed options and records the reply", async () => {
    await connect(async (i) => {
      if (!i.isChatInputCommand()) return;
      const text = i.options.getString("text", true);
      const count = i.options.getInteger("count", true);
      const loud = i.options.getBoolean("loud", true);
      const who = i.options.getUser("who", true);
      await i.reply({
        content: `hi ${text} ${count} ${loud} ${who.username} ${i.inGuild()}`,
        allowedMentions: { parse: [] },
      });
    });
    const { id } = double.chatInput(
      "ping",
      { text: "there", count: 3, loud: true, who: { username: "alice" } },
      { guildId: "123456789012345678" },
    );
    const callback = await double.waitForCallback(id);
    expect(callback).toMatchObject({ type: 4, data: { content: "hi there 3 true alice true" } });
    const req = double.requests.find((r) => r.path.endsWith("/callback"));
    expect(req?.query.with_response).toBe("false");
    expect(req?.headers.authorization).toBeUndefined();
    expect(double.interactions.get(id)?.original?.content).toBe(callback.data?.content);
  });

  it("turns deferReply + editReply into a loading callback and a PATCH of @original", async () => {
    await connect(async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const edited = await i.editReply({ content: "done", embeds: [{ title: "result" }] });
      await i.followUp({ content: "and one more" });
      expect(edited.content).toBe("done");
    });
    const { id } = double.chatInput("slow");
    expect(await double.waitForCallback(id)).toEqual({ type: 5, data: { flags: 64 } });
    const shown = await double.waitForResponse(id);
    expect(shown).toMatchObject({ content: "done", embeds: [{ title: "result" }] });
    const patch = await double.waitForRequest((r) => r.method === "PATCH");
    expect(patch.path).toBe(
      `/api/v10/webhooks/${double.applicationId}/${double.interactions.get(id)?.token}/messages/@original`,
    );
    const followUp = await double.waitForRequest(
      (r) => r.method === "POST" && r.path.includes("/webhooks/"),
    );
    expect(followUp.query.wait).toBe("true");
    await double.waitFor(
      () => handlerErrors.length === 0 && double.interactions.get(id)?.followUps.length,
    );
  });

  it("answers with_response=true with the message and turns uploads into attachments", async () => {
    const seen: Array<string | undefined> = [];
    await connect(async (i) => {
      if (!i.isChatInputCommand()) return;
      const response = await i.reply({
        content: "see file",
        files: [{ attachment: Buffer.from("quote text"), name: "quote.txt" }],
        withResponse: true,
      });
      seen.push(response.resource?.message?.attachments.first()?.name);
    });
    const { id } = double.chatInput("export");
    await double.waitForCallback(id);
    const req = await double.waitForRequest((r) => r.path.endsWith("/callback"));
    expect(req.query.with_response).toBe("true");
    expect(req.files).toMatchObject([{ filename: "quote.txt" }]);
    expect(req.files[0]?.data.toString()).toBe("quote text");
    await double.waitFor(() => seen.length === 1);
    expect(seen).toEqual(["quote.txt"]);
  });

  it("acknowledges heartbeats, and a client whose heartbeats go unanswered resumes", async () => {
    await double.close();
    double = await DiscordDouble.start({ heartbeatIntervalMs: 150 });
    await connect(async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: "alive" });
    });
    await double.waitFor(() => double.heartbeatCount >= 2, 2_000, "two heartbeats");
    double.ackHeartbeats = false;
    await double.waitFor(() => double.resumeCount >= 1, 3_000, "a RESUME");
    double.ackHeartbeats = true;
    const { id } = double.chatInput("ping");
    expect(await double.waitForResponse(id)).toMatchObject({ content: "alive" });
  });

  it("sends autocomplete choices as callback type 8", async () => {
    await connect(async (i) => {
      if (!i.isAutocomplete()) return;
      const focused = i.options.getFocused(true);
      await i.respond([{ name: `${focused.name}:${focused.value}`, value: "x" }]);
    });
    const { id } = double.autocomplete(
      "search",
      { scope: "all", query: "pat" },
      { focused: "query" },
    );
    expect(await double.waitForCallback(id)).toEqual({
      type: 8,
      data: { choices: [{ name: "query:pat", value: "x" }] },
    });
  });

  it("supports message context menus and component updates", async () => {
    await connect(async (i) => {
      if (i.isMessageContextMenuCommand())
        await i.reply({ content: `quoted: ${i.targetMessage.content}` });
      if (i.isButton()) await i.update({ content: `pressed ${i.customId}`, components: [] });
    });
    const menu = double.messageContextMenu("Quote", { content: "a deal" });
    expect(await double.waitForResponse(menu.id)).toMatchObject({ content: "quoted: a deal" });
    const button = double.component("next-page", { content: "page 1" });
    expect(await double.waitForCallback(button.id)).toMatchObject({
      type: 7,
      data: { content: "pressed next-page" },
    });
    expect(double.interactions.get(button.id)?.original?.content).toBe("pressed next-page");
  });

  it("retries a callback that got a 429 with retry-after, and a 500", async () => {
    double.failNext("/callback", { status: 429, retryAfter: 0.3 });
    double.failNext("/callback", { status: 500 });
    await connect(async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: "eventually" });
    });
    const { id } = double.chatInput("ping");
    const callback = await double.waitForCallback(id);
    expect(callback.data?.content).toBe("eventually");
    const attempts = double.requests.filter((r) => r.path.endsWith("/callback"));
    expect(attempts.map((r) => r.status)).toEqual([429, 500, 204]);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(250);
  });

  it("resumes after an abrupt gateway drop and replays an interaction sent during the outage", async () => {
    await connect(async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: "still here" });
    });
    double.dropGateway();
    const { id } = double.chatInput("ping");
    expect(await double.waitForResponse(id)).toMatchObject({ content: "still here" });
    expect(double.resumeCount).toBe(1);
    expect(double.identifyCount).toBe(1);
  });

  it("starts a new session after invalidateSession", async () => {
    await connect(async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: "new session" });
    });
    double.invalidateSession();
    await double.waitFor(() => double.identifyCount === 2, 9_000, "a second IDENTIFY");
    await double.waitForReady();
    const { id } = double.chatInput("ping");
    expect(await double.waitForResponse(id)).toMatchObject({ content: "new session" });
  }, 12_000);

  it("refuses a second acknowledgement with 40060 and a late one with 10062", async () => {
    double.ackDeadlineMs = 200;
    const codes: unknown[] = [];
    const c = await connect(async (i) => {
      if (!i.isChatInputCommand()) return;
      try {
        if (i.commandName === "late") await new Promise((r) => setTimeout(r, 300));
        await i.reply({ content: "first" });
        // discord.js refuses a second reply locally, so go to the wire directly.
        await c.rest.post(Routes.interactionCallback(i.id, i.token), {
          body: { type: 4, data: { content: "second" } },
          auth: false,
        });
      } catch (err) {
        codes.push(err instanceof DiscordAPIError ? err.code : err);
      }
    });
    const twice = double.chatInput("twice");
    await double.waitFor(() => codes.length === 1);
    double.chatInput("late");
    await double.waitFor(() => codes.length === 2, 3_000);
    expect(codes).toEqual([40060, 10062]);
    expect(double.interactions.get(twice.id)?.callback?.data?.content).toBe("first");
  });

  it("stores bulk-overwritten commands with ids and keeps ids across overwrites", async () => {
    const c = await connect();
    const command = {
      name: "ask",
      description: "Ask a question",
      options: [
        { type: ApplicationCommandOptionType.String as const, name: "q", description: "question" },
      ],
    };
    const first = await c.application?.commands.set([command]);
    const second = await c.application?.commands.set([
      command,
      { name: "help", description: "Help" },
    ]);
    const ask = first?.find((cmd) => cmd.name === "ask");
    expect(ask?.id).toMatch(/^\d{17,19}$/);
    expect(second?.find((cmd) => cmd.name === "ask")?.id).toBe(ask?.id);
    const listed = await c.rest.get(Routes.applicationCommands(double.applicationId));
    expect(listed).toHaveLength(2);
    const { id } = double.chatInput("ask", { q: "why" });
    expect(double.interactions.get(id)?.payload).toMatchObject({ data: { id: ask?.id } });
  });

  it("answers unknown routes with a recorded 404", async () => {
    const c = await connect();
    await expect(c.rest.get("/users/@me")).rejects.toMatchObject({ status: 404, code: 0 });
    expect(double.requests.at(-1)).toMatchObject({
      method: "GET",
      path: "/api/v10/users/@me",
      status: 404,
    });
  });
});
