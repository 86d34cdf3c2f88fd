import { AppError } from "../../shared/errors";
import type { OrderFlag } from "../../shared/schemas/order";
import type { CreditExposure, CustomerRecord } from "../store/records";

/**
 * Checks a new order against the customer's credit. Overdue debt, or
 * outstanding debt plus this order above a monthly customer's limit, is a
 * credit problem: under the "block" policy the order is refused with
 * CREDIT_BLOCKED; under "hold" it is accepted with flags for the clerk.
 * Returns the flags to put on the order (empty when credit is fine).
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
  if (
    terms.kind === "monthly" &&
    exposure.outstandingFen + orderTotalFen > terms.creditLimitFen
  ) {
    flags.push({
      code: "OVER_CREDIT_LIMIT",
      details: {
        creditLimitFen: terms.creditLimitFen,
        outstandingFen: exposure.outstandingFen,
        orderTotalFen,
      },
    });
  }
  if (flags.length === 0) return flags;

  if (customer.creditPolicy === "block") {
    throw new AppError("CREDIT_BLOCKED", "the customer's credit does not allow this order", {
      overdueFen: exposure.overdueFen,
      outstandingFen: exposure.outstandingFen,
      ...(terms.kind === "monthly" ? { creditLimitFen: terms.creditLimitFen } : {}),
      orderTotalFen,
    });
  }
  return [{ code: "CREDIT_HOLD" }, ...flags];
}
