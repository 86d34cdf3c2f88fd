import type { StatementLine } from "./schemas/finance";

/**
 * Names of statement movements, the same in the app and in the exported
 * workbook. A delivery is dated when the customer signed for it, because
 * that is when it becomes a receivable.
 */
export const STATEMENT_KIND_LABELS: Record<StatementLine["kind"], string> = {
  delivery: "送货",
  payment: "收款",
  credit_note: "退货冲减",
};
