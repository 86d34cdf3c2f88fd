import { addChinaDays, chinaDate, startOfChinaDate, startOfChinaMonth } from "../../shared/china-time";
import type { PaymentTerms } from "../store/records";

/**
 * When a delivery must be paid: cash customers pay on delivery; monthly
 * (月结) customers pay a delivery `dueDays` after the end of the China-time
 * month it was delivered in.
 */
export function dueAtFor(terms: PaymentTerms, deliveredAt: number): number {
  if (terms.kind === "cash") return deliveredAt;
  const monthStart = startOfChinaMonth(deliveredAt);
  const nextMonth = startOfChinaMonth(monthStart.getTime() + 32 * 24 * 60 * 60 * 1000);
  return startOfChinaDate(addChinaDays(chinaDate(nextMonth), terms.dueDays)).getTime();
}
