import type { InvitationView, MeView } from "../../shared/schemas/users";
import { startTestServer, type TestServer } from "../support/local-server";

const HOUR = 60 * 60 * 1000;

let server: TestServer;
let clock = Date.parse("2026-12-04T02:00:00Z");

beforeAll(async () => {
  server = await startTestServer({ now: () => clock });
});

afterAll(async () => {
  await server.stop();
});

/** Signs in locally as a WeChat user known only by their openid. */
async function loginOpenid(openid: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}/auth/dev-login`, {
    method: "POST",
    body: JSON.stringify({ openid }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function invite(body: Record<string, unknown>): Promise<InvitationView> {
  const manager = await server.login("U-MGR-LIU");
  return server.ok<InvitationView>("users", { action: "invite", ...body }, manager);
}

function reasonOf(reply: {
  body: { ok: boolean; error?: { details?: unknown } };
}): string | undefined {
  return (reply.body.error?.details as { reason?: string } | undefined)?.reason;
}

describe("users.me", () => {
  it("describes a demo user", async () => {
    const me = await server.ok<MeView>("users", { action: "me" }, await server.login("U-CUST-HZ"));
    expect(me).toEqual({
      registered: true,
      userId: "U-CUST-HZ",
      name: "王建国（杭州西湖惠民便利店）",
      role: "customer",
      customerId: "C-HZ-001",
    });
  });

  it("reports an unregistered WeChat user", async () => {
    const token = await loginOpenid("o-me-nobody");
    expect(await server.ok<MeView>("users", { action: "me" }, token)).toEqual({
      registered: false,
    });
  });

  it("keeps other functions closed to unregistered users", async () => {
    const token = await loginOpenid("o-me-nobody");
    const reply = await server.call("orders", { action: "list" }, token);
    expect(reply.status).toBe(401);
    expect(reply.body.ok).toBe(false);
  });

  it("still rejects an anonymous caller", async () => {
    const reply = await server.call("users", { action: "me" });
    expect(reply.status).toBe(401);
  });
});

describe("users.bootstrap", () => {
  it("refuses once the demo manager exists", async () => {
    const reply = await server.call(
      "users",
      { action: "bootstrap", name: "新老板" },
      await loginOpenid("o-boot"),
    );
    expect(reply.status).toBe(409);
    expect(reasonOf(reply)).toBe("manager_exists");
    expect(await server.ok<MeView>("users", { action: "me" }, await loginOpenid("o-boot"))).toEqual(
      {
        registered: false,
      },
    );
  });

  it("refuses a registered demo user", async () => {
    const reply = await server.call(
      "users",
      { action: "bootstrap", name: "店主" },
      await server.login("U-CUST-HZ"),
    );
    expect(reply.status).toBe(409);
    expect(reasonOf(reply)).toBe("already_registered");
  });
});

describe("users.invite", () => {
  it("is for the manager only", async () => {
    const clerk = await server.login("U-CLERK-ZHANG");
    const reply = await server.call(
      "users",
      { action: "invite", role: "clerk", name: "新内勤" },
      clerk,
    );
    expect(reply.status).toBe(403);
  });

  it("needs a known customer for a customer invitation", async () => {
    const manager = await server.login("U-MGR-LIU");
    const missing = await server.call(
      "users",
      { action: "invite", role: "customer", name: "店主" },
      manager,
    );
    expect(missing.status).toBe(400);
    const unknown = await server.call(
      "users",
      { action: "invite", role: "customer", name: "店主", customerId: "C-NOPE" },
      manager,
    );
    expect(unknown.status).toBe(404);
    const misplaced = await server.call(
      "users",
      { action: "invite", role: "clerk", name: "内勤", assignCustomerIds: ["C-HZ-001"] },
      manager,
    );
    expect(misplaced.status).toBe(400);
  });

  it("returns a grouped code and stores only its hash", async () => {
    const invitation = await invite({ role: "clerk", name: "新内勤", expiresInHours: 2 });

    expect(invitation.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    expect(invitation.expiresAt).toBe("2026-12-04T12:00:00.000+08:00");
    const stored = await server.app.store.getInvitation(invitation.invitationId);
    expect(stored?.role).toBe("clerk");
    expect(JSON.stringify(stored)).not.toContain(invitation.code.replace(/-/g, ""));
    expect((await invite({ role: "clerk", name: "新内勤" })).code).not.toBe(invitation.code);
  });
});

describe("users.redeem", () => {
  it("registers a customer exactly once", async () => {
    const invitation = await invite({ role: "customer", name: "王二", customerId: "C-HZ-001" });
    const newcomer = await loginOpenid("o-redeem-1");

    const me = await server.ok<MeView>(
      "users",
      { action: "redeem", code: invitation.code.toLowerCase().replace(/-/g, " ") },
      newcomer,
    );
    expect(me).toMatchObject({
      registered: true,
      name: "王二",
      role: "customer",
      customerId: "C-HZ-001",
    });
    expect(await server.ok<MeView>("users", { action: "me" }, newcomer)).toEqual(me);
    const orders = await server.call("orders", { action: "list" }, newcomer);
    expect(orders.status).toBe(200);

    const again = await server.ok<MeView>(
      "users",
      { action: "redeem", code: invitation.code },
      newcomer,
    );
    expect(again).toEqual(me);
    const other = await server.call(
      "users",
      { action: "redeem", code: invitation.code },
      await loginOpenid("o-redeem-2"),
    );
    expect(other.status).toBe(409);
    expect(reasonOf(other)).toBe("invitation_redeemed");
  });

  it("lets one of three racing people register", async () => {
    const invitation = await invite({ role: "warehouse", name: "仓管" });
    const tokens = await Promise.all(["o-race-1", "o-race-2", "o-race-3"].map(loginOpenid));

    const replies = await Promise.all(
      tokens.map((token) =>
        server.call("users", { action: "redeem", code: invitation.code }, token),
      ),
    );

    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(1);
    expect(replies.filter((reply) => reply.status === 409)).toHaveLength(2);
  });

  it("assigns customers to a new salesperson", async () => {
    const invitation = await invite({
      role: "salesperson",
      name: "新业务员",
      assignCustomerIds: ["C-BJ-005"],
    });
    const token = await loginOpenid("o-sales-new");

    const me = await server.ok<MeView>("users", { action: "redeem", code: invitation.code }, token);

    expect(me.registered).toBe(true);
    const userId = me.registered ? me.userId : "";
    expect(me.registered ? me.role : undefined).toBe("salesperson");
    expect((await server.app.store.getCustomer("C-BJ-005"))?.salespersonId).toBe(userId);
    const customers = await server.ok<{ items: { customerId: string }[] }>(
      "customers",
      { action: "list" },
      token,
    );
    expect(customers.items.map((customer) => customer.customerId)).toEqual(["C-BJ-005"]);
  });

  it("rejects an expired code", async () => {
    const invitation = await invite({ role: "finance", name: "会计", expiresInHours: 1 });
    clock += HOUR;
    try {
      const reply = await server.call(
        "users",
        { action: "redeem", code: invitation.code },
        await loginOpenid("o-late"),
      );
      expect(reply.status).toBe(409);
      expect(reasonOf(reply)).toBe("invitation_expired");
    } finally {
      clock -= HOUR;
    }
  });

  it("tells a malformed code from an unknown one", async () => {
    const token = await loginOpenid("o-typo");
    const malformed = await server.call(
      "users",
      { action: "redeem", code: "ABCD-EFGH-UUUU-0000-1111" },
      token,
    );
    expect(malformed.status).toBe(400);
    const unknown = await server.call(
      "users",
      { action: "redeem", code: "0000-0000-0000-0000-0000" },
      token,
    );
    expect(unknown.status).toBe(404);
  });

  it("refuses a registered demo user", async () => {
    const invitation = await invite({ role: "clerk", name: "内勤" });
    const reply = await server.call(
      "users",
      { action: "redeem", code: invitation.code },
      await server.login("U-CLERK-ZHANG"),
    );
    expect(reply.status).toBe(409);
    expect(reasonOf(reply)).toBe("already_registered");
  });
});

describe("demo openid sign-in", () => {
  it("rejects a forged openid token", async () => {
    const token = await loginOpenid("o-real");
    const [kind, , mac] = token.split(".");
    const forged = `${kind}.${Buffer.from("o-other").toString("base64url")}.${mac}`;
    const reply = await server.call("users", { action: "me" }, forged);
    expect(reply.status).toBe(401);
  });

  it("rejects an empty openid", async () => {
    const response = await fetch(`${server.baseUrl}/auth/dev-login`, {
      method: "POST",
      body: JSON.stringify({ openid: "" }),
    });
    expect(response.status).toBe(400);
  });
});
