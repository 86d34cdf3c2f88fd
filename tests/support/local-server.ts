import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { createLogger } from "../../server/core/logger";
import { createLocalApp, type LocalApp } from "../../server/local/app";

export interface Reply<T = unknown> {
  status: number;
  body:
    | { ok: true; data: T }
    | { ok: false; error: { code: string; message: string; details?: unknown } };
}

export interface TestServer {
  app: LocalApp;
  baseUrl: string;
  login(userId: string): Promise<string>;
  call<T = unknown>(fn: string, body: unknown, token?: string): Promise<Reply<T>>;
  /** Calls and returns `data`, failing the test on an error reply. */
  ok<T = unknown>(fn: string, body: unknown, token?: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts the real local server (SQLite in a temp folder, demo data seeded)
 * on 127.0.0.1 with a free port.
 */
export async function startTestServer(
  options: { now?: () => number; timerIntervalMs?: number } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "orderdesk-server-"));
  const app = await createLocalApp({
    dataDir,
    staticDir: resolve(__dirname, "../../dist/h5"),
    logger: createLogger(),
    now: options.now,
    timerIntervalMs: options.timerIntervalMs,
  });
  await new Promise<void>((done) => app.server.listen(0, "127.0.0.1", done));
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  async function call<T>(fn: string, body: unknown, token?: string): Promise<Reply<T>> {
    const response = await fetch(`${baseUrl}/fn/${fn}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Reply<T>["body"] };
  }

  return {
    app,
    baseUrl,
    async login(userId) {
      const response = await fetch(`${baseUrl}/auth/dev-login`, {
        method: "POST",
        body: JSON.stringify({ userId }),
      });
      const body = (await response.json()) as { token: string };
      return body.token;
    },
    call,
    async ok<T>(fn: string, body: unknown, token?: string) {
      const reply = await call<T>(fn, body, token);
      if (!reply.body.ok) {
        throw new Error(`${fn}.${JSON.stringify(body)} failed: ${JSON.stringify(reply.body.error)}`);
      }
      return reply.body.data;
    },
    async stop() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
