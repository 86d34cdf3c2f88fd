import { AppError } from "../../shared/errors";
import type { OrderView } from "../../shared/schemas/order";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import type { Runtime } from "../core/runtime";
import { changeOrder } from "./change";
import { loadVisibleOrder } from "./queries";
import { toOrderView } from "./views";

/**
 * Releases an order placed on credit hold so it can be approved. The
 * credit flags stay on the order for the record; the release, its reason
 * and who made it go to the audit trail.
 */
export async function releaseCreditHold(
  runtime: Runtime,
  caller: Caller,
  input: { orderId: string; reason: string },
): Promise<OrderView> {
  const order = await loadVisibleOrder(runtime, caller, input.orderId);
  const updated = await changeOrder(runtime, order, (current) => {
    if (!current.flags.some((flag) => flag.code === "CREDIT_HOLD")) {
      return { kind: "unchanged", order: current };
    }
    if (current.status !== "pending_review") {
      throw new AppError("ORDER_STATE_CONFLICT", `order ${current.orderNo} is ${current.status}`, {
        status: current.status,
      });
    }
    const now = runtime.now();
    return {
      kind: "change",
      change: {
        next: { ...current, flags: current.flags.filter((flag) => flag.code !== "CREDIT_HOLD"), updatedAt: now },
        events: [
          {
            eventId: newId("evt"),
            entityType: "order",
            entityId: current.orderId,
            action: "order.credit_released",
            actorId: caller.userId,
            actorRole: caller.role,
            at: now,
            data: { reason: input.reason },
          },
        ],
      },
    };
  });
  return toOrderView(updated);
}
