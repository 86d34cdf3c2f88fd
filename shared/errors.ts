/**
 * Stable error codes shared by the functions and the mini-program. The
 * mini-program picks the text it shows by code, so a code never changes
 * meaning once released.
 */
export const ERROR_CODES = [
  "INVALID_INPUT",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "INSUFFICIENT_STOCK",
  "CREDIT_BLOCKED",
  "ORDER_STATE_CONFLICT",
  "IDEMPOTENCY_CONFLICT",
  "REGISTRATION_CONFLICT",
  "PICK_MISMATCH",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status the local server sends for each code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INSUFFICIENT_STOCK: 409,
  CREDIT_BLOCKED: 409,
  ORDER_STATE_CONFLICT: 409,
  IDEMPOTENCY_CONFLICT: 409,
  /**
   * First sign-in could not complete: details.reason is "manager_exists",
   * "already_registered", "invitation_redeemed" or "invitation_expired".
   */
  REGISTRATION_CONFLICT: 409,
  PICK_MISMATCH: 409,
  INTERNAL: 500,
};

/** The one error type every layer throws; the function boundary maps it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return (
    typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value)
  );
}

/** Per-line shortage reported with INSUFFICIENT_STOCK, in the line's unit. */
export interface ShortLine {
  skuId: string;
  unit: string;
  requested: number;
  available: number;
}
