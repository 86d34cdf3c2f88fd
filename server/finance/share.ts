import { createHmac, timingSafeEqual } from "node:crypto";

import { toChinaIso } from "../../shared/china-time";
import { AppError } from "../../shared/errors";
import { IdSchema } from "../../shared/schemas/common";
import {
  MonthSchema,
  SHARED_STATEMENT_PAGE,
  type SharedStatementView,
  type StatementSharesRevokedView,
  type StatementShareView,
} from "../../shared/schemas/finance";
import { resolveActingCustomer } from "../core/access";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import { hashUserId } from "../core/logger";
import type { Runtime } from "../core/runtime";
import type { Visitor } from "../functions/define";
import type { CustomerRecord } from "../store/records";
import { financeOf } from "./context";
import { statementOf } from "./statement";

/**
 * Lifetime of a share link in days. A statement is sent after its month
 * ends, and the demo customers' monthly terms give 30 or 45 days from
 * month end to pay, so the link lasts about as long as the shop owner
 * checks and pays the statement. After that, a link forwarded in a chat
 * no longer shows the account. finance.revokeStatementShares ends one
 * customer's links earlier, and changing the secret ends every link.
 * NOTE: a token's issue instant is its expiry minus this lifetime, so
 * changing the lifetime moves the issue instant of every link already
 * sent. Such a change needs a token version that carries the issue
 * instant.
 */
export const SHARE_LINK_LIFETIME_DAYS = 30;

const SECONDS_PER_DAY = 24 * 60 * 60;

/** Audit action of a created share link, on the customer's trail. */
export const SHARE_CREATED_ACTION = "statement.share_created";

/** Audit action of a revocation of a customer's share links. */
export const SHARES_REVOKED_ACTION = "statement.shares_revoked";

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

/** Returns the epoch second a token was issued in, which is its expiry minus the lifetime. */
export function issuedAtSecondsOf(claims: ShareClaims): number {
  return claims.expiresAtSeconds - SHARE_LINK_LIFETIME_DAYS * SECONDS_PER_DAY;
}

/*
 * Revocation works in whole seconds, because a token records its issue
 * instant only to the second. A link is void when it was issued in a
 * second that starts before the customer's statementSharesRevokedBefore.
 * A revocation sets that instant to the start of the second after the
 * revocation, so every link issued up to and including the revocation's
 * own second is void. A link created after the revocation reads the
 * customer first and is issued in that next second at the earliest, so
 * it opens even when it was created in the revocation's second. Its
 * expiry is then up to one second later than the lifetime gives. A link
 * whose customer read came before the revocation was stored counts as
 * created before it and is void.
 */

/** Returns the instant in epoch ms that a revocation at `now` stores, which is the start of the next whole second. */
export function revokedBeforeOf(now: number): number {
  return (Math.floor(now / 1000) + 1) * 1000;
}

/** Returns the issue second (epoch seconds) of a link created at `now`, no earlier than the customer's revocation instant. */
export function issueSecondOf(now: number, revokedBefore: number | undefined): number {
  const second = Math.floor(now / 1000);
  if (revokedBefore === undefined) return second;
  return Math.max(second, Math.ceil(revokedBefore / 1000));
}

/** Returns whether the customer revoked their links after this token was issued. */
export function isRevoked(claims: ShareClaims, customer: CustomerRecord): boolean {
  const revokedBefore = customer.statementSharesRevokedBefore;
  return revokedBefore !== undefined && issuedAtSecondsOf(claims) * 1000 < revokedBefore;
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
 * to see that customer, as for finance.statement. The link itself is not
 * stored, but an audit event on the customer records who created it for
 * which month, and the link is returned only once that event is written.
 */
export async function shareStatement(
  runtime: Runtime,
  caller: Caller,
  input: { customerId?: string; month: string },
): Promise<StatementShareView> {
  const customer = await resolveActingCustomer(runtime.store, caller, input.customerId);
  const secret = requireShareSecret(runtime);
  const now = runtime.now();
  const claims: ShareClaims = {
    customerId: customer.customerId,
    month: input.month,
    expiresAtSeconds:
      issueSecondOf(now, customer.statementSharesRevokedBefore) + SHARE_LINK_LIFETIME_DAYS * SECONDS_PER_DAY,
  };
  const token = signShareToken(secret, claims);
  const expiresAt = toChinaIso(claims.expiresAtSeconds * 1000);
  await financeOf(runtime).addEvent({
    eventId: newId("evt"),
    entityType: "customer",
    entityId: customer.customerId,
    action: SHARE_CREATED_ACTION,
    actorId: caller.userId,
    actorRole: caller.role,
    at: now,
    data: { month: input.month, expiresAt },
  });
  runtime.logger.info(
    { customerId: customer.customerId, month: input.month, user: hashUserId(caller.userId) },
    "statement share link created",
  );
  return {
    token,
    expiresAt,
    path: `${SHARED_STATEMENT_PAGE}?token=${token}`,
  };
}

/**
 * finance.revokeStatementShares: voids every share link of one customer
 * created before now, for every month, while links created afterwards
 * open. The same callers as for finance.shareStatement may do it. The
 * revocation goes on the customer's audit trail.
 */
export async function revokeStatementShares(
  runtime: Runtime,
  caller: Caller,
  input: { customerId?: string },
): Promise<StatementSharesRevokedView> {
  const customer = await resolveActingCustomer(runtime.store, caller, input.customerId);
  const now = runtime.now();
  const revokedBefore = revokedBeforeOf(now);
  const stored = await financeOf(runtime).revokeStatementShares({
    customerId: customer.customerId,
    revokedBefore,
    event: {
      eventId: newId("evt"),
      entityType: "customer",
      entityId: customer.customerId,
      action: SHARES_REVOKED_ACTION,
      actorId: caller.userId,
      actorRole: caller.role,
      at: now,
      data: { revokedBefore: toChinaIso(revokedBefore), months: "all" },
    },
  });
  runtime.logger.info(
    { customerId: customer.customerId, revokedBefore: stored, user: hashUserId(caller.userId) },
    "statement share links revoked",
  );
  return { customerId: customer.customerId, revokedBefore: toChinaIso(stored) };
}

/**
 * finance.sharedStatement: returns the statement a valid token names, to
 * anyone holding the token. The reply names the customer and leaves out
 * their id. It reads only and writes nothing. A link the customer's
 * revocation voided is rejected as UNAUTHENTICATED with details.reason
 * "revoked" and nothing else.
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
  if (isRevoked(claims, customer)) {
    throw new AppError("UNAUTHENTICATED", "the share link was revoked; ask the sender for a new link", {
      reason: "revoked",
    });
  }
  const { customerId: _customerId, ...statement } = await statementOf(runtime, customer, claims.month);
  return { ...statement, expiresAt: toChinaIso(claims.expiresAtSeconds * 1000) };
}
