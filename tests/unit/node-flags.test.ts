import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SERVING_NODE_FLAGS } from "../../src/node-flags.js";

describe("the serving process's V8 flags", () => {
  it("are the ones `npm start` runs the bot with", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const start: string = pkg.scripts.start;
    for (const flag of SERVING_NODE_FLAGS) expect(start.split(/\s+/)).toContain(flag);
    expect(SERVING_NODE_FLAGS.length).toBeGreaterThan(0);
  });
});
