import { AppError, type ShortLine } from "../../shared/errors";
import { sumFen } from "../../shared/money";
import { lineAmountFen } from "../../shared/pricing";
import type { AmendInput } from "../../shared/schemas/amend";
import type { OrderLine, OrderView } from "../../shared/schemas/order";
import { wholeUnits } from "../../shared/units";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import type { Runtime } from "../core/runtime";
import type { ReservationChange, StockMove, StockShortage } from "../store/port";
import type { OrderRecord } from "../store/records";
import { checkCredit } from "./credit";
import { priceLines, type PricedLine } from "./pricing-lines";
import { loadVisibleOrder } from "./queries";
import { toOrderView } from "./views";

/** An existing order line and what the amendment makes of it. */
interface LineChange {
  before: OrderLine;
  /** The repriced and revalidated line, or null when it is removed. */
  after: PricedLine | null;
  baseDelta: number;
}

const lineKey = (skuId: string, unit: string) => `${skuId}\u0000${unit}`;

/**
 * Checks that each requested line names, once, an order line of the same
 * SKU and unit.
 * NOTE: only existing lines can change or go; a new SKU or unit is
 * rejected, because the Store port adjusts existing reservations only.
 */
function matchLines(order: OrderRecord, input: AmendInput): void {
  const existing = new Set(order.lines.map((line) => lineKey(line.skuId, line.unit)));
  const seen = new Set<string>();
  const issues: { path: (string | number)[]; code: string; message: string }[] = [];
  input.lines.forEach((line, index) => {
    const key = lineKey(line.skuId, line.unit);
    if (seen.has(key)) {
      issues.push({
        path: ["lines", index],
        code: "duplicate_line",
        message: `${line.skuId} in ${line.unit} is listed twice`,
      });
    } else if (!existing.has(key)) {
      issues.push({
        path: ["lines", index],
        code: "not_in_order",
        message: `${line.skuId} in ${line.unit} is not a line of order ${order.orderNo}; place a new order for it`,
      });
    }
    seen.add(key);
  });
  if (issues.length > 0) {
    throw new AppError("INVALID_INPUT", "some amended lines are invalid", issues);
  }
}

/**
 * Checks a larger total against the customer's credit. The clerk making
 * the change is the one who would review a hold, so a hold policy is
 * applied as a block here.
 * NOTE: the exposure is read before the change is applied, so a
 * placement racing the amendment is not seen.
 */
async function checkAmendedCredit(runtime: Runtime, order: OrderRecord, increaseFen: number): Promise<void> {
  if (increaseFen <= 0) return;
  const customer = await runtime.store.getCustomer(order.customerId);
  if (!customer) throw new AppError("NOT_FOUND", `customer ${order.customerId} not found`);
  const exposure = await runtime.store.getCreditExposure(customer.customerId, runtime.now());
  const policy = customer.creditPolicy === "hold" ? "block" : customer.creditPolicy;
  checkCredit({ ...customer, creditPolicy: policy }, exposure, increaseFen);
}

/** Reports each grown line whose SKU lacks free stock, in the line's unit. */
function toShortLines(
  changes: readonly LineChange[],
  freeBaseBySku: ReadonlyMap<string, number>,
): ShortLine[] {
  return changes
    .filter((change) => change.after && change.baseDelta > 0)
    .filter((change) => (freeBaseBySku.get(change.before.skuId) ?? 0) < 0)
    .map((change) => {
      const after = change.after as PricedLine;
      const free = (freeBaseBySku.get(after.skuId) ?? 0) + change.baseDelta;
      return {
        skuId: after.skuId,
        unit: after.unit,
        requested: after.quantity,
        // The maximum this line can become: what it reserves now plus free stock.
        available: wholeUnits(change.before.baseQuantity + Math.max(free, 0), after.factor),
      };
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
 * Changes quantities of an approved, unshipped order or removes lines,
 * moving its stock reservation by the difference in one guarded store
 * step. Prices stay as placed unless `reprice` is set.
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
  matchLines(order, input);

  const customer = await runtime.store.getCustomer(order.customerId);
  if (!customer) throw new AppError("NOT_FOUND", `customer ${order.customerId} not found`);
  const priced = await priceLines(runtime, customer, input.lines);
  const pricedByKey = new Map(priced.map((line) => [lineKey(line.skuId, line.unit), line]));
  const changes: LineChange[] = order.lines.map((before) => {
    const after = pricedByKey.get(lineKey(before.skuId, before.unit)) ?? null;
    return { before, after, baseDelta: (after?.baseQuantity ?? 0) - before.baseQuantity };
  });

  // Free stock per SKU after the change; negative means short.
  const skuIds = [...new Set(order.lines.map((line) => line.skuId))];
  const freeBaseBySku = new Map(
    (await runtime.store.getStock(skuIds)).map((row) => [row.skuId, row.onHand - row.reserved]),
  );
  const reservedDeltaBySku = new Map<string, number>();
  for (const change of changes) {
    const skuId = change.before.skuId;
    reservedDeltaBySku.set(skuId, (reservedDeltaBySku.get(skuId) ?? 0) + change.baseDelta);
    freeBaseBySku.set(skuId, (freeBaseBySku.get(skuId) ?? 0) - change.baseDelta);
  }
  const short = toShortLines(changes, freeBaseBySku);
  if (short.length > 0) {
    throw new AppError("INSUFFICIENT_STOCK", "not enough free stock for the amended quantities", short);
  }

  const lines: OrderLine[] = changes.flatMap(({ before, after }) => {
    if (!after) return [];
    const priceFen = input.reprice ? after.priceFen : before.priceFen;
    return [
      {
        ...before,
        quantity: after.quantity,
        baseQuantity: after.baseQuantity,
        priceFen,
        priceSource: input.reprice ? after.priceSource : before.priceSource,
        listPriceFen: input.reprice ? after.listPriceFen : before.listPriceFen,
        amountFen: lineAmountFen(priceFen, after.quantity),
      },
    ];
  });
  const now = runtime.now();
  const next: OrderRecord = {
    ...order,
    lines,
    totalFen: sumFen(lines.map((line) => line.amountFen)),
    updatedAt: now,
  };
  await checkAmendedCredit(runtime, order, next.totalFen - order.totalFen);

  const stockMoves: StockMove[] = [...reservedDeltaBySku]
    .filter(([, delta]) => delta !== 0)
    .map(([skuId, delta]) => ({ skuId, onHandDelta: 0, reservedDelta: delta }));
  const reservationChanges: ReservationChange[] = changes
    .filter((change) => change.baseDelta !== 0)
    .map((change) => ({ lineNo: change.before.lineNo, baseDelta: change.baseDelta }));

  try {
    const saved = await runtime.store.applyOrderChange({
      orderId: order.orderId,
      expectedVersion: order.version ?? 0,
      next,
      stockMoves,
      reservationChanges,
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
      // The store reports free stock before the move; subtract the move.
      const shortSkus = new Map(
        (error.details as StockShortage[]).map((item) => [
          item.skuId,
          item.availableBase - (reservedDeltaBySku.get(item.skuId) ?? 0),
        ]),
      );
      throw new AppError("INSUFFICIENT_STOCK", error.message, toShortLines(changes, shortSkus), {
        cause: error,
      });
    }
    throw error;
  }
}
