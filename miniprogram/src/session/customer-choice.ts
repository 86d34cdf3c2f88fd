import Taro from "@tarojs/taro";

import type { CustomerOption } from "../api/customers";

const CUSTOMER_CHOICE_KEY = "orderDesk.customerChoice";

/** Loads the customer a salesperson or clerk chose to order for, if any. */
export function loadCustomerChoice(): CustomerOption | null {
  const stored: unknown = Taro.getStorageSync(CUSTOMER_CHOICE_KEY);
  if (typeof stored !== "object" || stored === null) return null;
  const choice = stored as Partial<CustomerOption>;
  if (typeof choice.customerId !== "string") return null;
  return { customerId: choice.customerId, name: choice.name ?? "" };
}

export function saveCustomerChoice(choice: CustomerOption): void {
  Taro.setStorageSync(CUSTOMER_CHOICE_KEY, choice);
}

export function clearCustomerChoice(): void {
  Taro.removeStorageSync(CUSTOMER_CHOICE_KEY);
}
