import { ApplicationCommandOptionType } from "discord.js";
import { type Command, EVERYWHERE, PRIVATE_OPTION } from "../src/discord/command.js";
import { companyChoices } from "../src/discord/lookup.js";
import { renderDealReply } from "../src/render/embeds.js";

const data = {
  name: "deal",
  description: "Patent deals between two companies, or all of one company's deals, with quotes",
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: "company",
      description: "A company, e.g. Huawei (typos are fine)",
      required: true,
      autocomplete: true,
      max_length: 100,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: "with",
      description: "The other party, e.g. Nokia; leave out to see all of the company's deals",
      autocomplete: true,
      max_length: 100,
    },
    PRIVATE_OPTION,
  ],
  ...EVERYWHERE,
} as const;

export default {
  data,
  execute: ({ company, with: other }, { engine }) =>
    renderDealReply(engine.findDeals(company, other)),
  autocomplete: (focused, options, { engine }) =>
    companyChoices(engine, focused.value, focused.name === "with" ? options.company : options.with),
} satisfies Command<typeof data>;
