import { AppError } from "../../shared/errors";
import type { OrderFlag } from "../../shared/schemas/order";
import type { CreditExposure, CustomerRecord } from "../store/records";

/**
 * Builds the CREDIT_HOLD flag from the credit problems behind it, so the
 * review desk can show why the order is held. Its details merge the details
 * of OVERDUE_DEBT (overdueFen) and OVER_CREDIT_LIMIT (creditLimitFen,
 * outstandingFen, openOrdersFen, orderTotalFen), so a key is present only
 * when its problem applies.
 */
function creditHoldFlag(problems: readonly OrderFlag[]): OrderFlag {
  const details: Record<string, number | string> = {};
  for (const problem of problems) Object.assign(details, problem.details);
  return { code: "CREDIT_HOLD", details };
}

/**
 * Applies the credit rule to a new order. Overdue debt is a problem under every
 * policy. For monthly (月结) customers, debt plus open orders plus this
 * order above the credit limit is too. The "block" policy refuses such an
 * order with CREDIT_BLOCKED. The "hold" policy accepts it with CREDIT_HOLD
 * for the clerk to release. The "tolerance" policy accepts it with a flag
 * up to creditTolerancePct over the limit, and refuses it beyond that or
 * with overdue debt. Returns the order's flags.
 */
export function checkCredit(
  customer: CustomerRecord,
  exposure: CreditExposure,
  orderTotalFen: number,
): OrderFlag[] {
  const flags: OrderFlag[] = [];
  if (exposure.overdueFen > 0) {
    flags.push({ code: "OVERDUE_DEBT", details: { overdueFen: exposure.overdueFen } });
  }
  const terms = customer.paymentTerms;
  const openOrdersFen = exposure.openOrdersFen ?? 0;
  const exposureFen = exposure.outstandingFen + openOrdersFen + orderTotalFen;
  const isOverLimit = terms.kind === "monthly" && exposureFen > terms.creditLimitFen;
  if (terms.kind === "monthly" && isOverLimit) {
    flags.push({
      code: "OVER_CREDIT_LIMIT",
      details: {
        creditLimitFen: terms.creditLimitFen,
        outstandingFen: exposure.outstandingFen,
        openOrdersFen,
        orderTotalFen,
      },
    });
  }
  if (flags.length === 0) return flags;

  const withinTolerance =
    customer.creditPolicy === "tolerance" &&
    exposure.overdueFen === 0 &&
    terms.kind === "monthly" &&
    exposureFen * 100 <= terms.creditLimitFen * (100 + (customer.creditTolerancePct ?? 0));
  if (withinTolerance) return flags;
  if (customer.creditPolicy === "hold") return [creditHoldFlag(flags), ...flags];

  throw new AppError("CREDIT_BLOCKED", "the customer's credit does not allow this order", {
    overdueFen: exposure.overdueFen,
    outstandingFen: exposure.outstandingFen,
    openOrdersFen,
    ...(terms.kind === "monthly" ? { creditLimitFen: terms.creditLimitFen } : {}),
    orderTotalFen,
  });
}
