/**
 * Crash test. The real server runs as a child process on a data folder in
 * a temp directory. Several clients place, approve and cancel orders and
 * receive stock against it concurrently. The test kills the server with
 * SIGKILL at a random moment, restarts it on the same folder and checks
 * that nothing acknowledged was lost:
 * - every order that got an ok reply is present with the same lines and
 *   total, and a status that the acknowledged calls (plus calls whose
 *   reply was lost) explain;
 * - no order exists that no client asked for;
 * - stock received with an ok reply is on hand, and no reservation is
 *   orphaned (the store invariants hold);
 * - a placement whose reply was lost, retried with the same request id,
 *   returns the order the store already has, or places it once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import Database from "better-sqlite3";

import { startChildServer, type ChildServer } from "./support/child-server";
import { callAt, envelopeProblems, loginAt, outcomeOf, type Envelope } from "./support/envelope";
import { allViolations } from "./support/invariants";
import { Random, SEED, SIZE, bySize } from "./support/size";

const CRASHES = bySize(4, 20);
const CLIENTS = 6;
/** Load runs this long (ms, chosen at random in the range) before the kill. */
const LOAD_MS = bySize([100, 700], [50, 2500]);
/** Orders that the test reads back through the API after each restart. */
const API_SAMPLE = bySize(20, 100);

/** Demo SKUs with their units as [unit, base units per unit]. */
const SKUS: { skuId: string; units: [string, number][] }[] = [
  { skuId: "NFSQ-550", units: [["瓶", 1], ["提", 6], ["箱", 24]] },
  { skuId: "KKKL-330", units: [["罐", 1], ["箱", 24]] },
  { skuId: "JLY-DM-5", units: [["袋", 1]] },
  { skuId: "LB-XJJ-1120", units: [["瓶", 1], ["箱", 12]] },
];
const PLACERS = ["U-CUST-HZ", "U-CUST-SH", "U-CUST-GZ", "U-SALES-LI"];
const SALESPERSON_CUSTOMERS = ["C-HZ-001", "C-SH-002"];

interface AckedOrder {
  orderId: string;
  requestId: string;
  placedBy: string;
  lines: unknown;
  totalFen: number;
  /** Status in the last ok reply about this order. */
  status: string;
  /** Statuses that calls with a lost reply may have moved it to. */
  maybe: Set<string>;
}

interface LostPlace {
  userId: string;
  body: Record<string, unknown>;
}

/** What the clients know: acknowledged results and calls with a lost reply. */
class Ledger {
  readonly acked = new Map<string, AckedOrder>();
  readonly lostPlaces = new Map<string, LostPlace>();
  readonly receivedBase = new Map<string, number>();
  readonly maybeReceivedBase = new Map<string, number>();
  /** Problems seen in replies while the server was up. */
  readonly replyProblems: string[] = [];
  requests = 0;
  lostReplies = 0;

  ackPlace(userId: string, requestId: string, data: Record<string, unknown>): void {
    const orderId = String(data.orderId);
    if (!this.acked.has(orderId)) {
      this.acked.set(orderId, {
        orderId,
        requestId,
        placedBy: userId,
        lines: data.lines,
        totalFen: Number(data.totalFen),
        status: String(data.status),
        maybe: new Set(),
      });
    }
    this.lostPlaces.delete(`${userId}|${requestId}`);
  }
}

function addTo(map: Map<string, number>, key: string, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

interface Session {
  baseUrl: string;
  tokens: Map<string, string>;
  stopped: boolean;
}

async function send(
  session: Session,
  ledger: Ledger,
  fn: string,
  body: Record<string, unknown>,
  userId: string,
): Promise<Envelope | null | "refused"> {
  ledger.requests += 1;
  try {
    const reply = await callAt(session.baseUrl, fn, body, session.tokens.get(userId));
    for (const problem of envelopeProblems({ status: reply.status, body: reply.body, text: "" })) {
      ledger.replyProblems.push(`${problem}: ${JSON.stringify(body)}`);
    }
    return reply.body;
  } catch (error) {
    // A refused connection never reached the server; any other failure
    // may have happened after the call took effect.
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === "ECONNREFUSED") return "refused";
    ledger.lostReplies += 1;
    return null;
  }
}

let requestSerial = 0;

/** Sends random calls as one client until the session is stopped. */
async function runClient(session: Session, ledger: Ledger, random: Random): Promise<void> {
  while (!session.stopped) {
    const roll = random.next();
    const ackedIds = [...ledger.acked.keys()];
    if (roll < 0.6 || ackedIds.length === 0) {
      const userId = random.pick(PLACERS);
      const lines = Array.from({ length: random.int(1, 3) }, () => {
        const sku = random.pick(SKUS);
        const [unit] = random.pick(sku.units);
        return { skuId: sku.skuId, unit, quantity: random.int(1, 3) };
      });
      requestSerial += 1;
      const requestId = `req-crash-${SEED}-${requestSerial}`;
      const body: Record<string, unknown> = {
        action: "place",
        requestId,
        lines,
        ...(userId === "U-SALES-LI" ? { customerId: random.pick(SALESPERSON_CUSTOMERS) } : {}),
      };
      ledger.lostPlaces.set(`${userId}|${requestId}`, { userId, body });
      const reply = await send(session, ledger, "orders", body, userId);
      if (reply === null) continue;
      if (reply !== "refused" && reply.ok) ledger.ackPlace(userId, requestId, reply.data as Record<string, unknown>);
      else ledger.lostPlaces.delete(`${userId}|${requestId}`);
    } else if (roll < 0.9) {
      const order = ledger.acked.get(random.pick(ackedIds)) as AckedOrder;
      const action = roll < 0.75 ? "approve" : "cancel";
      const userId = random.pick(["U-CLERK-ZHANG", "U-MGR-LIU"]);
      const target = action === "approve" ? "approved" : "cancelled";
      const body = { action, orderId: order.orderId, ...(action === "cancel" ? { reason: "崩溃测试" } : {}) };
      const reply = await send(session, ledger, "orders", body, userId);
      if (reply === null) order.maybe.add(target);
      else if (reply !== "refused" && reply.ok) {
        order.status = String((reply.data as { status: string }).status);
        order.maybe.delete(order.status);
      }
    } else {
      const sku = random.pick(SKUS);
      const [unit, factor] = random.pick(sku.units);
      const quantity = random.int(1, 20);
      const userId = random.pick(["U-WH-ZHAO", "U-MGR-LIU"]);
      const reply = await send(session, ledger, "catalog", { action: "receiveStock", skuId: sku.skuId, unit, quantity }, userId);
      if (reply === null) addTo(ledger.maybeReceivedBase, sku.skuId, quantity * factor);
      else if (reply !== "refused" && reply.ok) addTo(ledger.receivedBase, sku.skuId, quantity * factor);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

async function signIn(baseUrl: string): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const userId of [...PLACERS, "U-CLERK-ZHANG", "U-MGR-LIU", "U-WH-ZHAO"]) {
    tokens.set(userId, await loginAt(baseUrl, userId));
  }
  return tokens;
}

function openStore(dataDir: string): Database.Database {
  return new Database(join(dataDir, "orderdesk.sqlite"), { fileMustExist: true });
}

/** Compares the store with the replies the clients received. */
function ledgerViolations(db: Database.Database, ledger: Ledger, openingOnHand: Map<string, number>): string[] {
  const violations: string[] = [];
  const integrity = db.pragma("integrity_check", { simple: true });
  if (integrity !== "ok") violations.push(`integrity_check: ${String(integrity)}`);
  violations.push(...allViolations(db));

  const rows = db.prepare("SELECT order_id, placed_by, request_id, status, data FROM orders").all() as {
    order_id: string;
    placed_by: string;
    request_id: string;
    status: string;
    data: string;
  }[];
  const byId = new Map(rows.map((row) => [row.order_id, row]));
  for (const order of ledger.acked.values()) {
    const row = byId.get(order.orderId);
    if (!row) {
      violations.push(`acknowledged order ${order.orderId} (${order.placedBy} ${order.requestId}) is missing`);
      continue;
    }
    const record = JSON.parse(row.data) as { lines: unknown; totalFen: number };
    if (JSON.stringify(record.lines) !== JSON.stringify(order.lines)) {
      violations.push(`order ${order.orderId} lines changed: ${JSON.stringify(record.lines)} vs ${JSON.stringify(order.lines)}`);
    }
    if (record.totalFen !== order.totalFen) {
      violations.push(`order ${order.orderId} total is ${record.totalFen}, acknowledged ${order.totalFen}`);
    }
    if (row.status !== order.status && !order.maybe.has(row.status)) {
      violations.push(`order ${order.orderId} is ${row.status}, acknowledged ${order.status} (maybe ${[...order.maybe].join(",")})`);
    }
  }
  const ackedIds = new Set(ledger.acked.keys());
  for (const row of rows) {
    if (ackedIds.has(row.order_id)) continue;
    if (!ledger.lostPlaces.has(`${row.placed_by}|${row.request_id}`)) {
      violations.push(`order ${row.order_id} (${row.placed_by} ${row.request_id}) was never requested`);
    }
  }

  const stock = db.prepare("SELECT sku_id, on_hand FROM stock").all() as { sku_id: string; on_hand: number }[];
  for (const row of stock) {
    const minOnHand = (openingOnHand.get(row.sku_id) ?? 0) + (ledger.receivedBase.get(row.sku_id) ?? 0);
    const maxOnHand = minOnHand + (ledger.maybeReceivedBase.get(row.sku_id) ?? 0);
    if (row.on_hand < minOnHand || row.on_hand > maxOnHand) {
      violations.push(`${row.sku_id} has ${row.on_hand} on hand, expected ${minOnHand}..${maxOnHand}`);
    }
  }
  return violations;
}

/** Takes the store's statuses as the new acknowledged ones once checked. */
function reconcileStatuses(db: Database.Database, ledger: Ledger): void {
  const status = db.prepare("SELECT status FROM orders WHERE order_id = ?");
  for (const order of ledger.acked.values()) {
    const row = status.get(order.orderId) as { status: string } | undefined;
    if (row) order.status = row.status;
    order.maybe.clear();
  }
}

/**
 * Retries each placement whose reply was lost, with the same request id.
 * The reply must be the order the store already holds for that id, if
 * it has one; the order then counts as acknowledged.
 */
async function retryLostPlaces(session: Session, db: Database.Database, ledger: Ledger): Promise<string[]> {
  const violations: string[] = [];
  const find = db.prepare("SELECT order_id FROM orders WHERE placed_by = ? AND request_id = ?");
  for (const lost of [...ledger.lostPlaces.values()]) {
    const requestId = String(lost.body.requestId);
    const existing = find.get(lost.userId, requestId) as { order_id: string } | undefined;
    const reply = await send(session, ledger, "orders", lost.body, lost.userId);
    if (reply === null || reply === "refused") {
      violations.push(`retry of ${lost.userId} ${requestId} got no reply from a running server`);
    } else if (reply.ok) {
      const data = reply.data as Record<string, unknown>;
      if (existing && data.orderId !== existing.order_id) {
        violations.push(`retry of ${requestId} returned ${String(data.orderId)}, the store has ${existing.order_id}`);
      }
      ledger.ackPlace(lost.userId, requestId, data);
    } else if (existing) {
      violations.push(`retry of ${requestId} failed with ${reply.error.code} although order ${existing.order_id} exists`);
    } else {
      ledger.lostPlaces.delete(`${lost.userId}|${requestId}`);
    }
  }
  const after = db.prepare("SELECT COUNT(*) AS n FROM orders GROUP BY placed_by, request_id HAVING n > 1").all();
  if (after.length > 0) violations.push(`${after.length} request ids have more than one order`);
  return violations;
}

/** Reads a sample of acknowledged orders back through the API. */
async function apiViolations(session: Session, ledger: Ledger, random: Random): Promise<string[]> {
  const violations: string[] = [];
  const orders = [...ledger.acked.values()];
  for (let i = 0; i < Math.min(API_SAMPLE, orders.length); i += 1) {
    const order = random.pick(orders);
    const reply = await send(session, ledger, "orders", { action: "get", orderId: order.orderId }, "U-MGR-LIU");
    const data = reply !== null && reply !== "refused" && reply.ok ? (reply.data as { lines: unknown; totalFen: number; status: string }) : undefined;
    if (!data) {
      violations.push(`orders.get ${order.orderId} failed: ${JSON.stringify(reply)}`);
    } else if (JSON.stringify(data.lines) !== JSON.stringify(order.lines) || data.totalFen !== order.totalFen) {
      violations.push(`orders.get ${order.orderId} differs from the acknowledged order`);
    }
  }
  return violations;
}

describe("server killed with SIGKILL under load", () => {
  let dataDir: string;
  let server: ChildServer | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "orderdesk-crash-"));
  });

  afterAll(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    `loses no acknowledged order across ${CRASHES} crashes`,
    async () => {
      const random = new Random(SEED);
      const ledger = new Ledger();
      server = await startChildServer(dataDir);
      let session: Session = { baseUrl: server.baseUrl, tokens: await signIn(server.baseUrl), stopped: false };

      // Plenty of stock, so most placements succeed and reserve.
      for (const sku of SKUS) {
        const [unit] = sku.units[sku.units.length - 1];
        const reply = await send(session, ledger, "catalog", { action: "receiveStock", skuId: sku.skuId, unit, quantity: 2000 }, "U-MGR-LIU");
        expect(outcomeOf(reply)).toBe("ok");
      }
      const opening = openStore(dataDir);
      const openingOnHand = new Map(
        (opening.prepare("SELECT sku_id, on_hand FROM stock").all() as { sku_id: string; on_hand: number }[]).map((row) => [row.sku_id, row.on_hand]),
      );
      opening.close();

      const violations: string[] = [];
      for (let crash = 1; crash <= CRASHES && violations.length === 0; crash += 1) {
        const clients = Array.from({ length: CLIENTS }, (_, index) => runClient(session, ledger, new Random(SEED + crash * 100 + index)));
        await sleep(random.int(LOAD_MS[0], LOAD_MS[1]));
        const killed = server.kill();
        session.stopped = true;
        await killed;
        await Promise.all(clients);

        server = await startChildServer(dataDir);
        session = { baseUrl: server.baseUrl, tokens: await signIn(server.baseUrl), stopped: false };
        const db = openStore(dataDir);
        try {
          violations.push(...ledgerViolations(db, ledger, openingOnHand));
          violations.push(...(await retryLostPlaces(session, db, ledger)));
          violations.push(...ledgerViolations(db, ledger, openingOnHand));
          reconcileStatuses(db, ledger);
        } finally {
          db.close();
        }
        violations.push(...(await apiViolations(session, ledger, random)));
        violations.push(...ledger.replyProblems);
        if (violations.length > 0) violations.unshift(`after crash ${crash}, seed ${SEED}, size ${SIZE}`);
      }

      await server.stop();
      server = undefined;
      expect(violations).toEqual([]);
      expect(ledger.acked.size).toBeGreaterThan(CRASHES * 5);
      if (process.env.RELIABILITY_REPORT) {
        process.stdout.write(
          `crash: ${CRASHES} SIGKILLs, ${ledger.requests} requests, ${ledger.lostReplies} replies lost, ` +
            `${ledger.acked.size} acknowledged orders checked, seed ${SEED}\n`,
        );
      }
    },
    bySize(60_000, 600_000),
  );
});
