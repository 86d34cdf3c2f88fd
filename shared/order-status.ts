/**
 * The order's life as a state machine. Every status the product will ever
 * use is listed here; each transition names the roles that may perform it.
 */

import type { Role } from "./roles";

export const ORDER_STATUSES = [
  "pending_review",
  "approved",
  "picked",
  "partially_shipped",
  "shipped",
  "delivered",
  "completed",
  "cancelled",
  "rejected",
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Chinese labels for the mini-program. */
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  pending_review: "待审核",
  approved: "已审核",
  picked: "已拣货",
  partially_shipped: "部分发货",
  shipped: "已发货",
  delivered: "已签收",
  completed: "已完成",
  cancelled: "已取消",
  rejected: "已驳回",
};

export const ORDER_ACTIONS = [
  "approve",
  "reject",
  "cancel",
  "confirmPicked",
  "ship",
  "confirmReceipt",
  "complete",
] as const;

export type OrderAction = (typeof ORDER_ACTIONS)[number];

interface Transition {
  from: readonly OrderStatus[];
  to: OrderStatus;
  roles: readonly Role[];
}

/**
 * Allowed transitions. Cancel has two rows because customers and
 * salespeople may cancel only before review, while a clerk may cancel any
 * order that has not left the warehouse.
 */
const TRANSITIONS: Record<OrderAction, readonly Transition[]> = {
  approve: [{ from: ["pending_review"], to: "approved", roles: ["clerk", "manager"] }],
  reject: [{ from: ["pending_review"], to: "rejected", roles: ["clerk", "manager"] }],
  cancel: [
    {
      from: ["pending_review"],
      to: "cancelled",
      roles: ["customer", "salesperson", "clerk", "manager"],
    },
    { from: ["approved", "picked"], to: "cancelled", roles: ["clerk", "manager"] },
  ],
  confirmPicked: [
    {
      from: ["approved", "partially_shipped", "picked"],
      to: "picked",
      roles: ["warehouse", "manager"],
    },
  ],
  // A partial shipment leads to partially_shipped instead; see the ship service.
  ship: [{ from: ["picked"], to: "shipped", roles: ["warehouse", "manager"] }],
  confirmReceipt: [
    {
      // Receipt of part of a partial delivery is recorded without a status change.
      from: ["shipped", "partially_shipped"],
      to: "delivered",
      roles: ["customer", "salesperson", "warehouse", "clerk", "manager"],
    },
  ],
  complete: [{ from: ["delivered"], to: "completed", roles: ["finance", "manager"] }],
};

/** Statuses that hold reserved stock. */
export const RESERVING_STATUSES: readonly OrderStatus[] = [
  "pending_review",
  "approved",
  "picked",
  "partially_shipped",
];

/** Statuses from which nothing further happens. */
export const FINAL_STATUSES: readonly OrderStatus[] = ["completed", "cancelled", "rejected"];

/**
 * Returns the status an action leads to from `from` for `role`, or a reason
 * it is not allowed: "state" when no role could do it from this status,
 * "role" when the status allows it but not for this role.
 */
export function nextStatus(
  action: OrderAction,
  from: OrderStatus,
  role: Role,
): { ok: true; to: OrderStatus } | { ok: false; reason: "state" | "role" } {
  const rows = TRANSITIONS[action].filter((row) => row.from.includes(from));
  if (rows.length === 0) return { ok: false, reason: "state" };
  const row = rows.find((candidate) => candidate.roles.includes(role));
  if (!row) return { ok: false, reason: "role" };
  return { ok: true, to: row.to };
}

/** Statuses from which `action` may run for `role`. */
export function statusesAllowing(action: OrderAction, role: Role): OrderStatus[] {
  return TRANSITIONS[action]
    .filter((row) => row.roles.includes(role))
    .flatMap((row) => [...row.from]);
}

export function isReserving(status: OrderStatus): boolean {
  return RESERVING_STATUSES.includes(status);
}
