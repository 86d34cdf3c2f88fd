import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A font file with Chinese glyphs, and the PostScript name of the face inside a .ttc collection. */
export interface FontChoice {
  path: string;
  family?: string;
}

/** Debian's fonts-wqy-zenhei and fonts-noto-cjk, tried in this order. */
export const SYSTEM_FONTS: readonly FontChoice[] = [
  {
    path: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    family: "WenQuanYiZenHei",
  },
  {
    path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    family: "NotoSansCJKsc-Regular",
  },
];

/**
 * Folder beside a function bundle that `npm run build:functions` fills
 * with the font file and a manifest, because a CloudBase function has no
 * system fonts.
 */
export const BUNDLED_FONT_DIR = "fonts";
export const BUNDLED_FONT_MANIFEST = "pdf-font.json";

/** The stored form of the manifest: the font's file name inside BUNDLED_FONT_DIR. */
export interface BundledFontManifest {
  file: string;
  family?: string;
}

/** Returns the font that PDF_FONT (and PDF_FONT_FAMILY for a collection) names, if set. */
export function configuredFont(
  env: NodeJS.ProcessEnv = process.env,
): FontChoice | undefined {
  const path = env.PDF_FONT;
  if (!path) return undefined;
  return {
    path,
    ...(env.PDF_FONT_FAMILY ? { family: env.PDF_FONT_FAMILY } : {}),
  };
}

/** Returns the font shipped in `bundleDir`, if the bundle carries one. */
export function bundledFont(bundleDir: string): FontChoice | undefined {
  const manifestPath = join(bundleDir, BUNDLED_FONT_DIR, BUNDLED_FONT_MANIFEST);
  if (!existsSync(manifestPath)) return undefined;
  const manifest = JSON.parse(
    readFileSync(manifestPath, "utf8"),
  ) as BundledFontManifest;
  return {
    path: join(bundleDir, BUNDLED_FONT_DIR, manifest.file),
    ...(manifest.family ? { family: manifest.family } : {}),
  };
}

/** Returns the first installed system font, if any. */
export function systemFont(): FontChoice | undefined {
  return SYSTEM_FONTS.find((candidate) => existsSync(candidate.path));
}
