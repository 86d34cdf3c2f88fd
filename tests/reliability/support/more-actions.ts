import type { Role } from "./demo-facts";

/**
 * The actions of every function except catalog and orders, with the roles
 * each one allows, copied by hand from `server/functions/*.ts` so the
 * suites check the server against this table and not against itself.
 */

const ALL: readonly Role[] = ["customer", "salesperson", "clerk", "warehouse", "finance", "manager"];

/** How an action reaches customer data, which decides its ownership rule. */
export type Target =
  /** No customer or order in the request. */
  | "none"
  /**
   * `customerId` names a customer: another customer's is FORBIDDEN. A
   * return names its customer and that customer's order.
   */
  | "customer"
  /** `orderId` names an order: another customer's is NOT_FOUND. */
  | "order";

export interface MoreAction {
  fn: string;
  action: string;
  roles: readonly Role[];
  target: Target;
  /**
   * True when a share token in the request is the credential, so a caller
   * with no sign-in gets the same reply as a signed-in one.
   */
  isPublic?: boolean;
}

export const MORE_ACTIONS: readonly MoreAction[] = [
  { fn: "customers", action: "list", roles: ALL, target: "none" },
  { fn: "customers", action: "get", roles: ALL, target: "customer" },
  { fn: "fulfilment", action: "pickList", roles: ["warehouse", "manager", "clerk"], target: "order" },
  { fn: "fulfilment", action: "confirmPicked", roles: ["warehouse", "manager"], target: "order" },
  { fn: "fulfilment", action: "ship", roles: ["warehouse", "manager"], target: "order" },
  { fn: "fulfilment", action: "confirmReceipt", roles: ["customer", "salesperson", "warehouse", "clerk", "manager"], target: "order" },
  { fn: "finance", action: "recordPayment", roles: ["finance", "manager", "clerk"], target: "customer" },
  { fn: "finance", action: "rematch", roles: ["finance", "manager"], target: "none" },
  { fn: "finance", action: "vouchers", roles: ["finance", "manager", "clerk"], target: "none" },
  { fn: "finance", action: "dailyReconciliation", roles: ["finance", "manager"], target: "none" },
  { fn: "finance", action: "statement", roles: ["finance", "manager", "clerk", "customer", "salesperson"], target: "customer" },
  { fn: "finance", action: "shareStatement", roles: ["finance", "manager", "customer", "salesperson"], target: "customer" },
  { fn: "finance", action: "sharedStatement", roles: ALL, target: "none", isPublic: true },
  { fn: "finance", action: "revokeStatementShares", roles: ["finance", "manager", "customer", "salesperson"], target: "customer" },
  { fn: "finance", action: "receivables", roles: ["finance", "manager", "clerk", "salesperson"], target: "none" },
  { fn: "finance", action: "createReturn", roles: ["customer", "salesperson", "clerk", "manager"], target: "customer" },
  { fn: "finance", action: "receiveReturn", roles: ["warehouse", "clerk", "manager"], target: "none" },
  { fn: "notifications", action: "inbox", roles: ALL, target: "none" },
  { fn: "notifications", action: "subscribe", roles: ALL, target: "none" },
  { fn: "notifications", action: "dispatch", roles: ["manager"], target: "none" },
  { fn: "alerts", action: "run", roles: ["manager"], target: "none" },
  { fn: "printing", action: "pickList", roles: ["warehouse", "clerk", "manager"], target: "order" },
  { fn: "printing", action: "deliveryNote", roles: ["warehouse", "clerk", "manager"], target: "order" },
  { fn: "printing", action: "statement", roles: ["finance", "manager", "clerk", "customer", "salesperson"], target: "customer" },
  ...["dashboard", "monthlyTrend", "customerFrequency", "productRanking", "dormantCustomers", "export"].map(
    (action): MoreAction => ({ fn: "reports", action, roles: ["manager", "finance"], target: "none" }),
  ),
  { fn: "users", action: "me", roles: ALL, target: "none" },
  { fn: "users", action: "bootstrap", roles: ALL, target: "none" },
  { fn: "users", action: "invite", roles: ["manager"], target: "none" },
  { fn: "users", action: "redeem", roles: ALL, target: "none" },
  { fn: "imports", action: "orderSheet", roles: ["clerk", "manager"], target: "customer" },
  { fn: "imports", action: "catalogSheet", roles: ["clerk", "manager"], target: "none" },
  { fn: "imports", action: "customerSheet", roles: ["clerk", "manager"], target: "none" },
];

/** A one-row CSV order sheet, base64. */
export const ORDER_SHEET_BASE64 = Buffer.from("skuId,unit,quantity\nNFSQ-550,瓶,1\n").toString("base64");

let serial = 0;

/** The month that statement payloads and share tokens name. */
export const STATEMENT_MONTH = "2026-01";

/**
 * Builds a schema-valid payload (without `action`) for one action. The
 * customer and order ids are the request's target. Write actions get
 * fresh request ids and references on every call. `shareToken` is a token
 * from finance.shareStatement, required for finance.sharedStatement.
 */
export function validPayload(spec: MoreAction, customerId: string, orderId: string, shareToken?: string): Record<string, unknown> {
  serial += 1;
  const unique = `${Date.now().toString(36)}-${serial}`;
  switch (`${spec.fn}.${spec.action}`) {
    case "customers.list":
      return { limit: 50 };
    case "customers.get":
      return { customerId };
    case "fulfilment.pickList":
    case "printing.pickList":
      return { orderIds: [orderId] };
    case "fulfilment.confirmPicked":
      return { orderId, lines: [{ lineNo: 1, quantity: 1 }] };
    case "fulfilment.ship":
      return { orderId, requestId: `req-more-${unique}`, carrier: "SF", trackingNo: "SF123456789012" };
    case "fulfilment.confirmReceipt":
      return { orderId, signerName: "王建国" };
    case "finance.recordPayment":
      return { externalRef: `ref-${unique}`, customerId, amountFen: 100, method: "cash", note: "测试" };
    case "finance.rematch":
      return { paymentId: "pay_none", allocations: [], reason: "重新核销" };
    case "finance.vouchers":
      return { date: "2026-01-15" };
    case "finance.dailyReconciliation":
      return { date: "2026-01-15" };
    case "finance.statement":
    case "finance.shareStatement":
    case "printing.statement":
      return { customerId, month: STATEMENT_MONTH };
    case "finance.revokeStatementShares":
      return { customerId };
    case "finance.sharedStatement":
      if (!shareToken) throw new RangeError("finance.sharedStatement needs a share token");
      return { token: shareToken };
    case "finance.receivables":
      return { limit: 50 };
    case "finance.createReturn":
      return { requestId: `req-more-${unique}`, customerId, lines: [{ orderId, lineNo: 1, quantity: 1 }], reason: "破损" };
    case "finance.receiveReturn":
      return { returnId: "ret_none" };
    case "notifications.inbox":
      return { limit: 50 };
    case "notifications.subscribe":
      return { templates: ["orderApproved"] };
    case "notifications.dispatch":
    case "alerts.run":
      return {};
    case "printing.deliveryNote":
      return { orderId };
    case "reports.dashboard":
      return { date: "2026-01-15" };
    case "reports.monthlyTrend":
      return { from: "2026-01", to: "2026-03" };
    case "reports.customerFrequency":
      return { from: "2026-01-01", to: "2026-01-31", limit: 20 };
    case "reports.productRanking":
      return { from: "2026-01-01", to: "2026-01-31", by: "amount" };
    case "reports.dormantCustomers":
      return { days: 30 };
    case "reports.export":
      return { report: "productRanking", from: "2026-01-01", to: "2026-01-31", by: "amount" };
    case "users.me":
      return {};
    case "users.bootstrap":
      return { name: "新老板" };
    case "users.invite":
      return { role: "clerk", name: "新内勤" };
    case "users.redeem":
      return { code: "no-such-code-123" };
    case "imports.orderSheet":
      return { fileName: "order.csv", contentBase64: ORDER_SHEET_BASE64, customerId, requestId: `req-more-${unique}` };
    case "imports.catalogSheet":
    case "imports.customerSheet":
      return { fileName: "sheet.csv", contentBase64: Buffer.from("a,b\n1,2\n").toString("base64") };
    default:
      throw new RangeError(`no payload for ${spec.fn}.${spec.action}`);
  }
}
