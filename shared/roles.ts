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
