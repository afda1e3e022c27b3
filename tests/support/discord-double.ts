/**
 * A loopback test double of Discord (REST API + gateway) that the real discord.js v14 client can
 * log into. One `node:http` server on 127.0.0.1 serves REST under `/api/v10` and upgrades
 * `/gateway` to a WebSocket. Protocol facts it relies on: /work/shared/docs/discord-wire-notes.md.
 *
 * Usage:
 *   const double = await DiscordDouble.start();
 *   const client = new Client({ intents: [], rest: { api: double.apiUrl } });
 *   await client.login(double.token);
 *   const { id } = double.chatInput("ping", { text: "hello" });
 *   const reply = await double.waitForResponse(id); // { content: ..., embeds: ... }
 *   await client.destroy(); await double.close();
 *
 * Scope: one live session per shard (one shard unless `shards` says more), JSON encoding, no
 * compression, READY with no guilds (so no channel/guild cache on the client side).
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";

export type Json = Record<string, unknown>;

/** The fields of a message-shaped REST body (reply, edit, follow-up, channel message). */
export interface MessageBody {
  content?: string;
  embeds?: Json[];
  components?: Json[];
  flags?: number;
  attachments?: Json[];
  choices?: Array<{ name: string; value: string | number }>;
  [key: string]: unknown;
}

export interface CallbackBody {
  type: number;
  data?: MessageBody;
}

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Percent-decoded, so an edit of the original reply reads `.../messages/@original`. */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON (the `payload_json` part for multipart uploads), else the raw text, else null. */
  body: unknown;
  files: UploadedFile[];
  at: number;
  /** Status the double answered with; set once the route (or fault) has run. */
  status?: number;
}

/** Per-interaction state, as Discord would see it. */
export interface InteractionState {
  id: string;
  token: string;
  type: number;
  payload: Json;
  createdAt: number;
  /** The shard whose session it was dispatched on (sharded doubles only). */
  shard?: number;
  /** The first (and only accepted) acknowledgement. */
  callback?: CallbackBody;
  /** The current `@original` message, if one exists. */
  original?: Json;
  /** Bodies of every PATCH to `@original`, in order. */
  edits: MessageBody[];
  followUps: Json[];
}

export type RouteMatcher = string | RegExp | ((req: RecordedRequest) => boolean);

export interface Fault {
  status: number;
  /** Seconds; sent as the `retry-after` header and `retry_after` body field on a 429. */
  retryAfter?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface DiscordDoubleOptions {
  token?: string;
  applicationId?: string;
  botUserId?: string;
  botUsername?: string;
  /** Discord uses ~41 s; tests that care about heartbeats can shrink it. */
  heartbeatIntervalMs?: number;
  /** Discord refuses an initial response this long after the interaction was created. */
  ackDeadlineMs?: number;
  /**
   * The shard count /gateway/bot recommends (default 1). With more than one, each IDENTIFY's
   * `shard: [id, count]` names its session, and an interaction goes to the session of its
   * guild's shard, `(guild_id >> 22) % count`, as Discord routes them (DMs to shard 0).
   */
  shards?: number;
}

export interface InteractionContext {
  /** Present → a guild interaction (member.user); absent → a bot DM (user). */
  guildId?: string;
  user?: Partial<DiscordUser>;
  channelId?: string;
  locale?: string;
}

export interface DiscordUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  [key: string]: unknown;
}

/** A typed option value for when inference from the JS type is wrong (e.g. NUMBER 3.0). */
export interface TypedOption {
  type: number;
  value: unknown;
}
export type OptionValue = string | number | boolean | Partial<DiscordUser> | TypedOption;
export type CommandOptions = Record<string, OptionValue> | Json[];

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Session {
  id: string;
  shard: number;
  seq: number;
  history: Array<{ op: 0; t: string; s: number; d: unknown }>;
  ws?: WebSocket;
}

const DISCORD_EPOCH = 1420070400000n;
let snowflakeIncrement = 0n;

/** A real-looking snowflake: the REST client buckets rate limits by id-shaped path segments. */
export function snowflake(at = Date.now()): string {
  snowflakeIncrement = (snowflakeIncrement + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}

// Every permission bit up to 2^50: bots under test should not trip over missing app permissions.
const ALL_PERMISSIONS = ((1n << 51n) - 1n).toString();

// Which callback types Discord accepts per interaction type (2 command, 3 component,
// 4 autocomplete, 5 modal submit); anything else is a bug in the bot worth a 400.
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  2: [4, 5, 9, 12],
  3: [4, 5, 6, 7, 9],
  4: [8],
  5: [4, 5, 6, 7],
};

const MESSAGE_FIELDS = ["content", "embeds", "components", "flags", "tts", "poll", "sticker_ids"];
const LOADING_FLAG = 128;
const EPHEMERAL_FLAG = 64;

const error = (status: number, code: number, message: string): Reply => ({
  status,
  body: { message, code },
});

export class DiscordDouble {
  readonly token: string;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly botUser: DiscordUser;
  /** Mutable so a test can tighten or relax Discord's 3 s rule mid-run. */
  ackDeadlineMs: number;
  heartbeatIntervalMs: number;
  readonly shardCount: number;
  /** Set to false to stop answering heartbeats (the client then closes 4200 and resumes). */
  ackHeartbeats = true;

  readonly requests: RecordedRequest[] = [];
  /** Every gateway payload the client sent, in order (IDENTIFY carries intents, etc.). */
  readonly gatewayReceived: Array<{ op: number; d: unknown }> = [];
  readonly interactions = new Map<string, InteractionState>();
  /** Registered commands by scope: "global" or a guild id. */
  readonly commands = new Map<string, Json[]>();
  readonly channelMessages: Json[] = [];
  /** Stands in for a user when a builder is not given one. */
  readonly defaultUser: DiscordUser;

  connectionCount = 0;
  identifyCount = 0;
  resumeCount = 0;
  heartbeatCount = 0;

  private readonly server: http.Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  /** The session new dispatches go to: the one most recently identified. */
  private session: Session | undefined;
  /** The session of each shard, when the client identified with `shard`. */
  private readonly shardSessions = new Map<number, Session>();
  private readonly faults: Array<{ match: RouteMatcher; fault: Fault; remaining: number }> = [];
  private readonly waiters = new Set<(closing?: Error) => void>();
  private readonly commandIds = new Map<string, string>();
  private port = 0;

  private constructor(opts: DiscordDoubleOptions) {
    this.applicationId = opts.applicationId ?? snowflake();
    this.botUserId = opts.botUserId ?? this.applicationId;
    this.token =
      opts.token ??
      `${Buffer.from(this.botUserId).toString("base64url")}.double.${randomBytes(16).toString("base64url")}`;
    this.heartbeatIntervalMs = opts.heartbeatIntervalMs ?? 41_250;
    this.ackDeadlineMs = opts.ackDeadlineMs ?? 3_000;
    this.shardCount = opts.shards ?? 1;
    this.botUser = this.user({ id: this.botUserId, username: opts.botUsername ?? "TestBot" });
    this.botUser.bot = true;
    this.defaultUser = this.user({ username: "tester", global_name: "Tester" });
    this.server = http.createServer((req, res) => {
      this.onRequest(req, res).catch((err: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `double crashed: ${String(err)}`, code: 0 }));
      });
    });
    this.server.on("upgrade", (req, socket, head) => {
      if (new URL(req.url ?? "/", "http://x").pathname !== "/gateway") return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
    });
  }

  static async start(opts: DiscordDoubleOptions = {}): Promise<DiscordDouble> {
    const double = new DiscordDouble(opts);
    await new Promise<void>((resolve, reject) => {
      double.server.once("error", reject);
      double.server.listen(0, "127.0.0.1", () => resolve());
    });
    double.port = (double.server.address() as AddressInfo).port;
    return double;
  }

  /** Pass as `rest: { api }`; discord.js appends `/v10`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  async close(): Promise<void> {
    for (const waiter of this.waiters) waiter(new Error("DiscordDouble closed"));
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    // undici keeps connections alive; without this, server.close() waits for them to idle out.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- waiting -----------------------------------------------------------------------------

  /**
   * Resolves with the first truthy value of `check`, re-evaluated whenever the double's state
   * changes and on a short poll, so checks may also read state outside the double.
   */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5_000, what = "condition") {
    return new Promise<T>((resolve, reject) => {
      const waiter = (closing?: Error) => {
        if (closing) return finish(() => reject(closing));
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (err) {
          return finish(() => reject(err));
        }
        if (value) finish(() => resolve(value));
      };
      const timer = setTimeout(() => {
        const recent = this.requests.slice(-8).map((r) => `${r.method} ${r.path} → ${r.status}`);
        finish(() =>
          reject(
            new Error(
              `DiscordDouble: timed out after ${timeoutMs} ms waiting for ${what}; ` +
                `recent requests: ${recent.join(", ") || "none"}`,
            ),
          ),
        );
      }, timeoutMs);
      const poll = setInterval(() => waiter(), 20);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters.delete(waiter);
        settle();
      };
      this.waiters.add(waiter);
      waiter();
    });
  }

  waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5_000) {
    return this.waitFor(() => this.requests.find(predicate), timeoutMs, "a matching request");
  }

  /** Resolves once a session has been identified and its socket is open. */
  waitForReady(timeoutMs = 5_000) {
    return this.waitFor(
      () =>
        this.session?.ws?.readyState === WebSocket.OPEN ? { sessionId: this.session.id } : null,
      timeoutMs,
      "a READY gateway session",
    );
  }

  /** Resolves once every shard of `shards` has identified and its socket is open. */
  waitForShards(timeoutMs = 5_000) {
    return this.waitFor(
      () => {
        for (let shard = 0; shard < this.shardCount; shard++) {
          if (this.shardSessions.get(shard)?.ws?.readyState !== WebSocket.OPEN) return null;
        }
        return true;
      },
      timeoutMs,
      `${this.shardCount} READY shard sessions`,
    );
  }

  /** The shard Discord delivers a guild's events on: `(guild_id >> 22) % shards`; DMs on 0. */
  shardOf(guildId?: string): number {
    return guildId ? Number((BigInt(guildId) >> 22n) % BigInt(this.shardCount)) : 0;
  }

  /** The accepted acknowledgement of an interaction. */
  waitForCallback(interactionId: string, timeoutMs = 5_000) {
    return this.waitFor(
      () => this.interactions.get(interactionId)?.callback,
      timeoutMs,
      `the callback of interaction ${interactionId}`,
    );
  }

  /**
   * What the user ends up seeing: the callback data for immediate replies/updates/choices, or —
   * after a deferral (5, 6) — the body of the first PATCH to `@original`.
   */
  waitForResponse(interactionId: string, timeoutMs = 5_000) {
    return this.waitFor<MessageBody>(
      () => {
        const state = this.interactions.get(interactionId);
        const cb = state?.callback;
        if (!cb) return undefined;
        if (cb.type === 5 || cb.type === 6) return state.edits[0];
        return cb.data ?? {};
      },
      timeoutMs,
      `the visible response to interaction ${interactionId}`,
    );
  }

  private changed() {
    for (const waiter of this.waiters) waiter();
  }

  // ---- fault injection -----------------------------------------------------------------------

  /**
   * Answer the next `times` matching REST requests with `fault` instead of routing them. A
   * string matches as a substring of `"METHOD /api/v10/path"`, a RegExp is tested against it.
   */
  failNext(match: RouteMatcher, fault: Fault, times = 1) {
    this.faults.push({ match, fault, remaining: times });
  }

  /** Kill every gateway socket without a close frame (the client sees 1006 and resumes). */
  dropGateway() {
    for (const ws of this.wss.clients) ws.terminate();
    for (const session of this.sessions.values()) session.ws = undefined;
  }

  /** Send op 9 (not resumable) and forget every session: the client must identify again. */
  invalidateSession() {
    for (const ws of this.wss.clients) send(ws, { op: 9, d: false });
    this.sessions.clear();
    this.shardSessions.clear();
    this.session = undefined;
  }

  /** Send op 7: Discord asks the client to reconnect and resume. */
  requestReconnect() {
    for (const ws of this.wss.clients) send(ws, { op: 7, d: null });
  }

  private takeFault(req: RecordedRequest): Reply | undefined {
    const line = `${req.method} ${req.path}`;
    const entry = this.faults.find(({ match, remaining }) => {
      if (remaining <= 0) return false;
      if (typeof match === "string") return line.includes(match);
      if (match instanceof RegExp) return match.test(line);
      return match(req);
    });
    if (!entry) return undefined;
    entry.remaining--;
    const { status, retryAfter, headers = {}, body } = entry.fault;
    if (status !== 429) {
      return { status, headers, body: body ?? { message: `${status}: injected fault`, code: 0 } };
    }
    // Without retry-after discord.js retries a 429 immediately and forever, so always send one.
    const seconds = retryAfter ?? 0.1;
    return {
      status,
      headers: { "retry-after": String(seconds), "x-ratelimit-scope": "user", ...headers },
      body: body ?? { message: "You are being rate limited.", retry_after: seconds, global: false },
    };
  }

  // ---- gateway ---------------------------------------------------------------------------------

  /**
   * Send a dispatch on the current session (or on `shard`'s); queued for RESUME replay if the
   * socket is down.
   */
  dispatch(t: string, d: unknown, shard?: number) {
    const session = shard === undefined ? this.session : this.shardSessions.get(shard);
    if (!session) throw new Error("DiscordDouble: no gateway session; await waitForReady() first");
    this.pushDispatch(session, t, d);
  }

  private pushDispatch(session: Session, t: string, d: unknown) {
    const payload = { op: 0 as const, t, s: ++session.seq, d };
    session.history.push(payload);
    if (session.ws?.readyState === WebSocket.OPEN) send(session.ws, payload);
  }

  private onConnection(ws: WebSocket) {
    this.connectionCount++;
    let session: Session | undefined;
    send(ws, { op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } });
    ws.on("close", () => {
      if (session?.ws === ws) session.ws = undefined;
      this.changed();
    });
    ws.on("message", (raw) => {
      let msg: { op: number; d: Json | number | null };
      try {
        msg = JSON.parse(String(raw));
      } catch {
        return ws.close(4002, "Decode error");
      }
      this.gatewayReceived.push(msg);
      const d = (msg.d ?? {}) as Json;
      switch (msg.op) {
        case 1:
          this.heartbeatCount++;
          if (this.ackHeartbeats) send(ws, { op: 11 });
          break;
        case 2: {
          if (d.token !== this.token) return ws.close(4004, "Authentication failed.");
          const shard = Array.isArray(d.shard) ? Number(d.shard[0]) : 0;
          session = { id: randomBytes(16).toString("hex"), shard, seq: 0, history: [], ws };
          this.sessions.set(session.id, session);
          this.session = session;
          this.shardSessions.set(shard, session);
          this.identifyCount++;
          this.pushDispatch(session, "READY", {
            v: 10,
            user: this.botUser,
            guilds: [],
            session_id: session.id,
            resume_gateway_url: this.gatewayUrl,
            ...(Array.isArray(d.shard) ? { shard: d.shard } : {}),
            application: { id: this.applicationId, flags: 0 },
            private_channels: [],
            relationships: [],
            presences: [],
            guild_join_requests: [],
            user_settings: {},
          });
          break;
        }
        case 6: {
          const found = this.sessions.get(String(d.session_id));
          if (!found || d.token !== this.token) return send(ws, { op: 9, d: false });
          // Discord kills the old connection of a session that is resumed elsewhere.
          if (found.ws && found.ws !== ws) found.ws.terminate();
          session = found;
          found.ws = ws;
          this.session = found;
          this.shardSessions.set(found.shard, found);
          this.resumeCount++;
          const seq = Number(d.seq ?? 0);
          for (const missed of found.history) if (missed.s > seq) send(ws, missed);
          this.pushDispatch(found, "RESUMED", null);
          break;
        }
        case 3:
        case 4:
        case 8:
          break; // presence, voice and member requests have no bearing on these tests
        default:
          ws.close(4001, "Unknown opcode");
      }
      this.changed();
    });
  }

  // ---- interactions ------------------------------------------------------------------------

  /**
   * Dispatch INTERACTION_CREATE after filling every field discord.js needs (missing ones make it
   * throw or silently drop the interaction). Anything in `payload` wins over the defaults.
   */
  sendInteraction(payload: Json & InteractionContext): { id: string; token: string } {
    const { guildId, user: userPart, channelId, locale, member: memberPart, ...rest } = payload;
    const guild = (rest.guild_id as string | undefined) ?? guildId;
    const member = memberPart as Json | undefined;
    const user =
      (member?.user as DiscordUser | undefined) ??
      (userPart ? this.user(userPart) : this.defaultUser);
    const channel = (rest.channel as Json | undefined) ?? {
      id: (rest.channel_id as string | undefined) ?? channelId ?? snowflake(),
      type: guild ? 0 : 1,
    };
    const id = (rest.id as string | undefined) ?? snowflake();
    const token = (rest.token as string | undefined) ?? randomBytes(32).toString("base64url");
    const full: Json = {
      type: 2,
      application_id: this.applicationId,
      locale: locale ?? "en-US",
      app_permissions: ALL_PERMISSIONS,
      version: 1,
      entitlements: [],
      authorizing_integration_owners: guild ? { "0": guild } : { "1": user.id },
      context: guild ? 0 : 1,
      attachment_size_limit: 10 * 1024 * 1024,
      channel,
      channel_id: channel.id,
      ...(guild
        ? {
            guild_id: guild,
            guild_locale: "en-US",
            guild: { id: guild, locale: "en-US", features: [] },
            member: { ...this.member(user), ...member },
          }
        : { user }),
      ...rest,
      id,
      token,
    };
    const shard = this.shardCount > 1 ? this.shardOf(guild) : undefined;
    this.interactions.set(id, {
      id,
      token,
      type: full.type as number,
      payload: full,
      createdAt: Date.now(),
      ...(shard !== undefined ? { shard } : {}),
      edits: [],
      followUps: [],
    });
    this.dispatch("INTERACTION_CREATE", full, shard);
    return { id, token };
  }

  /** A slash command (type 2, data.type 1). */
  chatInput(name: string, options: CommandOptions = {}, ctx: InteractionContext = {}) {
    const { options: opts, resolved } = this.buildOptions(options);
    const data: Json = { id: this.commandId(name), name, type: 1, options: opts };
    if (resolved) data.resolved = resolved;
    return this.sendInteraction({ type: 2, data, ...ctx });
  }

  /** Autocomplete (type 4); `focused` names the option being typed, default the first. */
  autocomplete(
    name: string,
    options: CommandOptions,
    ctx: InteractionContext & { focused?: string } = {},
  ) {
    const { focused, ...rest } = ctx;
    const { options: opts } = this.buildOptions(options);
    const target = opts.find((o) => o.name === focused) ?? opts[0];
    if (target) target.focused = true;
    const data = { id: this.commandId(name), name, type: 1, options: opts };
    return this.sendInteraction({ type: 4, data, ...rest });
  }

  /** A message context-menu command (type 2, data.type 3) on `target`. */
  messageContextMenu(name: string, target: Json = {}, ctx: InteractionContext = {}) {
    const message = this.message({
      author: ctx.user ? this.user(ctx.user) : this.defaultUser,
      ...target,
    });
    const data = {
      id: this.commandId(name),
      name,
      type: 3,
      target_id: message.id,
      resolved: { messages: { [String(message.id)]: message } },
    };
    return this.sendInteraction({ type: 2, data, ...ctx });
  }

  /** A component interaction (type 3) on `message`, by default a bot message holding it. */
  component(
    customId: string,
    message: Json = {},
    ctx: InteractionContext & { componentType?: number; values?: string[] } = {},
  ) {
    const { componentType = 2, values, ...rest } = ctx;
    const component =
      componentType === 2
        ? { type: 2, style: 1, label: customId, custom_id: customId }
        : { type: componentType, custom_id: customId, options: [] };
    const full = this.message({
      components: [{ type: 1, components: [component] }],
      ...message,
    });
    const data: Json = { custom_id: customId, component_type: componentType };
    if (values) data.values = values;
    return this.sendInteraction({ type: 3, data, message: full, ...rest });
  }

  /** A complete user object. */
  user(part: Partial<DiscordUser> = {}): DiscordUser {
    return {
      id: snowflake(),
      username: "user",
      discriminator: "0",
      global_name: null,
      avatar: null,
      ...part,
    };
  }

  /** A complete message object; by default authored by the bot in a fresh channel. */
  message(part: Json = {}): Json {
    return {
      id: snowflake(),
      channel_id: snowflake(),
      type: 0,
      content: "",
      author: this.botUser,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      flags: 0,
      ...part,
    };
  }

  private member(user: DiscordUser): Json {
    return {
      user,
      roles: [],
      joined_at: new Date(0).toISOString(),
      permissions: ALL_PERMISSIONS,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      nick: null,
      avatar: null,
      premium_since: null,
    };
  }

  /** Registered commands keep their id, so tests see the id discord.js would cache. */
  private commandId(name: string): string {
    for (const list of this.commands.values()) {
      const found = list.find((c) => c.name === name);
      if (found) return String(found.id);
    }
    const id = this.commandIds.get(name) ?? snowflake();
    this.commandIds.set(name, id);
    return id;
  }

  /** Infer option types from JS values; discord.js's typed getters throw on a mismatch. */
  private buildOptions(options: CommandOptions) {
    if (Array.isArray(options)) return { options: options as Json[], resolved: undefined };
    const users: Record<string, DiscordUser> = {};
    const opts = Object.entries(options).map(([name, value]): Json => {
      if (typeof value === "string") return { name, type: 3, value };
      if (typeof value === "boolean") return { name, type: 5, value };
      if (typeof value === "number") return { name, type: Number.isInteger(value) ? 4 : 10, value };
      if ("type" in value && "value" in value)
        return { name, type: value.type, value: value.value };
      const user = this.user(value as Partial<DiscordUser>);
      users[user.id] = user;
      return { name, type: 6, value: user.id };
    });
    return { options: opts, resolved: Object.keys(users).length ? { users } : undefined };
  }

  // ---- REST --------------------------------------------------------------------------------

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const { body, files } = parseBody(Buffer.concat(chunks), req.headers["content-type"]);
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      files,
      at: Date.now(),
    };
    this.requests.push(record);
    const reply = this.takeFault(record) ?? this.route(record);
    record.status = reply.status;
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body !== undefined) headers["content-type"] = "application/json";
    res.writeHead(reply.status, headers);
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    this.changed();
  }

  private route(req: RecordedRequest): Reply {
    const notFound = error(404, 0, `404: Not Found (${req.method} ${req.path} is not modelled)`);
    const prefix = "/api/v10/";
    if (!req.path.startsWith(prefix)) return notFound;
    const path = req.path.slice(prefix.length - 1);
    for (const route of this.routes) {
      const match = route.methods.includes(req.method) ? route.path.exec(path) : null;
      if (!match) continue;
      // Webhook and interaction routes carry their token in the path; the rest need the bot's.
      if (route.bot && req.headers.authorization !== `Bot ${this.token}`) {
        return error(401, 0, "401: Unauthorized");
      }
      return route.run(req, ...match.slice(1).map((group) => group ?? ""));
    }
    return notFound;
  }

  private readonly routes: Array<{
    methods: string[];
    path: RegExp;
    bot?: boolean;
    run: (req: RecordedRequest, ...groups: string[]) => Reply;
  }> = [
    {
      methods: ["POST"],
      path: /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
      run: (req, id, token) => this.onCallback(req, id, token),
    },
    {
      methods: ["GET", "PATCH", "DELETE"],
      path: /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/,
      run: (req, app, token, messageId) => this.onWebhookMessage(req, app, token, messageId),
    },
    {
      methods: ["POST"],
      path: /^\/webhooks\/(\d+)\/([^/]+)$/,
      run: (req, app, token) => this.onFollowUp(req, app, token),
    },
    {
      methods: ["GET"],
      path: /^\/gateway\/bot$/,
      bot: true,
      run: () => ({
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: this.shardCount,
          session_start_limit: {
            total: 1000,
            remaining: 999,
            reset_after: 86_400_000,
            max_concurrency: 1,
          },
        },
      }),
    },
    {
      methods: ["GET", "PUT"],
      path: /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/,
      bot: true,
      run: (req, app, guild) => {
        if (app !== this.applicationId) return error(404, 10002, "Unknown Application");
        const scope = guild || "global";
        if (req.method === "PUT") return this.onPutCommands(req, scope);
        return { status: 200, body: this.commands.get(scope) ?? [] };
      },
    },
    {
      methods: ["POST"],
      path: /^\/channels\/(\d+)\/messages$/,
      bot: true,
      run: (req, channelId) => {
        const message = this.message({
          ...messageFields(req),
          ...pick(req.body, ["message_reference"]),
          channel_id: channelId,
        });
        this.channelMessages.push(message);
        return { status: 200, body: message };
      },
    },
  ];

  private onCallback(req: RecordedRequest, id: string, token: string): Reply {
    const state = this.interactions.get(id);
    if (!state || state.token !== token) return error(404, 10062, "Unknown interaction");
    if (state.callback) return error(400, 40060, "Interaction has already been acknowledged.");
    if (Date.now() - state.createdAt > this.ackDeadlineMs) {
      return error(404, 10062, "Unknown interaction");
    }
    const body = req.body as CallbackBody | null;
    if (
      !body ||
      typeof body.type !== "number" ||
      !ALLOWED_CALLBACKS[state.type]?.includes(body.type)
    ) {
      return {
        status: 400,
        body: { message: "Invalid Form Body", code: 50035, errors: { type: String(body?.type) } },
      };
    }
    state.callback = body;
    const data = body.data ?? {};
    const source = state.payload.message as Json | undefined;
    const reply = () =>
      this.message({
        ...messageFields({ body: data, files: req.files }),
        channel_id: state.payload.channel_id,
        type: state.type === 2 ? 20 : 0,
        webhook_id: this.applicationId,
        application_id: this.applicationId,
        // discord.js parses this into AuthorizingIntegrationOwners and throws without the owners.
        interaction_metadata: {
          id,
          type: state.type,
          user: state.payload.user ?? (state.payload.member as Json | undefined)?.user,
          authorizing_integration_owners: state.payload.authorizing_integration_owners,
        },
      });
    if (body.type === 4) state.original = reply();
    if (body.type === 5) {
      state.original = { ...reply(), flags: LOADING_FLAG | ((data.flags ?? 0) & EPHEMERAL_FLAG) };
    }
    if (body.type === 6 && source) state.original = source;
    if (body.type === 7 && source) {
      state.original = { ...source, ...messageFields({ body: data, files: req.files }) };
    }

    if (req.query.with_response !== "true") return { status: 204 };
    const flags = Number(state.original?.flags ?? 0);
    return {
      status: 200,
      body: {
        interaction: {
          id,
          type: state.type,
          response_message_id: state.original?.id,
          response_message_loading: Boolean(flags & LOADING_FLAG),
          response_message_ephemeral: Boolean(flags & EPHEMERAL_FLAG),
        },
        resource: { type: body.type, ...(state.original ? { message: state.original } : {}) },
      },
    };
  }

  /** Interaction webhooks are keyed by the interaction token, valid once acknowledged. */
  private webhookState(app: string, token: string): InteractionState | undefined {
    if (app !== this.applicationId) return undefined;
    for (const state of this.interactions.values()) {
      if (state.token === token && state.callback) return state;
    }
    return undefined;
  }

  private onWebhookMessage(
    req: RecordedRequest,
    app: string,
    token: string,
    messageId: string,
  ): Reply {
    const state = this.webhookState(app, token);
    if (!state) return error(404, 10015, "Unknown Webhook");
    const isOriginal = messageId === "@original";
    const index = isOriginal ? -1 : state.followUps.findIndex((f) => f.id === messageId);
    const current = isOriginal ? state.original : state.followUps[index];
    if (!current) return error(404, 10008, "Unknown Message");
    if (req.method === "GET") return { status: 200, body: current };
    if (req.method === "DELETE") {
      if (isOriginal) state.original = undefined;
      else state.followUps.splice(index, 1);
      return { status: 204 };
    }
    if (req.method !== "PATCH") return error(405, 0, "405: Method Not Allowed");
    const fields = messageFields(req);
    // Editing a deferred reply is what turns the "thinking..." placeholder into the answer.
    const flags = (Number(current.flags ?? 0) & ~LOADING_FLAG) | Number(fields.flags ?? 0);
    const updated = { ...current, ...fields, flags, edited_timestamp: new Date().toISOString() };
    if (isOriginal) {
      state.original = updated;
      state.edits.push((req.body ?? {}) as MessageBody);
    } else state.followUps[index] = updated;
    return { status: 200, body: updated };
  }

  private onFollowUp(req: RecordedRequest, app: string, token: string): Reply {
    const state = this.webhookState(app, token);
    if (!state) return error(404, 10015, "Unknown Webhook");
    const message = this.message({
      ...messageFields(req),
      channel_id: state.payload.channel_id,
      webhook_id: this.applicationId,
      application_id: this.applicationId,
    });
    state.followUps.push(message);
    return req.query.wait === "true" ? { status: 200, body: message } : { status: 204 };
  }

  private onPutCommands(req: RecordedRequest, scope: string): Reply {
    if (!Array.isArray(req.body)) return error(400, 50035, "Invalid Form Body");
    const previous = this.commands.get(scope) ?? [];
    const stored = (req.body as Json[]).map((cmd) => {
      const type = cmd.type ?? 1;
      // Bulk overwrite keeps the id of a command that already exists with the same name and type.
      const existing = previous.find((c) => c.name === cmd.name && c.type === type);
      return {
        description: "",
        default_member_permissions: null,
        nsfw: false,
        ...cmd,
        type,
        id: existing?.id ?? snowflake(),
        application_id: this.applicationId,
        version: snowflake(),
        ...(scope === "global" ? {} : { guild_id: scope }),
      };
    });
    this.commands.set(scope, stored);
    return { status: 200, body: stored };
  }
}

function send(ws: WebSocket, payload: unknown) {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(payload));
}

function pick(source: unknown, keys: string[]): Json {
  const out: Json = {};
  if (!source || typeof source !== "object") return out;
  for (const key of keys) {
    if (key in source) out[key] = (source as Json)[key];
  }
  return out;
}

/** The parts of a REST body that become message fields; uploads become attachment objects. */
function messageFields(req: Pick<RecordedRequest, "body"> & Partial<RecordedRequest>): Json {
  const fields = pick(req.body, MESSAGE_FIELDS);
  if (req.files?.length) {
    fields.attachments = req.files.map((f) => ({
      id: snowflake(),
      filename: f.filename,
      size: f.data.length,
      content_type: f.contentType,
      url: `https://cdn.invalid/attachments/${f.filename}`,
      proxy_url: `https://cdn.invalid/attachments/${f.filename}`,
    }));
  }
  return fields;
}

/** JSON, or multipart with a `payload_json` part (how discord.js sends files). */
function parseBody(raw: Buffer, contentType = ""): { body: unknown; files: UploadedFile[] } {
  if (raw.length === 0) return { body: null, files: [] };
  const boundary = /multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) {
    const text = raw.toString("utf8");
    try {
      return { body: JSON.parse(text), files: [] };
    } catch {
      return { body: text, files: [] };
    }
  }
  // latin1 maps bytes 1:1 to chars, so binary file parts survive the string split.
  const files: UploadedFile[] = [];
  let body: unknown = null;
  for (const part of raw.toString("latin1").split(`--${boundary}`)) {
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) continue;
    const head = part.slice(0, split);
    const content = Buffer.from(part.slice(split + 4).replace(/\r\n$/, ""), "latin1");
    const field = /name="([^"]*)"/.exec(head)?.[1] ?? "";
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    if (filename !== undefined) {
      const type = /content-type:\s*(\S+)/i.exec(head)?.[1] ?? "application/octet-stream";
      files.push({ field, filename, contentType: type, data: content });
    } else if (field === "payload_json") {
      body = JSON.parse(content.toString("utf8"));
    }
  }
  return { body, files };
}
