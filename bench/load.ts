import autocannon from "autocannon";

/** The figures taken from one autocannon run. */
export interface LoadResult {
  /** Mean of the per-second request counts. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  /** Connection errors, including timeouts. */
  errors: number;
  timeouts: number;
  statusCounts: Record<string, number>;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Builds each request; it must return a new body for every call. */
  setupRequest: (request: autocannon.Request) => autocannon.Request;
  onResponse?: (status: number, body: string) => void;
}

/** The longest one autocannon run may last. */
export const MAX_RUN_SECONDS = 10;

/** Runs autocannon once, POSTing to `url`, and summarises the result. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.durationSeconds > MAX_RUN_SECONDS) {
    throw new RangeError(
      `a load run may last at most ${MAX_RUN_SECONDS} s, got ${options.durationSeconds}`,
    );
  }
  const result = await autocannon({
    url: options.url,
    method: "POST",
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: options.setupRequest,
        ...(options.onResponse ? { onResponse: options.onResponse } : {}),
      },
    ],
  });
  const statusCounts: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statusCounts[status] = stats.count ?? 0;
  }
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCounts,
  };
}
