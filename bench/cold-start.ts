import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";

import { REPO_ROOT, summariseFailure, runCommand } from "./commands";
import type { BenchmarkSection, ResultRow } from "./report";
import { describeSpread, formatBytes, formatMs, median } from "./stats";

const ROUNDS = 12;
const TARGET_RATIO = 3;
const BUILD_TIMEOUT_MS = 120_000;
const BUNDLE_DIR = join(REPO_ROOT, "dist/cloudfunctions");

/**
 * With TENCENTCLOUD=true, @cloudbase/node-sdk 3.18 (checkIsInTencentCloud
 * in dist/utils/cloudplatform.js) decides it runs in Tencent Cloud without
 * asking Tencent's metadata host, so no child sends a request off this machine.
 */
const CHILD_ENV = { ...process.env, TENCENTCLOUD: "true" };

function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}x`;
}

interface Sample {
  wallMs: number;
  /** Time spent in require(), measured inside the child (0 for the baseline). */
  requireMs: number;
  maxRssKb: number;
}

/** Builds the `node -e` script that requires the bundle, if any, and prints require time and peak RSS as JSON. */
function childScript(bundle: string | null): string {
  const load = bundle ? `require(${JSON.stringify(bundle)});` : "";
  return (
    "const started = performance.now();" +
    load +
    "const requireMs = performance.now() - started;" +
    "process.stdout.write(JSON.stringify({ requireMs, maxRssKb: process.resourceUsage().maxRSS }));"
  );
}

/** Spawns one Node process and times it from spawn to exit. */
function sample(script: string, label: string): Sample {
  const started = performance.now();
  const child = spawnSync(process.execPath, ["-e", script], {
    env: CHILD_ENV,
    encoding: "utf8",
    timeout: 30_000,
  });
  const wallMs = performance.now() - started;
  if (child.status !== 0) {
    throw new Error(
      `node -e for ${label} exited with ${child.status ?? child.signal}: ${summariseFailure(child.stderr, 3)}`,
    );
  }
  const measured = JSON.parse(child.stdout) as {
    requireMs: number;
    maxRssKb: number;
  };
  return { wallMs, ...measured };
}

/**
 * Rows for the fonts that build:functions copies beside bundles that draw
 * PDFs. A font is read on the first PDF, not when the function starts, so
 * it adds to the deployed package but not to the cold start above.
 */
function fontRows(names: readonly string[]): ResultRow[] {
  const rows: ResultRow[] = [];
  for (const name of names) {
    const fontDir = join(BUNDLE_DIR, name, "fonts");
    if (!existsSync(fontDir)) continue;
    const bytes = readdirSync(fontDir).reduce((sum, file) => sum + statSync(join(fontDir, file)).size, 0);
    rows.push({
      metric: `\`${name}\` font shipped beside the bundle`,
      target: "—",
      measured: formatBytes(bytes),
      status: "info",
    });
  }
  return rows;
}

/** Benchmark 5: process start with each bundled cloud function required, against `node -e ''`. */
export async function benchColdStart(): Promise<BenchmarkSection> {
  const build = await runCommand(
    "npm",
    ["run", "build:functions"],
    BUILD_TIMEOUT_MS,
  );
  if (build.exitCode !== 0) {
    throw new Error(
      `npm run build:functions exited with code ${build.exitCode}: ${summariseFailure(build.output, 3)}`,
    );
  }
  const names = readdirSync(BUNDLE_DIR)
    .filter((name) => existsSync(join(BUNDLE_DIR, name, "index.js")))
    .sort();
  if (names.length === 0)
    throw new Error(
      `npm run build:functions wrote no bundles to ${BUNDLE_DIR}`,
    );
  // Time copies outside the repository, so nothing resolves from its
  // node_modules (the bundles' package.json lists no dependencies, so
  // CloudBase installs none either) and a rebuild of dist/ by another
  // process cannot change the files mid-run.
  const copyDir = mkdtempSync(join(tmpdir(), "orderdesk-bench-functions-"));
  const bundles = names.map((name) => {
    const path = join(copyDir, name, "index.js");
    mkdirSync(dirname(path));
    copyFileSync(join(BUNDLE_DIR, name, "index.js"), path);
    return { name, path };
  });
  try {
    const section = measureBundles(bundles);
    section.rows.push(...fontRows(names));
    return section;
  } finally {
    rmSync(copyDir, { recursive: true, force: true });
  }
}

function measureBundles(
  bundles: { name: string; path: string }[],
): BenchmarkSection {
  const names = bundles.map((bundle) => bundle.name);

  // Check that each bundle loads at all before timing it.
  for (const bundle of bundles) sample(childScript(bundle.path), bundle.name);

  const baseline: Sample[] = [];
  const byName = new Map<string, Sample[]>(names.map((name) => [name, []]));
  const ratiosByName = new Map<string, number[]>(
    names.map((name) => [name, []]),
  );
  const candidates = [null, ...bundles];
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotate the start of each round so no candidate always runs first.
    const order = candidates.map(
      (_, i) => candidates[(i + round) % candidates.length],
    );
    const roundSamples = new Map<string | null, Sample>();
    for (const candidate of order) {
      const label = candidate ? candidate.name : "baseline";
      roundSamples.set(
        candidate ? candidate.name : null,
        sample(childScript(candidate ? candidate.path : null), label),
      );
    }
    const base = roundSamples.get(null) as Sample;
    baseline.push(base);
    for (const name of names) {
      const measured = roundSamples.get(name) as Sample;
      byName.get(name)?.push(measured);
      ratiosByName.get(name)?.push(measured.wallMs / base.wallMs);
    }
  }

  const baselineMs = median(baseline.map((s) => s.wallMs));
  const rows: ResultRow[] = [
    {
      metric: "`node -e ''`",
      target: "—",
      measured: formatMs(baselineMs),
      status: "info",
    },
  ];
  const sizes = new Map(
    bundles.map((bundle) => [bundle.name, statSync(bundle.path).size]),
  );
  const [smallest] = [...sizes].sort((a, b) => a[1] - b[1]);
  for (const bundle of bundles) {
    const samples = byName.get(bundle.name) ?? [];
    const requireMs = median(samples.map((s) => s.requireMs));
    const ratios = ratiosByName.get(bundle.name) ?? [];
    const ratio = median(ratios);
    const met = ratio <= TARGET_RATIO;
    rows.push({
      metric: `\`${bundle.name}\` process start / baseline`,
      target: `≤ ${TARGET_RATIO}x`,
      measured:
        `${formatRatio(ratio)} (${describeSpread(ratios, formatRatio)}; ${formatMs(median(samples.map((s) => s.wallMs)))}; ` +
        `require ${formatMs(requireMs)}, ` +
        `peak RSS ${Math.round(median(samples.map((s) => s.maxRssKb)) / 1024)} MB)`,
      status: met ? "met" : "missed",
      ...(met
        ? {}
        : {
            gap:
              `${(ratio - TARGET_RATIO).toFixed(2)}x over. require() takes ${formatMs(requireMs)} of it, and the ` +
              `bundle is ${formatBytes(sizes.get(bundle.name) ?? 0)} against ${formatBytes(smallest[1])} for ` +
              `\`${smallest[0]}\`. Loading less at require time (a smaller bundle, or a lazy require() of ` +
              "code that only some actions use) would close it.",
          }),
    });
  }
  for (const bundle of bundles) {
    rows.push({
      metric: `\`${bundle.name}\` bundle size`,
      target: "—",
      measured: formatBytes(sizes.get(bundle.name) ?? 0),
      status: "info",
    });
  }
  return {
    title: "5. Cloud function cold start",
    method: [
      "`npm run build:functions` bundles each function with esbuild into dist/cloudfunctions/<name>/index.js; " +
        "the run copies each index.js to a temp folder outside the repository and times the copies.",
      `Each sample is one child process, \`node -e "require('<bundle>')"\` or \`node -e ''\`, timed from spawn to exit ` +
        "with Node's performance.now(), with TENCENTCLOUD=true in its environment. The child also reports the time " +
        "spent inside require() and its peak RSS (process.resourceUsage().maxRSS).",
      `${ROUNDS} rounds; each round runs the baseline and every bundle once, rotating which goes first. ` +
        "The ratio is the median of the per-round ratios to that round's baseline.",
    ],
    rows,
    notes: [
      "Per round ratios: " +
        names
          .map(
            (name) =>
              `${name} ${(ratiosByName.get(name) ?? []).map((r) => r.toFixed(2)).join(", ")}`,
          )
          .join("; ") +
        ".",
    ],
  };
}
