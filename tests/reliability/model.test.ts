/**
 * Model-based concurrency test. fast-check generates sequences of
 * placements, credit-hold releases, approvals, rejections, cancels, picks,
 * shipments and stock receipts from random users. The test sends them in batches that run
 * concurrently (Promise.all) to two real server processes on one SQLite
 * file: the in-process test server and a child process. After every batch
 * it compares the replies and the store with a model of the product rules.
 *
 * Within a batch the server may run the calls in any order, so the model
 * accepts any order that explains the replies. The calls on one order
 * must match some permutation of them. A placement may fail for stock
 * only if the stock at the start of the batch, less what the batch's
 * successful placements took, could have been too little. Credit is
 * bounded the same way, because a monthly customer's open orders count
 * against their credit limit.
 *
 * Receipt (签收) is left out on purpose: it creates receivables, which
 * would change the credit facts the model predicts placements from.
 */
import { dirname } from "node:path";

import fc from "fast-check";

import type { SkuRecord } from "../../server/store/records";
import { bottleSku } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/local-server";
import { startChildServer, type ChildServer } from "./support/child-server";
import {
  CUSTOMERS,
  USERS,
  OPEN_STATUSES,
  customerById,
  expectedCredit,
  expectedUnitPrice,
  userById,
  type DemoUser,
} from "./support/demo-facts";
import { callAt, envelopeProblems, outcomeOf, type Envelope } from "./support/envelope";
import { RESERVING, auditTrailViolations, orderRecordViolations, stockViolations } from "./support/invariants";
import { SEED, SIZE, bySize } from "./support/size";

const RUNS = bySize(5, 40);
const OPS_PER_RUN = bySize(100, 250);
const MAX_BATCH = 8;
const NO_SUCH_CUSTOMER = "C-NONE-999";
const NO_SUCH_ORDER = "ord_does_not_exist";

// ---------------------------------------------------------------------
// Generated operations. Picks are indexes resolved when a batch runs, so
// they stay meaningful while fast-check varies the sequence.

interface LineChoice {
  /** Pick from the scarce SKUs, so placements compete for stock. */
  scarce: boolean;
  skuPick: number;
  unitPick: number;
  /** Steps above the unit's minimum quantity. */
  steps: number;
  /** Use a unit the SKU is not sold in. */
  wrongUnit: boolean;
  /** Break the unit's minimum/step rule where it has one. */
  offStep: boolean;
}

type ActorChoice = "staff" | "owner" | "anyone";
type OrderAction = "release" | "approve" | "reject" | "cancel" | "pick" | "ship";

interface OrderOperation {
  kind: OrderAction;
  actor: ActorChoice;
  actorPick: number;
  /** Prefer an order in a status the action applies to. */
  targeted: boolean;
  orderPick: number;
  missingOrder: boolean;
  /** pick: how much of each line; ship: whether to ship a short pick. */
  amounts: number[];
  partial: boolean;
}

type Operation =
  | { kind: "place"; actorPick: number; ownCustomer: boolean; customerPick: number; namesCustomer: boolean; lines: LineChoice[] }
  | OrderOperation
  | { kind: "receive"; actor: ActorChoice; actorPick: number; skuPick: number; unitPick: number; quantity: number; wrongUnit: boolean };

/** True with probability about 1/n. */
function oneIn(n: number): fc.Arbitrary<boolean> {
  return fc.integer({ min: 1, max: n }).map((value) => value === 1);
}

const lineArbitrary: fc.Arbitrary<LineChoice> = fc.record({
  scarce: fc.boolean(),
  skuPick: fc.nat(),
  unitPick: fc.nat(),
  steps: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 40 }) }),
  wrongUnit: oneIn(20),
  offStep: oneIn(10),
});

/** Who acts, with weights per action so most calls are allowed ones. */
function actorArbitrary(weights: Record<ActorChoice, number>): fc.Arbitrary<ActorChoice> {
  return fc.oneof(
    ...(Object.keys(weights) as ActorChoice[])
      .filter((choice) => weights[choice] > 0)
      .map((choice) => ({ weight: weights[choice], arbitrary: fc.constant(choice) })),
  );
}

const ACTOR_WEIGHTS: Record<OrderAction, Record<ActorChoice, number>> = {
  release: { staff: 5, owner: 1, anyone: 1 },
  approve: { staff: 5, owner: 1, anyone: 1 },
  reject: { staff: 5, owner: 1, anyone: 1 },
  cancel: { staff: 2, owner: 3, anyone: 1 },
  pick: { staff: 6, owner: 0, anyone: 1 },
  ship: { staff: 6, owner: 0, anyone: 1 },
};

function orderOperationArbitrary(kind: OrderAction): fc.Arbitrary<Operation> {
  return fc.record({
    kind: fc.constant(kind),
    actor: actorArbitrary(ACTOR_WEIGHTS[kind]),
    actorPick: fc.nat(),
    targeted: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
    orderPick: fc.nat(),
    missingOrder: oneIn(20),
    // Per line: 0-5 picks the whole remainder, 6-8 part of it, 9 one too many.
    amounts: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3, maxLength: 3 }),
    partial: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
  });
}

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant("place" as const),
      actorPick: fc.nat(),
      ownCustomer: fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
      customerPick: fc.nat(),
      namesCustomer: oneIn(4),
      lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: orderOperationArbitrary("release") },
  { weight: 3, arbitrary: orderOperationArbitrary("approve") },
  { weight: 1, arbitrary: orderOperationArbitrary("reject") },
  { weight: 2, arbitrary: orderOperationArbitrary("cancel") },
  { weight: 3, arbitrary: orderOperationArbitrary("pick") },
  { weight: 3, arbitrary: orderOperationArbitrary("ship") },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("receive" as const),
      actor: actorArbitrary({ staff: 4, owner: 0, anyone: 1 }),
      actorPick: fc.nat(),
      skuPick: fc.nat(),
      unitPick: fc.nat(),
      quantity: fc.integer({ min: 1, max: 20 }),
      wrongUnit: oneIn(10),
    }),
  },
);

const runArbitrary = fc.record({
  operations: fc.array(operationArbitrary, { minLength: OPS_PER_RUN, maxLength: OPS_PER_RUN }),
  batchSizes: fc.array(fc.integer({ min: 1, max: MAX_BATCH }), { minLength: OPS_PER_RUN, maxLength: OPS_PER_RUN }),
  /** Which of the two server processes each operation goes to. */
  routes: fc.array(fc.boolean(), { minLength: OPS_PER_RUN, maxLength: OPS_PER_RUN }),
});

// ---------------------------------------------------------------------
// The model

interface ModelLine {
  lineNo: number;
  skuId: string;
  factor: number;
  quantity: number;
}

/** The parts of an order's state that the rules look at. */
interface OrderState {
  status: string;
  /** The order carries CREDIT_HOLD and cannot be approved until released. */
  hold: boolean;
  /** Latest pick per line number, or null when there is none. */
  pick: Map<number, number> | null;
  /** Shipped quantity per line number, in the line's unit. */
  shipped: Map<number, number>;
}

interface ModelOrder {
  orderId: string;
  customerId: string;
  totalFen: number;
  lines: ModelLine[];
  state: OrderState;
}

interface ModelStock {
  onHand: number;
  reserved: number;
}

const PLACING_USERS = [
  "U-CUST-HZ", "U-CUST-SH", "U-CUST-GZ", "U-CUST-CD", "U-SALES-LI", "U-SALES-ZHOU", "U-CLERK-ZHANG", "U-MGR-LIU", "U-WH-ZHAO", "U-FIN-QIAN",
];
const TARGET_CUSTOMERS = [...CUSTOMERS.map((customer) => customer.customerId), NO_SUCH_CUSTOMER];
const PLACING_ROLES = ["customer", "salesperson", "clerk", "manager"];
const STAFF_FOR: Record<OrderAction, string[]> = {
  release: ["U-CLERK-ZHANG", "U-MGR-LIU"],
  approve: ["U-CLERK-ZHANG", "U-MGR-LIU"],
  reject: ["U-CLERK-ZHANG", "U-MGR-LIU"],
  cancel: ["U-CLERK-ZHANG", "U-MGR-LIU"],
  pick: ["U-WH-ZHAO", "U-MGR-LIU"],
  ship: ["U-WH-ZHAO", "U-MGR-LIU"],
};
/** Statuses a targeted operation prefers. */
const USEFUL_STATUSES: Record<OrderAction, string[]> = {
  release: ["pending_review"],
  approve: ["pending_review"],
  reject: ["pending_review"],
  cancel: ["pending_review", "approved", "picked"],
  pick: ["approved", "picked", "partially_shipped"],
  ship: ["picked"],
};

function isReserving(status: string): boolean {
  return (RESERVING as readonly string[]).includes(status);
}

/** Checks whether a user may see a customer's orders: their own, an assigned one, or any for staff. */
function canSee(user: DemoUser, customerId: string): boolean {
  if (user.role === "customer") return user.customerId === customerId;
  if (user.role === "salesperson") return customerById(customerId)?.salespersonId === user.userId;
  return true;
}

function remaining(order: ModelOrder, state: OrderState): Map<number, number> {
  return new Map(order.lines.map((line) => [line.lineNo, line.quantity - (state.shipped.get(line.lineNo) ?? 0)]));
}

/** Base units still reserved per SKU for an order in `state`. */
function reservedBySku(order: ModelOrder, state: OrderState): Map<string, number> {
  const bySku = new Map<string, number>();
  if (!isReserving(state.status)) return bySku;
  const left = remaining(order, state);
  for (const line of order.lines) addTo(bySku, line.skuId, (left.get(line.lineNo) ?? 0) * line.factor);
  return bySku;
}

function shippedBaseBySku(order: ModelOrder, state: OrderState): Map<string, number> {
  const bySku = new Map<string, number>();
  for (const line of order.lines) addTo(bySku, line.skuId, (state.shipped.get(line.lineNo) ?? 0) * line.factor);
  return bySku;
}

type Expected = { code: string } | { code: "ok"; next: OrderState };

/** Predicts the outcome of an order action from `state` by the product rules. */
function expectOrderAction(plan: PlannedOrderAction, order: ModelOrder | undefined, state: OrderState | undefined): Expected {
  const roles: Record<OrderAction, string[]> = {
    release: ["clerk", "manager"],
    approve: ["clerk", "manager"],
    reject: ["clerk", "manager"],
    cancel: ["customer", "salesperson", "clerk", "manager"],
    pick: ["warehouse", "manager"],
    ship: ["warehouse", "manager"],
  };
  const { user, kind } = plan;
  if (!roles[kind].includes(user.role)) return { code: "FORBIDDEN" };
  if (!order || !state || !canSee(user, order.customerId)) return { code: "NOT_FOUND" };
  const status = state.status;
  const conflict = { code: "ORDER_STATE_CONFLICT" };
  const to = (next: Partial<OrderState>): Expected => ({ code: "ok", next: { ...state, ...next } });

  switch (kind) {
    case "release":
      if (!state.hold) return to({});
      return status === "pending_review" ? to({ hold: false }) : conflict;
    case "approve":
      if (status !== "pending_review" || state.hold) return conflict;
      return to({ status: "approved" });
    case "reject":
      return status === "pending_review" ? to({ status: "rejected" }) : conflict;
    case "cancel":
      if (status === "cancelled" || status === "pending_review") return to({ status: "cancelled" });
      if ((status === "approved" || status === "picked") && (user.role === "clerk" || user.role === "manager")) {
        return to({ status: "cancelled" });
      }
      return conflict;
    case "pick": {
      if (!["approved", "picked", "partially_shipped"].includes(status)) return conflict;
      const left = remaining(order, state);
      const lines = plan.pickLines as { lineNo: number; quantity: number }[];
      if (lines.some((line) => line.quantity > (left.get(line.lineNo) ?? -1))) return { code: "INVALID_INPUT" };
      const pick = new Map<number, number>();
      for (const line of order.lines) {
        if ((left.get(line.lineNo) ?? 0) > 0) {
          pick.set(line.lineNo, lines.find((entry) => entry.lineNo === line.lineNo)?.quantity ?? 0);
        }
      }
      return to({ status: "picked", pick });
    }
    case "ship": {
      if (status !== "picked" || !state.pick) return conflict;
      const left = remaining(order, state);
      const pick = state.pick;
      const matches = [...pick].every(([lineNo, quantity]) => quantity === left.get(lineNo));
      if (!matches && !plan.partial) return { code: "PICK_MISMATCH" };
      if ([...pick.values()].every((quantity) => quantity === 0)) return { code: "PICK_MISMATCH" };
      const shipped = new Map(state.shipped);
      for (const [lineNo, quantity] of pick) shipped.set(lineNo, (shipped.get(lineNo) ?? 0) + quantity);
      const done = order.lines.every((line) => (shipped.get(line.lineNo) ?? 0) === line.quantity);
      return to({ status: done ? "shipped" : "partially_shipped", pick: null, shipped });
    }
  }
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

function addTo(map: Map<string, number>, key: string, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

// ---------------------------------------------------------------------
// The servers

let server: TestServer;
/** A second server process on the same SQLite file. */
let sibling: ChildServer | undefined;
const tokens = new Map<string, string>();
let skus: SkuRecord[] = [];
let scarceSkus: SkuRecord[] = [];
let requestSerial = 0;
let operationsRun = 0;
let batchesRun = 0;
const outcomeCounts = new Map<string, number>();

beforeAll(async () => {
  server = await startTestServer();
  for (const user of USERS) tokens.set(user.userId, await server.login(user.userId));
  // Two SKUs with little stock, so concurrent placements run out of it.
  await server.app.store.saveSku(bottleSku("RELY-SCARCE-1"));
  await server.app.store.saveSku(
    bottleSku("RELY-SCARCE-2", {
      baseUnit: "袋",
      units: [
        { unit: "袋", factor: 1, listPriceFen: 2450, minQuantity: 10, stepQuantity: 10 },
        { unit: "托", factor: 40, listPriceFen: 95000, minQuantity: 1, stepQuantity: 1 },
      ],
    }),
  );
  const warehouse = tokens.get("U-WH-ZHAO");
  await server.ok("catalog", { action: "receiveStock", skuId: "RELY-SCARCE-1", unit: "箱", quantity: 4 }, warehouse);
  await server.ok("catalog", { action: "receiveStock", skuId: "RELY-SCARCE-2", unit: "托", quantity: 3 }, warehouse);
  skus = (await server.app.store.listSkus({ limit: 100 })).sort((a, b) => a.skuId.localeCompare(b.skuId));
  scarceSkus = skus.filter((sku) => sku.skuId.startsWith("RELY-SCARCE-"));
  sibling = await startChildServer(dirname(server.app.store.db.name));
}, 30_000);

afterAll(async () => {
  await sibling?.stop();
  await server.stop();
});

function readStock(): Map<string, ModelStock> {
  const rows = server.app.store.db.prepare("SELECT sku_id, on_hand, reserved FROM stock").all() as {
    sku_id: string;
    on_hand: number;
    reserved: number;
  }[];
  return new Map(rows.map((row) => [row.sku_id, { onHand: row.on_hand, reserved: row.reserved }]));
}

/** Reads the order's state from the store. */
function readState(orderId: string): OrderState | undefined {
  const row = server.app.store.db.prepare("SELECT data FROM orders WHERE order_id = ?").get(orderId) as { data: string } | undefined;
  if (!row) return undefined;
  const record = JSON.parse(row.data) as {
    status: string;
    flags: { code: string }[];
    pick?: { lines: { lineNo: number; quantity: number }[] };
    shipments?: { lines: { lineNo: number; quantity: number }[] }[];
  };
  const shipped = new Map<number, number>();
  for (const shipment of record.shipments ?? []) {
    for (const line of shipment.lines) shipped.set(line.lineNo, (shipped.get(line.lineNo) ?? 0) + line.quantity);
  }
  return {
    status: record.status,
    hold: record.flags.some((flag) => flag.code === "CREDIT_HOLD"),
    pick: record.pick ? new Map(record.pick.lines.map((line) => [line.lineNo, line.quantity])) : null,
    shipped,
  };
}

function sameState(a: OrderState, b: OrderState): boolean {
  const entries = (map: Map<number, number> | null) => (map ? JSON.stringify([...map].filter(([, n]) => n !== 0).sort()) : "none");
  return a.status === b.status && a.hold === b.hold && entries(a.pick) === entries(b.pick) && entries(a.shipped) === entries(b.shipped);
}

function describeState(state: OrderState | undefined): string {
  if (!state) return "missing";
  return `${state.status}${state.hold ? " on hold" : ""} pick=${state.pick ? JSON.stringify([...state.pick]) : "none"} shipped=${JSON.stringify([...state.shipped])}`;
}

// ---------------------------------------------------------------------
// Planning calls from generated operations

interface PlannedPlace {
  kind: "place";
  user: DemoUser;
  body: Record<string, unknown>;
  /** The deterministic outcome, or "credit or stock" when it depends on concurrent calls. */
  expected: string;
  customerId?: string;
  totalFen: number;
  lines: (ModelLine & { unit: string; listPriceFen: number })[];
  need: Map<string, number>;
  reply?: { status: number; body: Envelope };
}

interface PlannedOrderAction {
  kind: OrderAction;
  user: DemoUser;
  body: Record<string, unknown>;
  order?: ModelOrder;
  pickLines?: { lineNo: number; quantity: number }[];
  partial: boolean;
  reply?: { status: number; body: Envelope };
}

interface PlannedReceive {
  kind: "receive";
  user: DemoUser;
  body: Record<string, unknown>;
  expected: string;
  skuId: string;
  base: number;
  reply?: { status: number; body: Envelope };
}

type Planned = PlannedPlace | PlannedOrderAction | PlannedReceive;

function describePlan(plan: Planned): string {
  const reply = plan.reply ? JSON.stringify(plan.reply.body).slice(0, 300) : "(not sent)";
  return `${plan.user.userId} ${JSON.stringify(plan.body)} -> ${reply}`;
}

function planPlace(operation: Extract<Operation, { kind: "place" }>): PlannedPlace {
  const user = userById(PLACING_USERS[operation.actorPick % PLACING_USERS.length]);
  // Mostly a customer the user may act for; otherwise any id, even unknown.
  const mine =
    user.role === "customer"
      ? [user.customerId as string]
      : CUSTOMERS.filter((customer) => canSee(user, customer.customerId)).map((customer) => customer.customerId);
  const pool = operation.ownCustomer && mine.length > 0 ? mine : TARGET_CUSTOMERS;
  const target = pool[operation.customerPick % pool.length];
  const namesCustomer = user.role !== "customer" || operation.namesCustomer;

  const need = new Map<string, number>();
  const lines: PlannedPlace["lines"] = [];
  let invalid = false;
  operation.lines.forEach((choice, index) => {
    const skuPool = choice.scarce ? scarceSkus : skus;
    const sku = skuPool[choice.skuPick % skuPool.length];
    const unit = sku.units[choice.unitPick % sku.units.length];
    let quantity = unit.minQuantity + unit.stepQuantity * choice.steps;
    if (choice.offStep && unit.stepQuantity > 1) {
      quantity += 1;
      invalid = true;
    }
    if (choice.wrongUnit) invalid = true;
    lines.push({
      lineNo: index + 1,
      skuId: sku.skuId,
      unit: choice.wrongUnit ? "吨" : unit.unit,
      quantity,
      factor: unit.factor,
      listPriceFen: unit.listPriceFen,
    });
    addTo(need, sku.skuId, quantity * unit.factor);
  });
  requestSerial += 1;
  const body: Record<string, unknown> = {
    action: "place",
    requestId: `req-model-${SEED}-${requestSerial}`,
    lines: lines.map(({ skuId, unit, quantity }) => ({ skuId, unit, quantity })),
    ...(namesCustomer ? { customerId: target } : {}),
  };

  let expected = "credit or stock";
  let customerId: string | undefined;
  let totalFen = 0;
  if (!PLACING_ROLES.includes(user.role)) {
    expected = "FORBIDDEN";
  } else if (user.role === "customer" && namesCustomer && target !== user.customerId) {
    expected = "FORBIDDEN";
  } else {
    customerId = user.role === "customer" ? (user.customerId as string) : target;
    if (!customerById(customerId)) expected = "NOT_FOUND";
    else if (!canSee(user, customerId)) expected = "FORBIDDEN";
    else if (invalid) expected = "INVALID_INPUT";
    else {
      for (const line of lines) {
        totalFen += expectedUnitPrice(customerId, line.skuId, line.unit, line.listPriceFen) * line.quantity;
      }
    }
  }
  return { kind: "place", user, body, expected, customerId, totalFen, lines, need };
}

/** Users who act for a customer: their customer login and their salesperson. */
function ownersOf(customerId: string): DemoUser[] {
  const customer = customerById(customerId);
  return USERS.filter(
    (user) => user.customerId === customerId || (customer !== undefined && user.userId === customer.salespersonId),
  );
}

function chooseActor(choice: ActorChoice, pick: number, owners: DemoUser[], staff: string[]): DemoUser {
  if (choice === "staff") return userById(staff[pick % staff.length]);
  if (choice === "owner" && owners.length > 0) return owners[pick % owners.length];
  return USERS[pick % USERS.length];
}

function planOrderAction(operation: OrderOperation, orders: ModelOrder[]): PlannedOrderAction {
  const useful = orders.filter((order) => USEFUL_STATUSES[operation.kind].includes(order.state.status));
  const pool = operation.targeted && useful.length > 0 ? useful : orders;
  const order = operation.missingOrder || pool.length === 0 ? undefined : pool[operation.orderPick % pool.length];
  const user = chooseActor(operation.actor, operation.actorPick, order ? ownersOf(order.customerId) : [], STAFF_FOR[operation.kind]);
  const orderId = order ? order.orderId : NO_SUCH_ORDER;

  const plan: PlannedOrderAction = { kind: operation.kind, user, body: {}, order, partial: operation.partial };
  switch (operation.kind) {
    case "release":
      plan.body = { action: "releaseHold", orderId, reason: "已电话确认付款计划" };
      break;
    case "approve":
      plan.body = { action: "approve", orderId };
      break;
    case "reject":
    case "cancel":
      plan.body = { action: operation.kind, orderId, reason: "模型测试" };
      break;
    case "pick": {
      const left = order ? remaining(order, order.state) : new Map([[1, 1]]);
      plan.pickLines = [...left].map(([lineNo, quantity], index) => {
        const amount = operation.amounts[index % operation.amounts.length];
        if (amount <= 5) return { lineNo, quantity };
        if (amount <= 8) return { lineNo, quantity: Math.floor((quantity * (amount - 5)) / 4) };
        return { lineNo, quantity: quantity + 1 };
      });
      plan.body = { action: "confirmPicked", orderId, lines: plan.pickLines };
      break;
    }
    case "ship":
      requestSerial += 1;
      plan.body = {
        action: "ship",
        orderId,
        requestId: `req-ship-${SEED}-${requestSerial}`,
        carrier: "SF",
        trackingNo: `SF${String(100000000000 + requestSerial)}`,
        ...(operation.partial ? { isPartial: true } : {}),
      };
      break;
  }
  return plan;
}

function planReceive(operation: Extract<Operation, { kind: "receive" }>): PlannedReceive {
  const user = chooseActor(operation.actor, operation.actorPick, [], ["U-WH-ZHAO", "U-MGR-LIU"]);
  const sku = skus[operation.skuPick % skus.length];
  const unit = sku.units[operation.unitPick % sku.units.length];
  const body = {
    action: "receiveStock",
    skuId: sku.skuId,
    unit: operation.wrongUnit ? "吨" : unit.unit,
    quantity: operation.quantity,
  };
  let expected = "ok";
  if (user.role !== "warehouse" && user.role !== "manager") expected = "FORBIDDEN";
  else if (operation.wrongUnit) expected = "INVALID_INPUT";
  return { kind: "receive", user, body, expected, skuId: sku.skuId, base: operation.quantity * unit.factor };
}

function functionOf(plan: Planned): string {
  if (plan.kind === "receive") return "catalog";
  if (plan.kind === "pick" || plan.kind === "ship") return "fulfilment";
  return "orders";
}

// ---------------------------------------------------------------------
// Checking a batch

/** Checks a successful placement's reply against the pricing and credit rules. */
function placedOrderProblems(plan: PlannedPlace, data: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const customerId = plan.customerId as string;
  const lines = data.lines as { skuId: string; unit: string; quantity: number; baseQuantity: number; priceFen: number; amountFen: number }[];
  let total = 0;
  plan.lines.forEach((line, index) => {
    const price = expectedUnitPrice(customerId, line.skuId, line.unit, line.listPriceFen);
    const want = { skuId: line.skuId, unit: line.unit, quantity: line.quantity, baseQuantity: line.quantity * line.factor, priceFen: price, amountFen: price * line.quantity };
    const got = lines[index];
    const actual = got && { skuId: got.skuId, unit: got.unit, quantity: got.quantity, baseQuantity: got.baseQuantity, priceFen: got.priceFen, amountFen: got.amountFen };
    total += want.amountFen;
    if (JSON.stringify(actual) !== JSON.stringify(want)) {
      problems.push(`line ${index + 1} is ${JSON.stringify(actual)}, expected ${JSON.stringify(want)}`);
    }
  });
  if (lines.length !== plan.lines.length) problems.push(`order has ${lines.length} lines, expected ${plan.lines.length}`);
  if (data.totalFen !== total) problems.push(`totalFen ${String(data.totalFen)}, expected ${total}`);
  if (data.customerId !== customerId) problems.push(`customerId ${String(data.customerId)}, expected ${customerId}`);
  if (data.status !== "pending_review") problems.push(`status ${String(data.status)}, expected pending_review`);
  // Clerks and managers both place through the back office.
  let channel = "clerk";
  if (plan.user.role === "customer" || plan.user.role === "salesperson") channel = plan.user.role;
  if (data.channel !== channel) problems.push(`channel ${String(data.channel)}, expected ${channel}`);
  return problems;
}

/**
 * Finds an order of the calls on one order that explains every reply and
 * the store's final state. Returns the final state, or undefined.
 */
function explain(order: ModelOrder, group: PlannedOrderAction[], actual: OrderState): OrderState | undefined {
  for (const sequence of permutations(group)) {
    let state = order.state;
    const fits = sequence.every((plan) => {
      const expected = expectOrderAction(plan, order, state);
      const body = plan.reply?.body;
      if (outcomeOf(body) !== expected.code) return false;
      if ("next" in expected) {
        if ((body as { data?: { status?: string } }).data?.status !== expected.next.status) return false;
        state = expected.next;
      }
      return true;
    });
    if (fits && sameState(state, actual)) return state;
  }
  return undefined;
}

interface RunModel {
  orders: ModelOrder[];
  /** Open order totals per customer at the start of the run. */
  openStart: Map<string, number>;
  /** Stock at the start of the run, and what this run received. */
  start: Map<string, ModelStock>;
  received: Map<string, number>;
}

/** Stock the model expects now: start + received − shipped, reserved by this run's orders on top of the start. */
function expectedStock(model: RunModel): Map<string, ModelStock> {
  const expected = new Map([...model.start].map(([skuId, row]) => [skuId, { ...row }]));
  for (const [skuId, base] of model.received) (expected.get(skuId) as ModelStock).onHand += base;
  for (const order of model.orders) {
    for (const [skuId, base] of shippedBaseBySku(order, order.state)) (expected.get(skuId) as ModelStock).onHand -= base;
    for (const [skuId, base] of reservedBySku(order, order.state)) (expected.get(skuId) as ModelStock).reserved += base;
  }
  return expected;
}

/** Totals of open orders per customer: the run's start plus this run's open orders. */
function openOrders(model: RunModel): Map<string, number> {
  const open = new Map(model.openStart);
  for (const order of model.orders) {
    if (OPEN_STATUSES.includes(order.state.status)) addTo(open, order.customerId, order.totalFen);
  }
  return open;
}

/** Reads the open order totals per customer from the store. */
function readOpenOrders(): Map<string, number> {
  const statuses = OPEN_STATUSES.map((status) => `'${status}'`).join(", ");
  const rows = server.app.store.db
    .prepare(`SELECT customer_id, SUM(total_fen) AS open_fen FROM orders WHERE status IN (${statuses}) GROUP BY customer_id`)
    .all() as { customer_id: string; open_fen: number }[];
  return new Map(rows.map((row) => [row.customer_id, row.open_fen]));
}

async function runBatch(batch: Operation[], routes: boolean[], model: RunModel): Promise<string[]> {
  const plans: Planned[] = batch.map((operation) => {
    if (operation.kind === "place") return planPlace(operation);
    if (operation.kind === "receive") return planReceive(operation);
    return planOrderAction(operation, model.orders);
  });
  const startStock = expectedStock(model);
  const openAtStart = openOrders(model);
  const replies = await Promise.all(
    plans.map((plan, index) =>
      callAt(routes[index] ? (sibling as ChildServer).baseUrl : server.baseUrl, functionOf(plan), plan.body, tokens.get(plan.user.userId)),
    ),
  );
  plans.forEach((plan, index) => {
    plan.reply = replies[index];
  });
  operationsRun += plans.length;
  batchesRun += 1;

  const violations: string[] = [];
  for (const plan of plans) {
    const reply = plan.reply as { status: number; body: Envelope };
    addTo(outcomeCounts, `${plan.kind} ${outcomeOf(reply.body)}`, 1);
    for (const problem of envelopeProblems({ status: reply.status, body: reply.body, text: "" })) {
      violations.push(`${problem}: ${describePlan(plan)}`);
    }
  }

  // Stock receipts are deterministic.
  const receivedNow = new Map<string, number>();
  for (const plan of plans) {
    if (plan.kind !== "receive") continue;
    const outcome = outcomeOf(plan.reply?.body);
    if (outcome !== plan.expected) violations.push(`receive expected ${plan.expected}: ${describePlan(plan)}`);
    if (outcome === "ok") addTo(receivedNow, plan.skuId, plan.base);
  }

  // Calls on one order must fit some serial order.
  const byOrder = new Map<string, PlannedOrderAction[]>();
  for (const plan of plans) {
    if (plan.kind === "place" || plan.kind === "receive") continue;
    if (!plan.order) {
      const expected = expectOrderAction(plan, undefined, undefined);
      if (outcomeOf(plan.reply?.body) !== expected.code) {
        violations.push(`${plan.kind} of a missing order expected ${expected.code}: ${describePlan(plan)}`);
      }
      continue;
    }
    const group = byOrder.get(plan.order.orderId) ?? [];
    group.push(plan);
    byOrder.set(plan.order.orderId, group);
  }
  const releasedNow = new Map<string, number>();
  const openClosedNow = new Map<string, number>();
  for (const [orderId, group] of byOrder) {
    const order = group[0].order as ModelOrder;
    const actual = readState(orderId);
    const next = actual && explain(order, group, actual);
    if (!next) {
      violations.push(
        `no serial order explains the calls on ${orderId} (was ${describeState(order.state)}, now ${describeState(actual)}): ${group.map(describePlan).join(" | ")}`,
      );
      continue;
    }
    if (isReserving(order.state.status) && (next.status === "cancelled" || next.status === "rejected")) {
      for (const [skuId, base] of reservedBySku(order, order.state)) addTo(releasedNow, skuId, base);
    }
    if (OPEN_STATUSES.includes(order.state.status) && !OPEN_STATUSES.includes(next.status)) {
      addTo(openClosedNow, order.customerId, order.totalFen);
    }
    order.state = next;
  }

  // Placements: deterministic refusals first. The rest depend on the
  // credit and stock left when the server ran them, which lie between
  // bounds set by the other calls of the batch.
  const placed = plans.filter((plan): plan is PlannedPlace => plan.kind === "place");
  const tookNow = new Map<string, number>();
  const openAddedNow = new Map<string, number>();
  for (const plan of placed) {
    const body = plan.reply?.body as Envelope;
    const outcome = outcomeOf(body);
    if (plan.expected !== "credit or stock") {
      if (outcome !== plan.expected) violations.push(`place expected ${plan.expected}: ${describePlan(plan)}`);
    } else if (body.ok) {
      for (const problem of placedOrderProblems(plan, body.data as Record<string, unknown>)) {
        violations.push(`${problem}: ${describePlan(plan)}`);
      }
      for (const [skuId, base] of plan.need) addTo(tookNow, skuId, base);
      addTo(openAddedNow, plan.customerId as string, plan.totalFen);
    } else if (outcome !== "INSUFFICIENT_STOCK" && outcome !== "CREDIT_BLOCKED") {
      violations.push(`place expected ok, CREDIT_BLOCKED or INSUFFICIENT_STOCK: ${describePlan(plan)}`);
    }
  }
  const available = (skuId: string) => {
    const row = startStock.get(skuId) as ModelStock;
    return row.onHand - row.reserved;
  };
  const maxAvailable = (skuId: string) => available(skuId) + (receivedNow.get(skuId) ?? 0) + (releasedNow.get(skuId) ?? 0);
  for (const plan of placed) {
    if (plan.expected !== "credit or stock") continue;
    const body = plan.reply?.body as Envelope;
    const customerId = plan.customerId as string;
    // Open orders of the customer when the server checked credit: at least
    // the start less orders closed in this batch, at most the start plus
    // the batch's other successful placements.
    const own = body.ok ? plan.totalFen : 0;
    const minOpen = (openAtStart.get(customerId) ?? 0) - (openClosedNow.get(customerId) ?? 0);
    const maxOpen = (openAtStart.get(customerId) ?? 0) + (openAddedNow.get(customerId) ?? 0) - own;
    const credits = [expectedCredit(customerId, plan.totalFen, minOpen), expectedCredit(customerId, plan.totalFen, maxOpen)];
    const describeCredit = `credit ${JSON.stringify(credits)} for open orders ${minOpen}..${maxOpen}`;

    if (body.ok) {
      const flags = (body.data as { flags: { code: string }[] }).flags.map((flag) => flag.code);
      const fits = credits.some((credit) => !credit.blocked && JSON.stringify(credit.flags) === JSON.stringify(flags));
      if (!fits) violations.push(`placed with flags ${JSON.stringify(flags)}, but ${describeCredit}: ${describePlan(plan)}`);
      for (const [skuId, base] of plan.need) {
        if (base > maxAvailable(skuId)) violations.push(`placed ${base} of ${skuId} but at most ${maxAvailable(skuId)} was ever available: ${describePlan(plan)}`);
      }
      model.orders.push({
        orderId: (body.data as { orderId: string }).orderId,
        customerId,
        totalFen: plan.totalFen,
        lines: plan.lines.map(({ lineNo, skuId, factor, quantity }) => ({ lineNo, skuId, factor, quantity })),
        state: { status: "pending_review", hold: flags.includes("CREDIT_HOLD"), pick: null, shipped: new Map() },
      });
    } else if (body.error.code === "CREDIT_BLOCKED") {
      if (!credits.some((credit) => credit.blocked)) violations.push(`CREDIT_BLOCKED, but ${describeCredit}: ${describePlan(plan)}`);
    } else if (body.error.code === "INSUFFICIENT_STOCK") {
      if (credits.every((credit) => credit.blocked)) violations.push(`INSUFFICIENT_STOCK, but ${describeCredit}: ${describePlan(plan)}`);
      const short = [...plan.need].some(([skuId, base]) => base > available(skuId) - (tookNow.get(skuId) ?? 0));
      if (!short) violations.push(`INSUFFICIENT_STOCK although every SKU had enough left: ${describePlan(plan)}`);
      const details = body.error.details as { skuId: string; unit: string; requested: number }[] | undefined;
      const named =
        Array.isArray(details) &&
        details.length > 0 &&
        details.every((detail) => plan.lines.some((line) => line.skuId === detail.skuId && line.unit === detail.unit && line.quantity === detail.requested));
      if (!named) violations.push(`INSUFFICIENT_STOCK details do not name the request's lines: ${describePlan(plan)}`);
    }
  }
  for (const [skuId, base] of tookNow) {
    if (base > maxAvailable(skuId)) violations.push(`the batch reserved ${base} of ${skuId}, more than the ${maxAvailable(skuId)} available`);
  }

  // The store must now hold exactly what the model holds.
  for (const [skuId, base] of receivedNow) addTo(model.received, skuId, base);
  const actualStock = readStock();
  for (const [skuId, expected] of expectedStock(model)) {
    const row = actualStock.get(skuId);
    if (!row || row.onHand !== expected.onHand || row.reserved !== expected.reserved) {
      violations.push(`stock of ${skuId} is ${JSON.stringify(row)}, the model expects ${JSON.stringify(expected)}`);
    }
  }
  violations.push(...stockViolations(server.app.store.db));
  if (violations.length > 0) violations.unshift(`batch ${batchesRun}, seed ${SEED}, size ${SIZE}`);
  return violations;
}

/** Checks the catalog's `available` against the store for every SKU. */
async function availabilityProblems(): Promise<string[]> {
  const problems: string[] = [];
  const stock = readStock();
  for (const sku of skus) {
    const view = await server.ok<{ available: Record<string, number> }>(
      "catalog",
      { action: "get", skuId: sku.skuId },
      tokens.get("U-CLERK-ZHANG"),
    );
    const row = stock.get(sku.skuId) as ModelStock;
    for (const unit of sku.units) {
      const expected = Math.floor((row.onHand - row.reserved) / unit.factor);
      if (view.available[unit.unit] !== expected) {
        problems.push(`catalog shows ${view.available[unit.unit]} ${unit.unit} of ${sku.skuId} available, the store has ${expected}`);
      }
    }
  }
  return problems;
}

describe("ordering under concurrent random operations", () => {
  it(
    "keeps stock, reservations and statuses consistent",
    async () => {
      await fc.assert(
        fc.asyncProperty(runArbitrary, async ({ operations, batchSizes, routes }) => {
          const model: RunModel = { orders: [], openStart: readOpenOrders(), start: readStock(), received: new Map() };
          const violations: string[] = [];
          let next = 0;
          for (let index = 0; next < operations.length && violations.length === 0; index += 1) {
            const batch = operations.slice(next, next + batchSizes[index]);
            const batchRoutes = routes.slice(next, next + batch.length);
            next += batch.length;
            violations.push(...(await runBatch(batch, batchRoutes, model)));
          }
          if (violations.length === 0) {
            violations.push(...orderRecordViolations(server.app.store.db));
            violations.push(...auditTrailViolations(server.app.store.db));
            violations.push(...(await availabilityProblems()));
          }
          expect(violations).toEqual([]);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );

      expect(operationsRun).toBeGreaterThanOrEqual(RUNS * OPS_PER_RUN);
      // Each kind of outcome the model predicts must actually have happened.
      const required = ["place ok", "place INSUFFICIENT_STOCK", "release ok", "approve ok", "reject ok", "cancel ok", "pick ok", "ship ok"];
      const missing = required.filter((outcome) => !outcomeCounts.get(outcome));
      expect(missing).toEqual([]);
      if (process.env.RELIABILITY_REPORT) {
        process.stdout.write(
          `model: ${operationsRun} operations in ${batchesRun} batches, seed ${SEED}\n` +
            `${JSON.stringify(Object.fromEntries([...outcomeCounts].sort()), null, 1)}\n`,
        );
      }
    },
    bySize(60_000, 1_800_000),
  );
});
