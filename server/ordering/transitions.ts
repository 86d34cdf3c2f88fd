import { AppError } from "../../shared/errors";
import {
  nextStatus,
  statusesAllowing,
  type OrderAction,
} from "../../shared/order-status";
import type { OrderView } from "../../shared/schemas/order";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import type { Runtime } from "../core/runtime";
import { loadVisibleOrder } from "./queries";
import { toOrderView } from "./views";

type ReviewAction = Extract<OrderAction, "approve" | "reject" | "cancel">;

const RELEASES_STOCK: Record<ReviewAction, boolean> = {
  approve: false,
  reject: true,
  cancel: true,
};

/**
 * Applies approve, reject or cancel. The store changes the status only if
 * the order is still in a status this role may act on, and releases the
 * reservation in the same step, so a repeated or concurrent cancel
 * releases stock once. A cancel of an already cancelled order returns it
 * unchanged.
 */
export async function transitionOrder(
  runtime: Runtime,
  caller: Caller,
  action: ReviewAction,
  input: { orderId: string; reason?: string },
): Promise<OrderView> {
  const order = await loadVisibleOrder(runtime, caller, input.orderId);
  if (action === "cancel" && order.status === "cancelled") return toOrderView(order);

  // A role that may never take this action is FORBIDDEN; one that could,
  // but not from the order's current status, gets ORDER_STATE_CONFLICT.
  const allowedFrom = statusesAllowing(action, caller.role);
  if (allowedFrom.length === 0) {
    throw new AppError("FORBIDDEN", `a ${caller.role} cannot ${action} orders`);
  }
  const decision = nextStatus(action, order.status, caller.role);
  if (!decision.ok) {
    throw new AppError(
      "ORDER_STATE_CONFLICT",
      `cannot ${action} order ${order.orderNo}: it is ${order.status}`,
      { status: order.status },
    );
  }

  try {
    const updated = await runtime.store.transitionOrder({
      orderId: order.orderId,
      from: allowedFrom,
      to: decision.to,
      releaseReservations: RELEASES_STOCK[action],
      event: {
        eventId: newId("evt"),
        entityType: "order",
        entityId: order.orderId,
        action: `order.${action === "cancel" ? "cancelled" : `${action}d`}`,
        actorId: caller.userId,
        actorRole: caller.role,
        at: runtime.now(),
        data: {
          from: order.status,
          to: decision.to,
          ...(input.reason ? { reason: input.reason } : {}),
        },
      },
    });
    return toOrderView(updated);
  } catch (error) {
    if (action === "cancel" && error instanceof AppError && error.code === "ORDER_STATE_CONFLICT") {
      const current = await runtime.store.getOrder(order.orderId);
      if (current?.status === "cancelled") return toOrderView(current);
    }
    throw error;
  }
}
