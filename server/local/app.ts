import type { Server } from "node:http";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

import type { Logger } from "pino";

import type { Runtime } from "../core/runtime";
import { startTimers } from "./timers";
import { isEmpty, seedDemoData } from "../demo/seed";
import { SqliteFinanceStore } from "../store/sqlite/finance";
import { SqliteReportStore } from "../store/sqlite/reports";
import { SqliteStore } from "../store/sqlite/sqlite-store";
import { createLocalServer } from "./server";
import { loadSecretFile, TokenSigner } from "./tokens";

export interface LocalAppOptions {
  dataDir: string;
  staticDir: string;
  logger: Logger;
  now?: () => number;
  /** Run the outbox dispatcher and stuck-order alerts every this many ms; 0 turns timers off. */
  timerIntervalMs?: number;
}

export interface LocalApp {
  runtime: Runtime;
  store: SqliteStore;
  server: Server;
  tokens: TokenSigner;
  /** True when this start seeded the demo data. */
  isFirstStart: boolean;
  close(): Promise<void>;
}

/** Opens the SQLite store in `dataDir`, seeds it on first start, and builds the server. */
export async function createLocalApp(options: LocalAppOptions): Promise<LocalApp> {
  mkdirSync(options.dataDir, { recursive: true });
  const store = new SqliteStore(join(options.dataDir, "orderdesk.sqlite"));
  const runtime: Runtime = {
    store,
    now: options.now ?? Date.now,
    logger: options.logger,
    isLocal: true,
    reports: new SqliteReportStore(store.db),
    finance: new SqliteFinanceStore(store.db),
    shareSecret: loadSecretFile(options.dataDir, "share-secret"),
  };
  const isFirstStart = await isEmpty(store);
  if (isFirstStart) await seedDemoData(store, runtime.now());
  const tokens = TokenSigner.fromDataDir(options.dataDir);
  const timers = startTimers(runtime, options.timerIntervalMs ?? 0);
  const server = createLocalServer({
    runtime,
    tokens,
    staticDir: options.staticDir,
    // A call may have written outbox messages; send them to the inbox soon.
    afterCall: () => timers.dispatchSoon(),
  });

  return {
    runtime,
    store,
    server,
    tokens,
    isFirstStart,
    async close() {
      await timers.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
