import { ApplicationCommandOptionType } from "discord.js";
import { type Command, EVERYWHERE, PRIVATE_OPTION } from "../src/discord/command.js";
import { companyChoices } from "../src/discord/lookup.js";
import { dealNetwork } from "../src/engine/network.js";
import { renderCompanyReply, renderUnknownCompany } from "../src/render/embeds.js";
import { renderNetworkSvg } from "../src/render/graph-svg.js";
import { networkImage, renderGraphReply } from "../src/render/image-embeds.js";

const data = {
  name: "graph",
  description: "A picture of a company's patent-deal network, with the deals and their sources",
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
      type: ApplicationCommandOptionType.Integer,
      name: "depth",
      description: "1: the company's own deals (default); 2: its partners' deals too",
      choices: [
        { name: "1 · the company's own deals", value: 1 },
        { name: "2 · its partners' deals too", value: 2 },
      ],
    },
    PRIVATE_OPTION,
  ],
  ...EVERYWHERE,
} as const;

export default {
  data,
  // The layout runs synchronously (tens of ms, more on a big corpus), which no timer can
  // interrupt: the gauge decides to defer up front when recent pictures were slow.
  mayBeSlow: true,
  // Also loads the font the layout measures text with, so the first real answer is not the slow one.
  warmUp: ({ engine }) => {
    const company = engine.suggestCompanies("", 1)[0];
    return company ? renderNetworkSvg(dealNetwork(engine, company.id, 2)) : undefined;
  },
  execute: async ({ company: name, depth = 1 }, { engine }) => {
    const company = engine.resolveCompany(name);
    if (!company) return renderUnknownCompany(name, engine.suggestCompanies(name, 5));
    // A picture of one box says nothing: the same plain answer as /company gives.
    if (engine.companyDeals(company.id).length === 0) return renderCompanyReply(company, []);
    const network = dealNetwork(engine, company.id, depth);
    return renderGraphReply(network, await networkImage(network));
  },
  autocomplete: (focused, _options, { engine }) => companyChoices(engine, focused.value),
} satisfies Command<typeof data>;
