import { randomUUID } from "node:crypto";

import type autocannon from "autocannon";

import { runLoad } from "./load";
import type { BenchmarkSection, ResultRow } from "./report";
import { startServerProcess, type SkuAudit } from "./servers";
import {
  formatCount,
  formatLatency,
  formatPercent,
  formatRate,
  seededRandom,
} from "./stats";

const SKU_COUNT = 20;
const STOCK_EACH = 200;
const CASE_FACTOR = 12;
const CLIENTS = 200;
const RUN_SECONDS = 8;
const SEED = 20261204;

interface ReplyTally {
  statusCounts: Map<number, number>;
  errorCodes: Map<string, number>;
  /** Base units per SKU on successful orders, each order counted once. */
  soldBySku: Map<string, number>;
  orderIds: Set<string>;
  /** Successful replies that repeated an order already seen. */
  repeatedOrders: number;
  unparsedReplies: number;
}

interface OrderLineReply {
  skuId: string;
  baseQuantity: number;
}

type Reply =
  | { ok: true; data: { orderId: string; lines: OrderLineReply[] } }
  | { ok: false; error: { code: string } };

function increment<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Builds random orders of 1-3 distinct hot SKUs, 1-5 件 or now and then 1 箱 per line, from a random customer. */
function contentionRequests(
  skuIds: readonly string[],
  tokens: readonly string[],
) {
  const random = seededRandom(SEED);
  const prefix = `hot-${randomUUID().slice(0, 8)}`;
  let serial = 0;
  return (request: autocannon.Request): autocannon.Request => {
    serial += 1;
    const lineCount = 1 + Math.floor(random() * 3);
    const chosen = new Set<string>();
    while (chosen.size < lineCount)
      chosen.add(skuIds[Math.floor(random() * skuIds.length)]);
    const lines = [...chosen].map((skuId) =>
      random() < 0.1
        ? { skuId, unit: "箱", quantity: 1 }
        : { skuId, unit: "件", quantity: 1 + Math.floor(random() * 5) },
    );
    const token = tokens[Math.floor(random() * tokens.length)];
    request.body = JSON.stringify({
      action: "place",
      requestId: `${prefix}-${serial}`,
      lines,
    });
    request.headers = { ...request.headers, authorization: `Bearer ${token}` };
    return request;
  };
}

function tallyReply(tally: ReplyTally, status: number, body: string): void {
  increment(tally.statusCounts, status);
  let reply: Reply;
  try {
    reply = JSON.parse(body) as Reply;
  } catch {
    tally.unparsedReplies += 1;
    return;
  }
  if (!reply.ok) {
    increment(tally.errorCodes, reply.error.code);
    return;
  }
  if (tally.orderIds.has(reply.data.orderId)) {
    tally.repeatedOrders += 1;
    return;
  }
  tally.orderIds.add(reply.data.orderId);
  for (const line of reply.data.lines)
    increment(tally.soldBySku, line.skuId, line.baseQuantity);
}

/** Units over the limit on one SKU, by each of the three checks. */
function oversold(audit: SkuAudit, initial: number, soldByReplies: number) {
  return {
    stockRow:
      Math.max(0, -audit.onHand) + Math.max(0, audit.reserved - audit.onHand),
    ordered: Math.max(0, audit.ordered - initial),
    replies: Math.max(0, soldByReplies - initial),
  };
}

function zeroRow(metric: string, value: number, detail: string): ResultRow {
  return {
    metric,
    target: "0",
    measured: formatCount(value),
    status: value === 0 ? "met" : "missed",
    ...(value === 0 ? {} : { gap: detail }),
  };
}

/** Benchmark 3: many clients race for little stock over HTTP, and no unit may be sold twice. */
export async function benchContention(): Promise<BenchmarkSection> {
  const server = await startServerProcess({
    kind: "contention",
    skuCount: SKU_COUNT,
    stockEach: STOCK_EACH,
    customerCount: CLIENTS,
  });
  try {
    const skuIds = server.ready.stock.map((row) => row.skuId);
    const initialBySku = new Map(
      server.ready.stock.map((row) => [row.skuId, row.onHand]),
    );
    const tally: ReplyTally = {
      statusCounts: new Map(),
      errorCodes: new Map(),
      soldBySku: new Map(),
      orderIds: new Set(),
      repeatedOrders: 0,
      unparsedReplies: 0,
    };
    const load = await runLoad({
      url: `${server.url}/fn/orders`,
      connections: CLIENTS,
      durationSeconds: RUN_SECONDS,
      setupRequest: contentionRequests(skuIds, server.ready.tokens),
      onResponse: (status, body) => tallyReply(tally, status, body),
    });
    const audit = await server.audit();

    let stockRowOversold = 0;
    let orderedOversold = 0;
    let repliesOversold = 0;
    let reservationDrift = 0;
    let initialTotal = 0;
    let orderedTotal = 0;
    for (const sku of audit.skus) {
      const initial = initialBySku.get(sku.skuId) ?? 0;
      const over = oversold(sku, initial, tally.soldBySku.get(sku.skuId) ?? 0);
      stockRowOversold += over.stockRow;
      orderedOversold += over.ordered;
      repliesOversold += over.replies;
      reservationDrift += Math.abs(sku.reserved - sku.reservedByOrders);
      initialTotal += initial;
      orderedTotal += sku.ordered;
    }

    const succeeded = tally.orderIds.size;
    const insufficient = tally.errorCodes.get("INSUFFICIENT_STOCK") ?? 0;
    const otherErrors = [...tally.errorCodes].filter(
      ([code]) => code !== "INSUFFICIENT_STOCK",
    );
    const otherErrorCount = otherErrors.reduce(
      (sum, [, count]) => sum + count,
      0,
    );
    return {
      title: "3. Contention on hot SKUs",
      method: [
        `${SKU_COUNT} SKUs with ${formatCount(STOCK_EACH)} 件 each on hand (1 箱 = ${CASE_FACTOR} 件), ` +
          `${CLIENTS} cash customers, on the real local server in its own Node process.`,
        `Load: autocannon ${CLIENTS} connections, pipelining 1, ${RUN_SECONDS} s. Each request is \`orders.place\` ` +
          "with 1-3 distinct hot SKUs, 1-5 件 per line or 1 箱 in 10% of lines, signed as a random one of the customers " +
          `(PRNG seed ${SEED}).`,
        "Oversold units are counted three ways after the run: from the stock rows (on-hand below 0 or reserved above " +
          "on-hand), from the order lines in the store against the opening stock, and from the successful replies " +
          "against the opening stock.",
      ],
      rows: [
        {
          metric: "Throughput",
          target: "—",
          measured: formatRate(load.requestsPerSecond),
          status: "info",
        },
        {
          metric: "Latency",
          target: "—",
          measured: `p50 ${formatLatency(load.p50Ms)}, p99 ${formatLatency(load.p99Ms)}`,
          status: "info",
        },
        {
          metric: "Orders placed (2xx)",
          target: "—",
          measured: `${formatCount(succeeded)} (${formatCount(audit.orders)} orders in the store)`,
          status: "info",
        },
        {
          metric: "INSUFFICIENT_STOCK rejections",
          target: "—",
          measured: formatCount(insufficient),
          status: "info",
        },
        {
          metric: "Units sold",
          target: "—",
          measured: `${formatCount(orderedTotal)} of ${formatCount(initialTotal)} (${formatPercent(orderedTotal / initialTotal)})`,
          status: "info",
        },
        zeroRow(
          "Oversold units, stock rows",
          stockRowOversold,
          "a stock row went negative or over-reserved",
        ),
        zeroRow(
          "Oversold units, order lines vs opening stock",
          orderedOversold,
          "the store accepted more than it had",
        ),
        zeroRow(
          "Oversold units, successful replies vs opening stock",
          repliesOversold,
          "clients were told more was sold than existed",
        ),
        zeroRow(
          "Reserved minus active reservations",
          reservationDrift,
          "stock.reserved disagrees with the reservations table",
        ),
        zeroRow(
          "Other errors",
          otherErrorCount + load.errors + tally.unparsedReplies,
          `codes ${JSON.stringify(Object.fromEntries(otherErrors))}, ${load.errors} connection errors ` +
            `(${load.timeouts} timeouts), ${tally.unparsedReplies} replies that were not JSON`,
        ),
      ],
      notes: [
        `Status counts: ${[...tally.statusCounts].map(([status, count]) => `${status}: ${count}`).join(", ")}; ` +
          `${tally.repeatedOrders} successful replies repeated an order already seen.`,
      ],
    };
  } finally {
    await server.stop();
  }
}
