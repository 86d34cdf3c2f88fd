import { fork, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";

export type ServerConfig =
  | { kind: "bare" }
  | { kind: "bare-sqlite" }
  | { kind: "placement" }
  | {
      kind: "contention";
      skuCount: number;
      stockEach: number;
      customerCount: number;
    };

export interface ReadyMessage {
  type: "ready";
  port: number;
  /** Bearer tokens of the users the load may sign requests as. */
  tokens: string[];
  /** SKUs set up for the load, with the base units each had on hand at the start. */
  stock: { skuId: string; onHand: number }[];
}

/** One hot SKU's stock in the store after a contention run. */
export interface SkuAudit {
  skuId: string;
  onHand: number;
  reserved: number;
  /** Sum of active reservations on the SKU. */
  reservedByOrders: number;
  /** Sum of base quantities on all order lines for the SKU. */
  ordered: number;
}

export interface AuditMessage {
  type: "audit";
  orders: number;
  skus: SkuAudit[];
}

/** The fixed reply of the bare server. */
export const BARE_REPLY = JSON.stringify({
  ok: true,
  data: { orderId: "ord_bench", status: "pending_review" },
});

const START_TIMEOUT_MS = 60_000;
const REPO_ROOT = resolve(__dirname, "..");

/** A benchmark server running in its own Node process. */
export interface ServerHandle {
  url: string;
  ready: ReadyMessage;
  /** Asks the app server for its stock audit. */
  audit(): Promise<AuditMessage>;
  stop(): Promise<void>;
}

function waitForMessage<T extends { type: string }>(
  child: ChildProcess,
  type: T["type"],
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(
          `benchmark server sent no "${type}" message within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      cleanup();
      resolvePromise(message as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(
        new Error(
          `benchmark server exited with code ${code} before sending "${type}"`,
        ),
      );
    };
    function cleanup() {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    }
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

/**
 * Starts bench/server-process.ts under tsx in a child process. Its stdout
 * (the app's JSON log) is discarded, and its stderr is shown.
 */
export async function startServerProcess(
  config: ServerConfig,
): Promise<ServerHandle> {
  const child = fork(
    join(__dirname, "server-process.ts"),
    [JSON.stringify(config)],
    {
      cwd: REPO_ROOT,
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    },
  );
  let ready: ReadyMessage;
  try {
    ready = await waitForMessage<ReadyMessage>(
      child,
      "ready",
      START_TIMEOUT_MS,
    );
  } catch (error) {
    child.kill();
    throw error;
  }

  return {
    url: `http://127.0.0.1:${ready.port}`,
    ready,
    async audit() {
      const reply = waitForMessage<AuditMessage>(
        child,
        "audit",
        START_TIMEOUT_MS,
      );
      child.send({ type: "audit" });
      return reply;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((done) =>
        child.once("exit", () => done()),
      );
      child.send({ type: "stop" });
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
