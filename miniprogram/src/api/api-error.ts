import { isErrorCode, type ErrorCode } from "../../../shared/errors";

/**
 * Codes a call can fail with: the server's codes plus NETWORK_ERROR, which
 * the client raises when no reply arrived or the reply was not a function
 * reply at all.
 */
export type ApiErrorCode = ErrorCode | "NETWORK_ERROR";

/** The one error type `callFunction` throws. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly details: unknown;

  constructor(
    code: ApiErrorCode,
    message: string,
    details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
  }
}

interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

type FunctionReply =
  { ok: true; data: unknown } | { ok: false; error: ErrorBody };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isFunctionReply(value: unknown): value is FunctionReply {
  if (!isRecord(value)) return false;
  if (value.ok === true) return "data" in value;
  if (value.ok !== false || !isRecord(value.error)) return false;
  return typeof value.error.code === "string";
}

/**
 * Unwraps `{ok, data}` or throws the reply's error. An unknown server code
 * becomes INTERNAL with the original code kept in the message.
 */
export function unwrapReply<T>(reply: unknown, functionName: string): T {
  if (!isFunctionReply(reply)) {
    throw new ApiError(
      "NETWORK_ERROR",
      `function ${functionName} returned no {ok} reply`,
    );
  }
  if (reply.ok) return reply.data as T;

  const { code, message, details } = reply.error;
  if (isErrorCode(code)) throw new ApiError(code, message, details);
  throw new ApiError("INTERNAL", `${code}: ${message}`, details);
}
