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
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, join, resolve } from "node:path";

import { build } from "esbuild";

import {
  BUNDLED_FONT_DIR,
  BUNDLED_FONT_MANIFEST,
  configuredFont,
  systemFont,
  type BundledFontManifest,
} from "../server/fulfilment/pdf-font";
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
  /** Size of the Chinese font copied beside a bundle that draws PDFs. */
  fontBytes?: number;
}

/**
 * Copies the Chinese font for PDFs into the bundle's folder, because a
 * CloudBase function has no system fonts. The font is PDF_FONT if set,
 * else the first installed Debian font (fonts-wqy-zenhei, 16 MiB, GPL-2
 * with the font embedding exception). Returns the font's size in bytes.
 */
function copyPdfFont(name: string, outDir: string): number {
  const font = configuredFont() ?? systemFont();
  if (!font || !existsSync(font.path)) {
    throw new Error(
      `${name} draws PDFs but no Chinese font was found to ship with it: ` +
        "install fonts-wqy-zenhei (apt-get install -y fonts-wqy-zenhei) or set PDF_FONT to a .ttf/.otf/.ttc file",
    );
  }
  const fontDir = join(outDir, BUNDLED_FONT_DIR);
  mkdirSync(fontDir, { recursive: true });
  const file = basename(font.path);
  copyFileSync(font.path, join(fontDir, file));
  const manifest: BundledFontManifest = { file, ...(font.family ? { family: font.family } : {}) };
  writeFileSync(join(fontDir, BUNDLED_FONT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return statSync(join(fontDir, file)).size;
}

/** Checks esbuild's list of inputs for pdfkit. */
function drawsPdfs(inputs: Record<string, unknown>): boolean {
  return Object.keys(inputs).some((input) => /(^|[\\/])node_modules[\\/]pdfkit[\\/]/.test(input));
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
    metafile: true,
    logLevel: "warning",
  });
  if (options.metafile) {
    writeFileSync(join(OUT, `${name}.meta.json`), JSON.stringify(result.metafile));
  }
  const fontBytes = drawsPdfs(result.metafile.inputs) ? copyPdfFont(name, outDir) : undefined;

  const dependencies = Object.fromEntries(
    EXTERNAL_PACKAGES.map((pkg) => [pkg, rootDependencyVersion(pkg)]),
  );
  writeFileSync(
    join(outDir, "package.json"),
    `${JSON.stringify({ name, version: "1.0.0", private: true, main: "index.js", dependencies }, null, 2)}\n`,
  );
  writeFileSync(join(outDir, "config.json"), `${JSON.stringify(config, null, 2)}\n`);
  const bytes = statSync(join(outDir, "index.js")).size;
  return fontBytes === undefined ? { name, bytes } : { name, bytes, fontBytes };
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
    const built = await buildFunction(name, { metafile: process.argv.includes("--metafile") });
    const font = built.fontBytes === undefined ? "" : ` + font ${(built.fontBytes / 1024).toFixed(1)} KiB`;
    process.stdout.write(`${name}: ${(built.bytes / 1024).toFixed(1)} KiB${font}\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
