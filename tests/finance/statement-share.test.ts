import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import type { SharedStatementView, StatementShareView, StatementView } from "../../shared/schemas/finance";
import { createLogger } from "../../server/core/logger";
import { SHARE_LINK_LIFETIME_DAYS, signShareToken } from "../../server/finance/share";
import { createLocalApp } from "../../server/local/app";
import { startTestServer, type TestServer } from "../support/local-server";

const DAY_MS = 24 * 60 * 60 * 1000;
const SHANGHAI = "C-SH-002";
const HANGZHOU = "C-HZ-001";
const MONTH = "2026-10";

let server: TestServer;
/** The server's clock; tests move it instead of sleeping. */
let clock: number;
let finance: string;

beforeEach(async () => {
  clock = Date.parse("2026-11-03T02:00:00Z");
  server = await startTestServer({ now: () => clock });
  finance = await server.login("U-FIN-QIAN");
  // October for Shanghai: a balance brought forward, a delivery and a payment.
  const store = server.app.store;
  await store.saveReceivable({ receivableId: "R-SHARE-SEP", customerId: SHANGHAI, amountFen: 5000, paidFen: 0, dueAt: Date.parse("2026-09-10T00:00:00Z"), createdAt: Date.parse("2026-09-10T00:00:00Z") });
  await store.saveReceivable({ receivableId: "R-SHARE-OCT", customerId: SHANGHAI, amountFen: 12345, paidFen: 0, dueAt: Date.parse("2026-10-20T00:00:00Z"), createdAt: Date.parse("2026-10-20T00:00:00Z") });
  await server.ok("finance", { action: "recordPayment", externalRef: "SHARE-OCT-PAY", customerId: SHANGHAI, amountFen: 3000, method: "bank_transfer", receivedAt: "2026-10-15T09:00:00+08:00" }, finance);
});

afterEach(async () => {
  await server.stop();
});

async function share(customerId: string | undefined, token: string): Promise<StatementShareView> {
  return server.ok<StatementShareView>("finance", { action: "shareStatement", month: MONTH, ...(customerId ? { customerId } : {}) }, token);
}

/** Opens a share link with no Authorization header, as a shop owner who is not signed in. */
function open(token: string) {
  return server.call<SharedStatementView>("finance", { action: "sharedStatement", token });
}

/** Row counts of every table, to show that a call wrote nothing. */
function tableCounts(): Record<string, number> {
  const db = server.app.store.db;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

describe("finance.shareStatement and sharedStatement", () => {
  it("opens with the totals of finance.statement", async () => {
    const link = await share(SHANGHAI, finance);
    const statement = await server.ok<StatementView>("finance", { action: "statement", customerId: SHANGHAI, month: MONTH }, finance);

    const reply = await open(link.token);

    expect(reply.status).toBe(200);
    if (!reply.body.ok) throw new Error(JSON.stringify(reply.body.error));
    const shared = reply.body.data;
    const { customerId: _customerId, ...withoutId } = statement;
    expect(shared).toEqual({ ...withoutId, expiresAt: link.expiresAt });
    expect(shared.openingFen).toBe(5000);
    expect(shared.debitsFen).toBe(12345);
    expect(shared.creditsFen).toBe(3000);
    expect(shared.closingFen).toBe(5000 + 12345 - 3000);
    expect(shared.customerName).toBe(statement.customerName);
    expect(shared).not.toHaveProperty("customerId");
  });

  it("returns a path and an expiry 30 days on", async () => {
    const link = await share(SHANGHAI, finance);

    expect(SHARE_LINK_LIFETIME_DAYS).toBe(30);
    expect(link.path).toBe(`/account/shared-statement/index?token=${link.token}`);
    expect(Date.parse(link.expiresAt)).toBe(clock + 30 * DAY_MS);
    expect(link.expiresAt.endsWith("+08:00")).toBe(true);
    expect(link.token).toMatch(/^[A-Za-z0-9_.-]+$/);
  });

  it("lets a customer share only their own statement", async () => {
    const shop = await server.login("U-CUST-HZ");

    const own = await share(undefined, shop);
    const other = await server.call("finance", { action: "shareStatement", customerId: SHANGHAI, month: MONTH }, shop);

    const opened = await open(own.token);
    if (!opened.body.ok) throw new Error(JSON.stringify(opened.body.error));
    const hangzhou = await server.ok<StatementView>("finance", { action: "statement", customerId: HANGZHOU, month: MONTH }, finance);
    expect(opened.body.data.customerName).toBe(hangzhou.customerName);
    expect(other.status).toBe(403);
    expect(other.body.ok).toBe(false);
    if (!other.body.ok) expect(other.body.error.code).toBe("FORBIDDEN");
    expect(JSON.stringify(other.body)).not.toContain("token");
  });

  it("lets a salesperson share assigned customers only", async () => {
    // Li serves Hangzhou, Shanghai and Beijing; Zhou serves Guangzhou.
    const li = await server.login("U-SALES-LI");

    const assigned = await server.call("finance", { action: "shareStatement", customerId: SHANGHAI, month: MONTH }, li);
    const unassigned = await server.call("finance", { action: "shareStatement", customerId: "C-GZ-003", month: MONTH }, li);

    expect(assigned.status).toBe(200);
    expect(unassigned.status).toBe(403);
  });

  it.each([["U-CLERK-ZHANG"], ["U-WH-ZHAO"]])("rejects shareStatement from %s", async (userId) => {
    const token = await server.login(userId);

    const reply = await server.call("finance", { action: "shareStatement", customerId: SHANGHAI, month: MONTH }, token);

    expect(reply.status).toBe(403);
  });

  it("opens for a signed-in user of any role", async () => {
    const link = await share(SHANGHAI, finance);
    const warehouse = await server.login("U-WH-ZHAO");

    const reply = await server.call<SharedStatementView>("finance", { action: "sharedStatement", token: link.token }, warehouse);

    expect(reply.status).toBe(200);
  });
});

describe("share token tampering", () => {
  /** Replaces part `index` of a dot-separated token. */
  function withPart(token: string, index: number, value: string): string {
    const parts = token.split(".");
    parts[index] = value;
    return parts.join(".");
  }

  function flipLastCharacter(text: string): string {
    const last = text[text.length - 1];
    return `${text.slice(0, -1)}${last === "A" ? "B" : "A"}`;
  }

  /** Returns another base64url text that decodes to the same bytes, by changing unused low bits. */
  function nonCanonicalBase64(encoded: string): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const decoded = Buffer.from(encoded, "base64url");
    const variant = [...alphabet]
      .map((char) => `${encoded.slice(0, -1)}${char}`)
      .find((candidate) => candidate !== encoded && Buffer.from(candidate, "base64url").equals(decoded));
    if (!variant) throw new Error(`${encoded} has no unused bits to change`);
    return variant;
  }

  it("rejects every altered token and leaks nothing", async () => {
    const link = await share(HANGZHOU, finance);
    const [, , , expiry, mac] = link.token.split(".");
    const shanghaiId = Buffer.from(SHANGHAI).toString("base64url");
    const shanghai = await server.ok<StatementView>("finance", { action: "statement", customerId: SHANGHAI, month: MONTH }, finance);
    const otherSecret = Buffer.alloc(32, 7);
    const cases: [string, string][] = [
      ["customer swapped", withPart(link.token, 1, shanghaiId)],
      ["customer swapped, non-canonical base64", withPart(link.token, 1, nonCanonicalBase64(shanghaiId))],
      ["month changed", withPart(link.token, 2, "2026-09")],
      ["expiry extended", withPart(link.token, 3, String(Number(expiry) + 365 * 24 * 60 * 60))],
      ["signature altered", withPart(link.token, 4, flipLastCharacter(mac))],
      ["signature cut short", withPart(link.token, 4, mac.slice(0, 42))],
      ["signature missing", link.token.split(".").slice(0, 4).join(".")],
      ["extra part", `${link.token}.x`],
      ["unknown version", withPart(link.token, 0, "s2")],
      ["signed with another secret", signShareToken(otherSecret, { customerId: SHANGHAI, month: MONTH, expiresAtSeconds: Number(expiry) })],
      ["garbage", "not-a-token"],
      ["dots only", "...."],
    ];
    const before = tableCounts();

    const problems: string[] = [];
    for (const [label, token] of cases) {
      const reply = await open(token);
      const text = JSON.stringify(reply.body);
      if (reply.status !== 401) problems.push(`${label}: status ${reply.status}`);
      if (reply.body.ok) problems.push(`${label}: returned data`);
      else if (reply.body.error.code !== "UNAUTHENTICATED") problems.push(`${label}: code ${reply.body.error.code}`);
      if (text.includes(shanghai.customerName)) problems.push(`${label}: names the Shanghai customer`);
      if (text.includes("SHARE-OCT-PAY")) problems.push(`${label}: shows a Shanghai payment`);
    }

    expect(problems).toEqual([]);
    expect(tableCounts()).toEqual(before);
  });

  it("marks a forged token as invalid", async () => {
    const link = await share(HANGZHOU, finance);

    const reply = await open(withPart(link.token, 1, Buffer.from(SHANGHAI).toString("base64url")));

    expect(reply.body.ok).toBe(false);
    if (!reply.body.ok) expect(reply.body.error.details).toEqual({ reason: "invalid" });
  });

  it.each([
    ["a number", 12],
    ["an empty string", ""],
    ["a non-ASCII string", "对账单"],
    ["a 257-character string", "a".repeat(257)],
  ])("rejects a token that is %s as INVALID_INPUT", async (_label, token) => {
    const reply = await server.call("finance", { action: "sharedStatement", token });

    expect(reply.status).toBe(400);
  });
});

describe("share token expiry", () => {
  it("works until the expiry and is rejected from then on", async () => {
    const link = await share(SHANGHAI, finance);
    const expiresAt = Date.parse(link.expiresAt);

    clock = expiresAt - 1000;
    const lastSecond = await open(link.token);
    clock = expiresAt;
    const expired = await open(link.token);
    clock = expiresAt + 400 * DAY_MS;
    const longExpired = await open(link.token);

    expect(lastSecond.status).toBe(200);
    expect(expired.status).toBe(401);
    expect(expired.body.ok).toBe(false);
    if (!expired.body.ok) {
      expect(expired.body.error.code).toBe("UNAUTHENTICATED");
      expect(expired.body.error.details).toEqual({ reason: "expired", expiresAt: link.expiresAt });
    }
    expect(longExpired.status).toBe(401);
  });
});

describe("share secret", () => {
  it("fails with INTERNAL when no secret is configured", async () => {
    const link = await share(SHANGHAI, finance);
    server.app.runtime.shareSecret = undefined;

    const created = await server.call("finance", { action: "shareStatement", customerId: SHANGHAI, month: MONTH }, finance);
    const opened = await open(link.token);

    expect(created.status).toBe(500);
    expect(opened.status).toBe(500);
  });

  it("rejects a secret shorter than 32 bytes", async () => {
    server.app.runtime.shareSecret = Buffer.alloc(16, 1);

    const created = await server.call("finance", { action: "shareStatement", customerId: SHANGHAI, month: MONTH }, finance);

    expect(created.status).toBe(500);
  });

  it("keeps the local secret in the data folder across restarts", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "orderdesk-share-"));
    const options = { dataDir, staticDir: resolve(__dirname, "../../dist/h5"), logger: createLogger() };
    try {
      const first = await createLocalApp(options);
      const firstSecret = first.runtime.shareSecret;
      await first.close();
      const second = await createLocalApp(options);
      const secondSecret = second.runtime.shareSecret;
      await second.close();

      expect(firstSecret?.length).toBe(32);
      expect(secondSecret?.equals(firstSecret as Buffer)).toBe(true);
      const signInSecret = Buffer.from(readFileSync(join(dataDir, "token-secret"), "utf8").trim(), "hex");
      expect(secondSecret?.equals(signInSecret)).toBe(false);
      expect(statSync(join(dataDir, "share-secret")).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("statement months", () => {
  it.each(["9999-12", "0000-01", "0099-12", "1899-12", "3000-01"])("rejects month %s as invalid", async (month) => {
    const statement = await server.call("finance", { action: "statement", customerId: SHANGHAI, month }, finance);
    const link = await server.call("finance", { action: "shareStatement", customerId: SHANGHAI, month }, finance);
    const manager = await server.login("U-MGR-LIU");
    const trend = await server.call("reports", { action: "monthlyTrend", from: month, to: month }, manager);

    expect(statement.status).toBe(400);
    expect(link.status).toBe(400);
    expect(trend.status).toBe(400);
  });

  it.each(["1900-01", "2999-12"])("builds the statement of edge month %s", async (month) => {
    const statement = await server.ok<StatementView>("finance", { action: "statement", customerId: SHANGHAI, month }, finance);

    expect(statement.month).toBe(month);
  });
});

describe("share link revocation", () => {
  type RevokedView = { customerId: string; revokedBefore: string };

  function revoke(customerId: string | undefined, token: string) {
    return server.call<RevokedView>("finance", { action: "revokeStatementShares", ...(customerId ? { customerId } : {}) }, token);
  }

  async function statusOf(token: string): Promise<number> {
    return (await open(token)).status;
  }

  /** Audit events of one customer with the given action. */
  async function eventsOf(customerId: string, action: string) {
    const trail = await server.app.store.getAuditTrail("customer", customerId);
    return trail.filter((event) => event.action === action);
  }

  it("voids earlier links and lets new ones open", async () => {
    const old = await share(SHANGHAI, finance);
    const otherCustomer = await share(HANGZHOU, finance);
    const shanghai = await server.ok<StatementView>("finance", { action: "statement", customerId: SHANGHAI, month: MONTH }, finance);
    clock += 5000;

    const revoked = await revoke(SHANGHAI, finance);
    const revokedReply = await open(old.token);
    clock += 5000;
    const fresh = await share(SHANGHAI, finance);

    expect(revoked.status).toBe(200);
    if (revoked.body.ok) expect(revoked.body.data).toEqual({ customerId: SHANGHAI, revokedBefore: "2026-11-03T10:00:06.000+08:00" });
    expect(revokedReply.status).toBe(401);
    expect(revokedReply.body.ok).toBe(false);
    if (!revokedReply.body.ok) {
      expect(revokedReply.body.error.code).toBe("UNAUTHENTICATED");
      expect(revokedReply.body.error.details).toEqual({ reason: "revoked" });
    }
    expect(JSON.stringify(revokedReply.body)).not.toContain(shanghai.customerName);
    expect(JSON.stringify(revokedReply.body)).not.toContain(SHANGHAI);
    expect(JSON.stringify(revokedReply.body)).not.toContain("2026-11-03T10:00:06");
    expect(await statusOf(otherCustomer.token)).toBe(200);
    expect(await statusOf(fresh.token)).toBe(200);
  });

  it("voids a link made earlier in the same second", async () => {
    clock += 200;
    const link = await share(SHANGHAI, finance);
    clock += 500;

    await revoke(SHANGHAI, finance);

    expect(await statusOf(link.token)).toBe(401);
  });

  it("opens a link made later in the same second", async () => {
    const second = clock;
    clock += 200;
    await revoke(SHANGHAI, finance);
    clock += 500;

    const link = await share(SHANGHAI, finance);

    expect(await statusOf(link.token)).toBe(200);
    expect(Date.parse(link.expiresAt)).toBe(second + 1000 + 30 * DAY_MS);
  });

  it("orders a link and a revocation of one instant by call order", async () => {
    const before = await share(SHANGHAI, finance);

    await revoke(SHANGHAI, finance);
    const after = await share(SHANGHAI, finance);

    expect(await statusOf(before.token)).toBe(401);
    expect(await statusOf(after.token)).toBe(200);
  });

  it("opens a link made in the next second with the usual expiry", async () => {
    clock += 999;
    await revoke(SHANGHAI, finance);
    clock += 1;

    const link = await share(SHANGHAI, finance);

    expect(await statusOf(link.token)).toBe(200);
    expect(Date.parse(link.expiresAt)).toBe(clock + 30 * DAY_MS);
  });

  it("voids a token signed before the revocation", async () => {
    const secret = server.app.runtime.shareSecret as Buffer;
    const issuedTenDaysAgo = Math.floor(clock / 1000) - 10 * 24 * 60 * 60;
    const token = signShareToken(secret, { customerId: SHANGHAI, month: MONTH, expiresAtSeconds: issuedTenDaysAgo + 30 * 24 * 60 * 60 });
    const opened = await statusOf(token);

    await revoke(SHANGHAI, finance);

    expect(opened).toBe(200);
    expect(await statusOf(token)).toBe(401);
  });

  it("reports an expired revoked link as expired", async () => {
    const link = await share(SHANGHAI, finance);
    await revoke(SHANGHAI, finance);
    clock = Date.parse(link.expiresAt);

    const reply = await open(link.token);

    expect(reply.body.ok).toBe(false);
    if (!reply.body.ok) expect(reply.body.error.details).toEqual({ reason: "expired", expiresAt: link.expiresAt });
  });

  it("keeps the revocation when the customer is saved again", async () => {
    const link = await share(SHANGHAI, finance);
    await revoke(SHANGHAI, finance);
    const stored = await server.app.store.getCustomer(SHANGHAI);
    if (!stored) throw new Error("the demo data lacks Shanghai");
    const { statementSharesRevokedBefore: _revoked, ...withoutRevocation } = stored;

    await server.app.store.saveCustomer(withoutRevocation);

    expect(await statusOf(link.token)).toBe(401);
  });

  it("keeps the revocation out of customer views", async () => {
    await revoke(SHANGHAI, finance);

    const got = await server.ok<Record<string, unknown>>("customers", { action: "get", customerId: SHANGHAI }, finance);
    const listed = await server.ok<{ items: Record<string, unknown>[] }>("customers", { action: "list", limit: 50 }, finance);

    expect(got.customerId).toBe(SHANGHAI);
    expect(got).not.toHaveProperty("statementSharesRevokedBefore");
    expect(listed.items.filter((item) => "statementSharesRevokedBefore" in item)).toEqual([]);
  });

  it("puts sharing and revoking on the audit trail", async () => {
    await share(SHANGHAI, finance);
    const salesperson = await server.login("U-SALES-LI");
    clock += 1000;

    await revoke(SHANGHAI, salesperson);

    const shared = await eventsOf(SHANGHAI, "statement.share_created");
    const revoked = await eventsOf(SHANGHAI, "statement.shares_revoked");
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({
      entityType: "customer",
      entityId: SHANGHAI,
      actorId: "U-FIN-QIAN",
      actorRole: "finance",
      at: clock - 1000,
      data: { month: MONTH, expiresAt: "2026-12-03T10:00:00.000+08:00" },
    });
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({
      entityType: "customer",
      entityId: SHANGHAI,
      actorId: "U-SALES-LI",
      actorRole: "salesperson",
      at: clock,
      data: { revokedBefore: "2026-11-03T10:00:02.000+08:00", months: "all" },
    });
    expect(JSON.stringify([...shared, ...revoked])).not.toContain("s1.");
  });

  it("lets a customer revoke only their own links", async () => {
    const shop = await server.login("U-CUST-HZ");
    const own = await share(undefined, shop);
    const shanghaiLink = await share(SHANGHAI, finance);
    const shanghaiBefore = await server.app.store.getCustomer(SHANGHAI);

    const other = await revoke(SHANGHAI, shop);
    const mine = await revoke(undefined, shop);

    expect(other.status).toBe(403);
    if (!other.body.ok) expect(other.body.error.code).toBe("FORBIDDEN");
    expect(await server.app.store.getCustomer(SHANGHAI)).toEqual(shanghaiBefore);
    expect(await eventsOf(SHANGHAI, "statement.shares_revoked")).toEqual([]);
    expect(await statusOf(shanghaiLink.token)).toBe(200);
    expect(mine.status).toBe(200);
    if (mine.body.ok) expect(mine.body.data.customerId).toBe(HANGZHOU);
    expect(await statusOf(own.token)).toBe(401);
  });

  it("rejects another customer's owner", async () => {
    const link = await share(SHANGHAI, finance);
    const otherOwner = await server.login("U-CUST-GZ");

    const reply = await revoke(SHANGHAI, otherOwner);

    expect(reply.status).toBe(403);
    expect(await statusOf(link.token)).toBe(200);
  });

  it.each([
    ["U-SALES-ZHOU", 403],
    ["U-CLERK-ZHANG", 403],
    ["U-WH-ZHAO", 403],
    ["U-SALES-LI", 200],
    ["U-MGR-LIU", 200],
  ])("answers a revocation by %s with %i", async (userId, status) => {
    const token = await server.login(userId);

    const reply = await revoke(SHANGHAI, token);

    expect(reply.status).toBe(status);
  });

  it.each([
    ["no customerId from staff", {}, "INVALID_INPUT"],
    ["a numeric customerId", { customerId: 12 }, "INVALID_INPUT"],
    ["an empty customerId", { customerId: "" }, "INVALID_INPUT"],
    ["a 65-character customerId", { customerId: "C".repeat(65) }, "INVALID_INPUT"],
    ["an extra field", { customerId: SHANGHAI, month: MONTH }, "INVALID_INPUT"],
    ["an operator object", { customerId: { $gt: "" } }, "INVALID_INPUT"],
    ["an unknown customer", { customerId: "C-NONE-999" }, "NOT_FOUND"],
  ])("rejects %s and changes nothing", async (_label, input, code) => {
    const link = await share(SHANGHAI, finance);
    const counts = tableCounts();
    const customer = await server.app.store.getCustomer(SHANGHAI);

    const reply = await server.call("finance", { action: "revokeStatementShares", ...input }, finance);

    expect(reply.body.ok).toBe(false);
    if (!reply.body.ok) expect(reply.body.error.code).toBe(code);
    expect(tableCounts()).toEqual(counts);
    expect(await server.app.store.getCustomer(SHANGHAI)).toEqual(customer);
    expect(await statusOf(link.token)).toBe(200);
  });

  it("rejects a revocation with no sign-in", async () => {
    const reply = await revoke(SHANGHAI, "");

    expect(reply.status).toBe(401);
  });
});
