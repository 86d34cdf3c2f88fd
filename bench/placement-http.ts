import { randomUUID } from "node:crypto";

import type autocannon from "autocannon";

import { placementLines } from "./fixtures";
import { runLoad, type LoadResult } from "./load";
import type { BenchmarkSection } from "./report";
import { BARE_REPLY, startServerProcess, type ServerHandle } from "./servers";
import {
  describeSpread,
  formatLatency,
  formatPercent,
  formatRate,
  median,
} from "./stats";

const ROUNDS = 5;
const RUN_SECONDS = 3;
const WARMUP_SECONDS = 2;
const CONNECTIONS = 10;
const TARGET_RATIO = 0.3;

interface Side {
  label: string;
  server: ServerHandle;
  token?: string;
  runs: LoadResult[];
}

/** Builds requests for orders.place, each with a new requestId. */
function placeRequests(
  token: string | undefined,
): (request: autocannon.Request) => autocannon.Request {
  const lines = placementLines();
  const prefix = `http-${randomUUID().slice(0, 8)}`;
  let serial = 0;
  return (request) => {
    serial += 1;
    request.body = JSON.stringify({
      action: "place",
      requestId: `${prefix}-${serial}`,
      lines,
    });
    if (token)
      request.headers = {
        ...request.headers,
        authorization: `Bearer ${token}`,
      };
    return request;
  };
}

/** Runs one load on a side and fails unless every reply was 2xx, so a fast error path cannot pass for speed. */
async function load(
  side: Side,
  seconds: number,
  phase: string,
): Promise<LoadResult> {
  const result = await runLoad({
    url: `${side.server.url}/fn/orders`,
    connections: CONNECTIONS,
    durationSeconds: seconds,
    setupRequest: placeRequests(side.token),
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${side.label} ${phase}: ${result.non2xx} non-2xx replies and ${result.errors} connection errors ` +
        `in ${result.total} requests (status counts ${JSON.stringify(result.statusCounts)})`,
    );
  }
  return result;
}

function summary(runs: readonly LoadResult[]): string {
  return (
    `${formatRate(median(runs.map((run) => run.requestsPerSecond)))}, ` +
    `p50 ${formatLatency(median(runs.map((run) => run.p50Ms)))}, ` +
    `p99 ${formatLatency(median(runs.map((run) => run.p99Ms)))}`
  );
}

function ratiosOf(a: Side, b: Side): number[] {
  return a.runs.map(
    (run, i) => run.requestsPerSecond / b.runs[i].requestsPerSecond,
  );
}

/**
 * Benchmark 2: orders.place over HTTP on the local server against a bare
 * node:http server, with a bare SQLite transaction behind node:http as a
 * reference for where the gap lies.
 */
export async function benchPlacementHttp(): Promise<BenchmarkSection> {
  const servers: ServerHandle[] = [];
  try {
    const start = async (config: Parameters<typeof startServerProcess>[0]) => {
      const server = await startServerProcess(config);
      servers.push(server);
      return server;
    };
    const appServer = await start({ kind: "placement" });
    const app: Side = {
      label: "A",
      server: appServer,
      token: appServer.ready.tokens[0],
      runs: [],
    };
    const bare: Side = {
      label: "B",
      server: await start({ kind: "bare" }),
      runs: [],
    };
    const bareSqlite: Side = {
      label: "C",
      server: await start({ kind: "bare-sqlite" }),
      runs: [],
    };
    const sides = [app, bare, bareSqlite];

    for (const side of sides) await load(side, WARMUP_SECONDS, "warm-up");
    for (let round = 0; round < ROUNDS; round += 1) {
      // Rotate which side goes first so drift in machine load hits all alike.
      for (let i = 0; i < sides.length; i += 1) {
        const side = sides[(i + round) % sides.length];
        side.runs.push(await load(side, RUN_SECONDS, `round ${round + 1}`));
      }
    }

    const appRatios = ratiosOf(app, bare);
    const ratio = median(appRatios);
    const referenceRatio = median(ratiosOf(bareSqlite, bare));
    const met = ratio >= TARGET_RATIO;
    const bareRate = median(bare.runs.map((run) => run.requestsPerSecond));
    const appToReference = median(ratiosOf(app, bareSqlite));
    const gap =
      `${((TARGET_RATIO - ratio) * 100).toFixed(1)} percentage points short: A needs about ` +
      `${formatRate(TARGET_RATIO * bareRate)}. ` +
      (referenceRatio < TARGET_RATIO
        ? `C, which only parses the body and runs the bare transaction, reached ${formatPercent(referenceRatio)} of B, ` +
          "so the target is out of reach while each order is its own SQLite transaction of this size. " +
          "Meeting it needs a cheaper write per order than C's (several orders per transaction, fewer rows or " +
          "indexes), which this run does not measure. "
        : `C reached ${formatPercent(referenceRatio)} of B, so the gap lies in the handler path above the store ` +
          "(see benchmark 1). ") +
      `Against C, A reaches ${formatPercent(appToReference)}. Benchmark 1's profile shows where A's time goes ` +
      "beyond the bare transaction.";
    return {
      title: "2. Placement over HTTP",
      method: [
        "A: `POST /fn/orders {action: 'place', requestId, lines}` with a demo customer's bearer token " +
          "on the real local server (`createLocalApp`, SQLite in a temp folder, demo data seeded, " +
          "plenty of stock received through the store, LOG_LEVEL " +
          `${process.env.LOG_LEVEL ?? "info"}), in its own Node process.`,
        `B: a bare \`node:http\` server in its own Node process that reads the body and returns a fixed ${Buffer.byteLength(BARE_REPLY)}-byte JSON reply.`,
        "C (reference, no target): B plus `JSON.parse` of the body and the bare transaction of benchmark 1 per request.",
        `Load: autocannon ${CONNECTIONS} connections, pipelining 1, the same 3-line body with a new requestId per request ` +
          "(setupRequest), from the benchmark process.",
        `${WARMUP_SECONDS} s warm-up per server, then ${ROUNDS} rounds of ${RUN_SECONDS} s per server, ` +
          "rotating which goes first. Figures are medians over rounds; every reply was 2xx.",
      ],
      rows: [
        {
          metric: "A: local server, orders.place",
          target: "—",
          measured: summary(app.runs),
          status: "info",
        },
        {
          metric: "B: bare node:http",
          target: "—",
          measured: summary(bare.runs),
          status: "info",
        },
        {
          metric: "C: bare node:http + bare transaction",
          target: "—",
          measured: summary(bareSqlite.runs),
          status: "info",
        },
        {
          metric: "A / B requests per second",
          target: `≥ ${formatPercent(TARGET_RATIO)}`,
          measured: `${formatPercent(ratio)} (${describeSpread(appRatios, formatPercent)})`,
          status: met ? "met" : "missed",
          ...(met ? {} : { gap }),
        },
        {
          metric: "C / B requests per second",
          target: "—",
          measured: formatPercent(referenceRatio),
          status: "info",
        },
        {
          metric: "A / C requests per second",
          target: "—",
          measured: formatPercent(appToReference),
          status: "info",
        },
      ],
      notes: [
        "Per round (req/s, A / B / C): " +
          app.runs
            .map((run, i) =>
              [run, bare.runs[i], bareSqlite.runs[i]]
                .map((r) => Math.round(r.requestsPerSecond))
                .join(" / "),
            )
            .join("; ") +
          ".",
      ],
    };
  } finally {
    for (const server of servers) await server.stop();
  }
}
