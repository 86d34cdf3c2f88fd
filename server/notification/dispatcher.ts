import type { Runtime } from "../core/runtime";
import type { InboxRecord, OutboxRecord, UserRecord } from "../store/records";
import type { MessageSender, SendOutcome } from "./senders";
import { isTemplateKey, TEMPLATES } from "./templates";

export interface DispatchPolicy {
  /** Attempts before a transiently failing message is marked failed. */
  maxAttempts: number;
  /** Wait before each retry, by attempt number; the last value repeats. */
  backoffMs: readonly number[];
  batchSize: number;
  /**
   * How long a claimed message stays out of other dispatchers' reach. It
   * is longer than the longest run of the notifications function (60 s
   * timeout in cloudbaserc.json), so a message is sent twice only when a
   * dispatcher dies between the send and recording its outcome.
   */
  claimMs: number;
}

export const DEFAULT_DISPATCH_POLICY: DispatchPolicy = {
  maxAttempts: 5,
  backoffMs: [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000],
  batchSize: 100,
  claimMs: 10 * 60_000,
};

export interface DispatchReport {
  sent: number;
  retried: number;
  failed: number;
  /** Due messages another dispatcher claimed first. */
  skipped: number;
}

function inboxEntry(message: OutboxRecord, delivery: InboxRecord["delivery"], at: number): InboxRecord {
  return {
    messageId: message.messageId,
    userId: message.recipientUserId,
    template: message.template,
    title: isTemplateKey(message.template) ? TEMPLATES[message.template].title : message.template,
    fields: { ...message.fields, ...message.inboxFields },
    ...(message.page ? { page: message.page } : {}),
    ...(message.orderId ? { orderId: message.orderId } : {}),
    at,
    delivery,
  };
}

/**
 * Sends every outbox message that is due. Transient failures are retried
 * with backoff up to `maxAttempts`; a user who has no subscription left is
 * not retried. A failed send never touches the business change that wrote
 * the message. Each finished message also lands in the user's inbox.
 *
 * Each message is claimed before it is sent, so dispatchers that run at
 * once (two timer runs that overlap, or a manager's manual dispatch)
 * never both send it, and an outcome is recorded only while its claim
 * holds. A claim counts as an attempt, so a message whose dispatcher
 * stopped mid-send is tried again after the claim ends, and at most
 * `maxAttempts` times in all.
 */
export async function dispatchDue(
  runtime: Runtime,
  sender: MessageSender,
  policy: DispatchPolicy = DEFAULT_DISPATCH_POLICY,
): Promise<DispatchReport> {
  const report: DispatchReport = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  const due = await runtime.store.listDueMessages(runtime.now(), policy.batchSize);

  for (const listed of due) {
    const outcome = await dispatchOne(runtime, sender, policy, listed);
    report[outcome] += 1;
  }
  return report;
}

type DispatchOutcome = keyof DispatchReport;

/** Claims, sends and records one due message; returns how it ended. */
async function dispatchOne(
  runtime: Runtime,
  sender: MessageSender,
  policy: DispatchPolicy,
  listed: OutboxRecord,
): Promise<DispatchOutcome> {
  const claimedAt = runtime.now();
  if (listed.attempts >= policy.maxAttempts) {
    // Every attempt was claimed by a dispatcher that stopped before it
    // recorded an outcome, so the message is given up without a send.
    const failed: OutboxRecord = { ...listed, status: "failed", lastError: `no outcome recorded after ${listed.attempts} attempts` };
    return (await finish(runtime, failed, listed, "failed", claimedAt)) ? "failed" : "skipped";
  }
  if (!(await runtime.store.claimMessage(listed, claimedAt + policy.claimMs))) return "skipped";
  const claimed: OutboxRecord = { ...listed, attempts: listed.attempts + 1, nextAttemptAt: claimedAt + policy.claimMs };
  const attempts = claimed.attempts;

  const recipient = await runtime.store.getUser(claimed.recipientUserId);
  if (!recipient) {
    await finish(runtime, { ...claimed, status: "failed", lastError: "recipient not found" }, claimed, "failed", claimedAt);
    return "failed";
  }
  if (sender.requiresSubscription && !(await runtime.store.consumeSubscription(recipient.userId, claimed.template))) {
    await finish(runtime, { ...claimed, status: "failed", lastError: "not subscribed" }, claimed, "not_subscribed", claimedAt);
    return "failed";
  }

  const outcome = await sendSafely(sender, claimed, recipient);
  const now = runtime.now();
  if (outcome.kind === "sent") {
    const delivery = sender.requiresSubscription ? "sent" : "inbox_only";
    await finish(runtime, { ...claimed, status: "sent", sentAt: now }, claimed, delivery, now);
    return "sent";
  }

  // WeChat spends an authorisation only on a delivered message.
  if (sender.requiresSubscription && !("isNotSubscribed" in outcome && outcome.isNotSubscribed)) {
    await runtime.store.addSubscriptions(recipient.userId, claimed.template, 1);
  }
  if (outcome.kind === "permanent" || attempts >= policy.maxAttempts) {
    const delivery = "isNotSubscribed" in outcome && outcome.isNotSubscribed ? "not_subscribed" : "failed";
    await finish(runtime, { ...claimed, status: "failed", lastError: outcome.reason }, claimed, delivery, now);
    return "failed";
  }
  const wait = policy.backoffMs[Math.min(attempts - 1, policy.backoffMs.length - 1)];
  const retry: OutboxRecord = { ...claimed, nextAttemptAt: now + wait, lastError: outcome.reason };
  if (!(await recordOutcome(runtime, retry, claimed))) return "skipped";
  runtime.logger.warn({ messageId: claimed.messageId, attempts, reason: outcome.reason }, "send failed; will retry");
  return "retried";
}

/** Sends one message; a sender that throws or rejects counts as a transient failure. */
async function sendSafely(sender: MessageSender, message: OutboxRecord, recipient: UserRecord): Promise<SendOutcome> {
  try {
    return await sender.send(message, recipient);
  } catch (error) {
    return { kind: "transient", reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Stores the outcome if `claimed` still describes the stored message. When
 * the claim ran out and another dispatcher took the message over, the
 * outcome is dropped and logged, and the other dispatcher's outcome is kept.
 */
async function recordOutcome(runtime: Runtime, message: OutboxRecord, claimed: OutboxRecord): Promise<boolean> {
  const isRecorded = await runtime.store.updateMessage(message, claimed);
  if (!isRecorded) {
    runtime.logger.warn(
      { messageId: message.messageId, attempts: claimed.attempts, status: message.status },
      "claim on the message ended before its outcome was recorded; outcome dropped",
    );
  }
  return isRecorded;
}

/** Records a final outcome and adds the message to the user's inbox; returns false when the claim was lost. */
async function finish(
  runtime: Runtime,
  message: OutboxRecord,
  claimed: OutboxRecord,
  delivery: InboxRecord["delivery"],
  now: number,
): Promise<boolean> {
  if (!(await recordOutcome(runtime, message, claimed))) return false;
  await runtime.store.addInbox(inboxEntry(message, delivery, now));
  if (message.status === "failed") {
    runtime.logger.warn({ messageId: message.messageId, reason: message.lastError }, "message not delivered");
  }
  return true;
}
