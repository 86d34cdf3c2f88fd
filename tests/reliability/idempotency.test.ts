/**
 * Idempotent placement under duplicate submissions. Each request id is
 * sent several times: in concurrent bursts, as sequential retries, split
 * across two server processes that share one SQLite file, after the order
 * was cancelled, and once with a different cart. Every copy must return
 * the same order (the different cart gets IDEMPOTENCY_CONFLICT), the store
 * must hold one order per request id, and stock must be reserved once.
 */
import { dirname } from "node:path";

import { bottleSku } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/local-server";
import { startChildServer, type ChildServer } from "./support/child-server";
import { callAt, envelopeProblems, outcomeOf } from "./support/envelope";
import { stockViolations } from "./support/invariants";
import { Random, SEED, SIZE, bySize } from "./support/size";

const SUBMISSIONS = bySize(200, 1000);
const GROUPS_AT_ONCE = 4;
const SKU = "RELY-IDEM-1";
/** Stock for one 箱 per request id and no more, so a second reservation fails loudly. */
const CASES_PER_ID = 1;

type Pattern = "burst" | "retries" | "two-processes" | "after-cancel" | "conflict";
const PATTERNS: Pattern[] = ["burst", "retries", "two-processes", "after-cancel", "conflict"];

interface Copy {
  outcome: string;
  status: number;
  orderId?: string;
  orderNo?: string;
  totalFen?: number;
  problems: string[];
  conflicting: boolean;
}

let server: TestServer;
let sibling: ChildServer | undefined;
let customer: string;
let clerk: string;

beforeAll(async () => {
  server = await startTestServer();
  customer = await server.login("U-CUST-SH");
  clerk = await server.login("U-CLERK-ZHANG");
  sibling = await startChildServer(dirname(server.app.store.db.name));
}, 30_000);

afterAll(async () => {
  await sibling?.stop();
  await server.stop();
});

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

describe("orders.place with a repeated request id", () => {
  it(
    `places one order per request id across ${SUBMISSIONS} submissions`,
    async () => {
      const random = new Random(SEED);
      const plans: { requestId: string; pattern: Pattern; copies: number }[] = [];
      for (let total = 0; total < SUBMISSIONS; ) {
        const copies = Math.min(random.int(2, 20), Math.max(2, SUBMISSIONS - total));
        plans.push({ requestId: `req-idem-${SEED}-${plans.length + 1}`, pattern: random.pick(PATTERNS), copies });
        total += copies;
      }
      await server.app.store.saveSku(bottleSku(SKU));
      await server.ok("catalog", { action: "receiveStock", skuId: SKU, unit: "箱", quantity: plans.length * CASES_PER_ID }, await server.login("U-WH-ZHAO"));

      const body = (requestId: string, quantity = CASES_PER_ID) => ({
        action: "place",
        requestId,
        lines: [{ skuId: SKU, unit: "箱", quantity }],
        remark: "重复提交测试",
      });
      const send = async (requestId: string, via: string, conflicting = false): Promise<Copy> => {
        const reply = await callAt(via, "orders", body(requestId, conflicting ? CASES_PER_ID + 1 : CASES_PER_ID), customer);
        const data = reply.body.ok ? (reply.body.data as { orderId: string; orderNo: string; totalFen: number }) : undefined;
        return {
          outcome: outcomeOf(reply.body),
          status: reply.status,
          orderId: data?.orderId,
          orderNo: data?.orderNo,
          totalFen: data?.totalFen,
          problems: envelopeProblems({ status: reply.status, body: reply.body, text: "" }),
          conflicting,
        };
      };
      const urls = [server.baseUrl, (sibling as ChildServer).baseUrl];

      async function runPlan(plan: (typeof plans)[number]): Promise<Copy[]> {
        const copies: Copy[] = [];
        switch (plan.pattern) {
          case "burst":
            return Promise.all(Array.from({ length: plan.copies }, () => send(plan.requestId, server.baseUrl)));
          case "two-processes":
            return Promise.all(Array.from({ length: plan.copies }, (_, i) => send(plan.requestId, urls[i % 2])));
          case "retries":
            for (let i = 0; i < plan.copies; i += 1) {
              copies.push(await send(plan.requestId, random.pick(urls)));
              await sleep(random.int(0, 5));
            }
            return copies;
          case "after-cancel": {
            const half = Math.ceil(plan.copies / 2);
            copies.push(...(await Promise.all(Array.from({ length: half }, () => send(plan.requestId, random.pick(urls))))));
            const orderId = copies.find((copy) => copy.orderId)?.orderId;
            if (orderId) await server.ok("orders", { action: "cancel", orderId, reason: "客户取消" }, customer);
            copies.push(...(await Promise.all(Array.from({ length: plan.copies - half }, () => send(plan.requestId, random.pick(urls))))));
            return copies;
          }
          case "conflict": {
            // The different cart goes last, after the reply to the first
            // copy, so which cart owns the id is not a race.
            const first = await send(plan.requestId, random.pick(urls));
            const rest = Array.from({ length: plan.copies - 2 }, () => send(plan.requestId, random.pick(urls)));
            const other = send(plan.requestId, random.pick(urls), true);
            return [first, ...(await Promise.all(rest)), await other];
          }
        }
      }

      const results = new Map<string, Copy[]>();
      for (let start = 0; start < plans.length; start += GROUPS_AT_ONCE) {
        const wave = plans.slice(start, start + GROUPS_AT_ONCE);
        const replies = await Promise.all(wave.map(runPlan));
        wave.forEach((plan, index) => results.set(plan.requestId, replies[index]));
      }

      const problems: string[] = [];
      const db = server.app.store.db;
      const findOrders = db.prepare("SELECT order_id, status FROM orders WHERE placed_by = 'U-CUST-SH' AND request_id = ?");
      const placedEvents = db.prepare("SELECT COUNT(*) AS n FROM audit_events WHERE entity_id = ? AND action = 'order.placed'");
      let submissions = 0;
      let expectedReserved = 0;
      for (const plan of plans) {
        const copies = results.get(plan.requestId) as Copy[];
        submissions += copies.length;
        const tag = `${plan.requestId} (${plan.pattern})`;
        for (const copy of copies) problems.push(...copy.problems.map((problem) => `${tag}: ${problem}`));
        const same = copies.filter((copy) => !copy.conflicting);
        const ids = new Set(same.map((copy) => copy.orderId));
        if (ids.size !== 1 || ids.has(undefined)) {
          problems.push(`${tag}: copies returned ${JSON.stringify(same.map((copy) => copy.orderId ?? copy.outcome))}`);
        }
        if (new Set(same.map((copy) => `${copy.orderNo}|${copy.totalFen}`)).size !== 1) {
          problems.push(`${tag}: copies differ in order number or total`);
        }
        for (const copy of copies.filter((candidate) => candidate.conflicting)) {
          if (copy.outcome !== "IDEMPOTENCY_CONFLICT") problems.push(`${tag}: the different cart got ${copy.outcome}`);
        }
        const rows = findOrders.all(plan.requestId) as { order_id: string; status: string }[];
        if (rows.length !== 1) {
          problems.push(`${tag}: the store has ${rows.length} orders for it`);
          continue;
        }
        const events = (placedEvents.get(rows[0].order_id) as { n: number }).n;
        if (events !== 1) problems.push(`${tag}: ${events} order.placed events`);
        if (rows[0].status !== "cancelled") expectedReserved += CASES_PER_ID * 24;
        if (plan.pattern === "after-cancel" && rows[0].status !== "cancelled") {
          problems.push(`${tag}: status ${rows[0].status} after the cancel`);
        }
      }
      const [stock] = await server.app.store.getStock([SKU]);
      if (stock.reserved !== expectedReserved) {
        problems.push(`${SKU} has ${stock.reserved} reserved, one order per request id needs ${expectedReserved}`);
      }
      problems.push(...stockViolations(db));
      if (problems.length > 0) problems.unshift(`seed ${SEED}, size ${SIZE}`);

      expect(problems).toEqual([]);
      expect(submissions).toBeGreaterThanOrEqual(SUBMISSIONS);
      if (process.env.RELIABILITY_REPORT) {
        process.stdout.write(`idempotency: ${submissions} submissions of ${plans.length} request ids, seed ${SEED}\n`);
      }
    },
    bySize(60_000, 600_000),
  );
});
