import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";

/**
 * The real local server in a child process, as `npm run serve` starts it
 * but without the H5 build: `node node_modules/tsx/dist/cli.mjs
 * server/main.ts`. The tsx CLI runs the server in a second process. A
 * SIGKILL to the tsx process alone would leave the server running, with
 * the port and the SQLite file still open. So the child starts in its own
 * process group, and every signal goes to the whole group.
 */

const REPO_ROOT = resolve(__dirname, "../../..");
const TSX_CLI = resolve(REPO_ROOT, "node_modules/tsx/dist/cli.mjs");
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

export interface ChildServer {
  baseUrl: string;
  /** Process id of the tsx process, which is also the process group id. */
  pid: number;
  /** SIGKILL to the whole group; resolves once no process of it is left. */
  kill(): Promise<void>;
  /** SIGTERM, so the server closes the store; SIGKILL after a timeout. */
  stop(): Promise<void>;
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

function groupIsAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForGroupExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupIsAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

async function waitUntilHealthy(baseUrl: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited while starting (${child.exitCode ?? child.signalCode}): ${stderr()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  throw new Error(`the server did not answer /healthz within ${START_TIMEOUT_MS} ms: ${stderr()}`);
}

/** Starts the server on a free port with its data in `dataDir`. */
export async function startChildServer(dataDir: string): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [TSX_CLI, "server/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
    },
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  if (child.pid === undefined) throw new Error("could not start the server process");
  const pid: number = child.pid;
  const baseUrl = `http://127.0.0.1:${port}`;

  async function signalGroup(signal: NodeJS.Signals): Promise<void> {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  }

  const server: ChildServer = {
    baseUrl,
    pid,
    async kill() {
      await signalGroup("SIGKILL");
      if (!(await waitForGroupExit(pid, STOP_TIMEOUT_MS))) {
        throw new Error(`process group ${pid} survived SIGKILL`);
      }
    },
    async stop() {
      await signalGroup("SIGTERM");
      if (!(await waitForGroupExit(pid, STOP_TIMEOUT_MS))) await server.kill();
    },
  };
  try {
    await waitUntilHealthy(baseUrl, child, () => stderr);
  } catch (error) {
    await server.kill();
    throw error;
  }
  return server;
}
