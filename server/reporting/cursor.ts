/**
 * Report cursors: the sort key of a page's last row, as base64url JSON.
 * A cursor is checked field by field, so a forged one is rejected as
 * INVALID_INPUT instead of reaching a query.
 */
import { AppError } from "../../shared/errors";

type FieldKind = "integer" | "string";

/** Encodes a sort key whose fields are listed in `fields`. */
export function encodeCursor<T extends object>(
  key: T,
  fields: readonly (keyof T)[],
): string {
  return Buffer.from(
    JSON.stringify(fields.map((field) => key[field])),
  ).toString("base64url");
}

/** Decodes a cursor made by encodeCursor with the same fields and kinds. */
export function decodeCursor<T>(
  cursor: string,
  fields: readonly [keyof T & string, FieldKind][],
): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  const isValid =
    Array.isArray(value) &&
    value.length === fields.length &&
    fields.every(([, kind], index) =>
      kind === "integer"
        ? Number.isSafeInteger(value[index])
        : typeof value[index] === "string",
    );
  if (!isValid) {
    throw new AppError(
      "INVALID_INPUT",
      "cursor is not one this report returned",
      [{ path: ["cursor"], code: "invalid_cursor", message: "invalid cursor" }],
    );
  }
  const key: Record<string, unknown> = {};
  fields.forEach(([name], index) => {
    key[name] = (value as unknown[])[index];
  });
  return key as T;
}
