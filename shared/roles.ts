/** Who uses the product; every action checks the caller's role. */
export const ROLES = [
  "customer",
  "salesperson",
  "clerk",
  "warehouse",
  "finance",
  "manager",
] as const;

export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ["clerk", "warehouse", "finance", "manager"];

/** Roles that may give a cart line a negotiated price (议价) when they order for a customer. */
export const NEGOTIATING_ROLES: readonly Role[] = ["salesperson", "clerk", "manager"];

/** Roles of the finance desk: matching, reconciliation and the books. */
export const FINANCE_DESK_ROLES: readonly Role[] = ["finance", "manager"];
