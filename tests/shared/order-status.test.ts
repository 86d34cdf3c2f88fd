import {
  nextStatus,
  ORDER_STATUSES,
  statusesAllowing,
  type OrderAction,
  type OrderStatus,
} from "../../shared/order-status";
import type { Role } from "../../shared/roles";

describe("order status machine", () => {
  it.each<[OrderAction, OrderStatus, Role, OrderStatus | "state" | "role"]>([
    ["approve", "pending_review", "clerk", "approved"],
    ["approve", "pending_review", "customer", "role"],
    ["approve", "approved", "clerk", "state"],
    ["reject", "pending_review", "manager", "rejected"],
    ["reject", "approved", "clerk", "state"],
    ["cancel", "pending_review", "customer", "cancelled"],
    ["cancel", "pending_review", "salesperson", "cancelled"],
    ["cancel", "approved", "customer", "role"],
    ["cancel", "approved", "clerk", "cancelled"],
    ["cancel", "picked", "clerk", "cancelled"],
    ["cancel", "shipped", "clerk", "state"],
    ["cancel", "rejected", "clerk", "state"],
    ["confirmPicked", "approved", "warehouse", "picked"],
    ["ship", "picked", "warehouse", "shipped"],
    ["confirmReceipt", "shipped", "customer", "delivered"],
    ["complete", "delivered", "finance", "completed"],
  ])("%s from %s by %s gives %s", (action, from, role, expected) => {
    const result = nextStatus(action, from, role);
    expect(result.ok ? result.to : result.reason).toBe(expected);
  });

  it("lets nothing leave a final status", () => {
    for (const status of ["completed", "cancelled", "rejected"] as const) {
      for (const action of ["approve", "reject", "cancel", "ship", "confirmReceipt"] as const) {
        const result = nextStatus(action, status, "manager");
        expect(result.ok).toBe(false);
      }
    }
  });

  it("lists where a role may act", () => {
    expect(statusesAllowing("cancel", "customer")).toEqual(["pending_review"]);
    expect(statusesAllowing("cancel", "clerk")).toEqual(["pending_review", "approved", "picked"]);
    expect(statusesAllowing("approve", "warehouse")).toEqual([]);
    expect(ORDER_STATUSES).toContain("delivered");
  });
});
