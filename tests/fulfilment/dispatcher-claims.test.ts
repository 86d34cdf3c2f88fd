import type { Runtime } from "../../server/core/runtime";
import { DEFAULT_DISPATCH_POLICY, dispatchDue, type DispatchPolicy } from "../../server/notification/dispatcher";
import type { MessageSender, SendOutcome } from "../../server/notification/senders";
import type { OutboxRecord } from "../../server/store/records";
import { startTestServer, type TestServer } from "../support/local-server";

const MINUTE = 60_000;
const T0 = Date.parse("2026-12-01T02:00:00Z");

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer({ now: () => T0 });
  server.app.store.db.prepare("DELETE FROM outbox").run();
});

afterEach(async () => {
  await server.stop();
});

function message(index: number, nextAttemptAt = T0): OutboxRecord {
  return {
    messageId: `msg-claim-${String(index).padStart(3, "0")}`,
    recipientUserId: "U-CUST-SH",
    template: "orderApproved",
    fields: { thing1: `订单 ${index}` },
    status: "pending",
    attempts: 0,
    nextAttemptAt,
    createdAt: T0 - MINUTE,
  };
}

async function seed(count: number): Promise<OutboxRecord[]> {
  const messages = Array.from({ length: count }, (_, index) => message(index + 1));
  await server.app.store.saveNotifications(messages, []);
  return messages;
}

function runtimeAt(clock: () => number): Runtime {
  return { ...server.app.runtime, now: clock };
}

function stored(messageId: string): OutboxRecord {
  const row = server.app.store.db.prepare("SELECT data FROM outbox WHERE message_id = ?").get(messageId) as { data: string };
  return JSON.parse(row.data) as OutboxRecord;
}

function allStored(): OutboxRecord[] {
  return (server.app.store.db.prepare("SELECT data FROM outbox ORDER BY message_id").all() as { data: string }[]).map(
    (row) => JSON.parse(row.data) as OutboxRecord,
  );
}

/** A sender that records each send and lets the test decide when and how each one ends. */
class GatedSender implements MessageSender {
  readonly requiresSubscription = false;
  readonly sends: { messageId: string; label: string }[] = [];
  private readonly waiting = new Map<string, ((outcome: SendOutcome) => void)[]>();
  constructor(private readonly label: string, private readonly onSend?: (messageId: string) => void) {}

  send(msg: OutboxRecord): Promise<SendOutcome> {
    this.sends.push({ messageId: msg.messageId, label: this.label });
    this.onSend?.(msg.messageId);
    return new Promise((resolve) => {
      const list = this.waiting.get(msg.messageId) ?? [];
      list.push(resolve);
      this.waiting.set(msg.messageId, list);
    });
  }

  /** Ends the oldest waiting send of `messageId`. */
  finish(messageId: string, outcome: SendOutcome): void {
    const list = this.waiting.get(messageId);
    const resolve = list?.shift();
    if (!resolve) throw new Error(`${this.label} is not sending ${messageId}`);
    resolve(outcome);
  }

  isSending(messageId: string): boolean {
    return (this.waiting.get(messageId)?.length ?? 0) > 0;
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("outbox dispatcher claims", () => {
  it("sends once with four dispatchers", async () => {
    await seed(30);
    const sends: string[] = [];
    const slow: MessageSender = {
      requiresSubscription: false,
      async send(msg) {
        sends.push(msg.messageId);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        return { kind: "sent" };
      },
    };

    const reports = await Promise.all(Array.from({ length: 4 }, () => dispatchDue(runtimeAt(() => T0), slow)));

    expect(sends.length).toBe(30);
    expect(new Set(sends).size).toBe(30);
    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(30);
    expect(allStored().every((m) => m.status === "sent")).toBe(true);
  });

  it("fails a throwing send after the last attempt", async () => {
    await seed(1);
    const throwing: MessageSender = {
      requiresSubscription: false,
      async send() {
        throw new Error("WeChat timed out");
      },
    };
    let clock = T0;
    for (let attempt = 1; attempt <= DEFAULT_DISPATCH_POLICY.maxAttempts; attempt += 1) {
      const report = await dispatchDue(runtimeAt(() => clock), throwing);
      expect(report.sent + report.retried + report.failed).toBe(1);
      clock += 3 * 60 * MINUTE;
    }
    const final = stored("msg-claim-001");
    expect(final.status).toBe("failed");
    expect(final.attempts).toBe(DEFAULT_DISPATCH_POLICY.maxAttempts);
  });

  it("survives a synchronous throw", async () => {
    await seed(3);
    const syncThrowing: MessageSender = {
      requiresSubscription: false,
      send(msg) {
        if (msg.messageId === "msg-claim-001") throw new Error("bad template data");
        return Promise.resolve({ kind: "sent" });
      },
    };

    const run = dispatchDue(runtimeAt(() => T0), syncThrowing);

    // The throw counts as a transient failure, and the run goes on.
    await expect(run).resolves.toEqual(expect.objectContaining({ sent: 2 }));
    const first = stored("msg-claim-001");
    expect(first.attempts).toBe(1);
    expect(stored("msg-claim-002").status).toBe("sent");
  });

  it("sends once with a clock behind", async () => {
    await seed(5);
    const a = new GatedSender("A");
    const b = new GatedSender("B");
    const runA = dispatchDue(runtimeAt(() => T0 + 5 * MINUTE), a, { ...DEFAULT_DISPATCH_POLICY, batchSize: 5 });
    await tick();
    const runB = dispatchDue(runtimeAt(() => T0 + 1 * MINUTE), b, { ...DEFAULT_DISPATCH_POLICY, batchSize: 5 });
    await tick();
    for (let i = 1; i <= 5; i += 1) {
      const id = `msg-claim-00${i}`;
      if (a.isSending(id)) a.finish(id, { kind: "sent" });
      if (b.isSending(id)) b.finish(id, { kind: "sent" });
      await tick();
    }
    await Promise.all([runA, runB]);
    const all = [...a.sends, ...b.sends].map((s) => s.messageId);
    expect(all.length).toBe(5);
    expect(new Set(all).size).toBe(5);
  });

  it("drops a late outcome after the claim ends", async () => {
    // A claims at T0 and its send hangs past the 10-minute claim. B claims
    // the message at T0 + 11 min, until T0 + 21 min, and starts sending.
    // A's send then fails transiently, and A's retry at T0 + 1 min must not
    // replace B's claim, so C at T0 + 12 min does not send.
    await seed(1);
    const id = "msg-claim-001";
    const a = new GatedSender("A");
    const b = new GatedSender("B");
    const c = new GatedSender("C");

    const runA = dispatchDue(runtimeAt(() => T0), a);
    await tick();
    expect(a.isSending(id)).toBe(true);

    const runB = dispatchDue(runtimeAt(() => T0 + 11 * MINUTE), b);
    await tick();
    expect(b.isSending(id)).toBe(true);

    a.finish(id, { kind: "transient", reason: "timed out" });
    await runA;
    const afterA = stored(id);

    const runC = dispatchDue(runtimeAt(() => T0 + 12 * MINUTE), c);
    await tick();
    const cSent = c.sends.length;
    if (c.isSending(id)) c.finish(id, { kind: "sent" });
    b.finish(id, { kind: "sent" });
    await Promise.all([runB, runC]);

    expect({ nextAttemptAfterA: afterA.nextAttemptAt - T0, sendsByC: cSent }).toEqual({
      nextAttemptAfterA: 21 * MINUTE,
      sendsByC: 0,
    });
  });

  it("claims from the time of each send", async () => {
    // Each send takes 6 minutes of the dispatcher's own clock, so the third
    // message is claimed 12 minutes after the run started. Its claim must
    // run from then, not from the start of the run, so another dispatcher
    // leaves it alone while it is being sent.
    await seed(3);
    let clock = T0;
    const policy: DispatchPolicy = { ...DEFAULT_DISPATCH_POLICY, batchSize: 3 };
    const a = new GatedSender("A", () => undefined);
    const b = new GatedSender("B");
    const runA = dispatchDue(runtimeAt(() => clock), a, policy);
    for (const id of ["msg-claim-001", "msg-claim-002"]) {
      await tick();
      clock += 6 * MINUTE;
      a.finish(id, { kind: "sent" });
    }
    await tick();
    expect(a.isSending("msg-claim-003")).toBe(true);
    const claimOfThird = stored("msg-claim-003").nextAttemptAt;

    const runB = dispatchDue(runtimeAt(() => clock), b, policy);
    await tick();
    const bSends = b.sends.map((s) => s.messageId);
    if (b.isSending("msg-claim-003")) b.finish("msg-claim-003", { kind: "sent" });
    a.finish("msg-claim-003", { kind: "sent" });
    await Promise.all([runA, runB]);

    expect({ claimLeftMs: claimOfThird - clock, bSends }).toEqual({
      claimLeftMs: expect.any(Number),
      bSends: [],
    });
    expect(claimOfThird).toBeGreaterThan(clock);
  });

  it("counts dead claims toward the attempt limit", async () => {
    // Each run claims the message, starts sending and never returns, like a
    // function killed at its timeout. After the claim runs out, the next
    // run takes the message again.
    await seed(1);
    const id = "msg-claim-001";
    const hung: GatedSender[] = [];
    let clock = T0;
    for (let run = 0; run < DEFAULT_DISPATCH_POLICY.maxAttempts + 2; run += 1) {
      const sender = new GatedSender(`run ${run}`);
      hung.push(sender);
      void dispatchDue(runtimeAt(() => clock), sender);
      await tick();
      clock += DEFAULT_DISPATCH_POLICY.claimMs + MINUTE;
    }
    const sends = hung.reduce((sum, sender) => sum + sender.sends.length, 0);
    const final = stored(id);

    expect({ sends, status: final.status, attempts: final.attempts }).toEqual({
      sends: DEFAULT_DISPATCH_POLICY.maxAttempts,
      status: "failed",
      attempts: DEFAULT_DISPATCH_POLICY.maxAttempts,
    });
  });

  it("ends every message sent or failed", async () => {
    await seed(20);
    let clock = T0;
    let calls = 0;
    const flaky: MessageSender = {
      requiresSubscription: false,
      async send() {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        const roll = calls % 4;
        if (roll === 0) throw new Error("network");
        if (roll === 1) return { kind: "transient", reason: "busy" };
        if (roll === 2) return { kind: "permanent", reason: "bad" };
        return { kind: "sent" };
      },
    };
    for (let round = 0; round < 8; round += 1) {
      await Promise.all([dispatchDue(runtimeAt(() => clock), flaky), dispatchDue(runtimeAt(() => clock + 30_000), flaky)]);
      clock += 3 * 60 * MINUTE;
    }
    const all = allStored();
    expect(all.length).toBe(20);
    for (const m of all) {
      if (m.status === "pending") expect(m.nextAttemptAt).toBeGreaterThan(T0);
      else expect(["sent", "failed"]).toContain(m.status);
    }
    expect(all.every((m) => m.status !== "pending")).toBe(true);
    const inbox = server.app.store.db.prepare("SELECT COUNT(*) AS n FROM inbox WHERE message_id LIKE 'msg-claim-%'").get() as { n: number };
    expect(inbox.n).toBe(20);
  });
});
