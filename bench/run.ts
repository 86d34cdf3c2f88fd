/**
 * `npm run bench`: runs every benchmark in turn on 127.0.0.1 and writes
 * docs/benchmarks.md. A missed target is reported rather than raised, so
 * the command exits 1 only when a benchmark could not run.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";

import { benchColdStart } from "./cold-start";
import { REPO_ROOT } from "./commands";
import { benchContention } from "./contention";
import { benchMiniprogramSize } from "./miniprogram-size";
import { benchPlacementHttp } from "./placement-http";
import { benchPlacementInProcess } from "./placement-inprocess";
import { benchReports } from "./reports";
import { writeReport, type BenchmarkSection, type RunInfo } from "./report";

const REPORT_FILE = join(REPO_ROOT, "docs/benchmarks.md");

interface Benchmark {
  title: string;
  run: () => Promise<BenchmarkSection>;
}

const BENCHMARKS: Benchmark[] = [
  { title: "1. Placement in-process", run: benchPlacementInProcess },
  { title: "2. Placement over HTTP", run: benchPlacementHttp },
  { title: "3. Contention on hot SKUs", run: benchContention },
  { title: "4. Mini-program package size", run: benchMiniprogramSize },
  { title: "5. Cloud function cold start", run: benchColdStart },
  { title: "6. Dashboard and reports at 10k and 1M order lines", run: benchReports },
];

function packageVersion(name: string): string {
  const file = join(REPO_ROOT, "node_modules", name, "package.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string })
    .version;
}

function commandOutput(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: "utf8" });
  return result.status === 0
    ? result.stdout.trim()
    : `unavailable (${command} exited with ${result.status})`;
}

function sqliteVersion(): string {
  const db = new Database(":memory:");
  try {
    return (
      db.prepare("SELECT sqlite_version() AS version").get() as {
        version: string;
      }
    ).version;
  } finally {
    db.close();
  }
}

function describeMachine(loadAtStart: number[]): string[] {
  const cores = cpus();
  const dirty = commandOutput("git", ["status", "--porcelain"]) !== "";
  return [
    `CPU: ${cores[0]?.model ?? "unknown"}, ${cores.length} cores`,
    `Memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `OS: ${type()} ${release()}`,
    `Load average (1, 5, 15 min) at start: ${loadAtStart.map((value) => value.toFixed(2)).join(", ")}; ` +
      `at end: ${loadavg()
        .map((value) => value.toFixed(2))
        .join(", ")}`,
    `Code: commit ${commandOutput("git", ["rev-parse", "--short", "HEAD"])}` +
      (dirty ? " with uncommitted changes in the working tree" : ""),
  ];
}

function describeVersions(): string[] {
  return [
    `Node ${process.version}, npm ${commandOutput("npm", ["--version"])}`,
    `better-sqlite3 ${packageVersion("better-sqlite3")} (SQLite ${sqliteVersion()})`,
    `autocannon ${packageVersion("autocannon")}`,
    `@tarojs/cli ${packageVersion("@tarojs/cli")}, webpack ${packageVersion("webpack")}`,
    `esbuild ${packageVersion("esbuild")}, @cloudbase/node-sdk ${packageVersion("@cloudbase/node-sdk")}`,
    `tsx ${packageVersion("tsx")}`,
  ];
}

function failedSection(title: string, error: unknown): BenchmarkSection {
  const message = error instanceof Error ? error.message : String(error);
  return {
    title,
    method: [],
    rows: [
      {
        metric: "Run",
        target: "—",
        measured: "did not complete",
        status: "failed",
        gap: message,
      },
    ],
  };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const sections: BenchmarkSection[] = [];
  let failures = 0;
  for (const benchmark of BENCHMARKS) {
    process.stderr.write(`bench: ${benchmark.title} ...\n`);
    const started = performance.now();
    try {
      sections.push(await benchmark.run());
    } catch (error) {
      failures += 1;
      process.stderr.write(
        `bench: ${benchmark.title} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      sections.push(failedSection(benchmark.title, error));
    }
    process.stderr.write(
      `bench: ${benchmark.title} took ${Math.round((performance.now() - started) / 1000)} s\n`,
    );
  }

  const info: RunInfo = {
    command: "npm run bench",
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    machine: describeMachine(loadAtStart),
    versions: describeVersions(),
  };
  writeReport(REPORT_FILE, info, sections);
  process.stderr.write(`bench: wrote ${REPORT_FILE}\n`);
  if (failures > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
