import type { FileReply } from "../../../shared/schemas/common";
import { callFunction } from "./call-function";

/** Renders the pick list of one or more orders as a PDF. */
export function printPickList(orderIds: string[]): Promise<FileReply> {
  return callFunction<FileReply>("printing", { action: "pickList", orderIds });
}

/** Renders an order's delivery note as a PDF. */
export function printDeliveryNote(orderId: string): Promise<FileReply> {
  return callFunction<FileReply>("printing", {
    action: "deliveryNote",
    orderId,
  });
}

/**
 * Exports a monthly statement as an Excel workbook. A customer leaves
 * customerId out and gets their own.
 */
export function exportStatement(input: {
  month: string;
  customerId?: string;
}): Promise<FileReply> {
  return callFunction<FileReply>("printing", { action: "statement", ...input });
}
