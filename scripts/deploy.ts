/**
 * `npm run deploy`: builds the function bundles, then deploys every
 * function in cloudbaserc.json with the CloudBase CLI, creating or
 * updating each function's timer trigger. docs/deploy.md covers the steps
 * before the first deploy (environment, collections, rules, indexes).
 *
 * Environment: TCB_ENV_ID (required) names the CloudBase environment. The
 * CLI must be logged in (`tcb login`, or `tcb login --apiKeyId ... --apiKey
 * ...` in CI). Options: `--dry-run` prints the commands without running
 * them; `--only <name>` deploys one function.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const ROOT = resolve(__dirname, "..");

/**
 * The CLI runs through npx, so installing the project does not download
 * it (about 34 MB in one package, @cloudbase/cli 2.12.10). The major
 * version is pinned because the flags below are those of CLI 2.
 */
export const CLI_PACKAGE = "@cloudbase/cli@2";

export interface DeployPlan {
  build: string[];
  deploy: string[];
}

/** Returns the commands that deploy to `envId`, one function or all. */
export function deployPlan(envId: string, only?: string): DeployPlan {
  return {
    build: ["npm", "run", "build:functions", ...(only ? ["--", "--only", only] : [])],
    deploy: [
      "npx",
      "--yes",
      "--package",
      CLI_PACKAGE,
      "tcb",
      "fn",
      "deploy",
      ...(only ? [only] : ["--all"]),
      // --force updates a function that exists, --yes skips the CLI's prompts.
      "--force",
      "--yes",
      "-e",
      envId,
    ],
  };
}

function argumentValue(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function runCommand(command: readonly string[]): void {
  const [program, ...args] = command;
  const result = spawnSync(program, args, { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) {
    throw new Error(`${command.join(" ")} failed with exit code ${String(result.status)}`);
  }
}

function main(): void {
  const envId = process.env.TCB_ENV_ID ?? "";
  if (!/^[A-Za-z0-9-]+$/.test(envId)) {
    throw new Error(
      "TCB_ENV_ID is missing or invalid; set it to the CloudBase environment id, e.g. TCB_ENV_ID=orderdesk-1a2b3c",
    );
  }
  const plan = deployPlan(envId, argumentValue("--only"));
  if (process.argv.includes("--dry-run")) {
    process.stdout.write(`${plan.build.join(" ")}\n${plan.deploy.join(" ")}\n`);
    return;
  }
  runCommand(plan.build);
  runCommand(plan.deploy);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
