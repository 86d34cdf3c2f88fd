/**
 * Access matrix: every action × every demo user × each demo customer as
 * the target. The expected outcome of each cell comes from the table
 * below, written from the product rules:
 * - a customer acts only for their own customer, a salesperson only for
 *   assigned customers. Another customer's order reads as NOT_FOUND, and
 *   naming another customer is FORBIDDEN;
 * - clerk and manager review (approve, reject) and may cancel after
 *   approval, while customers and salespeople cancel only before review;
 * - warehouse and manager receive stock;
 * - finance and warehouse only read orders and the catalog.
 * Every allowed reply is also checked for leaks: prices are the target
 * customer's own (no customer ever sees another's negotiated price), and
 * lists hold only orders the caller may see. Missing or forged tokens get
 * UNAUTHENTICATED on every action.
 */
import { createHmac, randomBytes } from "node:crypto";

import { orderDraft } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/local-server";
import { USERS, customerById, expectedUnitPrice, type DemoUser, type Role } from "./support/demo-facts";
import { envelopeProblems, outcomeOf, postRaw } from "./support/envelope";

type Outcome = "ok" | "INVALID_INPUT" | "FORBIDDEN" | "NOT_FOUND" | "ORDER_STATE_CONFLICT" | "UNAUTHENTICATED";

/** Outcome for a target customer that is the caller's own (or assigned) and one that is not. */
interface Cell {
  own: Outcome;
  other: Outcome;
}

const ANY: Cell = { own: "ok", other: "ok" };
const MINE: Cell = { own: "ok", other: "FORBIDDEN" };
const HIDDEN: Cell = { own: "ok", other: "NOT_FOUND" };
const NEVER: Cell = { own: "FORBIDDEN", other: "FORBIDDEN" };

type ActionName =
  | "catalog.list"
  | "catalog.get"
  | "catalog.findByBarcode"
  | "catalog.receiveStock"
  | "orders.quote"
  | "orders.place"
  | "orders.get"
  | "orders.list"
  | "orders.approve"
  | "orders.reject"
  | "orders.cancel pending"
  | "orders.cancel approved";

/** The rules, one row per action; staff roles have no "other" customer. */
const MATRIX: Record<ActionName, Record<Role, Cell>> = {
  "catalog.list": { customer: MINE, salesperson: MINE, clerk: ANY, warehouse: ANY, finance: ANY, manager: ANY },
  "catalog.get": { customer: MINE, salesperson: MINE, clerk: ANY, warehouse: ANY, finance: ANY, manager: ANY },
  "catalog.findByBarcode": { customer: MINE, salesperson: MINE, clerk: ANY, warehouse: ANY, finance: ANY, manager: ANY },
  "catalog.receiveStock": { customer: NEVER, salesperson: NEVER, clerk: NEVER, warehouse: ANY, finance: NEVER, manager: ANY },
  "orders.quote": { customer: MINE, salesperson: MINE, clerk: ANY, warehouse: NEVER, finance: NEVER, manager: ANY },
  "orders.place": { customer: MINE, salesperson: MINE, clerk: ANY, warehouse: NEVER, finance: NEVER, manager: ANY },
  "orders.get": { customer: HIDDEN, salesperson: HIDDEN, clerk: ANY, warehouse: ANY, finance: ANY, manager: ANY },
  "orders.list": { customer: MINE, salesperson: MINE, clerk: ANY, warehouse: ANY, finance: ANY, manager: ANY },
  "orders.approve": { customer: NEVER, salesperson: NEVER, clerk: ANY, warehouse: NEVER, finance: NEVER, manager: ANY },
  "orders.reject": { customer: NEVER, salesperson: NEVER, clerk: ANY, warehouse: NEVER, finance: NEVER, manager: ANY },
  "orders.cancel pending": { customer: HIDDEN, salesperson: HIDDEN, clerk: ANY, warehouse: NEVER, finance: NEVER, manager: ANY },
  "orders.cancel approved": {
    customer: { own: "ORDER_STATE_CONFLICT", other: "NOT_FOUND" },
    salesperson: { own: "ORDER_STATE_CONFLICT", other: "NOT_FOUND" },
    clerk: ANY,
    warehouse: NEVER,
    finance: NEVER,
    manager: ANY,
  },
};

/** Which customers each salesperson serves, as the demo data assigns them. */
const ASSIGNED: Record<string, string[]> = {
  "U-SALES-LI": ["C-HZ-001", "C-SH-002", "C-BJ-005"],
  "U-SALES-ZHOU": ["C-GZ-003", "C-CD-004", "C-SY-006"],
};
const TARGETS = ["C-HZ-001", "C-SH-002", "C-GZ-003", "C-CD-004", "C-SY-006"];
/** C-CD-004 is blocked for overdue debt, so an allowed placement for it is refused for credit. */
const CREDIT_BLOCKED_CUSTOMER = "C-CD-004";

function isOwn(user: DemoUser, customerId: string): boolean {
  if (user.role === "customer") return user.customerId === customerId;
  if (user.role === "salesperson") return ASSIGNED[user.userId].includes(customerId);
  return true;
}

function expectedOutcome(action: ActionName, user: DemoUser, customerId: string): string {
  const cell = MATRIX[action][user.role];
  const outcome = isOwn(user, customerId) ? cell.own : cell.other;
  if (action === "orders.place" && outcome === "ok" && customerId === CREDIT_BLOCKED_CUSTOMER) return "CREDIT_BLOCKED";
  return outcome;
}

// ---------------------------------------------------------------------

let server: TestServer;
const tokens = new Map<string, string>();
let barcode = "";
let serial = 0;
/** One pending order per target customer, for reads. */
const readOrders = new Map<string, string>();

async function call(fn: string, body: Record<string, unknown>, token: string | undefined, headers: Record<string, string> = {}) {
  const reply = await postRaw(server.baseUrl, fn, JSON.stringify(body), token, headers);
  return { ...reply, outcome: outcomeOf(reply.body), problems: envelopeProblems(reply) };
}

/** Places a one-bottle order for a customer, through the API or (for the blocked customer) the store. */
async function newOrder(customerId: string, approved = false): Promise<string> {
  serial += 1;
  let orderId: string;
  if (customerId === CREDIT_BLOCKED_CUSTOMER) {
    const draft = orderDraft({ customerId, skuId: "NFSQ-550", baseQuantity: 1, createdAt: Date.now(), placedBy: "U-CLERK-ZHANG", requestId: `req-access-${serial}` });
    orderId = (await server.app.store.placeOrder(draft)).order.orderId;
  } else {
    const order = await server.ok<{ orderId: string }>(
      "orders",
      { action: "place", requestId: `req-access-${serial}`, customerId, lines: [{ skuId: "NFSQ-550", unit: "瓶", quantity: 1 }] },
      tokens.get("U-CLERK-ZHANG"),
    );
    orderId = order.orderId;
  }
  if (approved) await server.ok("orders", { action: "approve", orderId }, tokens.get("U-CLERK-ZHANG"));
  return orderId;
}

/** Builds the request for one cell of the matrix. */
async function requestFor(action: ActionName, customerId: string): Promise<{ fn: string; body: Record<string, unknown> }> {
  switch (action) {
    case "catalog.list":
      return { fn: "catalog", body: { action: "list", customerId, limit: 200 } };
    case "catalog.get":
      return { fn: "catalog", body: { action: "get", skuId: "NFSQ-550", customerId } };
    case "catalog.findByBarcode":
      return { fn: "catalog", body: { action: "findByBarcode", barcode, customerId } };
    case "catalog.receiveStock":
      return { fn: "catalog", body: { action: "receiveStock", skuId: "NFSQ-550", unit: "箱", quantity: 1 } };
    case "orders.quote":
      return { fn: "orders", body: { action: "quote", customerId, lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 1 }] } };
    case "orders.place":
      serial += 1;
      return { fn: "orders", body: { action: "place", requestId: `req-access-cell-${serial}`, customerId, lines: [{ skuId: "NFSQ-550", unit: "瓶", quantity: 1 }] } };
    case "orders.get":
      return { fn: "orders", body: { action: "get", orderId: readOrders.get(customerId) } };
    case "orders.list":
      return { fn: "orders", body: { action: "list", customerId, limit: 200 } };
    case "orders.approve":
      return { fn: "orders", body: { action: "approve", orderId: await newOrder(customerId) } };
    case "orders.reject":
      return { fn: "orders", body: { action: "reject", orderId: await newOrder(customerId), reason: "权限测试" } };
    case "orders.cancel pending":
      return { fn: "orders", body: { action: "cancel", orderId: await newOrder(customerId) } };
    case "orders.cancel approved":
      return { fn: "orders", body: { action: "cancel", orderId: await newOrder(customerId, true) } };
  }
}

interface SkuView {
  skuId: string;
  units: { unit: string; priceFen: number; listPriceFen: number }[];
}

/** Checks every price in catalog views against the customer's own prices (list prices when null). */
function priceLeaks(items: SkuView[], customerId: string | null, label: string): string[] {
  const leaks: string[] = [];
  for (const sku of items) {
    for (const unit of sku.units) {
      const expected = customerId ? expectedUnitPrice(customerId, sku.skuId, unit.unit, unit.listPriceFen) : unit.listPriceFen;
      if (unit.priceFen !== expected) {
        leaks.push(`${label}: ${sku.skuId} ${unit.unit} priced ${unit.priceFen}, ${customerId ?? "list"} price is ${expected}`);
      }
    }
  }
  return leaks;
}

/** Leaks in an allowed reply: prices of the wrong customer, orders of customers the caller may not see. */
function replyLeaks(action: ActionName, user: DemoUser, customerId: string, data: unknown): string[] {
  const label = `${user.userId} ${action} for ${customerId}`;
  switch (action) {
    case "catalog.list":
      return priceLeaks((data as { items: SkuView[] }).items, customerId, label);
    case "catalog.get":
      return priceLeaks([data as SkuView], customerId, label);
    case "catalog.findByBarcode":
      return priceLeaks([(data as { sku: SkuView }).sku], customerId, label);
    case "orders.quote": {
      const line = (data as { lines: { priceFen: number; listPriceFen: number }[] }).lines[0];
      const expected = expectedUnitPrice(customerId, "NFSQ-550", "箱", line.listPriceFen);
      return line.priceFen === expected ? [] : [`${label}: quoted ${line.priceFen}, expected ${expected}`];
    }
    case "orders.list": {
      const items = (data as { items: { customerId: string }[] }).items;
      return items.filter((item) => item.customerId !== customerId).map((item) => `${label}: lists an order of ${item.customerId}`);
    }
    case "orders.get":
      return (data as { customerId: string }).customerId === customerId ? [] : [`${label}: returned another customer's order`];
    default:
      return [];
  }
}

beforeAll(async () => {
  server = await startTestServer();
  for (const user of USERS) tokens.set(user.userId, await server.login(user.userId));
  const sku = await server.ok<{ units: { unit: string; barcode?: string }[] }>(
    "catalog",
    { action: "get", skuId: "NFSQ-550" },
    tokens.get("U-CLERK-ZHANG"),
  );
  barcode = sku.units.find((unit) => unit.unit === "箱")?.barcode ?? "";
  for (const customerId of TARGETS) readOrders.set(customerId, await newOrder(customerId));
});

afterAll(async () => {
  await server.stop();
});

describe("access matrix", () => {
  it.each(Object.keys(MATRIX) as ActionName[])("%s: allowed exactly per the rules, no leaks", async (action) => {
    const mismatches: string[] = [];
    for (const user of USERS) {
      for (const customerId of TARGETS) {
        const request = await requestFor(action, customerId);
        const reply = await call(request.fn, request.body, tokens.get(user.userId));
        const expected = expectedOutcome(action, user, customerId);
        const cell = `${user.userId} (${user.role}) ${action} for ${customerId}`;
        mismatches.push(...reply.problems.map((problem) => `${cell}: ${problem}`));
        if (reply.outcome !== expected) mismatches.push(`${cell}: expected ${expected}, got ${reply.outcome} ${reply.text.slice(0, 160)}`);
        if (reply.outcome === "ok") {
          mismatches.push(...replyLeaks(action, user, customerId, (reply.body as { data: unknown }).data));
        } else if (customerById(customerId) && reply.text.includes(customerNameOf(customerId))) {
          mismatches.push(`${cell}: the refusal names the customer`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

const CUSTOMER_NAMES: Record<string, string> = {
  "C-HZ-001": "杭州西湖惠民便利店",
  "C-SH-002": "上海浦东联华超市",
  "C-GZ-003": "广州天河永兴五金建材",
  "C-CD-004": "成都锦江宏达建材商行",
  "C-SY-006": "沈阳和平区佳佳乐超市",
};

function customerNameOf(customerId: string): string {
  return CUSTOMER_NAMES[customerId] ?? customerId;
}

describe("reads without a customer id", () => {
  it("prices the catalog for the caller's own customer, or at list price for staff", async () => {
    const leaks: string[] = [];
    for (const user of USERS) {
      const pricing = user.role === "customer" ? (user.customerId as string) : null;
      let cursor: string | null = null;
      do {
        const reply = await call("catalog", { action: "list", limit: 5, ...(cursor ? { cursor } : {}) }, tokens.get(user.userId));
        expect([user.userId, reply.outcome]).toEqual([user.userId, "ok"]);
        const page = (reply.body as { data: { items: SkuView[]; nextCursor: string | null } }).data;
        leaks.push(...priceLeaks(page.items, pricing, `${user.userId} catalog.list`));
        cursor = page.nextCursor;
      } while (cursor);
      const one = await call("catalog", { action: "get", skuId: "NFSQ-550" }, tokens.get(user.userId));
      leaks.push(...priceLeaks([(one.body as { data: SkuView }).data], pricing, `${user.userId} catalog.get`));
    }
    expect(leaks).toEqual([]);
  });

  it("shows C-HZ-001's negotiated 2800 fen 箱 price to C-HZ-001 only", async () => {
    const seen: Record<string, number> = {};
    for (const user of USERS) {
      const reply = await call("catalog", { action: "get", skuId: "NFSQ-550" }, tokens.get(user.userId));
      const units = (reply.body as { data: SkuView }).data.units;
      seen[user.userId] = units.find((unit) => unit.unit === "箱")?.priceFen ?? -1;
    }
    for (const customerId of TARGETS) {
      const reply = await call("catalog", { action: "get", skuId: "NFSQ-550", customerId }, tokens.get("U-MGR-LIU"));
      seen[`U-MGR-LIU for ${customerId}`] = (reply.body as { data: SkuView }).data.units.find((unit) => unit.unit === "箱")?.priceFen ?? -1;
    }

    const with2800 = Object.keys(seen).filter((key) => seen[key] === 2800);
    expect(with2800.sort()).toEqual(["U-CUST-HZ", "U-MGR-LIU for C-HZ-001"]);
  });

  it("lists only orders of customers the caller may see, and all of them", async () => {
    const problems: string[] = [];
    const all = server.app.store.db.prepare("SELECT order_id, customer_id FROM orders").all() as { order_id: string; customer_id: string }[];
    for (const user of USERS) {
      const visible = all.filter((order) => isOwn(user, order.customer_id)).map((order) => order.order_id).sort();
      const listed: string[] = [];
      let cursor: string | null = null;
      do {
        const reply = await call("orders", { action: "list", limit: 50, ...(cursor ? { cursor } : {}) }, tokens.get(user.userId));
        const page = (reply.body as { data: { items: { orderId: string; customerId: string }[]; nextCursor: string | null } }).data;
        for (const item of page.items) {
          if (!isOwn(user, item.customerId)) problems.push(`${user.userId} lists ${item.orderId} of ${item.customerId}`);
          listed.push(item.orderId);
        }
        cursor = page.nextCursor;
      } while (cursor);
      if (JSON.stringify(listed.sort()) !== JSON.stringify(visible)) {
        problems.push(`${user.userId} listed ${listed.length} orders, may see ${visible.length}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each([
    ["orders.quote", { action: "quote", lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 1 }] }],
    ["orders.place", { action: "place", lines: [{ skuId: "NFSQ-550", unit: "瓶", quantity: 1 }] }],
  ])("%s without customerId: own customer for customers, required for staff", async (_name, body) => {
    const outcomes: Record<string, string> = {};
    for (const user of USERS) {
      const request = body.action === "place" ? { ...body, requestId: `req-access-nocust-${user.userId}` } : body;
      outcomes[user.userId] = (await call("orders", request, tokens.get(user.userId))).outcome;
    }
    const expected: Record<string, string> = {};
    for (const user of USERS) {
      if (user.role === "customer") expected[user.userId] = user.customerId === CREDIT_BLOCKED_CUSTOMER && body.action === "place" ? "CREDIT_BLOCKED" : "ok";
      else if (user.role === "warehouse" || user.role === "finance") expected[user.userId] = "FORBIDDEN";
      else expected[user.userId] = "INVALID_INPUT";
    }
    expect(outcomes).toEqual(expected);
  });
});

describe("missing or forged tokens", () => {
  const REQUESTS: [string, Record<string, unknown>][] = [
    ["catalog", { action: "list" }],
    ["catalog", { action: "get", skuId: "NFSQ-550" }],
    ["catalog", { action: "findByBarcode", barcode: "000000" }],
    ["catalog", { action: "receiveStock", skuId: "NFSQ-550", unit: "箱", quantity: 1 }],
    ["orders", { action: "quote", lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 1 }] }],
    ["orders", { action: "place", requestId: "req-access-forged", lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 1 }] }],
    ["orders", { action: "get", orderId: "ord_x" }],
    ["orders", { action: "list" }],
    ["orders", { action: "approve", orderId: "ord_x" }],
    ["orders", { action: "reject", orderId: "ord_x", reason: "x" }],
    ["orders", { action: "cancel", orderId: "ord_x" }],
  ];

  function forgedHeaders(): [string, Record<string, string>][] {
    const valid = tokens.get("U-CUST-HZ") as string;
    const [, mac] = valid.split(".");
    const manager = Buffer.from("U-MGR-LIU").toString("base64url");
    const foreignMac = createHmac("sha256", randomBytes(32)).update("U-MGR-LIU").digest("base64url");
    const flipped = `${valid.slice(0, -1)}${valid.endsWith("A") ? "B" : "A"}`;
    return [
      ["no Authorization header", {}],
      ["an empty bearer token", { authorization: "Bearer " }],
      ["a garbage token", { authorization: "Bearer garbage" }],
      ["a bare user id", { authorization: "Bearer U-MGR-LIU" }],
      ["another user's signature", { authorization: `Bearer ${manager}.${mac}` }],
      ["a signature from another secret", { authorization: `Bearer ${manager}.${foreignMac}` }],
      ["a token with one character changed", { authorization: `Bearer ${flipped}` }],
      ["a token with a third segment", { authorization: `Bearer ${valid}.extra` }],
      ["a signed token for an unknown user", { authorization: `Bearer ${server.app.tokens.sign("U-GHOST")}` }],
      ["Basic credentials", { authorization: `Basic ${Buffer.from("U-MGR-LIU:x").toString("base64")}` }],
      ["the token in another header", { "x-token": valid }],
    ];
  }

  it("answers UNAUTHENTICATED on every action and changes nothing", async () => {
    const before = server.app.store.db.prepare("SELECT (SELECT COUNT(*) FROM orders) AS orders, (SELECT SUM(on_hand) FROM stock) AS onHand").get();
    const mismatches: string[] = [];
    for (const [label, headers] of forgedHeaders()) {
      for (const [fn, body] of REQUESTS) {
        const reply = await call(fn, body, undefined, headers);
        mismatches.push(...reply.problems.map((problem) => `${label} ${fn}.${String(body.action)}: ${problem}`));
        if (reply.status !== 401 || reply.outcome !== "UNAUTHENTICATED") {
          mismatches.push(`${label} ${fn}.${String(body.action)}: ${reply.status} ${reply.outcome}`);
        }
      }
    }
    const after = server.app.store.db.prepare("SELECT (SELECT COUNT(*) FROM orders) AS orders, (SELECT SUM(on_hand) FROM stock) AS onHand").get();

    expect(mismatches).toEqual([]);
    expect(after).toEqual(before);
  });
});
