import { spawn } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The offline CLIs, run as a user would: `npm run ask -- …` and `npm run corpus:check`. */

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ANSI = new RegExp(`${String.fromCharCode(0x1b)}\\[`);
const TIMEOUT = 30_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: the bundled corpus, no colour settings inherited from the caller. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CORPUS_DIR: "", LOG_LEVEL: "warn", ...extra };
  for (const key of ["NO_COLOR", "FORCE_COLOR"]) if (!(key in extra)) delete env[key];
  return env;
}

function run(command: string, args: string[], env = cleanEnv()): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
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

const tsx = (script: string, args: string[], env?: NodeJS.ProcessEnv) =>
  run(process.execPath, ["--import", "tsx", script, ...args], env);
const ask = (args: string[], env?: NodeJS.ProcessEnv) => tsx("src/cli/ask.ts", args, env);

// Runs shared by several tests (each check below is about the same output), started once.
let huaweiNokia: Promise<Run> | undefined;
const dealHuaweiNokia = () => {
  huaweiNokia ??= ask(["deal", "Huawei", "Nokia"]);
  return huaweiNokia;
};
const check = (args: string[], env?: NodeJS.ProcessEnv) =>
  tsx("src/cli/corpus-check.ts", args, env);

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs `ask` with stdout on a pseudo-terminal (util-linux `script`), as in an interactive shell. */
function askOnTty(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const command = [process.execPath, "--import", "tsx", "src/cli/ask.ts", ...args]
    .map(shellQuote)
    .join(" ");
  return run("script", ["-qec", command, "/dev/null"], env);
}

describe.concurrent("ask CLI", () => {
  it(
    "deal Huawei Nokia: exits 0 and prints the extension, numbered quotes and the source",
    async () => {
      const { code, stdout, stderr } = await dealHuaweiNokia();
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).toContain("Huawei × Nokia: 2 deals");
      expect(stdout).toMatch(/^Extension, licence: Huawei × Nokia$/m);
      expect(stdout).toContain("Extends: Huawei and Nokia signed a patent licensing deal in 2017");
      expect(stdout).toContain(
        "[1] “JAKARTA - Huawei has reportedly extended a patent license agreement with Nokia.”",
      );
      expect(stdout).toContain(
        "— US Sanctions Do Not Frighten Huawei, Now Continue Collaboration with Nokia",
      );
      // The extension comes before the 2017 licence.
      expect(stdout.indexOf("Extension, licence")).toBeLessThan(stdout.indexOf("\nLicence: "));
    },
    TIMEOUT,
  );

  it(
    "deal Nokia Xiaomi numbers one quote per reporting article",
    async () => {
      const { code, stdout } = await ask(["deal", "Nokia", "Xiaomi"]);
      expect(code).toBe(0);
      expect(stdout).toContain("Reported by 3 articles:");
      expect(stdout).toMatch(/^ {2}\[1\] “/m);
      expect(stdout).toMatch(/^ {2}\[2\] “/m);
      expect(stdout).toMatch(/^ {2}\[3\] “/m);
      expect(stdout).not.toMatch(/^ {2}\[4\] /m);
    },
    TIMEOUT,
  );

  it(
    "ask the royalty question (NO_COLOR=1): prints $2.50, no ANSI escapes",
    async () => {
      const { code, stdout, stderr } = await ask(
        ["ask", "What royalty per device did Huawei say it would charge?"],
        cleanEnv({ NO_COLOR: "1" }),
      );
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).not.toMatch(ANSI);
      expect(stdout).toMatch(/^ {2}\[1\] “.*\$2\.50 per device/m);
      expect(stdout).toContain("— Huawei & OPPO sign a patent cross-licensing agreement");
    },
    TIMEOUT,
  );

  it(
    "ask takes a question split over several arguments",
    async () => {
      const { code, stdout } = await ask(["ask", "What", "is", "the", "best", "pizza", "topping?"]);
      expect(code).toBe(0);
      expect(stdout).toContain("The corpus has nothing relevant to that question");
      expect(stdout).not.toContain("[1]");
    },
    TIMEOUT,
  );

  it.each([
    [[], /no command given/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["deal"], /deal takes one or two company names/],
    [["deal", "A", "B", "C"], /deal takes one or two company names/],
    [["ask"], /ask takes a question/],
  ])(
    "%j: exits non-zero with a usage message on stderr",
    async (args, problem) => {
      const { code, stdout, stderr } = await ask(args);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(stderr).toMatch(problem);
      expect(stderr).toContain("usage:");
      expect(stderr).toContain("deal <company> [<other company>]");
      expect(stdout).toBe("");
    },
    TIMEOUT,
  );

  it(
    "with stdout piped (not a TTY) no ANSI escapes appear",
    async () => {
      const { code, stdout } = await dealHuaweiNokia();
      expect(code).toBe(0);
      expect(stdout).toContain("Huawei × Nokia: 2 deals");
      expect(stdout).not.toMatch(ANSI);
    },
    TIMEOUT,
  );

  it(
    "on a TTY, output is coloured; with NO_COLOR=1 it is not",
    async () => {
      const args = ["deal", "Huawei", "OPPO"];
      const [coloured, plain] = await Promise.all([
        askOnTty(args, cleanEnv()),
        askOnTty(args, cleanEnv({ NO_COLOR: "1" })),
      ]);
      expect(coloured.code).toBe(0);
      expect(coloured.stdout).toContain("Huawei × OPPO: 1 deal");
      expect(coloured.stdout).toMatch(ANSI);

      expect(plain.code).toBe(0);
      expect(plain.stdout).toContain("Huawei × OPPO: 1 deal");
      expect(plain.stdout).not.toMatch(ANSI);
    },
    TIMEOUT,
  );
});

describe.concurrent("corpus:check CLI", () => {
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), "cli-corpus-"));
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it(
    "exits 0 on ./corpus",
    async () => {
      const { code, stdout } = await check([]);
      expect(stdout).toMatch(/corpus:check: ok \(5 articles, \d+ deals, \d+ companies\)/);
      expect(stdout).not.toMatch(/^error:/m);
      expect(code).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "exits non-zero naming the file on a copy with a broken article",
    async () => {
      const dir = path.join(tmp, "broken");
      await cp(path.join(ROOT, "corpus"), dir, { recursive: true });
      const broken = path.join(dir, "articles", "002_749c1ce1607455d3.md");
      await writeFile(broken, "---\npublished: 2017-07-05\n---\nA story without a title.\n");
      const { code, stdout, stderr } = await check([dir]);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      const output = stdout + stderr;
      expect(output).toContain(`error: ${broken} (title):`);
      expect(output).toMatch(/problem\(s\) in /);
    },
    TIMEOUT,
  );

  it(
    "exits non-zero on a folder with no articles",
    async () => {
      const dir = path.join(tmp, "empty");
      const { code, stdout } = await check([dir]);
      expect(code).not.toBe(0);
      expect(stdout).toContain("no articles found");
    },
    TIMEOUT,
  );
});
