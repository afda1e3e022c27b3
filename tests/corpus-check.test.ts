import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * `npm run corpus:check` on a corpus that has both findings a curator acts on: an article no
 * deal cites, and deals naming companies missing from companies.json. Each gets a section of
 * its own, naming every file; the unknown companies fail the check, the uncited article not.
 */

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TIMEOUT = 30_000;

let dir: string;

beforeAll(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), "corpus-check-")), "corpus");
  await cp(path.join(ROOT, "corpus"), dir, { recursive: true });
  await writeFile(
    path.join(dir, "articles", "zorblat.md"),
    "---\ntitle: Zorblat licenses its radio patents to Quuxcom\n---\nZorblat licenses its radio patents to Quuxcom\n\nZorblat Technologies said on Monday that Quuxcom will pay a royalty of $3.75 per unit.\n",
  );
  for (const [name, company] of [
    ["nokia-xiaomi-2017.json", "omega-corp"],
    ["huawei-oppo-cross-license-2023.json", "omega-corp"],
    ["microsoft-samsung-license.json", "zeta-ltd"],
  ] as const) {
    const file = path.join(dir, "deals", name);
    const deal = JSON.parse(await readFile(file, "utf8")) as {
      parties: Array<{ company: string }>;
    };
    const first = deal.parties[0];
    if (first) first.company = company;
    await writeFile(file, JSON.stringify(deal, null, 2));
  }
});

afterAll(async () => {
  if (dir) await rm(path.dirname(dir), { recursive: true, force: true });
});

function check(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/corpus-check.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, CORPUS_DIR: "", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("corpus:check on uncited articles and unknown companies", () => {
  it(
    "lists both in sections of their own, every file named, and exits 1",
    async () => {
      const { code, stdout } = await check([dir]);
      expect(code).toBe(1);
      const lines = stdout.trimEnd().split("\n");
      const unknownAt = lines.indexOf(
        "Deals naming companies missing from companies.json (2 companies, 3 deals):",
      );
      const uncitedAt = lines.indexOf("Articles no deal cites (1 of 6):");
      expect(unknownAt, stdout).toBeGreaterThan(-1);
      expect(uncitedAt, stdout).toBeGreaterThan(unknownAt);
      expect(lines.slice(unknownAt + 1, unknownAt + 4)).toEqual([
        `  warning: "omega-corp" in ${path.join(dir, "deals", "huawei-oppo-cross-license-2023.json")} (parties.0.company)`,
        `  warning: "omega-corp" in ${path.join(dir, "deals", "nokia-xiaomi-2017.json")} (parties.0.company)`,
        `  warning: "zeta-ltd" in ${path.join(dir, "deals", "microsoft-samsung-license.json")} (parties.0.company)`,
      ]);
      expect(lines[uncitedAt + 1]).toBe(
        `  notice: ${path.join(dir, "articles", "zorblat.md")} ("Zorblat licenses its radio patents to Quuxcom"): no deal record cites this article`,
      );
      // Listed once, in their section, not again among the other problems.
      expect(stdout.match(/omega-corp/g)).toHaveLength(2);
      expect(lines.at(-1)).toBe(
        `corpus:check: 3 problem(s) in ${dir} (6 articles, 11 deals, 18 companies); 1 article no deal cites`,
      );
    },
    TIMEOUT,
  );
});
