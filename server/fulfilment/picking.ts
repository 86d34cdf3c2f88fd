import { AppError } from "../../shared/errors";
import { nextStatus } from "../../shared/order-status";
import type { OrderView } from "../../shared/schemas/order";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import type { Runtime } from "../core/runtime";
import { changeOrder } from "../ordering/change";
import { loadVisibleOrder } from "../ordering/queries";
import { toOrderView } from "../ordering/views";
import { remainingByLine } from "./quantities";

/**
 * Records what the picker actually picked, per line in the line's unit.
 * Lines left out count as picked zero. Picking more than is left to ship
 * is INVALID_INPUT; picking less is allowed here and decides later whether
 * the shipment must be partial.
 */
export async function confirmPicked(
  runtime: Runtime,
  caller: Caller,
  input: { orderId: string; lines: { lineNo: number; quantity: number }[] },
): Promise<OrderView> {
  const order = await loadVisibleOrder(runtime, caller, input.orderId);

  const updated = await changeOrder(runtime, order, (current) => {
    const decision = nextStatus("confirmPicked", current.status, caller.role);
    if (!decision.ok) {
      throw new AppError("ORDER_STATE_CONFLICT", `order ${current.orderNo} is ${current.status}`, {
        status: current.status,
      });
    }
    const remaining = remainingByLine(current);
    const issues = input.lines.flatMap((line, index) => {
      const left = remaining.get(line.lineNo);
      if (left === undefined) {
        return [{ path: ["lines", index, "lineNo"], code: "unknown_line", message: `no line ${line.lineNo}` }];
      }
      if (line.quantity > left) {
        return [{ path: ["lines", index, "quantity"], code: "over_pick", message: `only ${left} left to ship` }];
      }
      return [];
    });
    const lineNos = input.lines.map((line) => line.lineNo);
    if (new Set(lineNos).size !== lineNos.length) {
      issues.push({ path: ["lines"], code: "duplicate_line", message: "each line once" });
    }
    if (issues.length > 0) throw new AppError("INVALID_INPUT", "picked quantities are invalid", issues);

    const now = runtime.now();
    const picked = current.lines
      .filter((line) => (remaining.get(line.lineNo) ?? 0) > 0)
      .map((line) => ({
        lineNo: line.lineNo,
        quantity: input.lines.find((entry) => entry.lineNo === line.lineNo)?.quantity ?? 0,
      }));
    return {
      kind: "change",
      change: {
        next: {
          ...current,
          status: decision.to,
          updatedAt: now,
          pick: { lines: picked, pickedBy: caller.userId, at: now },
        },
        events: [
          {
            eventId: newId("evt"),
            entityType: "order",
            entityId: current.orderId,
            action: "order.picked",
            actorId: caller.userId,
            actorRole: caller.role,
            at: now,
            data: { lines: picked },
          },
        ],
      },
    };
  });
  return toOrderView(updated);
}
