import { DISPATCH_SOON_MS } from "../../server/local/timers";
import { startTestServer, type TestServer } from "../support/local-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.baseUrl}${path}`, { method: "POST", body, headers });
  return { status: response.status, body: (await response.json()) as { ok: boolean; error?: { code: string } } };
}

describe("local server", () => {
  it("answers the health check", async () => {
    const response = await fetch(`${server.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("lists a demo user of every role", async () => {
    const response = await fetch(`${server.baseUrl}/auth/dev-users`);
    const users = (await response.json()) as { id: string; role: string; customerId?: string }[];
    const roles = new Set(users.map((user) => user.role));
    for (const role of ["customer", "salesperson", "clerk", "warehouse", "finance", "manager"]) {
      expect(roles.has(role)).toBe(true);
    }
    expect(users.filter((user) => user.role === "customer").every((user) => user.customerId)).toBe(true);
  });

  it.each([
    ["no token", {}],
    ["a forged token", { authorization: "Bearer VS1NR1ItTElV.forged" }],
    ["a token of an unknown user", { authorization: "Bearer garbage" }],
  ])("replies UNAUTHENTICATED for %s", async (_label, headers) => {
    const reply = await post("/fn/orders", JSON.stringify({ action: "list" }), headers);
    expect(reply.status).toBe(401);
    expect(reply.body.error?.code).toBe("UNAUTHENTICATED");
  });

  it("rejects a token signed for another user id", async () => {
    const token = await server.login("U-CUST-HZ");
    const [, mac] = token.split(".");
    const swapped = `${Buffer.from("U-MGR-LIU").toString("base64url")}.${mac}`;
    const reply = await post("/fn/orders", JSON.stringify({ action: "list" }), { authorization: `Bearer ${swapped}` });
    expect(reply.status).toBe(401);
  });

  it("maps bad requests to stable codes", async () => {
    const token = await server.login("U-CLERK-ZHANG");
    const auth = { authorization: `Bearer ${token}` };

    expect((await post("/fn/orders", "{not json", auth)).status).toBe(400);
    expect((await post("/fn/orders", JSON.stringify({ action: "explode" }), auth)).body.error?.code).toBe("INVALID_INPUT");
    expect((await post("/fn/orders", JSON.stringify({ action: "toString" }), auth)).status).toBe(400);
    expect((await post("/fn/orders", JSON.stringify([1, 2]), auth)).status).toBe(400);
    expect((await post("/fn/nothing", JSON.stringify({ action: "list" }), auth)).status).toBe(404);
    const polluted = await post("/fn/orders", '{"action":"list","__proto__":{"admin":true}}', auth);
    expect(polluted.status).toBe(400);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    const huge = await post("/fn/orders", JSON.stringify({ action: "list", cursor: "x".repeat(2 * 1024 * 1024) }), auth);
    expect(huge.status).toBe(400);
  });

  it("refuses demo login for an unknown user", async () => {
    const reply = await post("/auth/dev-login", JSON.stringify({ userId: "U-NOBODY" }));
    expect(reply.status).toBe(404);
  });
});

describe("input depth", () => {
  it("rejects deeply nested input without a server error", async () => {
    const token = await server.login("U-CLERK-ZHANG");
    const deep = `{"action":"list","cursor":${"[".repeat(50000)}${"]".repeat(50000)}}`;
    const reply = await post("/fn/orders", deep, { authorization: `Bearer ${token}` });
    expect(reply.status).toBe(400);
    expect(reply.body.error?.code).toBe("INVALID_INPUT");
  });
});

describe("local timers", () => {
  it("sends a notice to the inbox soon after the call", async () => {
    // With an hour-long interval, only the run that the approval requests
    // can deliver the notice within the test.
    const timed = await startTestServer({ timerIntervalMs: 60 * 60 * 1000 });
    try {
      const customer = await timed.login("U-CUST-SH");
      const clerk = await timed.login("U-CLERK-ZHANG");
      const order = await timed.ok<{ orderId: string }>(
        "orders",
        { action: "place", requestId: "req-timer-soon", lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 1 }] },
        customer,
      );
      await timed.ok("orders", { action: "approve", orderId: order.orderId }, clerk);

      const deadline = Date.now() + 10 * DISPATCH_SOON_MS;
      let templates: string[] = [];
      while (Date.now() < deadline) {
        const inbox = await timed.ok<{ items: { template: string; orderId?: string }[] }>(
          "notifications",
          { action: "inbox", limit: 20 },
          customer,
        );
        templates = inbox.items.filter((item) => item.orderId === order.orderId).map((item) => item.template);
        if (templates.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      expect(templates).toEqual(["orderApproved"]);
    } finally {
      await timed.stop();
    }
  });
});
