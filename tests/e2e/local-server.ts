import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REPO_ROOT = resolve(__dirname, "../..");
const HEALTH_TIMEOUT_MS = 60_000;

export interface LocalServer {
  baseUrl: string;
  /** Server stdout and stderr so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Finds a port that is free now by binding port 0 and releasing it. */
function findFreePort(): Promise<number> {
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

async function isHealthy(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/healthz`);
    return response.ok;
  } catch {
    return false;
  }
}

function stopProcessGroup(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.pid === undefined) return done();
    child.once("exit", () => done());
    // The group contains npx, tsx and the server node process that tsx starts.
    process.kill(-child.pid, "SIGTERM");
  });
}

/**
 * Starts `npx tsx server/main.ts` on 127.0.0.1 with a free port and an
 * empty data folder, so it seeds fresh demo data, and waits for /healthz.
 * The H5 build must already be in dist/h5.
 */
export async function startLocalServer(): Promise<LocalServer> {
  if (!existsSync(join(REPO_ROOT, "dist/h5/index.html"))) {
    throw new Error(
      "dist/h5/index.html is missing: run `npm run build:h5` first",
    );
  }

  const port = await findFreePort();
  const dataDir = mkdtempSync(join(tmpdir(), "orderdesk-e2e-"));
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn("npx", ["tsx", "server/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const server: LocalServer = {
    baseUrl,
    output: () => output,
    async stop() {
      await stopProcessGroup(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (!(await isHealthy(baseUrl))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await server.stop();
      throw new Error(
        `local server on port ${port} did not answer /healthz ` +
          `(exit code ${child.exitCode}):\n${output}`,
      );
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
  return server;
}
