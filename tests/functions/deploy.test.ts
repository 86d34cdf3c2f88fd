import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

import { CLI_PACKAGE, deployPlan } from "../../scripts/deploy";

const run = promisify(execFile);
const ROOT = resolve(__dirname, "../..");

function deployScript(args: string[], env: Record<string, string>) {
  const environment: Record<string, string> = { PATH: process.env.PATH ?? "", ...env };
  return run(
    process.execPath,
    [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/deploy.ts", ...args],
    { cwd: ROOT, env: environment as NodeJS.ProcessEnv },
  );
}

describe("npm run deploy", () => {
  it("builds, then deploys every function with the pinned CLI", () => {
    const plan = deployPlan("orderdesk-1a2b3c");
    expect(plan.build).toEqual(["npm", "run", "build:functions"]);
    expect(plan.deploy).toEqual([
      "npx",
      "--yes",
      "--package",
      CLI_PACKAGE,
      "tcb",
      "fn",
      "deploy",
      "--all",
      "--force",
      "--yes",
      "-e",
      "orderdesk-1a2b3c",
    ]);
  });

  it("deploys and builds one function with --only", () => {
    const plan = deployPlan("orderdesk-1a2b3c", "users");
    expect(plan.build).toEqual(["npm", "run", "build:functions", "--", "--only", "users"]);
    expect(plan.deploy.slice(6, 8)).toEqual(["deploy", "users"]);
    expect(plan.deploy).not.toContain("--all");
  });

  it("prints the commands on a dry run", async () => {
    const { stdout } = await deployScript(["--dry-run"], { TCB_ENV_ID: "orderdesk-1a2b3c" });
    expect(stdout.split("\n")[1]).toBe(
      `npx --yes --package ${CLI_PACKAGE} tcb fn deploy --all --force --yes -e orderdesk-1a2b3c`,
    );
  });

  it("stops without an environment id", async () => {
    await expect(deployScript(["--dry-run"], {})).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("TCB_ENV_ID is missing"),
    });
  });
});
