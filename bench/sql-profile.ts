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
 * `db`, then restores better-sqlite3. `work` returns the units it did.
 * Executions are timed on the Statement prototype, so statements that the
 * store prepared and cached before the slice are seen too. The timers add
 * some overhead, so the profile shows shares, not rates.
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
    try {
      return prepare.call(this, source);
    } finally {
      profile.prepare.ms += performance.now() - started;
      profile.prepare.calls += 1;
    }
  } as typeof db.prepare;

  type Execute = (this: Database.Statement, ...args: unknown[]) => unknown;
  const statementPrototype = Object.getPrototypeOf(prepare.call(db, "SELECT 1")) as Record<string, Execute>;
  const originals = EXECUTE_METHODS.map((method) => [method, statementPrototype[method]] as const);
  for (const [method, execute] of originals) {
    statementPrototype[method] = function timedExecute(this: Database.Statement, ...args: unknown[]) {
      if (this.database !== db) return execute.apply(this, args);
      const began = performance.now();
      try {
        return execute.apply(this, args);
      } finally {
        addCost(profile.statements, this.source.replace(/\s+/g, " ").trim(), performance.now() - began);
      }
    };
  }

  try {
    const started = performance.now();
    profile.units = await work();
    profile.elapsedMs = performance.now() - started;
    return profile;
  } finally {
    for (const [method, execute] of originals) statementPrototype[method] = execute;
    // The wrapper is an own property that shadows Database.prototype.prepare.
    delete (db as { prepare?: unknown }).prepare;
  }
}

/** Returns the share of the slice spent outside statement executions, in JavaScript. */
export function outsideStatementsShare(profile: SqlProfile): number {
  const inside = [...profile.statements.values()].reduce((sum, cost) => sum + cost.ms, 0);
  return Math.max(0, 1 - inside / profile.elapsedMs);
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
