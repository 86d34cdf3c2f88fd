import { AppError } from "../../shared/errors";
import { resolveActingCustomer } from "../core/access";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import type { Runtime } from "../core/runtime";
import { loadVisibleOrder } from "../ordering/queries";
import type { OrderRecord } from "../store/records";
import { financeOf, withRetry } from "./context";
import { paidUpdates } from "./payments";
import type { Allocation, ReturnLine, ReturnRecord } from "./records";

/** Quantity of each line the customer has received, in the line's unit. */
function receivedByLine(order: OrderRecord): Map<number, number> {
  const received = new Map<number, number>();
  for (const shipment of order.shipments ?? []) {
    if (!shipment.receipt) continue;
    for (const line of shipment.lines) received.set(line.lineNo, (received.get(line.lineNo) ?? 0) + line.quantity);
  }
  return received;
}

/**
 * Opens a return against one or more delivered orders of one customer.
 * Each line may return at most what was received and not already
 * returned. Nothing moves until the goods are received back.
 */
export async function createReturn(
  runtime: Runtime,
  caller: Caller,
  input: {
    requestId: string;
    customerId?: string;
    lines: { orderId: string; lineNo: number; quantity: number }[];
    reason: string;
    isRefund?: boolean;
  },
): Promise<ReturnRecord> {
  const finance = financeOf(runtime);
  const customer = await resolveActingCustomer(runtime.store, caller, input.customerId);
  const orders = new Map<string, OrderRecord>();
  for (const orderId of new Set(input.lines.map((line) => line.orderId))) {
    const order = await loadVisibleOrder(runtime, caller, orderId);
    if (order.customerId !== customer.customerId) {
      throw new AppError("INVALID_INPUT", `order ${order.orderNo} belongs to another customer`);
    }
    orders.set(orderId, order);
  }
  const alreadyReturned = await finance.returnedQuantities([...orders.keys()]);

  const issues: { path: (string | number)[]; code: string; message: string }[] = [];
  const lines: ReturnLine[] = [];
  input.lines.forEach((line, index) => {
    const order = orders.get(line.orderId) as OrderRecord;
    const orderLine = order.lines.find((candidate) => candidate.lineNo === line.lineNo);
    if (!orderLine) {
      issues.push({ path: ["lines", index, "lineNo"], code: "unknown_line", message: `order ${order.orderNo} has no line ${line.lineNo}` });
      return;
    }
    const received = receivedByLine(order).get(line.lineNo) ?? 0;
    const returned =
      (alreadyReturned.find((r) => r.orderId === line.orderId && r.lineNo === line.lineNo)?.quantity ?? 0) +
      lines.filter((l) => l.orderId === line.orderId && l.lineNo === line.lineNo).reduce((sum, l) => sum + l.quantity, 0);
    if (line.quantity > received - returned) {
      issues.push({
        path: ["lines", index, "quantity"],
        code: "over_return",
        message: `at most ${Math.max(received - returned, 0)} ${orderLine.unit} can be returned`,
      });
      return;
    }
    lines.push({
      orderId: line.orderId,
      lineNo: line.lineNo,
      skuId: orderLine.skuId,
      unit: orderLine.unit,
      quantity: line.quantity,
      baseQuantity: line.quantity * orderLine.factor,
      amountFen: line.quantity * orderLine.priceFen,
    });
  });
  if (issues.length > 0) throw new AppError("INVALID_INPUT", "some return lines are invalid", issues);

  const now = runtime.now();
  const { returnRecord } = await finance.saveReturn({
    returnId: newId("ret"),
    requestId: input.requestId,
    customerId: customer.customerId,
    lines,
    totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0),
    reason: input.reason,
    status: "requested",
    createdBy: caller.userId,
    createdAt: now,
    isRefund: input.isRefund ?? false,
  });
  return returnRecord;
}

/**
 * Receives returned goods: their base quantities go back on hand, and a
 * credit note for their value first reduces what the returned orders
 * still owe. The rest becomes customer credit, or a refund to pay when
 * the return asked for one. Receiving twice is ORDER_STATE_CONFLICT.
 */
export async function receiveReturn(
  runtime: Runtime,
  caller: Caller,
  input: { returnId: string },
): Promise<{ returnRecord: ReturnRecord; creditNoteId: string; creditedFen: number; refundFen: number }> {
  const finance = financeOf(runtime);

  return withRetry(async () => {
    const returnRecord = await finance.getReturn(input.returnId);
    if (!returnRecord) throw new AppError("NOT_FOUND", `return ${input.returnId} not found`);
    if (returnRecord.status !== "requested") {
      throw new AppError("ORDER_STATE_CONFLICT", `return ${returnRecord.returnId} is already ${returnRecord.status}`, {
        status: returnRecord.status,
      });
    }

    const now = runtime.now();
    const orderIds = new Set(returnRecord.lines.map((line) => line.orderId));
    const open = (await finance.listOpenReceivables(returnRecord.customerId)).filter(
      (receivable) => receivable.orderId && orderIds.has(receivable.orderId),
    );
    let left = returnRecord.totalFen;
    const allocations: Allocation[] = [];
    for (const receivable of open) {
      if (left === 0) break;
      const applied = Math.min(left, receivable.amountFen - receivable.paidFen);
      allocations.push({
        receivableId: receivable.receivableId,
        ...(receivable.orderId ? { orderId: receivable.orderId } : {}),
        amountFen: applied,
        mode: "credit",
        matchedBy: caller.userId,
        matchedAt: now,
      });
      left -= applied;
    }
    const refundFen = returnRecord.isRefund ? left : 0;
    const creditedFen = left - refundFen;
    const credit = await finance.getCreditBalance(returnRecord.customerId);
    const creditNoteId = newId("cn");
    const received: ReturnRecord = { ...returnRecord, status: "received", receivedBy: caller.userId, receivedAt: now, creditNoteId };

    await finance.receiveReturn({
      returnRecord: received,
      creditNote: {
        creditNoteId,
        customerId: returnRecord.customerId,
        returnId: returnRecord.returnId,
        amountFen: returnRecord.totalFen,
        createdAt: now,
        allocations,
        creditedFen,
        refundFen,
      },
      stockMoves: returnRecord.lines.map((line) => ({ skuId: line.skuId, baseQuantity: line.baseQuantity })),
      receivableUpdates: paidUpdates(open, allocations),
      ...(creditedFen > 0
        ? { credit: { customerId: returnRecord.customerId, expectedFen: credit, balanceFen: credit + creditedFen } }
        : {}),
      events: [
        {
          eventId: newId("evt"),
          entityType: "customer",
          entityId: returnRecord.customerId,
          action: "return.received",
          actorId: caller.userId,
          actorRole: caller.role,
          at: now,
          data: { returnId: returnRecord.returnId, creditNoteId, amountFen: returnRecord.totalFen, creditedFen, refundFen },
        },
      ],
    });
    return { returnRecord: received, creditNoteId, creditedFen, refundFen };
  });
}
