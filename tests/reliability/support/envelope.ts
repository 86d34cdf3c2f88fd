import { ERROR_CODES } from "../../../shared/errors";

/**
 * HTTP status per error code as the local-server contract states it,
 * written out here so the suites check the server against the contract
 * and not against its own table. Codes added to ERROR_CODES later must
 * come with some 4xx status (see envelopeProblems).
 */
export const CONTRACT_STATUS: Record<string, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INSUFFICIENT_STOCK: 409,
  CREDIT_BLOCKED: 409,
  ORDER_STATE_CONFLICT: 409,
  IDEMPOTENCY_CONFLICT: 409,
  PICK_MISMATCH: 409,
  INTERNAL: 500,
};

export interface RawReply {
  status: number;
  /** The parsed body, or undefined when it was not JSON. */
  body: unknown;
  text: string;
}

export type Envelope =
  | { ok: true; data: unknown }
  | { ok: false; error: { code: string; message: string; details?: unknown } };

/**
 * Returns what is wrong with a reply as a list of problems (empty when it
 * is a well-formed envelope whose HTTP status matches its code). INTERNAL
 * is always a problem: no input may cause a server error.
 */
export function envelopeProblems(reply: RawReply): string[] {
  const problems: string[] = [];
  const body = reply.body as Record<string, unknown> | undefined;
  if (body === undefined || body === null || typeof body !== "object" || Array.isArray(body)) {
    return [`status ${reply.status} with a body that is not a JSON object: ${reply.text.slice(0, 200)}`];
  }
  if (body.ok === true) {
    if (!("data" in body)) problems.push("ok reply without data");
    if (reply.status !== 200) problems.push(`ok reply with status ${reply.status}`);
    return problems;
  }
  if (body.ok !== false) return [`reply has no boolean ok: ${reply.text.slice(0, 200)}`];
  const error = body.error as Record<string, unknown> | undefined;
  if (!error || typeof error !== "object") return ["error reply without an error object"];
  if (typeof error.code !== "string" || !(ERROR_CODES as readonly string[]).includes(error.code)) {
    problems.push(`error code ${JSON.stringify(error.code)} is not one of ERROR_CODES`);
  } else {
    const expected = CONTRACT_STATUS[error.code];
    const fits = expected === undefined ? reply.status >= 400 && reply.status < 500 : reply.status === expected;
    if (!fits) problems.push(`code ${error.code} came with status ${reply.status}`);
    if (error.code === "INTERNAL") problems.push(`server error: ${String(error.message)}`);
  }
  if (typeof error.message !== "string" || error.message === "") {
    problems.push("error reply without a message");
  }
  return problems;
}

/** Returns the error code of an envelope, or "ok". */
export function outcomeOf(body: unknown): string {
  const envelope = body as Envelope | undefined;
  if (!envelope || typeof envelope !== "object") return "no-envelope";
  return envelope.ok ? "ok" : envelope.error.code;
}

/** Posts a raw body to a function of the server and parses the reply. */
export async function postRaw(
  baseUrl: string,
  fn: string,
  body: string,
  token?: string,
  extraHeaders: Record<string, string> = {},
): Promise<RawReply> {
  const response = await fetch(`${baseUrl}/fn/${fn}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...extraHeaders,
    },
    body,
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text };
}

/** Posts a JSON body to a function of the server at `baseUrl`. */
export async function callAt(
  baseUrl: string,
  fn: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: Envelope }> {
  const reply = await postRaw(baseUrl, fn, JSON.stringify(body), token);
  return { status: reply.status, body: reply.body as Envelope };
}

/** Signs in a demo user at `baseUrl` and returns the token. */
export async function loginAt(baseUrl: string, userId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/auth/dev-login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId }),
  });
  const body = (await response.json()) as { token?: string };
  if (!body.token) throw new Error(`sign-in of ${userId} failed with status ${response.status}`);
  return body.token;
}
