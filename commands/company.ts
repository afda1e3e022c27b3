import { ApplicationCommandOptionType } from "discord.js";
import { type Command, EVERYWHERE, PRIVATE_OPTION } from "../src/discord/command.js";
import { companyChoices } from "../src/discord/lookup.js";
import { renderCompanyReply, renderUnknownCompany } from "../src/render/embeds.js";
import { timelineImage, withImage } from "../src/render/image-embeds.js";

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
  execute: async ({ name }, { engine }) => {
    const company = engine.resolveCompany(name);
    if (!company) return renderUnknownCompany(name, engine.suggestCompanies(name, 5));
    const deals = engine.companyDeals(company.id);
    const reply = renderCompanyReply(company, deals);
    // The timeline as a picture under the text; "no recorded deals" has nothing to draw.
    if (reply.outcome !== "answered") return reply;
    return withImage(reply, await timelineImage(company, deals));
  },
  autocomplete: (focused, _options, { engine }) => companyChoices(engine, focused.value),
} satisfies Command<typeof data>;
