import type { OrderView } from "../../../shared/schemas/order";
import { callFunction } from "./call-function";

/** A sheet row that was not imported and why. */
export interface RejectedRow {
  row: number;
  reason: string;
}

export interface SheetFile {
  fileName: string;
  contentBase64: string;
}

export interface OrderSheetReport {
  order: OrderView | null;
  accepted: number;
  rejects: RejectedRow[];
}

export interface SheetImportReport {
  imported: number;
  rejects: RejectedRow[];
}

/** Places a customer's order from a sheet; the same requestId returns the same order. */
export function importOrderSheet(
  file: SheetFile,
  customerId: string,
  requestId: string,
): Promise<OrderSheetReport> {
  return callFunction<OrderSheetReport>("imports", {
    action: "orderSheet",
    ...file,
    customerId,
    requestId,
  });
}

export function importCatalogSheet(file: SheetFile): Promise<SheetImportReport> {
  return callFunction<SheetImportReport>("imports", {
    action: "catalogSheet",
    ...file,
  });
}

export function importCustomerSheet(
  file: SheetFile,
): Promise<SheetImportReport> {
  return callFunction<SheetImportReport>("imports", {
    action: "customerSheet",
    ...file,
  });
}
