/**
 * `npm run seed:large -- --lines 1000000 [--seed 1] [--days 730]
 * [--end YYYY-MM-DD] [--customers 500]` writes a large synthetic order
 * history into the local store (DATA_DIR, default .data), seeding the demo
 * data first if the store is empty. Progress goes to stderr; the last
 * stdout line is a JSON summary. The same options write the same rows, but
 * `--end` defaults to today in China time, so pass it for a repeatable run.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

import { chinaDate } from "../shared/china-time";
import { isEmpty, seedDemoData } from "../server/demo/seed";
import {
  seedLargeHistory,
  type LargeHistoryOptions,
} from "../server/demo/large-history";
import { SqliteStore } from "../server/store/sqlite/sqlite-store";

const USAGE =
  "usage: npm run seed:large -- --lines N [--seed N] [--days N] [--end YYYY-MM-DD] [--customers N]";

function parseArgs(argv: string[]): Omit<LargeHistoryOptions, "onProgress"> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (
      !["--lines", "--seed", "--days", "--end", "--customers"].includes(flag) ||
      value === undefined
    ) {
      throw new Error(`invalid argument "${flag}"\n${USAGE}`);
    }
    values.set(flag, value);
  }
  const integer = (flag: string, fallback?: number): number => {
    const text = values.get(flag);
    if (text === undefined && fallback !== undefined) return fallback;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(
        `${flag} must be a positive integer, got "${text ?? ""}"\n${USAGE}`,
      );
    }
    return value;
  };
  const endDate = values.get("--end") ?? chinaDate(Date.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate))
    throw new Error(`--end must be YYYY-MM-DD, got "${endDate}"`);
  return {
    lines: integer("--lines"),
    seed: integer("--seed", 1),
    days: integer("--days", 730),
    endDate,
    customers: integer("--customers", 500),
  };
}

/** Draws a 30-column bar on stderr: in place on a terminal, every 10% otherwise. */
function progressBar(total: number): (done: number) => void {
  const started = Date.now();
  let lastTenth = -1;
  return (done) => {
    const ratio = Math.min(done / total, 1);
    const seconds = (Date.now() - started) / 1000;
    const filled = Math.round(ratio * 30);
    const text =
      `[${"#".repeat(filled)}${"-".repeat(30 - filled)}] ` +
      `${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${total} lines, ${seconds.toFixed(0)} s`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${text}${ratio === 1 ? "\n" : ""}`);
    } else if (Math.floor(ratio * 10) > lastTenth) {
      lastTenth = Math.floor(ratio * 10);
      process.stderr.write(`${text}\n`);
    }
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const dataDir = resolve(process.env.DATA_DIR ?? ".data");
  mkdirSync(dataDir, { recursive: true });
  const store = new SqliteStore(join(dataDir, "orderdesk.sqlite"));
  try {
    if (await isEmpty(store)) {
      process.stderr.write(`seeding demo data into ${dataDir}\n`);
      await seedDemoData(store, Date.now());
    }
    const started = Date.now();
    const summary = await seedLargeHistory(store, {
      ...options,
      onProgress: progressBar(options.lines),
    });
    process.stdout.write(
      `${JSON.stringify({ ...options, ...summary, seconds: (Date.now() - started) / 1000 })}\n`,
    );
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
