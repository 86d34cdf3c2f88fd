import { ROLES, type Role } from "../../../shared/roles";
import type { CustomerOption } from "../api/customers";

/**
 * Whom the cart and catalog prices are for. A customer orders for
 * themself, and the server finds their customer id from the caller. Staff
 * who order on a customer's behalf must name the customer.
 */
export type OrderingTarget =
  | { kind: "self" }
  | { kind: "customer"; customer: CustomerOption }
  | { kind: "needs-customer" }
  | { kind: "browse-only" };

const ON_BEHALF_ROLES: readonly Role[] = ["salesperson", "clerk", "manager"];

export function canOrderOnBehalf(role: Role): boolean {
  return ON_BEHALF_ROLES.includes(role);
}

export function resolveOrderingTarget(
  role: Role,
  choice: CustomerOption | null,
): OrderingTarget {
  if (role === "customer") return { kind: "self" };
  if (!canOrderOnBehalf(role)) return { kind: "browse-only" };
  if (!choice) return { kind: "needs-customer" };
  return { kind: "customer", customer: choice };
}

/** Returns the customerId to send with catalog.list, orders.quote and orders.place. */
export function targetCustomerId(target: OrderingTarget): string | undefined {
  return target.kind === "customer" ? target.customer.customerId : undefined;
}

export function canPlaceOrders(target: OrderingTarget): boolean {
  return target.kind === "self" || target.kind === "customer";
}

export const ROLE_LABELS: Record<Role, string> = {
  customer: "客户",
  salesperson: "业务员",
  clerk: "内勤",
  warehouse: "仓库",
  finance: "财务",
  manager: "经理",
};

/**
 * Formats a person's name with their role, e.g. "张晓（内勤）". A name that
 * already names the role is shown as it is, and a name that already ends
 * in brackets, such as a shop owner's "王建国（惠民便利店）", gets the role
 * after a dot instead of a second pair of brackets.
 */
export function nameWithRole(name: string, roleLabel: string): string {
  if (name.includes(`（${roleLabel}）`)) return name;
  if (name.endsWith("）")) return `${name} · ${roleLabel}`;
  return `${name}（${roleLabel}）`;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
