/**
 * `npm run build:functions`: bundles each cloudfunctions/<name>/index.ts
 * with esbuild into dist/cloudfunctions/<name>/index.js, beside a
 * package.json and the function's config.json, ready for `tcb fn deploy`
 * and for WeChat DevTools (project.config.json's cloudfunctionRoot).
 *
 * Options: `--only <name>` builds one function; `--metafile` also writes
 * dist/cloudfunctions/<name>.meta.json for https://esbuild.github.io/analyze/.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";

import { build } from "esbuild";

import { stubModules } from "./bundle-stubs";
import { parseFunctionConfig } from "./function-config";

const ROOT = resolve(__dirname, "..");
const SOURCE = join(ROOT, "cloudfunctions");
const OUT = join(ROOT, "dist/cloudfunctions");

/** cloudbaserc.json deploys on CloudBase's Nodejs18.15 runtime. */
const TARGET = "node18";

/**
 * npm packages the bundles leave external, so CloudBase installs them from
 * each function's package.json. Only packages that cannot be bundled belong
 * here (native addons, files read at run time); today there are none.
 */
const EXTERNAL_PACKAGES: readonly string[] = [];

export interface BuiltFunction {
  name: string;
  bytes: number;
}

function rootDependencyVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  const version = manifest.dependencies?.[name];
  if (!version) throw new Error(`external package ${name} is not a dependency in package.json`);
  return version;
}

export async function buildFunction(
  name: string,
  options: { metafile?: boolean } = {},
): Promise<BuiltFunction> {
  const outDir = join(OUT, name);
  const config = parseFunctionConfig(name, readFileSync(join(SOURCE, name, "config.json"), "utf8"));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const result = await build({
    entryPoints: [join(SOURCE, name, "index.ts")],
    outfile: join(outDir, "index.js"),
    bundle: true,
    platform: "node",
    target: TARGET,
    format: "cjs",
    minify: true,
    sourcemap: false,
    legalComments: "linked",
    external: [...EXTERNAL_PACKAGES],
    plugins: [stubModules()],
    metafile: options.metafile === true,
    logLevel: "warning",
  });
  if (options.metafile && result.metafile) {
    writeFileSync(join(OUT, `${name}.meta.json`), JSON.stringify(result.metafile));
  }

  const dependencies = Object.fromEntries(
    EXTERNAL_PACKAGES.map((pkg) => [pkg, rootDependencyVersion(pkg)]),
  );
  writeFileSync(
    join(outDir, "package.json"),
    `${JSON.stringify({ name, version: "1.0.0", private: true, main: "index.js", dependencies }, null, 2)}\n`,
  );
  writeFileSync(join(outDir, "config.json"), `${JSON.stringify(config, null, 2)}\n`);
  return { name, bytes: statSync(join(outDir, "index.js")).size };
}

/** Names of the folders under cloudfunctions/ that have an index.ts. */
export function functionNames(): string[] {
  return readdirSync(SOURCE)
    .filter((entry) => existsSync(join(SOURCE, entry, "index.ts")))
    .sort();
}

function argumentValue(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const only = argumentValue("--only");
  const names = only ? [only] : functionNames();
  for (const name of names) {
    if (!existsSync(join(SOURCE, name, "index.ts"))) {
      throw new Error(`cloudfunctions/${name}/index.ts not found`);
    }
    const { bytes } = await buildFunction(name, { metafile: process.argv.includes("--metafile") });
    process.stdout.write(`${name}: ${(bytes / 1024).toFixed(1)} KiB\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
