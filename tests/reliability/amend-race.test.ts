/**
 * Concurrency test for order amendment and negotiated prices. fast-check
 * generates placements (some with negotiated prices, from staff who may
 * set them and from customers who may not), credit-hold releases,
 * approvals, amendments, cancels, picks and shipments. The test sends
 * them in batches that run concurrently (Promise.all) to two real server
 * processes on one SQLite file: the in-process test server and a child
 * process.
 *
 * Unlike model.test.ts it does not predict which call of a batch wins.
 * After every batch it checks what must hold in any order. Every reply is
 * a well-formed envelope with an outcome the rules allow, and the store
 * invariants hold. A successful amendment's reply agrees with its request
 * and with the order read back. Negotiated lines keep their price and
 * flag. A monthly customer's debt and open orders stay within the credit
 * limit, except orders flagged OVER_CREDIT_LIMIT.
 *
 * The credit limits of C-HZ-001 and C-GZ-003 are lowered, and two SKUs
 * get little stock, so placements and amendments compete for credit and
 * for stock. Each run starts with the earlier runs' open orders
 * cancelled and the stock topped up.
 */
import { dirname } from "node:path";

import fc from "fast-check";

import type { OrderLine, OrderView } from "../../shared/schemas/order";
import type { SkuRecord, SkuUnitRecord } from "../../server/store/records";
import { bottleSku } from "../support/fixtures";
import { startTestServer, type TestServer } from "../support/local-server";
import { startChildServer, type ChildServer } from "./support/child-server";
import {
  CUSTOMERS,
  USERS,
  OPEN_STATUSES,
  customerById,
  expectedUnitPrice,
  userById,
  type DemoUser,
  type Role,
} from "./support/demo-facts";
import {
  callAt,
  envelopeProblems,
  outcomeOf,
  type Envelope,
} from "./support/envelope";
import {
  auditTrailViolations,
  orderRecordViolations,
  stockViolations,
} from "./support/invariants";
import { SEED, SIZE, bySize } from "./support/size";

const RUNS = bySize(4, 20);
const OPS_PER_RUN = 250;
const MAX_BATCH = 8;
const NO_SUCH_ORDER = "ord_does_not_exist";

/**
 * Customers whose credit limit each run sets to their debt and open
 * orders plus CREDIT_ROOM_FEN, so a few orders reach it. C-HZ-001 blocks
 * orders over its limit and C-GZ-003 holds them for review.
 */
const LOWERED_LIMIT_CUSTOMERS = ["C-HZ-001", "C-GZ-003"];
const CREDIT_ROOM_FEN = 200_000;
/** Statuses in which a clerk may cancel an order. */
const CANCELLABLE = ["pending_review", "approved", "picked"];

/** Base units each scarce SKU is topped up to at the start of every run. */
const SCARCE_STOCK: ReadonlyMap<string, number> = new Map([
  ["RACE-SCARCE-1", 4 * 24],
  ["RACE-SCARCE-2", 3 * 40],
]);

// ---------------------------------------------------------------------
// Generated operations. Picks are indexes resolved when a batch runs, so
// they stay meaningful while fast-check varies the sequence.

interface LineChoice {
  /** Pick from the scarce SKUs, so calls compete for stock. */
  scarce: boolean;
  skuPick: number;
  unitPick: number;
  /** Steps above the unit's minimum quantity. */
  steps: number;
}

interface PlaceOperation {
  kind: "place";
  actorPick: number;
  customerPick: number;
  lines: LineChoice[];
  /** Send negotiated prices on some lines. */
  negotiate: boolean;
  /**
   * Per line: an odd value negotiates the line (the first line always is),
   * at half the value in percent of the customer's own price.
   */
  priceChoices: number[];
  withReason: boolean;
}

/** Per existing line of an amended order. */
type LineEdit = "keep" | "raise" | "lower" | "remove";

/** A deliberately invalid amendment body, or none. */
type AmendFault = "none" | "zero" | "negotiated" | "duplicate" | "empty";

interface AmendOperation {
  kind: "amend";
  byStaff: boolean;
  actorPick: number;
  targeted: boolean;
  orderPick: number;
  missingOrder: boolean;
  edits: LineEdit[];
  steps: number;
  added: LineChoice[];
  fault: AmendFault;
  reprice: boolean;
}

type OrderAction = "release" | "approve" | "cancel" | "pick" | "ship";

interface OrderOperation {
  kind: OrderAction;
  byStaff: boolean;
  actorPick: number;
  targeted: boolean;
  orderPick: number;
  missingOrder: boolean;
  /** For pick, pick half of each line. For ship, send isPartial. */
  partial: boolean;
}

type Operation = PlaceOperation | AmendOperation | OrderOperation;

/** True with probability about 1/n. */
function oneIn(n: number): fc.Arbitrary<boolean> {
  return fc.integer({ min: 1, max: n }).map((value) => value === 1);
}

/** True with probability about (n - 1)/n. */
function mostly(n: number): fc.Arbitrary<boolean> {
  return oneIn(n).map((value) => !value);
}

const lineArbitrary: fc.Arbitrary<LineChoice> = fc.record({
  scarce: fc.boolean(),
  skuPick: fc.nat(),
  unitPick: fc.nat(),
  steps: fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: 4 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 20 }) },
  ),
});

const placeArbitrary: fc.Arbitrary<Operation> = fc.record({
  kind: fc.constant("place" as const),
  actorPick: fc.nat(),
  customerPick: fc.nat(),
  lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 3 }),
  negotiate: oneIn(3),
  priceChoices: fc.array(fc.integer({ min: 0, max: 221 }), {
    minLength: 3,
    maxLength: 3,
  }),
  withReason: mostly(8),
});

const amendArbitrary: fc.Arbitrary<Operation> = fc.record({
  kind: fc.constant("amend" as const),
  byStaff: mostly(8),
  actorPick: fc.nat(),
  targeted: mostly(6),
  orderPick: fc.nat(),
  missingOrder: oneIn(40),
  edits: fc.array(
    fc.constantFrom<LineEdit>("keep", "raise", "raise", "lower", "remove"),
    { minLength: 3, maxLength: 3 },
  ),
  steps: fc.integer({ min: 1, max: 6 }),
  added: fc.oneof(
    { weight: 2, arbitrary: fc.constant<LineChoice[]>([]) },
    {
      weight: 3,
      arbitrary: fc.array(lineArbitrary, { minLength: 1, maxLength: 2 }),
    },
  ),
  fault: fc.oneof(
    { weight: 30, arbitrary: fc.constant<AmendFault>("none") },
    {
      weight: 1,
      arbitrary: fc.constantFrom<AmendFault>(
        "zero",
        "negotiated",
        "duplicate",
        "empty",
      ),
    },
  ),
  reprice: oneIn(6),
});

function orderOperationArbitrary(kind: OrderAction): fc.Arbitrary<Operation> {
  return fc.record({
    kind: fc.constant(kind),
    byStaff: mostly(8),
    actorPick: fc.nat(),
    targeted: mostly(6),
    orderPick: fc.nat(),
    missingOrder: oneIn(40),
    partial: oneIn(4),
  });
}

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 6, arbitrary: placeArbitrary },
  { weight: 1, arbitrary: orderOperationArbitrary("release") },
  { weight: 5, arbitrary: orderOperationArbitrary("approve") },
  { weight: 8, arbitrary: amendArbitrary },
  { weight: 2, arbitrary: orderOperationArbitrary("cancel") },
  { weight: 3, arbitrary: orderOperationArbitrary("pick") },
  { weight: 3, arbitrary: orderOperationArbitrary("ship") },
);

const runArbitrary = fc.record({
  operations: fc.array(operationArbitrary, {
    minLength: OPS_PER_RUN,
    maxLength: OPS_PER_RUN,
  }),
  batchSizes: fc.array(fc.integer({ min: 1, max: MAX_BATCH }), {
    minLength: OPS_PER_RUN,
    maxLength: OPS_PER_RUN,
  }),
  /** Which of the two server processes each operation goes to. */
  routes: fc.array(fc.boolean(), {
    minLength: OPS_PER_RUN,
    maxLength: OPS_PER_RUN,
  }),
});

// ---------------------------------------------------------------------
// Roles and visibility, written out from server/functions/orders.ts and
// server/functions/fulfilment.ts.

const ACTION_ROLES: Record<OrderAction | "amend" | "place", readonly Role[]> = {
  place: ["customer", "salesperson", "clerk", "manager"],
  release: ["clerk", "manager"],
  approve: ["clerk", "manager"],
  amend: ["clerk", "manager"],
  cancel: ["customer", "salesperson", "clerk", "manager"],
  pick: ["warehouse", "manager"],
  ship: ["warehouse", "manager"],
};
const STAFF_FOR: Record<OrderAction | "amend", readonly string[]> = {
  release: ["U-CLERK-ZHANG", "U-MGR-LIU"],
  approve: ["U-CLERK-ZHANG", "U-MGR-LIU"],
  amend: ["U-CLERK-ZHANG", "U-MGR-LIU"],
  cancel: ["U-CLERK-ZHANG", "U-MGR-LIU"],
  pick: ["U-WH-ZHAO", "U-MGR-LIU"],
  ship: ["U-WH-ZHAO", "U-MGR-LIU"],
};
/** Statuses a targeted operation prefers. */
const USEFUL_STATUSES: Record<OrderAction | "amend", readonly string[]> = {
  release: ["pending_review"],
  approve: ["pending_review"],
  amend: ["approved"],
  cancel: ["pending_review", "approved", "picked"],
  pick: ["approved", "picked", "partially_shipped"],
  ship: ["picked"],
};
/** Outcomes the rules allow an action of a permitted caller on a visible order, whatever runs first. */
const RACE_OUTCOMES: Record<OrderAction, readonly string[]> = {
  release: ["ok", "ORDER_STATE_CONFLICT"],
  approve: ["ok", "ORDER_STATE_CONFLICT"],
  cancel: ["ok", "ORDER_STATE_CONFLICT"],
  // INVALID_INPUT when an amendment or shipment changed what is left to pick; runBatch checks that.
  pick: ["ok", "ORDER_STATE_CONFLICT", "INVALID_INPUT"],
  ship: ["ok", "ORDER_STATE_CONFLICT", "PICK_MISMATCH"],
};
/** Users who place orders, with a warehouse user whom placing is FORBIDDEN. */
const PLACING_USERS = [
  "U-CUST-HZ",
  "U-CUST-SH",
  "U-CUST-GZ",
  "U-CUST-CD",
  "U-SALES-LI",
  "U-SALES-ZHOU",
  "U-CLERK-ZHANG",
  "U-MGR-LIU",
  "U-WH-ZHAO",
];
const NEGOTIATING: readonly Role[] = ["salesperson", "clerk", "manager"];

/** Checks whether a user may see a customer's orders: their own, an assigned one, or any for staff. */
function canSee(user: DemoUser, customerId: string): boolean {
  if (user.role === "customer") return user.customerId === customerId;
  if (user.role === "salesperson")
    return customerById(customerId)?.salespersonId === user.userId;
  return true;
}

// ---------------------------------------------------------------------
// The servers and the store

let server: TestServer;
/** A second server process on the same SQLite file. */
let sibling: ChildServer | undefined;
const tokens = new Map<string, string>();
let skus: SkuRecord[] = [];
let scarceSkus: SkuRecord[] = [];
/** Base units on hand per SKU before the first run, which every run tops up to. */
const openingStock = new Map<string, number>();
/** Monthly credit limit in fen per customer on monthly terms. */
const creditLimits = new Map<string, number>();
let requestSerial = 0;
let operationsRun = 0;
let batchesRun = 0;
const outcomeCounts = new Map<string, number>();
/** Batches with two or more amendments of one order, and those where more than one succeeded. */
let amendRaces = 0;
let amendRacesWonTwice = 0;
/** Every order this test placed, across runs. */
const placedOrders: string[] = [];
/** Negotiated unit prices sent at placement, per order, keyed "skuId|unit". */
const negotiatedByOrder = new Map<string, Map<string, number>>();

beforeAll(async () => {
  server = await startTestServer();
  for (const user of USERS)
    tokens.set(user.userId, await server.login(user.userId));
  await server.app.store.saveSku(bottleSku("RACE-SCARCE-1"));
  await server.app.store.saveSku(
    bottleSku("RACE-SCARCE-2", {
      baseUnit: "袋",
      units: [
        {
          unit: "袋",
          factor: 1,
          listPriceFen: 2450,
          minQuantity: 10,
          stepQuantity: 10,
        },
        {
          unit: "托",
          factor: 40,
          listPriceFen: 95000,
          minQuantity: 1,
          stepQuantity: 1,
        },
      ],
    }),
  );
  for (const demo of CUSTOMERS) {
    const customer = await server.app.store.getCustomer(demo.customerId);
    if (customer?.paymentTerms.kind === "monthly")
      creditLimits.set(demo.customerId, customer.paymentTerms.creditLimitFen);
  }
  skus = (await server.app.store.listSkus({ limit: 100 })).sort((a, b) =>
    a.skuId.localeCompare(b.skuId),
  );
  scarceSkus = skus.filter((sku) => SCARCE_STOCK.has(sku.skuId));
  for (const [skuId, row] of readStock())
    openingStock.set(skuId, SCARCE_STOCK.get(skuId) ?? row.onHand);
  sibling = await startChildServer(dirname(server.app.store.db.name));
}, 30_000);

afterAll(async () => {
  await sibling?.stop();
  await server.stop();
});

function readStock(): Map<string, { onHand: number; reserved: number }> {
  const rows = server.app.store.db
    .prepare("SELECT sku_id, on_hand, reserved FROM stock")
    .all() as {
    sku_id: string;
    on_hand: number;
    reserved: number;
  }[];
  return new Map(
    rows.map((row) => [
      row.sku_id,
      { onHand: row.on_hand, reserved: row.reserved },
    ]),
  );
}

/** Receives stock so every SKU has at least its opening on-hand, so shipments do not drain it. */
async function topUpStock(): Promise<void> {
  const stock = readStock();
  for (const sku of skus) {
    const baseUnit = sku.units.find((unit) => unit.factor === 1);
    const missing =
      (openingStock.get(sku.skuId) ?? 0) - (stock.get(sku.skuId)?.onHand ?? 0);
    if (!baseUnit || missing <= 0) continue;
    await server.ok(
      "catalog",
      {
        action: "receiveStock",
        skuId: sku.skuId,
        unit: baseUnit.unit,
        quantity: missing,
      },
      tokens.get("U-WH-ZHAO"),
    );
  }
}

/**
 * Prepares a run: cancels the orders earlier runs left cancellable, sets
 * each lowered limit CREDIT_ROOM_FEN above the customer's debt and open
 * orders, and tops up stock. Shipped orders stay open, because this test
 * records no receipt.
 */
async function prepareRun(): Promise<void> {
  for (const order of readOrders(placedOrders).values()) {
    if (!CANCELLABLE.includes(order.status)) continue;
    await server.ok(
      "orders",
      { action: "cancel", orderId: order.orderId, reason: "新一轮测试前清理" },
      tokens.get("U-MGR-LIU"),
    );
  }
  for (const customerId of LOWERED_LIMIT_CUSTOMERS) {
    const customer = await server.app.store.getCustomer(customerId);
    if (!customer || customer.paymentTerms.kind !== "monthly")
      throw new Error(`demo customer ${customerId} is not on monthly terms`);
    const exposure = await server.app.store.getCreditExposure(
      customerId,
      Date.now(),
    );
    const limitFen =
      exposure.outstandingFen + (exposure.openOrdersFen ?? 0) + CREDIT_ROOM_FEN;
    await server.app.store.saveCustomer({
      ...customer,
      paymentTerms: { ...customer.paymentTerms, creditLimitFen: limitFen },
    });
    creditLimits.set(customerId, limitFen);
  }
  await topUpStock();
}

/** The parts of a stored order that the checks read. */
interface OrderSnapshot {
  orderId: string;
  customerId: string;
  status: string;
  flags: string[];
  lines: OrderLine[];
  totalFen: number;
  /** Quantity per line number still to ship, in the line's unit. */
  remaining: Map<number, number>;
}

interface StoredOrder {
  orderId: string;
  customerId: string;
  status: string;
  flags: { code: string }[];
  lines: OrderLine[];
  totalFen: number;
  shipments?: { lines: { lineNo: number; quantity: number }[] }[];
}

function toSnapshot(record: StoredOrder): OrderSnapshot {
  const remaining = new Map(
    record.lines.map((line) => [line.lineNo, line.quantity]),
  );
  for (const shipment of record.shipments ?? []) {
    for (const line of shipment.lines)
      remaining.set(
        line.lineNo,
        (remaining.get(line.lineNo) ?? 0) - line.quantity,
      );
  }
  return {
    orderId: record.orderId,
    customerId: record.customerId,
    status: record.status,
    flags: record.flags.map((flag) => flag.code),
    lines: record.lines,
    totalFen: record.totalFen,
    remaining,
  };
}

/** Reads orders from the store by id. */
function readOrders(orderIds: readonly string[]): Map<string, OrderSnapshot> {
  const read = server.app.store.db.prepare(
    "SELECT data FROM orders WHERE order_id = ?",
  );
  const orders = new Map<string, OrderSnapshot>();
  for (const orderId of orderIds) {
    const row = read.get(orderId) as { data: string } | undefined;
    if (row)
      orders.set(orderId, toSnapshot(JSON.parse(row.data) as StoredOrder));
  }
  return orders;
}

/** Counts each order's order.amended events. */
function amendedEventCounts(orderIds: readonly string[]): Map<string, number> {
  const count = server.app.store.db.prepare(
    "SELECT COUNT(*) AS n FROM audit_events WHERE entity_type = 'order' AND entity_id = ? AND action = 'order.amended'",
  );
  return new Map(
    orderIds.map((orderId) => [
      orderId,
      (count.get(orderId) as { n: number }).n,
    ]),
  );
}

// ---------------------------------------------------------------------
// Planning calls from generated operations

interface RequestedLine {
  skuId: string;
  unit: string;
  quantity: number;
  listPriceFen: number;
  negotiatedPriceFen?: number;
}

interface PlannedCall {
  kind: Operation["kind"];
  /** Name of the call in the outcome counts: its kind and what it tries. */
  label: string;
  user: DemoUser;
  fn: string;
  body: Record<string, unknown>;
  /** Every outcome the rules allow, whatever order the batch runs in. */
  allowed: string[];
  /** The order the call names, as it was before the batch. */
  order?: OrderSnapshot;
  reply?: { status: number; body: Envelope };
}

interface PlannedPlace extends PlannedCall {
  kind: "place";
  customerId: string;
  lines: RequestedLine[];
  /** Placement can succeed: a permitted caller sent a valid body. */
  valid: boolean;
}

interface PlannedAmend extends PlannedCall {
  kind: "amend";
  lines: RequestedLine[];
  reprice: boolean;
  valid: boolean;
}

type Planned = PlannedCall | PlannedPlace | PlannedAmend;

function describePlan(plan: Planned): string {
  const reply = plan.reply
    ? JSON.stringify(plan.reply.body).slice(0, 400)
    : "(not sent)";
  return `${plan.user.userId} ${plan.fn} ${JSON.stringify(plan.body)} -> ${reply}`;
}

function chooseLine(choice: LineChoice): {
  sku: SkuRecord;
  unit: SkuUnitRecord;
  quantity: number;
} {
  const pool = choice.scarce ? scarceSkus : skus;
  const sku = pool[choice.skuPick % pool.length];
  const unit = sku.units[choice.unitPick % sku.units.length];
  return {
    sku,
    unit,
    quantity: unit.minQuantity + unit.stepQuantity * choice.steps,
  };
}

function unitOf(skuId: string, unitName: string): SkuUnitRecord {
  const unit = skus
    .find((sku) => sku.skuId === skuId)
    ?.units.find((candidate) => candidate.unit === unitName);
  if (!unit) throw new RangeError(`no unit ${unitName} of SKU ${skuId}`);
  return unit;
}

function planPlace(operation: PlaceOperation): PlannedPlace {
  const user = userById(
    PLACING_USERS[operation.actorPick % PLACING_USERS.length],
  );
  const mine =
    user.role === "customer"
      ? [user.customerId as string]
      : CUSTOMERS.filter((customer) => canSee(user, customer.customerId)).map(
          (customer) => customer.customerId,
        );
  const customerId = mine[operation.customerPick % mine.length];

  // One line per SKU and unit, so the negotiated price of a line is known by its key.
  const seen = new Set<string>();
  const lines: RequestedLine[] = [];
  operation.lines.forEach((choice, index) => {
    const { sku, unit, quantity } = chooseLine(choice);
    if (seen.has(`${sku.skuId}|${unit.unit}`)) return;
    seen.add(`${sku.skuId}|${unit.unit}`);
    const line: RequestedLine = {
      skuId: sku.skuId,
      unit: unit.unit,
      quantity,
      listPriceFen: unit.listPriceFen,
    };
    const priceChoice =
      operation.priceChoices[index % operation.priceChoices.length];
    if (operation.negotiate && (priceChoice % 2 === 1 || index === 0)) {
      const standard = expectedUnitPrice(
        customerId,
        sku.skuId,
        unit.unit,
        unit.listPriceFen,
      );
      line.negotiatedPriceFen = Math.floor(
        (standard * Math.floor(priceChoice / 2)) / 100,
      );
    }
    lines.push(line);
  });
  const negotiated = lines.some(
    (line) => line.negotiatedPriceFen !== undefined,
  );

  requestSerial += 1;
  const body: Record<string, unknown> = {
    action: "place",
    requestId: `req-amend-race-${SEED}-${requestSerial}`,
    lines: lines.map(({ skuId, unit, quantity, negotiatedPriceFen }) => ({
      skuId,
      unit,
      quantity,
      ...(negotiatedPriceFen === undefined ? {} : { negotiatedPriceFen }),
    })),
    ...(user.role === "customer" ? {} : { customerId }),
    ...(negotiated && operation.withReason
      ? { priceReason: "老客户批量采购让利" }
      : {}),
  };

  let allowed = ["ok", "INSUFFICIENT_STOCK", "CREDIT_BLOCKED"];
  let valid = false;
  if (!ACTION_ROLES.place.includes(user.role)) {
    allowed = ["FORBIDDEN"];
  } else if (negotiated && !operation.withReason) {
    // The schema requires a reason with a negotiated price, before any role check.
    allowed = ["INVALID_INPUT"];
  } else if (negotiated && !NEGOTIATING.includes(user.role)) {
    allowed = ["FORBIDDEN"];
  } else {
    valid = true;
    const customer = customerById(customerId);
    // The store runs the credit rule before it reserves stock, so a
    // customer with overdue debt and the block policy is always refused
    // for credit. A cash customer without debt is never refused for it.
    if (
      customer &&
      customer.overdueFen > 0 &&
      customer.creditPolicy === "block"
    )
      allowed = ["CREDIT_BLOCKED"];
    else if (
      customer &&
      customer.outstandingFen === 0 &&
      !creditLimits.has(customerId)
    )
      allowed = ["ok", "INSUFFICIENT_STOCK"];
  }
  let label = "place";
  if (negotiated)
    label =
      user.role === "customer"
        ? "place negotiated by customer"
        : "place negotiated";
  return {
    kind: "place",
    label,
    user,
    fn: "orders",
    body,
    allowed,
    customerId,
    lines,
    valid,
  };
}

/** Picks the order an operation acts on, preferring one in a status the action applies to. */
function chooseOrder(
  operation: {
    kind: OrderAction | "amend";
    targeted: boolean;
    orderPick: number;
    missingOrder: boolean;
  },
  orders: readonly OrderSnapshot[],
): OrderSnapshot | undefined {
  const useful = orders.filter((order) =>
    USEFUL_STATUSES[operation.kind].includes(order.status),
  );
  const pool = operation.targeted && useful.length > 0 ? useful : orders;
  if (operation.missingOrder || pool.length === 0) return undefined;
  return pool[operation.orderPick % pool.length];
}

function chooseActor(
  byStaff: boolean,
  pick: number,
  staff: readonly string[],
): DemoUser {
  if (byStaff) return userById(staff[pick % staff.length]);
  return USERS[pick % USERS.length];
}

/** Outcomes for a caller who is not permitted or cannot see the order; undefined when they can act. */
function accessOutcome(
  kind: OrderAction | "amend",
  user: DemoUser,
  order: OrderSnapshot | undefined,
): string[] | undefined {
  if (!ACTION_ROLES[kind].includes(user.role)) return ["FORBIDDEN"];
  if (!order || !canSee(user, order.customerId)) return ["NOT_FOUND"];
  return undefined;
}

/** Builds the lines of an amendment from the order's lines before the batch. */
function amendedRequestLines(
  operation: AmendOperation,
  order: OrderSnapshot | undefined,
): RequestedLine[] {
  const lines: RequestedLine[] = [];
  for (const [index, line] of (order?.lines ?? []).entries()) {
    const unit = unitOf(line.skuId, line.unit);
    const edit = operation.edits[index % operation.edits.length];
    if (edit === "remove") continue;
    let quantity = line.quantity;
    if (edit === "raise") quantity += unit.stepQuantity * operation.steps;
    if (edit === "lower")
      quantity = Math.max(
        unit.minQuantity,
        quantity - unit.stepQuantity * operation.steps,
      );
    lines.push({
      skuId: line.skuId,
      unit: line.unit,
      quantity,
      listPriceFen: unit.listPriceFen,
    });
  }
  for (const choice of operation.added) {
    const { sku, unit, quantity } = chooseLine(choice);
    if (
      lines.some((line) => line.skuId === sku.skuId && line.unit === unit.unit)
    )
      continue;
    lines.push({
      skuId: sku.skuId,
      unit: unit.unit,
      quantity,
      listPriceFen: unit.listPriceFen,
    });
  }
  if (lines.length === 0 && order && order.lines.length > 0) {
    // Everything was removed and nothing added: keep the first line.
    const first = order.lines[0];
    lines.push({
      skuId: first.skuId,
      unit: first.unit,
      quantity: first.quantity,
      listPriceFen: unitOf(first.skuId, first.unit).listPriceFen,
    });
  }
  if (lines.length === 0)
    lines.push({
      skuId: skus[0].skuId,
      unit: skus[0].units[0].unit,
      quantity: skus[0].units[0].minQuantity,
      listPriceFen: skus[0].units[0].listPriceFen,
    });
  return lines;
}

function planAmend(
  operation: AmendOperation,
  orders: readonly OrderSnapshot[],
): PlannedAmend {
  const order = chooseOrder(operation, orders);
  const user = chooseActor(
    operation.byStaff,
    operation.actorPick,
    STAFF_FOR.amend,
  );
  const lines = amendedRequestLines(operation, order);
  let bodyLines: Record<string, unknown>[] = lines.map(
    ({ skuId, unit, quantity }) => ({ skuId, unit, quantity }),
  );
  // Each fault breaks the schema except the duplicate, which the service finds after the status check.
  switch (operation.fault) {
    case "zero":
      bodyLines = bodyLines.map((line, index) =>
        index === 0 ? { ...line, quantity: 0 } : line,
      );
      break;
    case "negotiated":
      bodyLines = bodyLines.map((line, index) =>
        index === 0 ? { ...line, negotiatedPriceFen: 100 } : line,
      );
      break;
    case "duplicate":
      bodyLines = [...bodyLines, bodyLines[0]];
      break;
    case "empty":
      bodyLines = [];
      break;
    case "none":
      break;
  }
  const body: Record<string, unknown> = {
    action: "amend",
    orderId: order?.orderId ?? NO_SUCH_ORDER,
    lines: bodyLines,
    ...(operation.reprice ? { reprice: true } : {}),
  };

  const schemaFault =
    operation.fault !== "none" && operation.fault !== "duplicate";
  let allowed = accessOutcome("amend", user, order);
  // A permitted caller's invalid body fails validation; a caller without
  // the role may get FORBIDDEN or INVALID_INPUT, whichever runs first.
  if (schemaFault && allowed?.[0] === "FORBIDDEN")
    allowed = ["FORBIDDEN", "INVALID_INPUT"];
  else if (schemaFault) allowed = ["INVALID_INPUT"];
  else if (operation.fault === "duplicate" && !allowed)
    allowed = ["INVALID_INPUT", "ORDER_STATE_CONFLICT"];
  const valid = !allowed;
  return {
    kind: "amend",
    label: operation.added.length > 0 ? "amend adding lines" : "amend",
    user,
    fn: "orders",
    body,
    allowed: allowed ?? [
      "ok",
      "ORDER_STATE_CONFLICT",
      "INSUFFICIENT_STOCK",
      "CREDIT_BLOCKED",
    ],
    order,
    lines,
    reprice: operation.reprice,
    valid,
  };
}

function planOrderAction(
  operation: OrderOperation,
  orders: readonly OrderSnapshot[],
): PlannedCall {
  const order = chooseOrder(operation, orders);
  const user = chooseActor(
    operation.byStaff,
    operation.actorPick,
    STAFF_FOR[operation.kind],
  );
  const orderId = order?.orderId ?? NO_SUCH_ORDER;
  let fn = "orders";
  let body: Record<string, unknown>;
  switch (operation.kind) {
    case "release":
      body = { action: "releaseHold", orderId, reason: "已电话确认付款计划" };
      break;
    case "approve":
      body = { action: "approve", orderId };
      break;
    case "cancel":
      body = { action: "cancel", orderId, reason: "并发测试取消" };
      break;
    case "pick": {
      fn = "fulfilment";
      const left = [...(order?.remaining ?? [])].filter(
        ([, quantity]) => quantity > 0,
      );
      const lines = left.map(([lineNo, quantity]) => ({
        lineNo,
        quantity: operation.partial ? Math.floor(quantity / 2) : quantity,
      }));
      // An order with nothing left to ship gets a token line, which its status rejects.
      body = {
        action: "confirmPicked",
        orderId,
        lines: lines.length > 0 ? lines : [{ lineNo: 1, quantity: 1 }],
      };
      break;
    }
    case "ship":
      fn = "fulfilment";
      requestSerial += 1;
      body = {
        action: "ship",
        orderId,
        requestId: `req-amend-race-ship-${SEED}-${requestSerial}`,
        carrier: "SF",
        trackingNo: `SF${String(200000000000 + requestSerial)}`,
        ...(operation.partial ? { isPartial: true } : {}),
      };
      break;
  }
  const allowed = accessOutcome(operation.kind, user, order) ?? [
    ...RACE_OUTCOMES[operation.kind],
  ];
  return {
    kind: operation.kind,
    label: operation.kind,
    user,
    fn,
    body,
    allowed,
    order,
  };
}

// ---------------------------------------------------------------------
// Checking a batch

interface LineShape {
  lineNo: number;
  skuId: string;
  unit: string;
  quantity: number;
  priceFen: number;
  amountFen: number;
  priceSource: string;
}

function shapeOf(lines: readonly OrderLine[]): LineShape[] {
  return lines.map(
    ({ lineNo, skuId, unit, quantity, priceFen, amountFen, priceSource }) => ({
      lineNo,
      skuId,
      unit,
      quantity,
      priceFen,
      amountFen,
      priceSource,
    }),
  );
}

/** Checks that each line's amount is price times quantity and the total is their sum. */
function arithmeticProblems(view: {
  lines: OrderLine[];
  totalFen: number;
}): string[] {
  const problems: string[] = [];
  let sum = 0;
  for (const line of view.lines) {
    if (line.amountFen !== line.priceFen * line.quantity) {
      problems.push(
        `line ${line.lineNo} amountFen ${line.amountFen} is not ${line.priceFen} × ${line.quantity}`,
      );
    }
    sum += line.priceFen * line.quantity;
  }
  if (view.totalFen !== sum)
    problems.push(
      `totalFen ${view.totalFen} is not the sum of price × quantity, ${sum}`,
    );
  return problems;
}

/** Checks a successful placement against the request and the pricing rule. */
function placedProblems(plan: PlannedPlace, view: OrderView): string[] {
  const problems = arithmeticProblems(view);
  if (view.status !== "pending_review")
    problems.push(`status ${view.status}, expected pending_review`);
  if (view.customerId !== plan.customerId)
    problems.push(`customerId ${view.customerId}, expected ${plan.customerId}`);
  if (view.lines.length !== plan.lines.length)
    problems.push(`${view.lines.length} lines, expected ${plan.lines.length}`);

  let standardFen = 0;
  let negotiatedFen = 0;
  plan.lines.forEach((requested, index) => {
    const line = view.lines[index];
    if (!line) return;
    const standard = expectedUnitPrice(
      plan.customerId,
      requested.skuId,
      requested.unit,
      requested.listPriceFen,
    );
    const price = requested.negotiatedPriceFen ?? standard;
    const source = line.priceSource;
    if (
      line.skuId !== requested.skuId ||
      line.unit !== requested.unit ||
      line.quantity !== requested.quantity
    ) {
      problems.push(
        `line ${index + 1} is ${line.quantity} ${line.unit} of ${line.skuId}, expected ${requested.quantity} ${requested.unit} of ${requested.skuId}`,
      );
    }
    if (line.priceFen !== price)
      problems.push(
        `line ${index + 1} priceFen ${line.priceFen}, expected ${price}`,
      );
    if (requested.negotiatedPriceFen !== undefined) {
      if (source !== "negotiated")
        problems.push(
          `line ${index + 1} priceSource ${source}, expected negotiated`,
        );
      if (line.standardPriceFen !== standard)
        problems.push(
          `line ${index + 1} standardPriceFen ${line.standardPriceFen}, expected ${standard}`,
        );
      standardFen += standard * requested.quantity;
      negotiatedFen += requested.negotiatedPriceFen * requested.quantity;
    } else if (source === "negotiated") {
      problems.push(
        `line ${index + 1} is negotiated although the request set no price`,
      );
    }
  });

  const flag = view.flags.find((item) => item.code === "PRICE_OVERRIDDEN");
  const negotiatedCount = plan.lines.filter(
    (line) => line.negotiatedPriceFen !== undefined,
  ).length;
  if (negotiatedCount === 0 && flag)
    problems.push("PRICE_OVERRIDDEN without a negotiated line");
  if (negotiatedCount > 0) {
    const expected = {
      reason: plan.body.priceReason,
      lineCount: negotiatedCount,
      standardFen,
      negotiatedFen,
    };
    if (JSON.stringify(flag?.details) !== JSON.stringify(expected)) {
      problems.push(
        `PRICE_OVERRIDDEN details ${JSON.stringify(flag?.details)}, expected ${JSON.stringify(expected)}`,
      );
    }
  }
  return problems;
}

/**
 * Predicts an amendment's lines from the order before the batch: kept
 * lines keep their number and price (unless repriced), added lines are
 * numbered after the highest number the order has ever used and get
 * today's customer price. Returns the lines without their numbers when
 * the order has removed lines, whose numbers the prediction cannot see.
 */
function expectedAmendedLines(
  plan: PlannedAmend,
  order: OrderSnapshot,
): Omit<LineShape, "lineNo">[] {
  const kept = plan.lines.filter((line) =>
    order.lines.some(
      (before) => before.skuId === line.skuId && before.unit === line.unit,
    ),
  );
  const added = plan.lines.filter((line) => !kept.includes(line));
  const priceOf = (line: RequestedLine) =>
    expectedUnitPrice(
      order.customerId,
      line.skuId,
      line.unit,
      line.listPriceFen,
    );
  const keptShapes = order.lines.flatMap((before) => {
    const line = kept.find(
      (candidate) =>
        candidate.skuId === before.skuId && candidate.unit === before.unit,
    );
    if (!line) return [];
    const priceFen = plan.reprice ? priceOf(line) : before.priceFen;
    const priceSource = plan.reprice ? "" : before.priceSource;
    return [
      {
        skuId: line.skuId,
        unit: line.unit,
        quantity: line.quantity,
        priceFen,
        amountFen: priceFen * line.quantity,
        priceSource,
      },
    ];
  });
  const addedShapes = added.map((line) => {
    const priceFen = priceOf(line);
    return {
      skuId: line.skuId,
      unit: line.unit,
      quantity: line.quantity,
      priceFen,
      amountFen: priceFen * line.quantity,
      priceSource: "",
    };
  });
  return [...keptShapes, ...addedShapes];
}

/** Compares lines without their numbers; an empty expected priceSource means "not negotiated". */
function sameLines(
  actual: readonly LineShape[],
  expected: readonly Omit<LineShape, "lineNo">[],
): boolean {
  if (actual.length !== expected.length) return false;
  return expected.every((expectedLine, index) => {
    const got = actual[index];
    const sourceFits =
      expectedLine.priceSource === ""
        ? got.priceSource !== "negotiated"
        : got.priceSource === expectedLine.priceSource;
    return (
      got.skuId === expectedLine.skuId &&
      got.unit === expectedLine.unit &&
      got.quantity === expectedLine.quantity &&
      got.priceFen === expectedLine.priceFen &&
      got.amountFen === expectedLine.amountFen &&
      sourceFits
    );
  });
}

/** Checks a successful amendment's reply against its request. */
function amendedReplyProblems(plan: PlannedAmend, view: OrderView): string[] {
  const problems = arithmeticProblems(view);
  if (view.status !== "approved")
    problems.push(`amended order is ${view.status}, expected approved`);
  const requested = plan.lines
    .map((line) => `${line.skuId}|${line.unit}|${line.quantity}`)
    .sort();
  const got = view.lines
    .map((line) => `${line.skuId}|${line.unit}|${line.quantity}`)
    .sort();
  if (JSON.stringify(requested) !== JSON.stringify(got)) {
    problems.push(
      `amended lines ${JSON.stringify(got)} differ from the requested ${JSON.stringify(requested)}`,
    );
  }
  const lineNos = view.lines.map((line) => line.lineNo);
  if (new Set(lineNos).size !== lineNos.length)
    problems.push(`amended line numbers repeat: ${JSON.stringify(lineNos)}`);
  return problems;
}

/**
 * Checks every line with a negotiated price: it has the price sent at
 * placement and the customer's own price beside it, and the order carries
 * PRICE_OVERRIDDEN.
 */
function negotiatedProblems(order: OrderSnapshot): string[] {
  const problems: string[] = [];
  const sent = negotiatedByOrder.get(order.orderId);
  for (const line of order.lines) {
    if (line.priceSource !== "negotiated") continue;
    const price = sent?.get(`${line.skuId}|${line.unit}`);
    if (price === undefined)
      problems.push(
        `order ${order.orderId} line ${line.lineNo} is negotiated, but no price was negotiated for it`,
      );
    else if (line.priceFen !== price)
      problems.push(
        `order ${order.orderId} line ${line.lineNo} costs ${line.priceFen}, negotiated ${price}`,
      );
    if (line.standardPriceFen === undefined)
      problems.push(
        `order ${order.orderId} line ${line.lineNo} is negotiated without standardPriceFen`,
      );
    if (!order.flags.includes("PRICE_OVERRIDDEN"))
      problems.push(
        `order ${order.orderId} has a negotiated line but no PRICE_OVERRIDDEN flag`,
      );
  }
  return problems;
}

/**
 * Checks the credit rule on the store. Placement and amendment compare a
 * monthly customer's debt plus open orders plus the increase with the
 * limit inside their transaction, and reject a change over it with
 * CREDIT_BLOCKED. The hold policy (placement only) and the tolerance
 * policy accept it instead, flagged OVER_CREDIT_LIMIT, and later
 * amendments never drop that flag. So debt plus the open orders without
 * the flag never exceeds the limit. This is exact while no open order has
 * a receivable, and this test creates none.
 */
function creditProblems(): string[] {
  const open = OPEN_STATUSES.map((status) => `'${status}'`).join(", ");
  const rows = server.app.store.db
    .prepare(
      `SELECT o.customer_id, SUM(o.total_fen) AS open_fen FROM orders o
       WHERE o.status IN (${open}) AND NOT EXISTS (
         SELECT 1 FROM json_each(o.data, '$.flags') f WHERE json_extract(f.value, '$.code') = 'OVER_CREDIT_LIMIT')
       GROUP BY o.customer_id`,
    )
    .all() as { customer_id: string; open_fen: number }[];
  const debts = server.app.store.db
    .prepare(
      "SELECT customer_id, SUM(amount_fen - paid_fen) AS debt FROM receivables WHERE amount_fen > paid_fen GROUP BY customer_id",
    )
    .all() as { customer_id: string; debt: number }[];
  const debtOf = new Map(debts.map((row) => [row.customer_id, row.debt]));
  const problems: string[] = [];
  for (const row of rows) {
    const limit = creditLimits.get(row.customer_id);
    if (limit === undefined) continue;
    const exposure = (debtOf.get(row.customer_id) ?? 0) + row.open_fen;
    if (exposure > limit) {
      problems.push(
        `${row.customer_id} owes and has unflagged open orders of ${exposure} fen, over the ${limit} fen limit`,
      );
    }
  }
  return problems;
}

function addTo<K>(map: Map<K, number>, key: K, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

function isOk(plan: Planned): boolean {
  return outcomeOf(plan.reply?.body) === "ok";
}

function dataOf(plan: Planned): OrderView {
  return (plan.reply?.body as { data: OrderView }).data;
}

/** A sent batch with the orders it names before and after. */
interface BatchView {
  plans: Planned[];
  before: Map<string, OrderSnapshot>;
  after: Map<string, OrderSnapshot>;
  /** order.amended events per targeted order before and after the batch. */
  eventsBefore: Map<string, number>;
  eventsAfter: Map<string, number>;
}

/** Returns the calls of one kind on one order that succeeded in the batch. */
function succeededOn(
  plans: readonly Planned[],
  kind: Operation["kind"],
  orderId: string,
): Planned[] {
  return plans.filter(
    (plan) =>
      plan.kind === kind && plan.order?.orderId === orderId && isOk(plan),
  );
}

/**
 * Checks the amendments of a batch: their replies, their audit events,
 * the orders read back, and the refusals that the order before the batch
 * explains.
 */
function amendmentProblems(batch: BatchView): string[] {
  const { plans, before, after, eventsBefore, eventsAfter } = batch;
  const violations: string[] = [];
  const amends = plans.filter(
    (plan): plan is PlannedAmend => plan.kind === "amend",
  );
  for (const orderId of new Set(
    amends.flatMap((plan) => (plan.order ? [plan.order.orderId] : [])),
  )) {
    const previous = before.get(orderId) as OrderSnapshot;
    const current = after.get(orderId) as OrderSnapshot;
    const group = amends.filter((plan) => plan.order?.orderId === orderId);
    const wins = group.filter(isOk);
    const approvedInBatch = succeededOn(plans, "approve", orderId).length > 0;
    if (group.length > 1) amendRaces += 1;
    if (wins.length > 1) amendRacesWonTwice += 1;
    const newEvents =
      (eventsAfter.get(orderId) ?? 0) - (eventsBefore.get(orderId) ?? 0);
    if (newEvents !== wins.length) {
      violations.push(
        `${wins.length} amendments of ${orderId} succeeded but ${newEvents} order.amended events were written: ${group.map(describePlan).join(" | ")}`,
      );
    }
    if (wins.length > 0 && previous.status !== "approved" && !approvedInBatch) {
      violations.push(
        `an amendment of ${orderId} succeeded although it was ${previous.status} and not approved in the batch: ${wins.map(describePlan).join(" | ")}`,
      );
    }
    for (const plan of wins) {
      for (const problem of amendedReplyProblems(plan, dataOf(plan)))
        violations.push(`${problem}: ${describePlan(plan)}`);
    }

    // The order read back has the lines and total of the amendment that ran last.
    const stored = shapeOf(current.lines);
    if (wins.length === 0) {
      if (
        JSON.stringify(stored) !== JSON.stringify(shapeOf(previous.lines)) ||
        current.totalFen !== previous.totalFen
      ) {
        violations.push(
          `no amendment of ${orderId} succeeded but its lines changed: ${group.map(describePlan).join(" | ")}`,
        );
      }
      continue;
    }
    const matches = wins.filter((plan) => {
      const view = dataOf(plan);
      return (
        JSON.stringify(shapeOf(view.lines)) === JSON.stringify(stored) &&
        view.totalFen === current.totalFen
      );
    });
    if (matches.length === 0) {
      violations.push(
        `order ${orderId} read back as ${JSON.stringify(stored)} total ${current.totalFen}, which no successful amendment returned: ${wins.map(describePlan).join(" | ")}`,
      );
    }
    if (wins.length > 1) continue;

    // With one successful amendment, it started from the order before the batch.
    const plan = wins[0];
    const view = dataOf(plan);
    const expected = expectedAmendedLines(plan, previous);
    if (!sameLines(shapeOf(view.lines), expected)) {
      violations.push(
        `amended lines ${JSON.stringify(shapeOf(view.lines))}, expected ${JSON.stringify(expected)} from ${JSON.stringify(shapeOf(previous.lines))}: ${describePlan(plan)}`,
      );
    }
    const kept = previous.lines.filter((line) =>
      view.lines.some((next) => next.lineNo === line.lineNo),
    );
    for (const line of kept) {
      const next = view.lines.find(
        (candidate) => candidate.lineNo === line.lineNo,
      ) as OrderLine;
      if (next.skuId !== line.skuId || next.unit !== line.unit) {
        violations.push(
          `amendment gave line ${line.lineNo} of ${orderId} to ${next.skuId} ${next.unit}: ${describePlan(plan)}`,
        );
      }
    }
    const customer = customerById(previous.customerId);
    if (
      customer &&
      customer.overdueFen > 0 &&
      view.totalFen > previous.totalFen
    ) {
      violations.push(
        `amendment raised ${orderId} of ${customer.customerId}, who has overdue debt, from ${previous.totalFen} to ${view.totalFen}: ${describePlan(plan)}`,
      );
    }
  }

  // Refusals of a lone amendment that the order before the batch explains.
  for (const plan of amends) {
    if (
      !plan.order ||
      !plan.valid ||
      amends.filter(
        (other) => other.order?.orderId === plan.order?.orderId && isOk(other),
      ).length > 0
    )
      continue;
    const outcome = outcomeOf(plan.reply?.body);
    const previous = before.get(plan.order.orderId) as OrderSnapshot;
    const expected = expectedAmendedLines(plan, previous);
    const newTotal = expected.reduce((sum, line) => sum + line.amountFen, 0);
    if (outcome === "CREDIT_BLOCKED" && newTotal <= previous.totalFen) {
      violations.push(
        `CREDIT_BLOCKED for an amendment that does not raise the total (${previous.totalFen} to ${newTotal}): ${describePlan(plan)}`,
      );
    }
    if (outcome === "INSUFFICIENT_STOCK") {
      const grows = plan.lines.some((line) => {
        const old = previous.lines.find(
          (candidate) =>
            candidate.skuId === line.skuId && candidate.unit === line.unit,
        );
        return !old || line.quantity > old.quantity;
      });
      if (!grows)
        violations.push(
          `INSUFFICIENT_STOCK for an amendment that adds and raises nothing: ${describePlan(plan)}`,
        );
    }
  }
  return violations;
}

async function runBatch(
  batch: Operation[],
  routes: boolean[],
  runOrders: string[],
): Promise<string[]> {
  const before = readOrders(runOrders);
  const snapshots = [...before.values()];
  const plans: Planned[] = batch.map((operation) => {
    if (operation.kind === "place") return planPlace(operation);
    if (operation.kind === "amend") return planAmend(operation, snapshots);
    return planOrderAction(operation, snapshots);
  });
  const targeted = [
    ...new Set(
      plans.flatMap((plan) => (plan.order ? [plan.order.orderId] : [])),
    ),
  ];
  const eventsBefore = amendedEventCounts(targeted);

  const replies = await Promise.all(
    plans.map((plan, index) =>
      callAt(
        routes[index] ? (sibling as ChildServer).baseUrl : server.baseUrl,
        plan.fn,
        plan.body,
        tokens.get(plan.user.userId),
      ),
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
    const outcome = outcomeOf(reply.body);
    addTo(outcomeCounts, `${plan.label} ${outcome}`, 1);
    for (const problem of envelopeProblems({
      status: reply.status,
      body: reply.body,
      text: "",
    })) {
      violations.push(`${problem}: ${describePlan(plan)}`);
    }
    if (!plan.allowed.includes(outcome))
      violations.push(
        `expected one of ${plan.allowed.join(", ")}: ${describePlan(plan)}`,
      );
  }

  const succeeded = (kind: Operation["kind"], orderId: string) =>
    succeededOn(plans, kind, orderId);

  for (const plan of plans) {
    const outcome = outcomeOf(plan.reply?.body);
    if (plan.kind === "place") {
      const place = plan as PlannedPlace;
      if (outcome === "ok") {
        const view = dataOf(plan);
        for (const problem of placedProblems(place, view))
          violations.push(`${problem}: ${describePlan(plan)}`);
        runOrders.push(view.orderId);
        placedOrders.push(view.orderId);
        const negotiated = place.lines.filter(
          (line) => line.negotiatedPriceFen !== undefined,
        );
        if (negotiated.length > 0) {
          negotiatedByOrder.set(
            view.orderId,
            new Map(
              negotiated.map((line) => [
                `${line.skuId}|${line.unit}`,
                line.negotiatedPriceFen as number,
              ]),
            ),
          );
        }
      } else if (!place.valid) {
        // A refused placement must not have created an order.
        const row = server.app.store.db
          .prepare("SELECT order_id FROM orders WHERE request_id = ?")
          .get(plan.body.requestId);
        if (row)
          violations.push(
            `a refused placement created order ${JSON.stringify(row)}: ${describePlan(plan)}`,
          );
      }
    }
    if (plan.kind === "pick" && outcome === "INVALID_INPUT" && plan.order) {
      // A pick of what was left before the batch is invalid only if an
      // amendment or shipment changed what is left.
      const orderId = plan.order.orderId;
      if (
        succeeded("amend", orderId).length === 0 &&
        succeeded("ship", orderId).length === 0
      ) {
        violations.push(
          `pick of the remaining quantities was invalid although no amendment or shipment changed them: ${describePlan(plan)}`,
        );
      }
    }
  }

  const after = readOrders(runOrders);
  const eventsAfter = amendedEventCounts(targeted);
  violations.push(
    ...amendmentProblems({ plans, before, after, eventsBefore, eventsAfter }),
  );

  const touched = new Set([
    ...targeted,
    ...plans
      .filter((plan) => plan.kind === "place" && isOk(plan))
      .map((plan) => dataOf(plan).orderId),
  ]);
  for (const orderId of touched) {
    const order = after.get(orderId);
    if (order) violations.push(...negotiatedProblems(order));
  }
  violations.push(...creditProblems());
  const db = server.app.store.db;
  violations.push(
    ...stockViolations(db),
    ...orderRecordViolations(db),
    ...auditTrailViolations(db),
  );
  if (violations.length > 0)
    violations.unshift(`batch ${batchesRun}, seed ${SEED}, size ${SIZE}`);
  return violations;
}

describe("amendments and negotiated prices under concurrent random operations", () => {
  it(
    "keeps replies, stock, credit and prices consistent",
    async () => {
      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(
          runArbitrary,
          async ({ operations, batchSizes, routes }) => {
            await prepareRun();
            const runOrders: string[] = [];
            const violations: string[] = [];
            let next = 0;
            for (
              let index = 0;
              next < operations.length && violations.length === 0;
              index += 1
            ) {
              const batch = operations.slice(next, next + batchSizes[index]);
              const batchRoutes = routes.slice(next, next + batch.length);
              next += batch.length;
              violations.push(
                ...(await runBatch(batch, batchRoutes, runOrders)),
              );
            }
            if (violations.length === 0) {
              for (const order of readOrders(runOrders).values())
                violations.push(...negotiatedProblems(order));
            }
            expect(violations).toEqual([]);
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );

      expect(operationsRun).toBeGreaterThanOrEqual(RUNS * OPS_PER_RUN);
      // The races this test is about must actually have happened.
      const required = [
        "place ok",
        "place negotiated ok",
        "place negotiated by customer FORBIDDEN",
        "approve ok",
        "amend ok",
        "amend adding lines ok",
        "amend adding lines INSUFFICIENT_STOCK",
        "cancel ok",
        "pick ok",
        "ship ok",
      ];
      const missing = required.filter((outcome) => !outcomeCounts.get(outcome));
      expect(missing).toEqual([]);
      if (process.env.RELIABILITY_REPORT) {
        process.stdout.write(
          `amend-race: ${operationsRun} operations in ${batchesRun} batches in ${Date.now() - started} ms, seed ${SEED}; ` +
            `${amendRaces} batches amended one order more than once, ${amendRacesWonTwice} of them twice successfully\n` +
            `${JSON.stringify(Object.fromEntries([...outcomeCounts].sort()), null, 1)}\n`,
        );
      }
    },
    bySize(60_000, 1_800_000),
  );
});
