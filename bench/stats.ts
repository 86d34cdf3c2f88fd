/** Returns the median of a non-empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Returns the value at quantile `q` (0..1) of a non-empty list, interpolating between neighbours. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError("quantile of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/** Describes the middle half of per-round figures, e.g. "middle half of rounds 41.7%–59.6%". */
export function describeSpread(
  values: readonly number[],
  format: (value: number) => string,
): string {
  return `middle half of rounds ${format(quantile(values, 0.25))}–${format(quantile(values, 0.75))}`;
}

/** Formats a count with thousands separators, e.g. 12,345. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Formats a rate per second, e.g. "1,234/s". */
export function formatRate(perSecond: number): string {
  return `${formatCount(perSecond)}/s`;
}

/** Formats an autocannon latency. autocannon 9 keeps latencies in an integer histogram of milliseconds, so 0 means under 1 ms. */
export function formatLatency(ms: number): string {
  return ms < 1 ? "< 1 ms" : `${Math.round(ms)} ms`;
}

/** Formats milliseconds with precision suited to the size. */
export function formatMs(ms: number): string {
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** Formats bytes as KB (1 KB = 1024 bytes) followed by the exact byte count. */
export function formatBytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB (${formatCount(bytes)} B)`;
}

/** Returns a seeded PRNG (mulberry32), so load shapes repeat from run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
