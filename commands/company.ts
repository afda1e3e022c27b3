import { ApplicationCommandOptionType } from "discord.js";
import { type Command, EVERYWHERE, PRIVATE_OPTION } from "../src/discord/command.js";
import { companyChoices } from "../src/discord/lookup.js";
import { renderCompanyReply, renderUnknownCompany } from "../src/render/embeds.js";

const data = {
  name: "company",
  description: "One company's deals as a timeline, oldest first, with their sources",
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: "name",
      description: "A company, e.g. Nokia (typos are fine)",
      required: true,
      autocomplete: true,
      max_length: 100,
    },
    PRIVATE_OPTION,
  ],
  ...EVERYWHERE,
} as const;

export default {
  data,
  execute: ({ name }, { engine }) => {
    const company = engine.resolveCompany(name);
    if (!company) return renderUnknownCompany(name, engine.suggestCompanies(name, 5));
    return renderCompanyReply(company, engine.companyDeals(company.id));
  },
  autocomplete: (focused, _options, { engine }) => companyChoices(engine, focused.value),
} satisfies Command<typeof data>;
