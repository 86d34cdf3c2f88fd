import { performance } from "node:perf_hooks";

import type Database from "better-sqlite3";

/** Time spent in one kind of SQLite call during a profiled slice. */
export interface CallCost {
  calls: number;
  ms: number;
}

/** Time a slice of work spent inside better-sqlite3. */
export interface SqlProfile {
  elapsedMs: number;
  /** Units of work (orders) done in the slice. */
  units: number;
  prepare: CallCost;
  /** Execution of each statement (run, get, all, iterate), by SQL text with whitespace collapsed. */
  statements: Map<string, CallCost>;
}

const EXECUTE_METHODS = ["run", "get", "all", "iterate"] as const;

function addCost(costs: Map<string, CallCost>, key: string, ms: number): void {
  const cost = costs.get(key) ?? { calls: 0, ms: 0 };
  cost.calls += 1;
  cost.ms += ms;
  costs.set(key, cost);
}

/**
 * Runs `work` while timing every prepare() and every statement execution on
 * `db`, then restores the database object. `work` returns the units it did.
 * The timers add some overhead, so the profile shows shares, not rates.
 *
 * NOTE: only statements prepared during the slice are timed, so a statement
 * cached by the caller before the slice does not appear in the profile.
 */
export async function profileSql(
  db: Database.Database,
  work: () => Promise<number>,
): Promise<SqlProfile> {
  const prepare = db.prepare;
  const profile: SqlProfile = {
    elapsedMs: 0,
    units: 0,
    prepare: { calls: 0, ms: 0 },
    statements: new Map(),
  };

  db.prepare = function timedPrepare(this: Database.Database, source: string) {
    const started = performance.now();
    const statement = prepare.call(this, source);
    profile.prepare.ms += performance.now() - started;
    profile.prepare.calls += 1;

    const sql = source.replace(/\s+/g, " ").trim();
    const target = statement as unknown as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    for (const method of EXECUTE_METHODS) {
      const execute = target[method];
      target[method] = function timedExecute(
        this: unknown,
        ...args: unknown[]
      ) {
        const began = performance.now();
        try {
          return execute.apply(this, args);
        } finally {
          addCost(profile.statements, sql, performance.now() - began);
        }
      };
    }
    return statement;
  } as typeof db.prepare;

  try {
    const started = performance.now();
    profile.units = await work();
    profile.elapsedMs = performance.now() - started;
    return profile;
  } finally {
    // The wrapper is an own property that shadows Database.prototype.prepare.
    delete (db as { prepare?: unknown }).prepare;
  }
}

/** Returns the statements that took the most time, largest first. */
export function topStatements(
  profile: SqlProfile,
  count: number,
): { sql: string; cost: CallCost }[] {
  return [...profile.statements]
    .map(([sql, cost]) => ({ sql, cost }))
    .sort((a, b) => b.cost.ms - a.cost.ms)
    .slice(0, count);
}
