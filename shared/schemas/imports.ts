import { z } from "zod";

import { IdSchema, RequestIdSchema } from "./common";

/**
 * Largest base64 text of an uploaded sheet: the local server takes bodies
 * up to 1 MiB, and base64 adds a third, so files up to about 700 KB.
 */
export const MAX_SHEET_BASE64_CHARS = 960_000;

/** A spreadsheet sent as base64: .xlsx (first worksheet) or .csv (UTF-8). */
export const SheetUploadShape = {
  fileName: z
    .string()
    .trim()
    .min(5)
    .max(120)
    .regex(/\.(xlsx|csv)$/i, "must end in .xlsx or .csv"),
  contentBase64: z
    .string()
    .min(4)
    .max(MAX_SHEET_BASE64_CHARS)
    .regex(/^[A-Za-z0-9+/]+=*$/, "must be base64"),
};

export const SheetImportRequest = z.strictObject(SheetUploadShape);

/** imports.orderSheet: one customer's order, one row per line. */
export const OrderSheetRequest = z.strictObject({
  ...SheetUploadShape,
  customerId: IdSchema,
  requestId: RequestIdSchema,
  remark: z.string().trim().max(200).optional(),
});

export type SheetImportInput = z.infer<typeof SheetImportRequest>;
export type OrderSheetInput = z.infer<typeof OrderSheetRequest>;

/** A sheet row that was not imported, and why, in Chinese for the clerk. */
export interface RejectedRow {
  /** 1-based row number in the sheet, the header being row 1. */
  row: number;
  reason: string;
}

/** The outcome of a catalog or customer sheet import. */
export interface SheetImportReport {
  /** Rows written, new or updated. */
  imported: number;
  rejects: RejectedRow[];
}
