/**
 * Outbox, inbox, subscription authorisations and alerts.
 *
 * Why each step is safe under concurrency:
 * - Outbox and inbox documents are inserted inside transactions, so they
 *   are written together with the change they report or not at all. An
 *   inbox message is inserted only if its id is missing. Two transactions
 *   that insert the same id both write that document, so the second
 *   conflicts, re-runs and skips it.
 * - claimMessage, updateMessage and consumeSubscription are guarded
 *   updates of one document outside any transaction. CloudBase checks the
 *   guard and applies the update atomically per document, so of two racing
 *   calls only one can change the document. The guards are
 *   `status: "pending"` with the attempts and nextAttemptAt that were read
 *   or claimed, and `remaining > 0` for a subscription.
 * - addSubscriptions reads and then writes the counter in one transaction,
 *   so concurrent additions conflict and re-run instead of losing a count.
 */

import type { AlertRecord, InboxRecord, OutboxRecord } from "../records";
import type { StoreContext } from "./context";
import {
  alertDocumentId,
  setPayload,
  subscriptionId,
  toDocument,
  toRecord,
} from "./documents";
import { readByKeyset, readDocument } from "./paging";
import type { Transaction } from "./sdk";
import {
  expectOneUpdated,
  readInTransaction,
  runInTransaction,
} from "./transaction";

/**
 * Optional fields of OutboxRecord. updateMessage removes each one that the
 * new record leaves out, so the stored message equals the record.
 * NOTE: a new optional field of OutboxRecord must be added here, or an
 * update that leaves it out keeps its old value.
 */
const OUTBOX_OPTIONAL_FIELDS = [
  "page",
  "orderId",
  "lastError",
  "sentAt",
] as const satisfies readonly (keyof OutboxRecord)[];

interface SubscriptionDocument {
  userId: string;
  template: string;
  remaining: number;
}

/** Inserts an outbox message. A second insert of its id fails the transaction. */
export async function addOutboxInTransaction(
  context: StoreContext,
  transaction: Transaction,
  message: OutboxRecord,
): Promise<void> {
  await context
    .inTransaction(transaction, "outbox")
    .add(toDocument(message.messageId, message));
}

/** Inserts an inbox message unless one with its id is already stored. */
export async function addInboxInTransaction(
  context: StoreContext,
  transaction: Transaction,
  message: InboxRecord,
): Promise<void> {
  const existing = await readInTransaction(
    context,
    transaction,
    "inbox",
    message.messageId,
  );
  if (existing !== null) return;
  await context
    .inTransaction(transaction, "inbox")
    .add(toDocument(message.messageId, message));
}

async function addMessagesInTransaction(
  context: StoreContext,
  transaction: Transaction,
  outbox: readonly OutboxRecord[],
  inbox: readonly InboxRecord[],
): Promise<void> {
  for (const message of outbox) {
    await addOutboxInTransaction(context, transaction, message);
  }
  for (const message of inbox) {
    await addInboxInTransaction(context, transaction, message);
  }
}

export async function saveNotifications(
  context: StoreContext,
  outbox: readonly OutboxRecord[],
  inbox: readonly InboxRecord[],
): Promise<void> {
  if (outbox.length === 0 && inbox.length === 0) return;
  await runInTransaction(context, (transaction) =>
    addMessagesInTransaction(context, transaction, outbox, inbox),
  );
}

/** Returns pending messages due at `now`, by (nextAttemptAt, createdAt, messageId). */
export async function listDueMessages(
  context: StoreContext,
  now: number,
  limit: number,
): Promise<OutboxRecord[]> {
  const documents = await readByKeyset(context, {
    collection: "outbox",
    conditions: [
      { status: "pending", nextAttemptAt: context.command.lte(now) },
    ],
    sortFields: ["nextAttemptAt", "createdAt"],
    direction: "asc",
    limit,
  });
  return documents.map((document) => toRecord<OutboxRecord>(document));
}

/**
 * Claims a due message for one attempt, as updateMessage does: of two
 * dispatchers that read the message, only one moves its attempts and
 * nextAttemptAt.
 */
export function claimMessage(
  context: StoreContext,
  message: OutboxRecord,
  claimedUntil: number,
): Promise<boolean> {
  const claimed: OutboxRecord = {
    ...message,
    attempts: message.attempts + 1,
    nextAttemptAt: claimedUntil,
  };
  return updateMessage(context, claimed, message);
}

/**
 * Overwrites the stored message with `message` in one guarded update, if
 * the stored one is still pending with `expected`'s attempts and
 * nextAttemptAt. Each field is sent with `_.set`, because the SDK would
 * otherwise merge `fields` key by key. Returns false when the guard
 * matches nothing.
 */
export async function updateMessage(
  context: StoreContext,
  message: OutboxRecord,
  expected: OutboxRecord,
): Promise<boolean> {
  const _ = context.command;
  const update: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(setPayload(message))) {
    if (value !== undefined) update[field] = _.set(value);
  }
  for (const field of OUTBOX_OPTIONAL_FIELDS) {
    if (message[field] === undefined) update[field] = _.remove();
  }

  const result = await context
    .collection("outbox")
    .where({
      _id: message.messageId,
      status: "pending",
      attempts: expected.attempts,
      nextAttemptAt: expected.nextAttemptAt,
    })
    .update(update);
  if (result.updated !== 0 && result.updated !== 1) {
    throw new Error(
      `CloudBase update of outbox message ${message.messageId} changed ${String(result.updated)} documents, expected 0 or 1`,
    );
  }
  return result.updated === 1;
}

/** Returns a user's inbox newest first, by (at, messageId), before the cursor. */
export async function listInbox(
  context: StoreContext,
  userId: string,
  page: { beforeAt?: number; beforeId?: string; limit: number },
): Promise<InboxRecord[]> {
  const documents = await readByKeyset(context, {
    collection: "inbox",
    conditions: [{ userId }],
    sortFields: ["at"],
    direction: "desc",
    // An empty id puts the cursor before every message at `beforeAt`,
    // which matches the SQLite adapter when only beforeAt is given.
    after:
      page.beforeAt === undefined
        ? undefined
        : { sortValues: [page.beforeAt], id: page.beforeId ?? "" },
    limit: page.limit,
  });
  return documents.map((document) => toRecord<InboxRecord>(document));
}

export async function addInbox(
  context: StoreContext,
  message: InboxRecord,
): Promise<void> {
  await runInTransaction(context, (transaction) =>
    addInboxInTransaction(context, transaction, message),
  );
}

/** Adds `count` authorisations and returns how many the user now has. */
export function addSubscriptions(
  context: StoreContext,
  userId: string,
  template: string,
  count: number,
): Promise<number> {
  const id = subscriptionId(userId, template);
  return runInTransaction(context, async (transaction) => {
    const subscriptions = context.inTransaction(transaction, "subscriptions");
    const current = await readInTransaction(
      context,
      transaction,
      "subscriptions",
      id,
    );
    if (current === null) {
      const created: SubscriptionDocument = {
        userId,
        template,
        remaining: count,
      };
      await subscriptions.doc(id).set(setPayload(created));
      return count;
    }

    const remaining = Number(current.remaining ?? 0);
    // An $inc of 0 changes nothing and would report 0 documents updated.
    if (count !== 0) {
      const result = await subscriptions
        .doc(id)
        .update({ remaining: context.command.inc(count) });
      expectOneUpdated(result, `subscription ${id}`);
    }
    return remaining + count;
  });
}

/**
 * Takes one authorisation with a guarded decrement. Of any number of
 * racing calls for the last authorisation, exactly one gets `updated === 1`.
 */
export async function consumeSubscription(
  context: StoreContext,
  userId: string,
  template: string,
): Promise<boolean> {
  const _ = context.command;
  const id = subscriptionId(userId, template);
  const result = await context
    .collection("subscriptions")
    .where({ _id: id, remaining: _.gt(0) })
    .update({ remaining: _.inc(-1) });
  if (result.updated === 1) return true;
  if (result.updated === 0) return false;
  throw new Error(
    `CloudBase update of subscription ${id} changed ${String(result.updated)} documents, expected 0 or 1`,
  );
}

export async function countSubscriptions(
  context: StoreContext,
  userId: string,
  template: string,
): Promise<number> {
  const document = await readDocument(
    context,
    "subscriptions",
    subscriptionId(userId, template),
  );
  return document === null ? 0 : Number(document.remaining ?? 0);
}

export async function getAlert(
  context: StoreContext,
  alertId: string,
): Promise<AlertRecord | null> {
  const document = await readDocument(
    context,
    "alerts",
    alertDocumentId(alertId),
  );
  return document && toRecord<AlertRecord>(document);
}

/** Saves the alert and inserts its messages in one transaction. */
export async function saveAlert(
  context: StoreContext,
  alert: AlertRecord,
  outbox: readonly OutboxRecord[],
  inbox: readonly InboxRecord[],
): Promise<void> {
  await runInTransaction(context, async (transaction) => {
    await context
      .inTransaction(transaction, "alerts")
      .doc(alertDocumentId(alert.alertId))
      .set(setPayload(alert));
    await addMessagesInTransaction(context, transaction, outbox, inbox);
  });
}

/** Returns the open and escalated alerts by alertId. */
export async function listActiveAlerts(
  context: StoreContext,
): Promise<AlertRecord[]> {
  const documents = await readByKeyset(context, {
    collection: "alerts",
    conditions: [{ status: context.command.in(["open", "escalated"]) }],
    sortFields: ["alertId"],
    direction: "asc",
  });
  return documents.map((document) => toRecord<AlertRecord>(document));
}
