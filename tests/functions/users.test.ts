/**
 * The users function on an empty store, through the function boundary, on
 * both adapters: the first sign-in of a new deployment.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import tcb from "@cloudbase/node-sdk";

import type { InvitationView, MeView } from "../../shared/schemas/users";
import { createLogger } from "../../server/core/logger";
import type { Runtime } from "../../server/core/runtime";
import { invokeFunction, type Envelope } from "../../server/functions/boundary";
import { usersFunction } from "../../server/functions/users";
import { createCloudBaseStore } from "../../server/store/cloudbase";
import type { Store } from "../../server/store/port";
import { SqliteStore } from "../../server/store/sqlite/sqlite-store";
import { startCloudBaseEndpoint } from "../support/cloudbase-endpoint";
import { testCustomer } from "../support/fixtures";

interface Opened {
  store: Store;
  close(): Promise<void>;
}

async function openSqlite(): Promise<Opened> {
  const dir = mkdtempSync(join(tmpdir(), "orderdesk-users-"));
  const store = new SqliteStore(join(dir, "store.sqlite"));
  return {
    store,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openCloudBase(): Promise<Opened> {
  process.env.TENCENTCLOUD = "true";
  const endpoint = await startCloudBaseEndpoint();
  const app = tcb.init({
    env: "test-env",
    serviceUrl: endpoint.url,
    secretId: "x",
    secretKey: "y",
  });
  return { store: createCloudBaseStore({ app }), close: () => endpoint.close() };
}

describe.each([
  ["SQLite", openSqlite],
  ["CloudBase (local endpoint)", openCloudBase],
])("users function on %s", (_label, open) => {
  let opened: Opened;
  let runtime: Runtime;

  beforeEach(async () => {
    opened = await open();
    runtime = {
      store: opened.store,
      now: () => Date.parse("2026-12-04T02:00:00Z"),
      logger: createLogger(),
    };
    await opened.store.saveCustomer(testCustomer("C-1"));
  });

  afterEach(async () => {
    await opened.close();
  });

  function call(openid: string, event: Record<string, unknown>): Promise<Envelope> {
    return invokeFunction(usersFunction, event, { kind: "openid", openid }, runtime);
  }

  async function data<T>(openid: string, event: Record<string, unknown>): Promise<T> {
    const reply = await call(openid, event);
    if (!reply.ok)
      throw new Error(`${JSON.stringify(event)} failed: ${JSON.stringify(reply.error)}`);
    return reply.data as T;
  }

  it("makes exactly one of ten concurrent callers the manager", async () => {
    const openids = Array.from({ length: 10 }, (_, index) => `o-first-${index}`);
    const replies = await Promise.all(
      openids.map((openid) => call(openid, { action: "bootstrap", name: "老板" })),
    );

    const winners = replies.filter((reply) => reply.ok);
    expect(winners).toHaveLength(1);
    for (const reply of replies) {
      if (!reply.ok) {
        expect(reply.error.code).toBe("REGISTRATION_CONFLICT");
        expect((reply.error.details as { reason: string }).reason).toBe("manager_exists");
      }
    }
    const managers = (await opened.store.listUsers()).filter((user) => user.role === "manager");
    expect(managers).toHaveLength(1);
    const winner = openids[replies.indexOf(winners[0])];
    expect(await data<MeView>(winner, { action: "me" })).toMatchObject({
      registered: true,
      role: "manager",
    });
  });

  it("returns the same manager to a retried bootstrap", async () => {
    const first = await data<MeView>("o-boss", { action: "bootstrap", name: "老板" });
    const retry = await data<MeView>("o-boss", { action: "bootstrap", name: "老板" });
    expect(retry).toEqual(first);
  });

  it("registers an invited customer after bootstrap", async () => {
    await data<MeView>("o-boss", { action: "bootstrap", name: "老板" });
    const invitation = await data<InvitationView>("o-boss", {
      action: "invite",
      role: "customer",
      name: "店主",
      customerId: "C-1",
    });

    expect(await data<MeView>("o-shop", { action: "me" })).toEqual({ registered: false });
    const me = await data<MeView>("o-shop", { action: "redeem", code: invitation.code });
    expect(me).toMatchObject({
      registered: true,
      role: "customer",
      customerId: "C-1",
      name: "店主",
    });
    const invitedAgain = await call("o-shop", { action: "invite", role: "clerk", name: "内勤" });
    expect(invitedAgain.ok ? "ok" : invitedAgain.error.code).toBe("FORBIDDEN");
  });

  it("keeps invite closed to an unregistered caller", async () => {
    const reply = await call("o-nobody", { action: "invite", role: "clerk", name: "内勤" });
    expect(reply.ok ? "ok" : reply.error.code).toBe("UNAUTHENTICATED");
  });
});
