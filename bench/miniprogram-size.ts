import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

import { REPO_ROOT, summariseFailure, runCommand } from "./commands";
import type { BenchmarkSection, ResultRow } from "./report";
import { formatBytes } from "./stats";

const BUILD_TIMEOUT_MS = 300_000;
/** WeChat's limit for the main package and for each subpackage: 2 MB, taken as 2 × 1024 × 1024 bytes. */
const PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;
const MAIN_TARGET_BYTES = 700 * 1024;
const OUTPUT_DIR = join(REPO_ROOT, "dist/weapp");

interface SubpackageEntry {
  root: string;
  name?: string;
}

function listFiles(dir: string): { path: string; bytes: number }[] {
  const files: { path: string; bytes: number }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (entry.isFile()) files.push({ path, bytes: statSync(path).size });
  }
  return files;
}

/** Reads subpackage roots from app.json, which WeChat accepts as `subPackages` or `subpackages`. */
function readSubpackageRoots(): string[] {
  const appJson = JSON.parse(
    readFileSync(join(OUTPUT_DIR, "app.json"), "utf8"),
  ) as {
    subPackages?: SubpackageEntry[];
    subpackages?: SubpackageEntry[];
  };
  const entries = appJson.subPackages ?? appJson.subpackages ?? [];
  return entries.map((entry) => entry.root.replace(/^\/+|\/+$/g, ""));
}

function skipped(reason: string): BenchmarkSection {
  return {
    title: "4. Mini-program package size",
    method: [
      "`npm run build:weapp`, then the bytes of every file under dist/weapp.",
    ],
    rows: [
      {
        metric: "Main package",
        target: "≤ 700 KB",
        measured: "not measured",
        status: "skipped",
        gap: reason,
      },
    ],
  };
}

function limitRow(
  metric: string,
  bytes: number,
  targetBytes: number,
  targetText: string,
): ResultRow {
  const met = bytes <= targetBytes;
  return {
    metric,
    target: targetText,
    measured: formatBytes(bytes),
    status: met ? "met" : "missed",
    ...(met ? {} : { gap: `${formatBytes(bytes - targetBytes)} over.` }),
  };
}

/** Benchmark 4: builds the weapp and measures the main package and each subpackage. */
export async function benchMiniprogramSize(): Promise<BenchmarkSection> {
  if (!existsSync(join(REPO_ROOT, "miniprogram/src/app.config.ts"))) {
    return skipped(
      "miniprogram/src/app.config.ts does not exist yet, so there is nothing to build.",
    );
  }
  const build = await runCommand(
    "npm",
    ["run", "build:weapp"],
    BUILD_TIMEOUT_MS,
  );
  if (build.exitCode !== 0 || !existsSync(join(OUTPUT_DIR, "app.json"))) {
    const failure = build.timedOut
      ? `timed out after ${BUILD_TIMEOUT_MS / 1000} s`
      : `exited with code ${build.exitCode}`;
    return skipped(
      `\`npm run build:weapp\` ${failure}: ${summariseFailure(build.output, 3)}`,
    );
  }

  const roots = readSubpackageRoots();
  const bytesByRoot = new Map(roots.map((root) => [root, 0]));
  let mainBytes = 0;
  const mainFiles: { path: string; bytes: number }[] = [];
  for (const file of listFiles(OUTPUT_DIR)) {
    const path = relative(OUTPUT_DIR, file.path).split(sep).join("/");
    const root = roots.find(
      (candidate) => path === candidate || path.startsWith(`${candidate}/`),
    );
    if (root === undefined) {
      mainBytes += file.bytes;
      mainFiles.push({ path, bytes: file.bytes });
    } else {
      bytesByRoot.set(root, (bytesByRoot.get(root) ?? 0) + file.bytes);
    }
  }
  const totalBytes =
    mainBytes +
    [...bytesByRoot.values()].reduce((sum, bytes) => sum + bytes, 0);

  const rows: ResultRow[] = [
    limitRow("Main package", mainBytes, MAIN_TARGET_BYTES, "≤ 700 KB"),
    limitRow(
      "Main package against WeChat's limit",
      mainBytes,
      PACKAGE_LIMIT_BYTES,
      "≤ 2 MB",
    ),
    ...roots.map((root) =>
      limitRow(
        `Subpackage \`${root}\``,
        bytesByRoot.get(root) ?? 0,
        PACKAGE_LIMIT_BYTES,
        "≤ 2 MB",
      ),
    ),
    {
      metric: "All packages",
      target: "—",
      measured: formatBytes(totalBytes),
      status: "info",
    },
  ];
  const largest = mainFiles.sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  return {
    title: "4. Mini-program package size",
    method: [
      `\`npm run build:weapp\` (${Math.round(build.durationMs / 1000)} s), then the bytes of every file under dist/weapp. ` +
        "The main package is everything outside the subpackage roots listed in dist/weapp/app.json " +
        `(${roots.length === 0 ? "none yet" : roots.map((root) => `\`${root}\``).join(", ")}).`,
      "1 KB = 1024 bytes and 2 MB = 2,097,152 bytes. Every file in the output counts, including " +
        "`*.LICENSE.txt` and project.config.json.",
    ],
    rows,
    notes: [
      `Largest files in the main package: ${largest.map((file) => `\`${file.path}\` ${formatBytes(file.bytes)}`).join(", ")}.`,
    ],
  };
}
