/**
 * Run size and randomness for the reliability suites. `npm test` runs the
 * CI size, which keeps the whole folder under about a minute on 2 cores;
 * `npm run test:reliability` sets RELIABILITY_SIZE=full. RELIABILITY_SEED
 * replays a run: every suite derives its random choices from it.
 */

export type ReliabilitySize = "ci" | "full";

export const SIZE: ReliabilitySize = process.env.RELIABILITY_SIZE === "full" ? "full" : "ci";

/** Returns `ci` or `full` depending on the run size. */
export function bySize<T>(ci: T, full: T): T {
  return SIZE === "full" ? full : ci;
}

function parseSeed(text: string | undefined): number {
  if (text === undefined || text === "") return Date.now() % 2 ** 31;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`RELIABILITY_SEED must be an integer, got "${text}"`);
  }
  return seed;
}

/** The seed of this run; failure messages print it so the run can be replayed. */
export const SEED = parseSeed(process.env.RELIABILITY_SEED);

/** A small deterministic PRNG (mulberry32) for choices outside fast-check. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Returns an integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
}
