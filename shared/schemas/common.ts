import { z } from "zod";

import { isCalendarDate } from "../china-time";

/** Identifiers: short, URL-safe, never free text. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, "must be letters, digits, '_', '.', ':' or '-'");

/** A client-made idempotency key, e.g. a UUID kept across retries. */
export const RequestIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "must be letters, digits, '_' or '-'");

/** A unit name as defined in the catalog (瓶, 箱, 片, ...). */
export const UnitNameSchema = z.string().min(1).max(8);

/** A quantity in some unit: a positive whole number. */
export const QuantitySchema = z.number().int().positive().max(1_000_000);

/** Money in fen. */
export const FenSchema = z.number().int().min(-1e13).max(1e13);

export const ChinaDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a China-time date YYYY-MM-DD")
  .refine(isCalendarDate, "must be a real calendar date between 1900 and 2999");

/** A China-time month YYYY-MM, in the same years as ChinaDateSchema. */
export const ChinaMonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a China-time month YYYY-MM")
  .refine((text) => isCalendarDate(`${text}-01`), "must be a month between 1900-01 and 2999-12");

export const CursorSchema = z.string().min(1).max(200);
export const LimitSchema = z.number().int().min(1).max(200);

export const PageRequestShape = {
  cursor: CursorSchema.optional(),
  limit: LimitSchema.optional(),
};

export const ReasonSchema = z.string().trim().min(1).max(200);

/** A page of a list reply; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A generated file, base64-encoded so it travels in the JSON reply. */
export interface FileReply {
  fileName: string;
  contentType: string;
  base64: string;
}
