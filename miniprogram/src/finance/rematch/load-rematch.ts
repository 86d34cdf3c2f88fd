import type { PaymentView } from "../../../../shared/schemas/finance";
import { ApiError } from "../../api/api-error";
import { getCustomer } from "../../api/customers";
import { getReceivables, getVoucher } from "../../api/finance";
import { getOrder } from "../../api/orders";
import { allocationRows, type AllocationRow } from "./allocation-rows";

export interface RematchData {
  payment: PaymentView;
  customerName: string;
  rows: AllocationRow[];
}

async function orderNoOf(orderId: string): Promise<[string, string | undefined]> {
  try {
    return [orderId, (await getOrder(orderId)).orderNo];
  } catch {
    // A missing order number only makes the row show its receivable id.
    return [orderId, undefined];
  }
}

/**
 * Loads a payment, the customer's open receivables and the order number of
 * each, which is what a person matching by hand needs to see.
 */
export async function loadRematch(paymentId: string): Promise<RematchData> {
  const [voucher] = (await getVoucher(paymentId)).items;
  if (!voucher) throw new ApiError("NOT_FOUND", `payment ${paymentId} not found`);
  const { payment } = voucher;

  const ageing = await getReceivables({ customerId: payment.customerId });
  const open = ageing.customers.find((entry) => entry.customerId === payment.customerId);
  const rows = allocationRows(payment, open);

  const missing = [...new Set(rows.flatMap((row) => (row.orderId && !row.orderNo ? [row.orderId] : [])))];
  const orderNos = new Map(await Promise.all(missing.map(orderNoOf)));
  const named = rows.map((row) => {
    const orderNo = row.orderNo ?? (row.orderId ? orderNos.get(row.orderId) : undefined);
    return orderNo ? { ...row, orderNo } : row;
  });

  const customerName = open?.customerName ?? (await getCustomer(payment.customerId)).name;
  return { payment, customerName, rows: named };
}
