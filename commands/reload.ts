import type { Command } from "../src/discord/command.js";
import { renderReloadReport, renderReloadUnavailable } from "../src/render/reload.js";

const data = {
  name: "reload",
  description: "Read the corpus folder again now and report what changed (server managers)",
  // Manage Server: reading the files again is harmless, but its report names files and their
  // problems, which is for whoever runs the bot. Server admins can grant it to others.
  default_member_permissions: "32",
  // Servers only: Discord applies default_member_permissions in servers, not in DMs.
  contexts: [0],
  integration_types: [0],
} as const;

export default {
  data,
  // The report is for the person who asked; nobody else in the channel needs it.
  ephemeral: true,
  // A big corpus takes seconds to rebuild; the watcher may also be mid-reload.
  mayBeSlow: true,
  execute: async (_options, { live }) => {
    if (!live) return renderReloadUnavailable();
    const report = await live.reload("command");
    return renderReloadReport(report, live.lastChange);
  },
} satisfies Command<typeof data>;
