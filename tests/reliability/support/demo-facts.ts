/**
 * Facts about the demo data set that the reliability suites predict
 * outcomes from. They are written out here on purpose, and not imported
 * from the seed or the pricing code, so a change on either side shows up
 * as a failing prediction.
 */

export type Role = "customer" | "salesperson" | "clerk" | "warehouse" | "finance" | "manager";

export interface DemoUser {
  userId: string;
  role: Role;
  /** For customer logins: the customer they act as. */
  customerId?: string;
}

export const USERS: readonly DemoUser[] = [
  { userId: "U-CUST-HZ", role: "customer", customerId: "C-HZ-001" },
  { userId: "U-CUST-SH", role: "customer", customerId: "C-SH-002" },
  { userId: "U-CUST-GZ", role: "customer", customerId: "C-GZ-003" },
  { userId: "U-CUST-CD", role: "customer", customerId: "C-CD-004" },
  { userId: "U-SALES-LI", role: "salesperson" },
  { userId: "U-SALES-ZHOU", role: "salesperson" },
  { userId: "U-CLERK-ZHANG", role: "clerk" },
  { userId: "U-WH-ZHAO", role: "warehouse" },
  { userId: "U-FIN-QIAN", role: "finance" },
  { userId: "U-MGR-LIU", role: "manager" },
];

export interface DemoCustomer {
  customerId: string;
  salespersonId: string;
  /** Tier rate in basis points of the list price. */
  tierRateBp: number;
  creditPolicy: "block" | "hold";
  /** Monthly-terms credit limit in fen; undefined for cash customers. */
  creditLimitFen?: number;
  /** Unpaid receivables in fen; the demo data has no other debt. */
  outstandingFen: number;
  overdueFen: number;
}

export const CUSTOMERS: readonly DemoCustomer[] = [
  { customerId: "C-HZ-001", salespersonId: "U-SALES-LI", tierRateBp: 9000, creditPolicy: "block", creditLimitFen: 5_000_000, outstandingFen: 0, overdueFen: 0 },
  { customerId: "C-SH-002", salespersonId: "U-SALES-LI", tierRateBp: 10000, creditPolicy: "block", outstandingFen: 0, overdueFen: 0 },
  { customerId: "C-GZ-003", salespersonId: "U-SALES-ZHOU", tierRateBp: 9500, creditPolicy: "hold", creditLimitFen: 10_000_000, outstandingFen: 0, overdueFen: 0 },
  { customerId: "C-CD-004", salespersonId: "U-SALES-ZHOU", tierRateBp: 10000, creditPolicy: "block", creditLimitFen: 3_000_000, outstandingFen: 1_280_050, overdueFen: 1_280_050 },
  { customerId: "C-BJ-005", salespersonId: "U-SALES-LI", tierRateBp: 9000, creditPolicy: "hold", creditLimitFen: 2_000_000, outstandingFen: 256_000, overdueFen: 256_000 },
  { customerId: "C-SY-006", salespersonId: "U-SALES-ZHOU", tierRateBp: 9500, creditPolicy: "block", outstandingFen: 0, overdueFen: 0 },
];

/** Negotiated prices in fen, keyed "customerId|skuId|unit". */
export const CUSTOMER_PRICES: ReadonlyMap<string, number> = new Map([
  ["C-HZ-001|NFSQ-550|箱", 2800],
  ["C-GZ-003|HL-PO425|袋", 2300],
]);

export function customerById(customerId: string): DemoCustomer | undefined {
  return CUSTOMERS.find((customer) => customer.customerId === customerId);
}

export function userById(userId: string): DemoUser {
  const user = USERS.find((candidate) => candidate.userId === userId);
  if (!user) throw new RangeError(`no demo user ${userId}`);
  return user;
}

/**
 * Predicts the unit price a customer pays: the negotiated price, else the
 * list price times the tier rate rounded half up to the fen.
 */
export function expectedUnitPrice(customerId: string, skuId: string, unit: string, listPriceFen: number): number {
  const negotiated = CUSTOMER_PRICES.get(`${customerId}|${skuId}|${unit}`);
  if (negotiated !== undefined) return negotiated;
  const customer = customerById(customerId);
  if (!customer) throw new RangeError(`no demo customer ${customerId}`);
  const scaled = listPriceFen * customer.tierRateBp;
  return (scaled - (scaled % 10000)) / 10000 + (scaled % 10000 >= 5000 ? 1 : 0);
}

/** Statuses whose order totals count against a monthly customer's credit limit. */
export const OPEN_STATUSES: readonly string[] = ["pending_review", "approved", "picked", "partially_shipped", "shipped"];

/**
 * Predicts the credit outcome of an order of `totalFen` when the
 * customer's open orders (placed, not yet received) total
 * `openOrdersFen`. The result is blocked, or accepted with these flag
 * codes (CREDIT_HOLD first when a credit problem is held for review).
 */
export function expectedCredit(
  customerId: string,
  totalFen: number,
  openOrdersFen = 0,
): { blocked: true } | { blocked: false; flags: string[] } {
  const customer = customerById(customerId);
  if (!customer) throw new RangeError(`no demo customer ${customerId}`);
  const problems: string[] = [];
  if (customer.overdueFen > 0) problems.push("OVERDUE_DEBT");
  if (
    customer.creditLimitFen !== undefined &&
    customer.outstandingFen + openOrdersFen + totalFen > customer.creditLimitFen
  ) {
    problems.push("OVER_CREDIT_LIMIT");
  }
  if (problems.length === 0) return { blocked: false, flags: [] };
  if (customer.creditPolicy === "block") return { blocked: true };
  return { blocked: false, flags: ["CREDIT_HOLD", ...problems] };
}
