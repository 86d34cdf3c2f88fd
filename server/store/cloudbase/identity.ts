/**
 * First sign-in on CloudBase: the first manager and one-time invitations.
 *
 * Why each step happens once under concurrency: snapshot isolation fails
 * the second of two overlapping transactions that write the same
 * document, and runInTransaction re-runs it against the committed values.
 * - claimFirstManager reads and then writes the `settings` document
 *   FIRST_MANAGER_ID, so of two concurrent claims one commits and the
 *   re-run of the other finds the marker.
 * - redeemInvitation reads and then writes the invitation document, so of
 *   two people redeeming one code, one commits and the other's re-run
 *   finds it redeemed.
 * - Both write the user document, whose id is derived from the openid
 *   (server/identity/codes.ts), so one openid cannot register twice.
 */

import { AppError } from "../../../shared/errors";
import type { FirstManagerClaim, InvitationRedemption } from "../port";
import type { AuditEventRecord, InvitationRecord, UserRecord } from "../records";
import type { StoreContext } from "./context";
import { type CollectionName, setPayload, toDocument, toRecord } from "./documents";
import { readDocument } from "./paging";
import { getUserByOpenid } from "./parties";
import { documentsOf, type StoredDocument, type Transaction } from "./sdk";
import { expectOneUpdated, runInTransaction } from "./transaction";

/** Id of the `settings` document that marks the first manager as claimed. */
export const FIRST_MANAGER_ID = "firstManager";

interface FirstManagerMarker {
  userId: string;
  at: number;
}

function registrationConflict(reason: string, message: string, extra: object = {}): AppError {
  return new AppError("REGISTRATION_CONFLICT", message, { reason, ...extra });
}

function alreadyRegistered(): AppError {
  return registrationConflict("already_registered", "this WeChat user is already registered");
}

async function readInTransaction(
  context: StoreContext,
  transaction: Transaction,
  collection: CollectionName,
  id: string,
): Promise<StoredDocument | null> {
  const reply = await context.inTransaction(transaction, collection).doc(id).get();
  return documentsOf(reply)[0] ?? null;
}

/**
 * Throws REGISTRATION_CONFLICT when the openid already has a user. This
 * read runs outside the transaction and only catches users whose id was
 * not derived from their openid (saved by saveUser). The transaction's
 * read of the derived user id is what makes registration atomic.
 */
async function assertOpenidUnused(context: StoreContext, openid: string): Promise<void> {
  if (await getUserByOpenid(context, openid)) throw alreadyRegistered();
}

async function managerExists(context: StoreContext): Promise<boolean> {
  const reply = await context
    .collection("users")
    .where({ role: "manager" })
    .orderBy("_id", "asc")
    .limit(1)
    .get();
  return documentsOf(reply).length > 0;
}

async function claimInTransaction(
  context: StoreContext,
  transaction: Transaction,
  claim: FirstManagerClaim,
): Promise<UserRecord> {
  const { user } = claim;
  const marker = await readInTransaction(context, transaction, "settings", FIRST_MANAGER_ID);
  if (marker !== null) {
    // A retry by the manager who claimed returns their record.
    const existing = await readInTransaction(context, transaction, "users", user.userId);
    if (toRecord<FirstManagerMarker>(marker).userId === user.userId && existing !== null) {
      return toRecord<UserRecord>(existing);
    }
    throw registrationConflict(
      "manager_exists",
      "a manager already exists; ask them for an invitation code",
    );
  }
  if ((await readInTransaction(context, transaction, "users", user.userId)) !== null) {
    throw alreadyRegistered();
  }

  const value: FirstManagerMarker = { userId: user.userId, at: claim.event.at };
  await context.inTransaction(transaction, "settings").doc(FIRST_MANAGER_ID).set(value);
  await context.inTransaction(transaction, "users").doc(user.userId).set(setPayload(user));
  await context
    .inTransaction(transaction, "audit_events")
    .add(toDocument(claim.event.eventId, claim.event));
  return user;
}

/**
 * Claims the first manager (see the file comment).
 * NOTE: a manager saved by saveUser while a claim runs is not detected,
 * because the check for an existing manager is a query, which a
 * transaction cannot contain. Only seeding and imports call saveUser.
 */
export async function claimFirstManager(
  context: StoreContext,
  claim: FirstManagerClaim,
): Promise<UserRecord> {
  const { user } = claim;
  if (user.role !== "manager" || !user.openid) {
    throw new Error("claimFirstManager needs a manager with an openid");
  }
  const marker = await readDocument(context, "settings", FIRST_MANAGER_ID);
  if (marker === null && (await managerExists(context))) {
    throw registrationConflict(
      "manager_exists",
      "a manager already exists; ask them for an invitation code",
    );
  }
  const existing = await getUserByOpenid(context, user.openid);
  if (existing !== null && existing.userId !== user.userId) throw alreadyRegistered();
  return runInTransaction(context, (transaction) =>
    claimInTransaction(context, transaction, claim),
  );
}

export async function saveInvitation(
  context: StoreContext,
  invitation: InvitationRecord,
  event: AuditEventRecord,
): Promise<void> {
  await runInTransaction(context, async (transaction) => {
    await context
      .inTransaction(transaction, "invitations")
      .add(toDocument(invitation.invitationId, invitation));
    await context.inTransaction(transaction, "audit_events").add(toDocument(event.eventId, event));
  });
}

export async function getInvitation(
  context: StoreContext,
  invitationId: string,
): Promise<InvitationRecord | null> {
  const document = await readDocument(context, "invitations", invitationId);
  return document && toRecord<InvitationRecord>(document);
}

async function redeemInTransaction(
  context: StoreContext,
  transaction: Transaction,
  redemption: InvitationRedemption,
): Promise<UserRecord> {
  const { invitationId, userId, openid, now } = redemption;
  const document = await readInTransaction(context, transaction, "invitations", invitationId);
  if (document === null) {
    throw new AppError("NOT_FOUND", "invitation code not found; check it or ask for a new one");
  }
  const invitation = toRecord<InvitationRecord>(document);
  const existingUser = await readInTransaction(context, transaction, "users", userId);
  if (invitation.redeemedAt !== undefined) {
    // A retry by the person who redeemed returns their record.
    if (invitation.redeemedBy === userId && existingUser !== null) {
      return toRecord<UserRecord>(existingUser);
    }
    throw registrationConflict("invitation_redeemed", "this invitation code has already been used");
  }
  if (now >= invitation.expiresAt) {
    throw registrationConflict(
      "invitation_expired",
      "this invitation code has expired; ask for a new one",
      {
        expiresAt: invitation.expiresAt,
      },
    );
  }
  if (existingUser !== null) throw alreadyRegistered();

  // Read every customer before writing, so a missing one throws before the
  // transaction takes any lock.
  const customerIds = [
    ...(invitation.customerId ? [invitation.customerId] : []),
    ...(invitation.assignCustomerIds ?? []),
  ];
  for (const customerId of customerIds) {
    if ((await readInTransaction(context, transaction, "customers", customerId)) === null) {
      throw new AppError("NOT_FOUND", `customer ${customerId} not found`);
    }
  }

  const user: UserRecord = {
    userId,
    name: invitation.name,
    role: invitation.role,
    ...(invitation.customerId ? { customerId: invitation.customerId } : {}),
    openid,
  };
  for (const customerId of invitation.assignCustomerIds ?? []) {
    const result = await context
      .inTransaction(transaction, "customers")
      .doc(customerId)
      .update({ salespersonId: userId });
    expectOneUpdated(result, `customer ${customerId}`);
  }
  await context.inTransaction(transaction, "users").doc(userId).set(setPayload(user));
  const result = await context
    .inTransaction(transaction, "invitations")
    .doc(invitationId)
    .update({ redeemedBy: userId, redeemedAt: now });
  expectOneUpdated(result, `invitation ${invitationId}`);
  await context
    .inTransaction(transaction, "audit_events")
    .add(toDocument(redemption.event.eventId, redemption.event));
  return user;
}

/** Redeems an invitation exactly once (see the file comment). */
export async function redeemInvitation(
  context: StoreContext,
  redemption: InvitationRedemption,
): Promise<UserRecord> {
  const existing = await getUserByOpenid(context, redemption.openid);
  if (existing !== null && existing.userId !== redemption.userId) throw alreadyRegistered();
  return runInTransaction(context, (transaction) =>
    redeemInTransaction(context, transaction, redemption),
  );
}
