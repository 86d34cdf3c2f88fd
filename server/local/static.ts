import { createReadStream, existsSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
};

/**
 * Serves a file of the H5 build, or index.html for unknown paths so the
 * single-page app handles its own routes. Returns false when there is no
 * build to serve.
 */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): boolean {
  const index = join(root, "index.html");
  if (!existsSync(index)) return false;

  const relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, "");
  let file = join(root, relative);
  if (!file.startsWith(root + sep) || !existsSync(file) || statSync(file).isDirectory()) {
    file = index;
  }
  res.writeHead(200, {
    "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
    "cache-control": file === index ? "no-cache" : "public, max-age=3600",
  });
  createReadStream(file).pipe(res);
  return true;
}
