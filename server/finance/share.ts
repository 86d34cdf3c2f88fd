import { createHmac, timingSafeEqual } from "node:crypto";

import { toChinaIso } from "../../shared/china-time";
import { AppError } from "../../shared/errors";
import { IdSchema } from "../../shared/schemas/common";
import {
  MonthSchema,
  SHARED_STATEMENT_PAGE,
  type SharedStatementView,
  type StatementShareView,
} from "../../shared/schemas/finance";
import { resolveActingCustomer } from "../core/access";
import type { Caller } from "../core/caller";
import { hashUserId } from "../core/logger";
import type { Runtime } from "../core/runtime";
import type { Visitor } from "../functions/define";
import { statementOf } from "./statement";

/**
 * Lifetime of a share link in days. A statement is sent after its month
 * ends, and the demo customers' monthly terms give 30 or 45 days from
 * month end to pay, so the link lasts about as long as the shop owner
 * checks and pays the statement. After that, a link forwarded in a chat
 * no longer shows the account.
 * NOTE: a link cannot be revoked before it expires. Changing the secret
 * ends every link at once.
 */
export const SHARE_LINK_LIFETIME_DAYS = 30;

const SECONDS_PER_DAY = 24 * 60 * 60;

/** Minimum key length in bytes: a key shorter than HMAC-SHA256's 32-byte output weakens it. */
export const MIN_SHARE_SECRET_BYTES = 32;

/** First part of every token; a new token layout gets a new version. */
const TOKEN_VERSION = "s1";

/** Length of an HMAC-SHA256 digest in unpadded base64url. */
const MAC_LENGTH = 43;

/** Grant of a share token: one customer's statement for one month, until an instant. */
export interface ShareClaims {
  customerId: string;
  month: string;
  /** Expiry in epoch seconds. */
  expiresAtSeconds: number;
}

function macOf(secret: Buffer, claims: ShareClaims): string {
  // NUL separators cannot occur in an id, a month or a number, so two
  // different claims never produce the same signed text.
  const text = ["statement-share", TOKEN_VERSION, claims.customerId, claims.month, String(claims.expiresAtSeconds)].join("\u0000");
  return createHmac("sha256", secret).update(text).digest("base64url");
}

/** Signs claims as "s1.<customerId in base64url>.<month>.<expiry seconds>.<HMAC>". */
export function signShareToken(secret: Buffer, claims: ShareClaims): string {
  const encodedId = Buffer.from(claims.customerId, "utf8").toString("base64url");
  return [TOKEN_VERSION, encodedId, claims.month, String(claims.expiresAtSeconds), macOf(secret, claims)].join(".");
}

function invalidToken(): AppError {
  return new AppError("UNAUTHENTICATED", "the share link is invalid; ask the sender for a new link", {
    reason: "invalid",
  });
}

/** Splits a token into its claims and signature, or returns null when it is malformed. */
function parseShareToken(token: string): { claims: ShareClaims; mac: string } | null {
  const parts = token.split(".");
  if (parts.length !== 5) return null;
  const [version, encodedId, month, expiry, mac] = parts;
  if (version !== TOKEN_VERSION) return null;
  const customerId = Buffer.from(encodedId, "base64url").toString("utf8");
  // Node's decoder skips characters outside the alphabet, so only the
  // canonical encoding of a valid id is accepted.
  if (Buffer.from(customerId, "utf8").toString("base64url") !== encodedId) return null;
  if (!IdSchema.safeParse(customerId).success) return null;
  if (!MonthSchema.safeParse(month).success) return null;
  if (!/^[1-9][0-9]{0,11}$/.test(expiry)) return null;
  if (mac.length !== MAC_LENGTH) return null;
  return { claims: { customerId, month, expiresAtSeconds: Number(expiry) }, mac };
}

/**
 * Returns the claims of a token signed with `secret` that has not expired
 * at `now` (epoch ms). A malformed, forged or expired token is rejected
 * as UNAUTHENTICATED, with details.reason "invalid" or "expired".
 */
export function verifyShareToken(secret: Buffer, token: string, now: number): ShareClaims {
  const parsed = parseShareToken(token);
  if (!parsed) throw invalidToken();
  const expected = Buffer.from(macOf(secret, parsed.claims));
  const actual = Buffer.from(parsed.mac);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw invalidToken();

  const expiresAt = parsed.claims.expiresAtSeconds * 1000;
  if (now >= expiresAt) {
    throw new AppError(
      "UNAUTHENTICATED",
      `the share link expired at ${toChinaIso(expiresAt)}; ask the sender for a new link`,
      { reason: "expired", expiresAt: toChinaIso(expiresAt) },
    );
  }
  return parsed.claims;
}

/** Returns the configured signing key, or fails with INTERNAL and logs the misconfiguration. */
function requireShareSecret(runtime: Runtime): Buffer {
  const secret = runtime.shareSecret;
  if (secret && secret.length >= MIN_SHARE_SECRET_BYTES) return secret;
  const problem = secret
    ? `SHARE_SECRET is shorter than ${MIN_SHARE_SECRET_BYTES} bytes`
    : "SHARE_SECRET is not set";
  runtime.logger.error({ minBytes: MIN_SHARE_SECRET_BYTES }, `statement share links are off: ${problem}`);
  throw new AppError("INTERNAL", `statement share links are not configured: ${problem}`);
}

/**
 * finance.shareStatement: signs a link to one customer's statement for one
 * month, valid for SHARE_LINK_LIFETIME_DAYS. The caller must be allowed
 * to see that customer, as for finance.statement. Nothing is stored.
 */
export async function shareStatement(
  runtime: Runtime,
  caller: Caller,
  input: { customerId?: string; month: string },
): Promise<StatementShareView> {
  const customer = await resolveActingCustomer(runtime.store, caller, input.customerId);
  const secret = requireShareSecret(runtime);
  const claims: ShareClaims = {
    customerId: customer.customerId,
    month: input.month,
    expiresAtSeconds: Math.floor(runtime.now() / 1000) + SHARE_LINK_LIFETIME_DAYS * SECONDS_PER_DAY,
  };
  const token = signShareToken(secret, claims);
  runtime.logger.info(
    { customerId: customer.customerId, month: input.month, user: hashUserId(caller.userId) },
    "statement share link created",
  );
  return {
    token,
    expiresAt: toChinaIso(claims.expiresAtSeconds * 1000),
    path: `${SHARED_STATEMENT_PAGE}?token=${token}`,
  };
}

/**
 * finance.sharedStatement: returns the statement a valid token names, to
 * anyone holding the token. The reply names the customer and leaves out
 * their id. It reads only and writes nothing.
 */
export async function openSharedStatement(
  runtime: Runtime,
  _visitor: Visitor,
  input: { token: string },
): Promise<SharedStatementView> {
  const secret = requireShareSecret(runtime);
  const claims = verifyShareToken(secret, input.token, runtime.now());
  const customer = await runtime.store.getCustomer(claims.customerId);
  if (!customer) throw new AppError("NOT_FOUND", "the customer of this share link was not found");
  const { customerId: _customerId, ...statement } = await statementOf(runtime, customer, claims.month);
  return { ...statement, expiresAt: toChinaIso(claims.expiresAtSeconds * 1000) };
}
