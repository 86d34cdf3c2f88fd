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
import { approvedFields, orderAudience, outboxFor, rejectedFields } from "../notification/notices";
import type { OutboxRecord } from "../store/records";
import { changeOrder, releaseAll } from "./change";
import { loadVisibleOrder } from "./queries";
import { toOrderView } from "./views";

type ReviewAction = Extract<OrderAction, "approve" | "reject" | "cancel">;

const EVENT_NAMES: Record<ReviewAction, string> = {
  approve: "order.approved",
  reject: "order.rejected",
  cancel: "order.cancelled",
};

/**
 * Applies approve, reject or cancel. The change applies only to the order
 * version it was decided on, and reject and cancel release the
 * reservation in the same step, so a repeated or concurrent cancel
 * releases stock once. A cancel of an already cancelled order returns it
 * unchanged. Approve and reject tell the customer through the outbox.
 */
export async function transitionOrder(
  runtime: Runtime,
  caller: Caller,
  action: ReviewAction,
  input: { orderId: string; reason?: string },
): Promise<OrderView> {
  // A role that may never take this action is FORBIDDEN; one that could,
  // but not from the order's current status, gets ORDER_STATE_CONFLICT.
  if (statusesAllowing(action, caller.role).length === 0) {
    throw new AppError("FORBIDDEN", `a ${caller.role} cannot ${action} orders`);
  }
  const order = await loadVisibleOrder(runtime, caller, input.orderId);
  const audience = action === "cancel" ? [] : await orderAudience(runtime, order);

  const updated = await changeOrder(runtime, order, (current, reservations) => {
    if (action === "cancel" && current.status === "cancelled") {
      return { kind: "unchanged", order: current };
    }
    const decision = nextStatus(action, current.status, caller.role);
    if (!decision.ok) {
      throw new AppError(
        "ORDER_STATE_CONFLICT",
        `cannot ${action} order ${current.orderNo}: it is ${current.status}`,
        { status: current.status },
      );
    }

    if (action === "approve" && current.flags.some((flag) => flag.code === "CREDIT_HOLD")) {
      throw new AppError("ORDER_STATE_CONFLICT", `order ${current.orderNo} is on credit hold; release it first`, {
        status: current.status,
        flag: "CREDIT_HOLD",
      });
    }

    const now = runtime.now();
    const next = {
      ...current,
      status: decision.to,
      updatedAt: now,
      ...(action === "approve" ? { approvedAt: now } : {}),
    };
    let outbox: OutboxRecord[] = [];
    if (action === "approve") outbox = outboxFor(audience, "orderApproved", approvedFields(next, now), next, now);
    if (action === "reject") {
      outbox = outboxFor(audience, "orderRejected", rejectedFields(next, input.reason ?? "", now), next, now);
    }
    return {
      kind: "change",
      change: {
        next,
        ...(action === "approve" ? {} : releaseAll(reservations)),
        events: [
          {
            eventId: newId("evt"),
            entityType: "order",
            entityId: current.orderId,
            action: EVENT_NAMES[action],
            actorId: caller.userId,
            actorRole: caller.role,
            at: now,
            data: {
              from: current.status,
              to: decision.to,
              ...(input.reason ? { reason: input.reason } : {}),
            },
          },
        ],
        outbox,
      },
    };
  });
  return toOrderView(updated, undefined, caller.role);
}
