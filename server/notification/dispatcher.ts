import type { Runtime } from "../core/runtime";
import type { InboxRecord, OutboxRecord } from "../store/records";
import type { MessageSender } from "./senders";
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
    fields: message.fields,
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
 * Each message is claimed before it is sent, so dispatchers that run at
 * once (two timer runs that overlap, or a manager's manual dispatch)
 * never both send it.
 */
export async function dispatchDue(
  runtime: Runtime,
  sender: MessageSender,
  policy: DispatchPolicy = DEFAULT_DISPATCH_POLICY,
): Promise<DispatchReport> {
  const report: DispatchReport = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  const now = runtime.now();
  const due = await runtime.store.listDueMessages(now, policy.batchSize);

  for (const listed of due) {
    const claimedUntil = now + policy.claimMs;
    if (!(await runtime.store.claimMessage(listed, claimedUntil))) {
      report.skipped += 1;
      continue;
    }
    const message: OutboxRecord = { ...listed, nextAttemptAt: claimedUntil };
    const attempts = message.attempts + 1;
    const recipient = await runtime.store.getUser(message.recipientUserId);
    if (!recipient) {
      await finish(runtime, { ...message, attempts, status: "failed", lastError: "recipient not found" }, "failed", now);
      report.failed += 1;
      continue;
    }
    if (sender.requiresSubscription && !(await runtime.store.consumeSubscription(recipient.userId, message.template))) {
      await finish(runtime, { ...message, attempts, status: "failed", lastError: "not subscribed" }, "not_subscribed", now);
      report.failed += 1;
      continue;
    }

    const outcome = await sender.send(message, recipient).catch((error: unknown) => ({
      kind: "transient" as const,
      reason: error instanceof Error ? error.message : String(error),
    }));
    if (outcome.kind === "sent") {
      await finish(runtime, { ...message, attempts, status: "sent", sentAt: now }, sender.requiresSubscription ? "sent" : "inbox_only", now);
      report.sent += 1;
      continue;
    }

    // WeChat spends an authorisation only on a delivered message.
    if (sender.requiresSubscription && !("isNotSubscribed" in outcome && outcome.isNotSubscribed)) {
      await runtime.store.addSubscriptions(recipient.userId, message.template, 1);
    }
    const isFinal = outcome.kind === "permanent" || attempts >= policy.maxAttempts;
    if (isFinal) {
      const delivery = "isNotSubscribed" in outcome && outcome.isNotSubscribed ? "not_subscribed" : "failed";
      await finish(runtime, { ...message, attempts, status: "failed", lastError: outcome.reason }, delivery, now);
      report.failed += 1;
    } else {
      const wait = policy.backoffMs[Math.min(attempts - 1, policy.backoffMs.length - 1)];
      await runtime.store.updateMessage({ ...message, attempts, nextAttemptAt: now + wait, lastError: outcome.reason });
      runtime.logger.warn({ messageId: message.messageId, attempts, reason: outcome.reason }, "send failed; will retry");
      report.retried += 1;
    }
  }
  return report;
}

async function finish(
  runtime: Runtime,
  message: OutboxRecord,
  delivery: InboxRecord["delivery"],
  now: number,
): Promise<void> {
  await runtime.store.updateMessage(message);
  await runtime.store.addInbox(inboxEntry(message, delivery, now));
  if (message.status === "failed") {
    runtime.logger.warn({ messageId: message.messageId, reason: message.lastError }, "message not delivered");
  }
}
