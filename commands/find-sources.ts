import { type Command, EVERYWHERE } from "../src/discord/command.js";
import { argsRoomFor, findView, pageButtons } from "../src/discord/components.js";
import { fingerprint } from "../src/engine/citations.js";
import { claimKey, extractClaim, findSources, parseClaimKey } from "../src/engine/claims.js";
import { renderNoSources, renderSourcesPage } from "../src/render/sources.js";

// A message command: right-click (or long-press) a message → Apps → Find sources.
const data = {
  type: 3,
  name: "Find sources",
  ...EVERYWHERE,
} as const;

export default {
  data,
  // Checking someone's message is for the one who asked; "Post to channel" shares it after.
  ephemeral: true,
  // It runs a full-text search, like /ask.
  mayBeSlow: true,
  warmUp: ({ engine }) =>
    findSources(engine, extractClaim(engine, "huawei charges $2.50 per phone for its patents")),
  execute: ({ message }, { engine, asker }) => {
    if (!message.content.trim()) return renderNoSources("empty");
    const owner = asker?.id;
    // The claim is looked up from its compact form, the one the buttons carry, so that every
    // later click re-runs exactly this query.
    const key = claimKey(extractClaim(engine, message.content), argsRoomFor("find", owner));
    const parsed = parseClaimKey(engine, key);
    if (!parsed.ok) return renderNoSources("no-claim");
    const found = findSources(engine, parsed.claim);
    if (found.kind === "nothing") return renderNoSources(found.reason);
    const view = findView(engine, parsed.claim, found.citations);
    const answer = {
      answer: "find" as const,
      args: key,
      hash: fingerprint(found.citations),
      ...(owner ? { owner } : {}),
    };
    return {
      ...renderSourcesPage(view, 0),
      components: pageButtons(answer, 0, found.citations.length),
    };
  },
} satisfies Command<typeof data>;
