import { spawn } from "node:child_process";
import { resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..");

export interface CommandResult {
  exitCode: number | null;
  /** stdout and stderr combined, in arrival order. */
  output: string;
  durationMs: number;
  timedOut: boolean;
}

/** Runs a command in the repository root, capturing its output, and kills it after `timeoutMs`. */
export function runCommand(
  command: string,
  args: readonly string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let timedOut = false;
    child.stdout.on(
      "data",
      (chunk: Buffer) => (output += chunk.toString("utf8")),
    );
    child.stderr.on(
      "data",
      (chunk: Buffer) => (output += chunk.toString("utf8")),
    );
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      done({
        exitCode,
        output,
        durationMs: performance.now() - started,
        timedOut,
      });
    });
  });
}

/**
 * Summarises a failed command's output for a report: the first line that
 * names an error (such as "Error: Cannot find module ..."), else the last
 * `count` non-empty lines.
 */
export function summariseFailure(output: string, count: number): string {
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const errorLine = lines.find((line) => /^(\w*Error|error)\b/.test(line));
  return errorLine ?? lines.slice(-count).join(" / ");
}
