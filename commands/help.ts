import { type Command, EVERYWHERE, PRIVATE_OPTION } from "../src/discord/command.js";
import { renderHelp } from "../src/render/embeds.js";

const data = {
  name: "help",
  description: "What this bot knows and how to ask it",
  options: [PRIVATE_OPTION],
  ...EVERYWHERE,
} as const;

export default {
  data,
  execute: (_options, { engine, commands }) =>
    renderHelp(
      commands
        // Commands for server managers (/reload) are theirs to know; askers cannot use them.
        .filter((c) => c.data.name !== "help" && !c.data.default_member_permissions)
        // Message commands ("Find sources") live in a message's Apps menu, not under "/".
        .filter((c) => c.data.type !== 3)
        .map((c) => ({
          name: c.data.name,
          description: c.data.description ?? "",
          // `private` and `mention` are explained once, at the end, rather than on every line.
          options: (c.data.options ?? [])
            .filter((o) => o.name !== "private" && o.name !== "mention")
            .map((o) => ({ name: o.name, required: o.required === true })),
        })),
      {
        articles: engine.data.corpus.articles.length,
        deals: engine.data.corpus.deals.length,
        companies: engine.data.corpus.companies.length,
      },
    ),
} satisfies Command<typeof data>;
