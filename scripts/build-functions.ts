/**
 * `npm run build:functions`: bundles each cloudfunctions/<name>/index.ts
 * with esbuild into dist/cloudfunctions/<name>/index.js, beside a
 * package.json and the function's config.json, ready for `tcb fn deploy`.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { build } from "esbuild";

const ROOT = resolve(__dirname, "..");
const SOURCE = join(ROOT, "cloudfunctions");
const OUT = join(ROOT, "dist/cloudfunctions");

/** CloudBase's Node.js 16.13 runtime is the oldest one the bundles must load on. */
const TARGET = "node16";

async function buildFunction(name: string): Promise<{ name: string; bytes: number }> {
  const outDir = join(OUT, name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  await build({
    entryPoints: [join(SOURCE, name, "index.ts")],
    outfile: join(outDir, "index.js"),
    bundle: true,
    platform: "node",
    target: TARGET,
    format: "cjs",
    minify: true,
    sourcemap: false,
    legalComments: "linked",
    logLevel: "warning",
  });

  writeFileSync(
    join(outDir, "package.json"),
    `${JSON.stringify({ name, version: "1.0.0", private: true, main: "index.js", dependencies: {} }, null, 2)}\n`,
  );
  const config = join(SOURCE, name, "config.json");
  if (existsSync(config)) copyFileSync(config, join(outDir, "config.json"));
  return { name, bytes: statSync(join(outDir, "index.js")).size };
}

async function main(): Promise<void> {
  const names = readdirSync(SOURCE).filter((entry) =>
    existsSync(join(SOURCE, entry, "index.ts")),
  );
  for (const name of names) {
    const { bytes } = await buildFunction(name);
    process.stdout.write(`${name}: ${(bytes / 1024).toFixed(1)} KiB\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
