import { ApplicationCommandOptionType } from "discord.js";
import { type Command, EVERYWHERE, PRIVATE_OPTION } from "../src/discord/command.js";
import { articleChoices, articleView, findArticle } from "../src/discord/lookup.js";
import { renderSourceReply, renderUnknownArticle } from "../src/render/embeds.js";

const data = {
  name: "source",
  description: "One article: who published it, when, its link, and the deals it supports",
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: "article",
      description: "Start typing a title, e.g. Huawei & OPPO",
      required: true,
      autocomplete: true,
      max_length: 200,
    },
    PRIVATE_OPTION,
  ],
  ...EVERYWHERE,
} as const;

export default {
  data,
  execute: ({ article }, { engine }) => {
    const found = findArticle(engine, article);
    if (found.kind === "found") return renderSourceReply(articleView(engine, found.article));
    return renderUnknownArticle(
      article,
      found.suggestions.map((a) => ({ title: a.meta.title })),
      found.kind === "ambiguous",
    );
  },
  autocomplete: (focused, _options, { engine }) => articleChoices(engine, focused.value),
} satisfies Command<typeof data>;
