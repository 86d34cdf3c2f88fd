import type Database from "better-sqlite3";

import type { AlertRecord, InboxRecord, OutboxRecord } from "../records";

type Row = Record<string, unknown>;

function parse<T>(row: Row | undefined): T | null {
  return row ? (JSON.parse(String(row.data)) as T) : null;
}

/** Outbox, inbox, subscription and alert rows on SQLite; callers own the transaction. */
export function insertOutbox(db: Database.Database, message: OutboxRecord): void {
  db.prepare(
    `INSERT INTO outbox (message_id, status, next_attempt_at, created_at, data)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(message.messageId, message.status, message.nextAttemptAt, message.createdAt, JSON.stringify(message));
}

export function insertInbox(db: Database.Database, message: InboxRecord): void {
  db.prepare(
    "INSERT OR IGNORE INTO inbox (message_id, user_id, at, data) VALUES (?, ?, ?, ?)",
  ).run(message.messageId, message.userId, message.at, JSON.stringify(message));
}

export function listDueMessages(db: Database.Database, now: number, limit: number): OutboxRecord[] {
  const rows = db
    .prepare(
      `SELECT data FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?
       ORDER BY next_attempt_at, created_at, message_id LIMIT ?`,
    )
    .all(now, limit) as Row[];
  return rows.map((row) => JSON.parse(String(row.data)) as OutboxRecord);
}

export function claimMessage(db: Database.Database, message: OutboxRecord, claimedUntil: number): boolean {
  const claimed: OutboxRecord = { ...message, attempts: message.attempts + 1, nextAttemptAt: claimedUntil };
  return updateMessage(db, claimed, message);
}

/** Overwrites the message if the stored one is pending with `expected`'s attempts and nextAttemptAt. */
export function updateMessage(db: Database.Database, message: OutboxRecord, expected: OutboxRecord): boolean {
  const result = db
    .prepare(
      `UPDATE outbox SET status = ?, next_attempt_at = ?, data = ?
       WHERE message_id = ? AND status = 'pending' AND next_attempt_at = ?
         AND json_extract(data, '$.attempts') = ?`,
    )
    .run(
      message.status,
      message.nextAttemptAt,
      JSON.stringify(message),
      message.messageId,
      expected.nextAttemptAt,
      expected.attempts,
    );
  return result.changes === 1;
}

export function listInbox(
  db: Database.Database,
  userId: string,
  page: { beforeAt?: number; beforeId?: string; limit: number },
): InboxRecord[] {
  const rows =
    page.beforeAt === undefined
      ? (db
          .prepare("SELECT data FROM inbox WHERE user_id = ? ORDER BY at DESC, message_id DESC LIMIT ?")
          .all(userId, page.limit) as Row[])
      : (db
          .prepare(
            `SELECT data FROM inbox WHERE user_id = ? AND (at < ? OR (at = ? AND message_id < ?))
             ORDER BY at DESC, message_id DESC LIMIT ?`,
          )
          .all(userId, page.beforeAt, page.beforeAt, page.beforeId ?? "", page.limit) as Row[]);
  return rows.map((row) => JSON.parse(String(row.data)) as InboxRecord);
}

export function addSubscriptions(db: Database.Database, userId: string, template: string, count: number): number {
  const row = db
    .prepare(
      `INSERT INTO subscriptions (user_id, template, remaining) VALUES (?, ?, ?)
       ON CONFLICT (user_id, template) DO UPDATE SET remaining = remaining + excluded.remaining
       RETURNING remaining`,
    )
    .get(userId, template, count) as Row;
  return Number(row.remaining);
}

export function consumeSubscription(db: Database.Database, userId: string, template: string): boolean {
  const result = db
    .prepare(
      "UPDATE subscriptions SET remaining = remaining - 1 WHERE user_id = ? AND template = ? AND remaining > 0",
    )
    .run(userId, template);
  return result.changes === 1;
}

export function countSubscriptions(db: Database.Database, userId: string, template: string): number {
  const row = db
    .prepare("SELECT remaining FROM subscriptions WHERE user_id = ? AND template = ?")
    .get(userId, template) as Row | undefined;
  return row ? Number(row.remaining) : 0;
}

export function getAlert(db: Database.Database, alertId: string): AlertRecord | null {
  return parse<AlertRecord>(db.prepare("SELECT data FROM alerts WHERE alert_id = ?").get(alertId) as Row | undefined);
}

export function saveAlert(db: Database.Database, alert: AlertRecord): void {
  db.prepare(
    `INSERT INTO alerts (alert_id, status, data) VALUES (?, ?, ?)
     ON CONFLICT (alert_id) DO UPDATE SET status = excluded.status, data = excluded.data`,
  ).run(alert.alertId, alert.status, JSON.stringify(alert));
}

export function listActiveAlerts(db: Database.Database): AlertRecord[] {
  const rows = db
    .prepare("SELECT data FROM alerts WHERE status IN ('open', 'escalated') ORDER BY alert_id")
    .all() as Row[];
  return rows.map((row) => JSON.parse(String(row.data)) as AlertRecord);
}
