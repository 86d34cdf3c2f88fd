import type { OrderStatus } from "../../shared/order-status";
import type { Role } from "../../shared/roles";
import type { AlertRecord, OrderRecord } from "../store/records";

const HOUR_MS = 60 * 60 * 1000;

export interface AlertRule {
  rule: AlertRecord["rule"];
  /** Statuses in which an order counts as stuck under this rule. */
  statuses: readonly OrderStatus[];
  /** The stored instant the wait is measured from. */
  since(order: OrderRecord): number | undefined;
  thresholdMs: number;
  /** Who is told first; the manager is told on escalation. */
  notify: Role;
  text: string;
}

/** Orders not reviewed within 24 h go to the clerks; approved and not shipped within 48 h to the warehouse. */
export const ALERT_RULES: readonly AlertRule[] = [
  {
    rule: "review_overdue",
    statuses: ["pending_review"],
    since: (order) => order.createdAt,
    thresholdMs: 24 * HOUR_MS,
    notify: "clerk",
    text: "订单超过24小时未审核",
  },
  {
    rule: "ship_overdue",
    statuses: ["approved", "picked"],
    since: (order) => order.approvedAt,
    thresholdMs: 48 * HOUR_MS,
    notify: "warehouse",
    text: "订单审核后超过48小时未发货",
  },
];

/** Default wait after an alert before it escalates to the manager. */
export const DEFAULT_ESCALATE_AFTER_MS = 24 * HOUR_MS;
