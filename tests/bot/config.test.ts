import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configErrorLine, DEFAULT_API_URL, readConfig } from "../../src/config.js";

const TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.secret-looking-part_0123456789";
const base = { DISCORD_TOKEN: TOKEN, CORPUS_DIR: "corpus" };

async function failure(env: NodeJS.ProcessEnv, purpose: "start" | "deploy" = "start") {
  const result = await readConfig(env, purpose);
  if (result.ok) throw new Error("expected a configuration error");
  const line = configErrorLine(result);
  expect(line.split("\n")).toHaveLength(1);
  expect(line).not.toContain(TOKEN);
  return { variable: result.variable, line };
}

describe("readConfig", () => {
  it("fills defaults and treats empty optional values as unset", async () => {
    const result = await readConfig(
      { ...base, DISCORD_GUILD_ID: "", DISCORD_API_URL: " ", LOG_LEVEL: "" },
      "start",
    );
    expect(result).toEqual({
      ok: true,
      config: {
        token: TOKEN,
        apiUrl: DEFAULT_API_URL,
        corpusDir: "corpus",
        indexDir: ".cache/index",
        logLevel: "info",
      },
    });
  });

  it("reads every variable, normalising the URL and the level", async () => {
    const result = await readConfig(
      {
        ...base,
        DISCORD_CLIENT_ID: "12345678901234567",
        DISCORD_GUILD_ID: "12345678901234567890",
        DISCORD_API_URL: "http://127.0.0.1:9999/api/",
        LOG_LEVEL: "DEBUG",
      },
      "deploy",
    );
    expect(result).toMatchObject({
      ok: true,
      config: {
        clientId: "12345678901234567",
        guildId: "12345678901234567890",
        apiUrl: "http://127.0.0.1:9999/api",
        logLevel: "debug",
      },
    });
  });

  it("names the variable and the fix in one line, never printing the token", async () => {
    expect(await failure({ CORPUS_DIR: "corpus" })).toMatchObject({
      variable: "DISCORD_TOKEN",
      line: expect.stringMatching(/DISCORD_TOKEN is not set; copy \.env\.example/),
    });
    expect(await failure({ ...base, DISCORD_TOKEN: `Bot ${TOKEN}` })).toMatchObject({
      variable: "DISCORD_TOKEN",
      line: expect.stringContaining("whitespace"),
    });
    expect((await failure({ ...base, DISCORD_CLIENT_ID: TOKEN })).variable).toBe(
      "DISCORD_CLIENT_ID",
    );
    expect((await failure({ ...base, DISCORD_GUILD_ID: "1234" })).line).toMatch(
      /DISCORD_GUILD_ID must be a Discord id of 17–20 digits/,
    );
    expect((await failure({ ...base, DISCORD_GUILD_ID: "123456789012345678901" })).variable).toBe(
      "DISCORD_GUILD_ID",
    );
    expect((await failure({ ...base, DISCORD_API_URL: "ftp://x" })).variable).toBe(
      "DISCORD_API_URL",
    );
    expect((await failure({ ...base, DISCORD_API_URL: "not a url" })).variable).toBe(
      "DISCORD_API_URL",
    );
    expect((await failure({ ...base, LOG_LEVEL: "loud" })).line).toMatch(
      /LOG_LEVEL must be one of fatal, error/,
    );
  });

  it("needs the application id to deploy but not to start", async () => {
    expect((await failure(base, "deploy")).variable).toBe("DISCORD_CLIENT_ID");
    expect((await readConfig(base, "start")).ok).toBe(true);
  });

  it("refuses a corpus folder that does not exist or is a file, when starting", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "cfg-"));
    const file = path.join(dir, "file.txt");
    await writeFile(file, "x");
    expect((await failure({ ...base, CORPUS_DIR: path.join(dir, "missing") })).line).toMatch(
      /CORPUS_DIR ".*missing" does not exist/,
    );
    expect((await failure({ ...base, CORPUS_DIR: file })).line).toMatch(/is a file, not a folder/);
    // Deploying does not read the corpus, so a bad path does not stop it.
    expect(
      (
        await readConfig(
          { ...base, CORPUS_DIR: file, DISCORD_CLIENT_ID: "12345678901234567" },
          "deploy",
        )
      ).ok,
    ).toBe(true);
  });
});
