import { createHash } from "node:crypto";

import pino, { type Logger } from "pino";

/**
 * Creates the one JSON logger. LOG_LEVEL sets the level (default "info";
 * tests use "silent").
 */
export function createLogger(bindings: Record<string, string> = {}): Logger {
  return pino({
    level: process.env.LOG_LEVEL ?? "info",
    base: bindings,
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

/** Hashes an openid or user id so logs can correlate a user without naming them. */
export function hashUserId(id: string): string {
  return createHash("sha256").update(id).digest("hex").slice(0, 12);
}
