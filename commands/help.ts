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
        .filter((c) => c.data.name !== "help")
        .map((c) => ({
          name: c.data.name,
          description: c.data.description,
          // `private` is explained once, at the end, rather than on every line.
          options: (c.data.options ?? [])
            .filter((o) => o.name !== "private")
            .map((o) => ({ name: o.name, required: o.required === true })),
        })),
      {
        articles: engine.data.corpus.articles.length,
        deals: engine.data.corpus.deals.length,
        companies: engine.data.corpus.companies.length,
      },
    ),
} satisfies Command<typeof data>;
