/**
 * First sign-in on SQLite: the first manager and one-time invitations.
 * Each step is one BEGIN IMMEDIATE transaction, so two processes sharing
 * the file serialise on the write lock and the second reads the first's
 * writes.
 */

import type Database from "better-sqlite3";

import { AppError } from "../../../shared/errors";
import type { FirstManagerClaim, InvitationRedemption } from "../port";
import type { AuditEventRecord, CustomerRecord, InvitationRecord, UserRecord } from "../records";
import { insertEvent } from "./order-change";

export const IDENTITY_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS invitations (
  invitation_id TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL,
  redeemed_by TEXT,
  data TEXT NOT NULL
);
`;

/** Key of the settings row written by the first manager claim. */
const FIRST_MANAGER_KEY = "firstManager";

type Row = Record<string, unknown>;

function registrationConflict(reason: string, message: string, extra: object = {}): AppError {
  return new AppError("REGISTRATION_CONFLICT", message, { reason, ...extra });
}

function insertUser(db: Database.Database, user: UserRecord): void {
  db.prepare("INSERT INTO users (user_id, openid, data) VALUES (?, ?, ?)").run(
    user.userId,
    user.openid ?? null,
    JSON.stringify(user),
  );
}

function readUser(db: Database.Database, userId: string): UserRecord | null {
  const row = db.prepare("SELECT data FROM users WHERE user_id = ?").get(userId) as Row | undefined;
  return row ? (JSON.parse(String(row.data)) as UserRecord) : null;
}

function assertUnregistered(db: Database.Database, userId: string, openid: string): void {
  const taken = db
    .prepare("SELECT 1 FROM users WHERE user_id = ? OR openid = ?")
    .get(userId, openid);
  if (taken)
    throw registrationConflict("already_registered", "this WeChat user is already registered");
}

export function claimFirstManager(db: Database.Database, claim: FirstManagerClaim): UserRecord {
  const { user } = claim;
  if (user.role !== "manager" || !user.openid) {
    throw new Error("claimFirstManager needs a manager with an openid");
  }
  const claimInTransaction = db.transaction(() => {
    const marker = db.prepare("SELECT value FROM settings WHERE key = ?").get(FIRST_MANAGER_KEY) as
      Row | undefined;
    const existing = readUser(db, user.userId);
    // A retry by the manager who claimed returns their record.
    if (
      marker &&
      existing &&
      (JSON.parse(String(marker.value)) as { userId: string }).userId === user.userId
    ) {
      return existing;
    }
    const manager = db
      .prepare("SELECT 1 FROM users WHERE json_extract(data, '$.role') = 'manager' LIMIT 1")
      .get();
    if (marker || manager) {
      throw registrationConflict(
        "manager_exists",
        "a manager already exists; ask them for an invitation code",
      );
    }
    assertUnregistered(db, user.userId, user.openid ?? "");
    db.prepare("INSERT INTO settings (key, value) VALUES (?, ?)").run(
      FIRST_MANAGER_KEY,
      JSON.stringify({ userId: user.userId, at: claim.event.at }),
    );
    insertUser(db, user);
    insertEvent(db, claim.event);
    return user;
  });
  return claimInTransaction.immediate();
}

export function saveInvitation(
  db: Database.Database,
  invitation: InvitationRecord,
  event: AuditEventRecord,
): void {
  const save = db.transaction(() => {
    db.prepare(
      "INSERT INTO invitations (invitation_id, expires_at, redeemed_by, data) VALUES (?, ?, NULL, ?)",
    ).run(invitation.invitationId, invitation.expiresAt, JSON.stringify(invitation));
    insertEvent(db, event);
  });
  save.immediate();
}

export function getInvitation(
  db: Database.Database,
  invitationId: string,
): InvitationRecord | null {
  const row = db
    .prepare("SELECT data FROM invitations WHERE invitation_id = ?")
    .get(invitationId) as Row | undefined;
  return row ? (JSON.parse(String(row.data)) as InvitationRecord) : null;
}

function readCustomer(db: Database.Database, customerId: string): CustomerRecord {
  const row = db.prepare("SELECT data FROM customers WHERE customer_id = ?").get(customerId) as
    Row | undefined;
  if (!row) throw new AppError("NOT_FOUND", `customer ${customerId} not found`);
  return JSON.parse(String(row.data)) as CustomerRecord;
}

export function redeemInvitation(
  db: Database.Database,
  redemption: InvitationRedemption,
): UserRecord {
  const redeem = db.transaction(() => {
    const invitation = getInvitation(db, redemption.invitationId);
    if (!invitation)
      throw new AppError("NOT_FOUND", "invitation code not found; check it or ask for a new one");
    if (invitation.redeemedAt !== undefined) {
      // A retry by the person who redeemed returns their record.
      const existing =
        invitation.redeemedBy === redemption.userId ? readUser(db, redemption.userId) : null;
      if (existing) return existing;
      throw registrationConflict(
        "invitation_redeemed",
        "this invitation code has already been used",
      );
    }
    if (redemption.now >= invitation.expiresAt) {
      throw registrationConflict(
        "invitation_expired",
        "this invitation code has expired; ask for a new one",
        {
          expiresAt: invitation.expiresAt,
        },
      );
    }
    assertUnregistered(db, redemption.userId, redemption.openid);

    const user: UserRecord = {
      userId: redemption.userId,
      name: invitation.name,
      role: invitation.role,
      ...(invitation.customerId ? { customerId: invitation.customerId } : {}),
      openid: redemption.openid,
    };
    if (invitation.customerId) readCustomer(db, invitation.customerId);
    for (const customerId of invitation.assignCustomerIds ?? []) {
      const customer = { ...readCustomer(db, customerId), salespersonId: user.userId };
      db.prepare("UPDATE customers SET salesperson_id = ?, data = ? WHERE customer_id = ?").run(
        user.userId,
        JSON.stringify(customer),
        customerId,
      );
    }
    insertUser(db, user);
    const redeemed: InvitationRecord = {
      ...invitation,
      redeemedBy: user.userId,
      redeemedAt: redemption.now,
    };
    const changed = db
      .prepare(
        "UPDATE invitations SET redeemed_by = ?, data = ? WHERE invitation_id = ? AND redeemed_by IS NULL",
      )
      .run(user.userId, JSON.stringify(redeemed), invitation.invitationId);
    if (changed.changes !== 1) {
      throw registrationConflict(
        "invitation_redeemed",
        "this invitation code has already been used",
      );
    }
    insertEvent(db, redemption.event);
    return user;
  });
  return redeem.immediate();
}
