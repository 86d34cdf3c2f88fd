import { AppError, type ShortLine } from "../../shared/errors";
import { sumFen } from "../../shared/money";
import { lineAmountFen } from "../../shared/pricing";
import type { AmendInput } from "../../shared/schemas/amend";
import type { OrderFlag, OrderLine, OrderView } from "../../shared/schemas/order";
import { wholeUnits } from "../../shared/units";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import { amendedFields, orderAudience, outboxFor } from "../notification/notices";
import type { Runtime } from "../core/runtime";
import type {
  ReservationChange,
  ReservationRecord,
  ReservationRequest,
  StockMove,
  StockShortage,
} from "../store/port";
import type { CreditExposure, CustomerRecord, OrderRecord } from "../store/records";
import { checkCredit } from "./credit";
import { priceLines, type PricedLine } from "./pricing-lines";
import { loadVisibleOrder } from "./queries";
import { toOrderView } from "./views";

/**
 * An order line and what the amendment makes of it. `before` is null for
 * an added line and `after` is null for a removed one.
 */
interface LineChange {
  before: OrderLine | null;
  /** The repriced and revalidated line, or null when it is removed. */
  after: PricedLine | null;
  baseDelta: number;
}

const lineKey = (skuId: string, unit: string) => `${skuId}\u0000${unit}`;

/** Checks that no SKU and unit is requested twice. */
function rejectDuplicateLines(input: AmendInput): void {
  const seen = new Set<string>();
  const issues: { path: (string | number)[]; code: string; message: string }[] = [];
  input.lines.forEach((line, index) => {
    const key = lineKey(line.skuId, line.unit);
    if (seen.has(key)) {
      issues.push({
        path: ["lines", index],
        code: "duplicate_line",
        message: `${line.skuId} in ${line.unit} is listed twice; list each SKU and unit once`,
      });
    }
    seen.add(key);
  });
  if (issues.length > 0) {
    throw new AppError("INVALID_INPUT", "some amended lines are invalid", issues);
  }
}

/**
 * Pairs the order's lines with the priced request lines by SKU and unit.
 * A request line that matches no order line is added, numbered after the
 * highest line number the order has ever reserved for, so a removed
 * line's number is never given to another line.
 */
function planLineChanges(
  order: OrderRecord,
  reservations: readonly ReservationRecord[],
  priced: readonly PricedLine[],
): LineChange[] {
  const pricedByKey = new Map(priced.map((line) => [lineKey(line.skuId, line.unit), line]));
  const changes: LineChange[] = order.lines.map((before) => {
    const after = pricedByKey.get(lineKey(before.skuId, before.unit)) ?? null;
    return { before, after, baseDelta: (after?.baseQuantity ?? 0) - before.baseQuantity };
  });

  const existing = new Set(order.lines.map((line) => lineKey(line.skuId, line.unit)));
  let lastLineNo = Math.max(
    0,
    ...order.lines.map((line) => line.lineNo),
    ...reservations.map((reservation) => reservation.lineNo),
  );
  for (const line of priced) {
    if (existing.has(lineKey(line.skuId, line.unit))) continue;
    lastLineNo += 1;
    changes.push({ before: null, after: { ...line, lineNo: lastLineNo }, baseDelta: line.baseQuantity });
  }
  return changes;
}

const skuOf = (change: LineChange): string => (change.before ?? (change.after as PricedLine)).skuId;

/**
 * Builds the credit rule for an amendment that raises the order's total by
 * `increaseFen`, for the store to run inside the change's transaction. The
 * clerk making the change is the one who would review a hold, so a hold
 * policy is applied as a block here. Flags the rule raises (overdue debt,
 * over the limit within a tolerance) replace the order's earlier flags of
 * the same code. Returns undefined when the total does not grow.
 */
function amendedCreditCheck(
  customer: CustomerRecord,
  order: OrderRecord,
  increaseFen: number,
): ((exposure: CreditExposure) => OrderFlag[]) | undefined {
  if (increaseFen <= 0) return undefined;
  const policy = customer.creditPolicy === "hold" ? "block" : customer.creditPolicy;
  return (exposure) => {
    const raised = checkCredit({ ...customer, creditPolicy: policy }, exposure, increaseFen);
    const raisedCodes = new Set(raised.map((flag) => flag.code));
    return [...order.flags.filter((flag) => !raisedCodes.has(flag.code)), ...raised];
  };
}

/**
 * Reports each added or grown line whose SKU lacks free stock, in the
 * line's unit. `freeBaseBySku` is each SKU's free stock after the whole
 * amendment, negative when it is short.
 */
function toShortLines(
  changes: readonly LineChange[],
  freeBaseBySku: ReadonlyMap<string, number>,
): ShortLine[] {
  return changes
    .filter((change) => change.after && change.baseDelta > 0)
    .filter((change) => (freeBaseBySku.get(skuOf(change)) ?? 0) < 0)
    .map((change) => {
      const after = change.after as PricedLine;
      const reservedBase = change.before?.baseQuantity ?? 0;
      const free = (freeBaseBySku.get(after.skuId) ?? 0) + change.baseDelta;
      return {
        skuId: after.skuId,
        unit: after.unit,
        requested: after.quantity,
        // The maximum this line can become: what it reserves now plus free stock.
        available: wholeUnits(reservedBase + Math.max(free, 0), after.factor),
      };
    });
}

/** Builds the amended order's lines: kept lines in their order, then added ones. */
function amendedLines(changes: readonly LineChange[], reprice: boolean): OrderLine[] {
  return changes.flatMap(({ before, after }) => {
    if (!after) return [];
    const { available: _available, ...priced } = after;
    // An added line is priced at today's price, as placement prices it.
    if (!before) return [priced];
    const priceFen = reprice ? after.priceFen : before.priceFen;
    return [
      {
        ...before,
        quantity: after.quantity,
        baseQuantity: after.baseQuantity,
        priceFen,
        priceSource: reprice ? after.priceSource : before.priceSource,
        listPriceFen: reprice ? after.listPriceFen : before.listPriceFen,
        amountFen: lineAmountFen(priceFen, after.quantity),
      },
    ];
  });
}

function summarize(lines: readonly OrderLine[]) {
  return lines.map(({ lineNo, skuId, unit, quantity, priceFen }) => ({
    lineNo,
    skuId,
    unit,
    quantity,
    priceFen,
  }));
}

/**
 * Changes quantities of an approved, unshipped order, removes lines and
 * adds lines for SKUs or units it did not have. The order's stock
 * reservation moves by the difference, and added lines are reserved, in
 * one guarded store step. Prices of existing lines stay as placed unless
 * `reprice` is set, and added lines get today's customer price.
 */
export async function amendOrder(
  runtime: Runtime,
  caller: Caller,
  input: AmendInput,
): Promise<OrderView> {
  const order = await loadVisibleOrder(runtime, caller, input.orderId);
  if (order.status !== "approved") {
    throw new AppError(
      "ORDER_STATE_CONFLICT",
      `order ${order.orderNo} is ${order.status}; only approved orders can be amended`,
      { status: order.status },
    );
  }
  rejectDuplicateLines(input);

  const customer = await runtime.store.getCustomer(order.customerId);
  if (!customer) throw new AppError("NOT_FOUND", `customer ${order.customerId} not found`);
  const priced = await priceLines(runtime, customer, input.lines);
  const reservations = await runtime.store.getReservations(order.orderId);
  const changes = planLineChanges(order, reservations, priced);

  // Existing lines move their reservations by a stock move. The store
  // reserves added lines itself, from what the moves leave free.
  const movedBaseBySku = new Map<string, number>();
  const addedBaseBySku = new Map<string, number>();
  for (const change of changes) {
    const totals = change.before ? movedBaseBySku : addedBaseBySku;
    totals.set(skuOf(change), (totals.get(skuOf(change)) ?? 0) + change.baseDelta);
  }
  const freeAfter = (skuId: string, freeBase: number) =>
    freeBase - (movedBaseBySku.get(skuId) ?? 0) - (addedBaseBySku.get(skuId) ?? 0);

  const skuIds = [...new Set(changes.map(skuOf))];
  const freeBaseBySku = new Map(
    (await runtime.store.getStock(skuIds)).map((row) => [
      row.skuId,
      freeAfter(row.skuId, row.onHand - row.reserved),
    ]),
  );
  for (const skuId of skuIds) {
    if (!freeBaseBySku.has(skuId)) freeBaseBySku.set(skuId, freeAfter(skuId, 0));
  }
  const short = toShortLines(changes, freeBaseBySku);
  if (short.length > 0) {
    throw new AppError("INSUFFICIENT_STOCK", "not enough free stock for the amended quantities", short);
  }

  const lines = amendedLines(changes, input.reprice === true);
  const now = runtime.now();
  const next: OrderRecord = {
    ...order,
    lines,
    totalFen: sumFen(lines.map((line) => line.amountFen)),
    updatedAt: now,
  };
  const creditCheck = amendedCreditCheck(customer, order, next.totalFen - order.totalFen);

  const stockMoves: StockMove[] = [...movedBaseBySku]
    .filter(([, delta]) => delta !== 0)
    .map(([skuId, delta]) => ({ skuId, onHandDelta: 0, reservedDelta: delta }));
  const reservationChanges: ReservationChange[] = changes
    .filter((change) => change.before && change.baseDelta !== 0)
    .map((change) => ({
      lineNo: (change.before as OrderLine).lineNo,
      baseDelta: change.baseDelta,
      // A removed line gives its stock back; it was never shipped.
      ...(change.after ? {} : { endState: "released" as const }),
    }));
  const addedReservations: ReservationRequest[] = changes
    .filter((change) => !change.before)
    .map((change) => {
      const after = change.after as PricedLine;
      return { lineNo: after.lineNo, skuId: after.skuId, baseQuantity: after.baseQuantity };
    });

  try {
    const saved = await runtime.store.applyOrderChange({
      orderId: order.orderId,
      expectedVersion: order.version ?? 0,
      next,
      stockMoves,
      reservationChanges,
      addedReservations,
      ...(creditCheck ? { creditCheck } : {}),
      outbox: outboxFor(await orderAudience(runtime, order), "orderAmended", amendedFields(next, order.totalFen, now), next, now),
      events: [
        {
          eventId: newId("evt"),
          entityType: "order",
          entityId: order.orderId,
          action: "order.amended",
          actorId: caller.userId,
          actorRole: caller.role,
          at: now,
          data: {
            reprice: input.reprice === true,
            before: summarize(order.lines),
            after: summarize(lines),
            beforeTotalFen: order.totalFen,
            afterTotalFen: next.totalFen,
          },
        },
      ],
    });
    return toOrderView(saved);
  } catch (error) {
    // Another order took the stock between the read above and the write.
    if (error instanceof AppError && error.code === "INSUFFICIENT_STOCK") {
      throw new AppError(
        "INSUFFICIENT_STOCK",
        error.message,
        toShortLines(changes, freeAfterRace(error.details as StockShortage[], movedBaseBySku, addedBaseBySku)),
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Turns the store's shortages into each short SKU's free stock after the
 * whole amendment. A stock move's shortage (line 0) reports free stock
 * before the move, and an added line's reports free stock after the moves.
 */
function freeAfterRace(
  shortages: readonly StockShortage[],
  movedBaseBySku: ReadonlyMap<string, number>,
  addedBaseBySku: ReadonlyMap<string, number>,
): Map<string, number> {
  const freeBaseBySku = new Map<string, number>();
  for (const shortage of shortages) {
    const moved = shortage.lineNo === 0 ? (movedBaseBySku.get(shortage.skuId) ?? 0) : 0;
    const added = addedBaseBySku.get(shortage.skuId) ?? 0;
    freeBaseBySku.set(shortage.skuId, shortage.availableBase - moved - added);
  }
  return freeBaseBySku;
}
