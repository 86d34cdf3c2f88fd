import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");
const NAMES = ["catalog", "customers", "orders"];

type Handler = (event: unknown) => Promise<{ ok: boolean; error?: { code: string } }>;

describe("build:functions", () => {
  beforeAll(async () => {
    await run(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/build-functions.ts"], {
      cwd: ROOT,
    });
  }, 120_000);

  it.each(NAMES)("writes a self-contained %s bundle with its configs", (name) => {
    const dir = join(ROOT, "dist/cloudfunctions", name);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      main: string;
      dependencies: Record<string, string>;
    };
    expect(manifest.main).toBe("index.js");
    expect(manifest.dependencies).toEqual({});
    expect(existsSync(join(dir, "config.json"))).toBe(true);
    const source = readFileSync(join(dir, "index.js"), "utf8");
    expect(source).not.toMatch(/better-sqlite3/);
  });

  it.each(NAMES)("answers a %s call without a WeChat caller as UNAUTHENTICATED", async (name) => {
    // Outside CloudBase no openid is injected, so the caller is anonymous and
    // the handler replies before it touches the database.
    const handler = (require(join(ROOT, "dist/cloudfunctions", name, "index.js")) as { main: Handler }).main;
    const reply = await handler({ action: "list" });
    expect(reply.ok).toBe(false);
    expect(reply.error?.code).toBe("UNAUTHENTICATED");
    const invalid = await handler({ action: "no-such-action" });
    expect(invalid.error?.code).toBe("INVALID_INPUT");
  });

  it("keeps cloudbaserc.json in step with the function folders", () => {
    const config = JSON.parse(readFileSync(join(ROOT, "cloudbaserc.json"), "utf8")) as {
      functionRoot: string;
      functions: { name: string; handler: string }[];
    };
    expect(config.functionRoot).toBe("./dist/cloudfunctions");
    expect(config.functions.map((fn) => fn.name).sort()).toEqual(NAMES);
    expect(config.functions.every((fn) => fn.handler === "index.main")).toBe(true);
  });
});
