/**
 * A server process for the HTTP benchmarks, started by bench/servers.ts
 * over Node's IPC channel so the load generator and the server do not share
 * an event loop. The first argument is a JSON ServerConfig.
 *
 * Messages: the process sends {type: "ready", ...} once it listens on
 * 127.0.0.1, replies to {type: "audit"} with a stock audit (app servers
 * only), and exits after {type: "stop"}.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { createLogger } from "../server/core/logger";
import { createLocalApp, type LocalApp } from "../server/local/app";
import { openBareTransaction } from "./bare-transaction";
import {
  PLACEMENT_USER_ID,
  PLENTY_BASE_UNITS,
  addCashCustomers,
  addHotSkus,
  placementLines,
  receiveStock,
} from "./fixtures";
import {
  BARE_REPLY,
  type AuditMessage,
  type ReadyMessage,
  type ServerConfig,
  type SkuAudit,
} from "./servers";

function send(message: ReadyMessage | AuditMessage): void {
  if (!process.send)
    throw new Error("server-process.ts must be started with an IPC channel");
  process.send(message);
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}

/**
 * Node's own HTTP server: reads the whole body, runs `handle` on it, then
 * sends one fixed JSON reply.
 */
function createBareServer(handle: (body: string) => void): Server {
  const reply = Buffer.from(BARE_REPLY);
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      handle(Buffer.concat(chunks).toString("utf8"));
      res.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "content-length": reply.length,
        "cache-control": "no-store",
      });
      res.end(reply);
    });
  });
}

async function setUpApp(
  app: LocalApp,
  config: ServerConfig,
): Promise<Omit<ReadyMessage, "type" | "port">> {
  const now = app.runtime.now();
  if (config.kind === "placement") {
    const skuIds = placementLines().map((line) => line.skuId);
    await receiveStock(app.store, skuIds, PLENTY_BASE_UNITS, now);
    const stock = await app.store.getStock(skuIds);
    return {
      tokens: [app.tokens.sign(PLACEMENT_USER_ID)],
      stock: stock.map((row) => ({ skuId: row.skuId, onHand: row.onHand })),
    };
  }
  if (config.kind === "contention") {
    const skuIds = await addHotSkus(
      app.store,
      config.skuCount,
      config.stockEach,
      now,
    );
    const userIds = await addCashCustomers(app.store, config.customerCount);
    const stock = await app.store.getStock(skuIds);
    return {
      tokens: userIds.map((userId) => app.tokens.sign(userId)),
      stock: stock.map((row) => ({ skuId: row.skuId, onHand: row.onHand })),
    };
  }
  return { tokens: [], stock: [] };
}

function auditStock(app: LocalApp, skuIds: readonly string[]): AuditMessage {
  const db = app.store.db;
  const skuQuery = db.prepare(
    `SELECT s.on_hand AS onHand, s.reserved AS reserved,
       (SELECT COALESCE(SUM(r.base_quantity), 0) FROM reservations r
         WHERE r.sku_id = s.sku_id AND r.state = 'active') AS reservedByOrders,
       (SELECT COALESCE(SUM(l.base_quantity), 0) FROM order_lines l
         WHERE l.sku_id = s.sku_id) AS ordered
     FROM stock s WHERE s.sku_id = ?`,
  );
  const skus = skuIds.map((skuId) => {
    const row = skuQuery.get(skuId) as Omit<SkuAudit, "skuId">;
    return { skuId, ...row };
  });
  const { orders } = db
    .prepare("SELECT COUNT(*) AS orders FROM orders")
    .get() as { orders: number };
  return { type: "audit", orders, skus };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? "") as ServerConfig;

  const dataDir = mkdtempSync(join(tmpdir(), "orderdesk-bench-server-"));
  if (config.kind === "bare" || config.kind === "bare-sqlite") {
    const store =
      config.kind === "bare-sqlite"
        ? openBareTransaction(join(dataDir, "bare.sqlite"))
        : null;
    const server = createBareServer((body) => {
      JSON.parse(body);
      store?.placeOne();
    });
    const port = await listen(server);
    process.on("message", (message: { type: string }) => {
      if (message.type !== "stop") return;
      server.closeAllConnections();
      server.close(() => {
        store?.close();
        rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
    });
    send({ type: "ready", port, tokens: [], stock: [] });
    return;
  }

  const app = await createLocalApp({
    dataDir,
    staticDir: join(dataDir, "no-h5-build"),
    logger: createLogger({ service: "local-server" }),
  });
  const setup = await setUpApp(app, config);
  const port = await listen(app.server);
  process.on("message", (message: { type: string }) => {
    if (message.type === "audit") {
      send(
        auditStock(
          app,
          setup.stock.map((row) => row.skuId),
        ),
      );
    } else if (message.type === "stop") {
      app.server.closeAllConnections();
      app.close().then(
        () => {
          rmSync(dataDir, { recursive: true, force: true });
          process.exit(0);
        },
        (error: unknown) => {
          process.stderr.write(
            `failed to close the benchmark server: ${String(error)}\n`,
          );
          process.exit(1);
        },
      );
    }
  });
  send({ type: "ready", port, ...setup });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark server failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
