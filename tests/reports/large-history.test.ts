import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { seedLargeHistory } from "../../server/demo/large-history";
import { SqliteStore } from "../../server/store/sqlite/sqlite-store";
import { rollupsKeptAndRebuilt } from "./report-fixtures";

describe("seedLargeHistory", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "orderdesk-large-"));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const options = {
    lines: 5000,
    seed: 7,
    days: 90,
    endDate: "2026-12-04",
    customers: 40,
  };

  it("writes the same rows for the same seed", async () => {
    const first = new SqliteStore(join(dir, "a.sqlite"));
    const second = new SqliteStore(join(dir, "b.sqlite"));
    try {
      const a = await seedLargeHistory(first, options);
      const b = await seedLargeHistory(second, options);
      const digest = (store: SqliteStore) =>
        store.db
          .prepare(
            "SELECT COUNT(*) AS n, SUM(total_fen) AS fen, SUM(created_at % 9973) AS at FROM orders",
          )
          .get();

      expect(a).toEqual(b);
      expect(a.lines).toBe(5000);
      expect(digest(first)).toEqual(digest(second));
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("adds nothing when run again and keeps the rollups exact", async () => {
    const store = new SqliteStore(join(dir, "a.sqlite"));
    try {
      const again = await seedLargeHistory(store, options);

      expect(again.orders).toBe(0);
      expect(again.existingOrders).toBeGreaterThan(0);
      const { kept, rebuilt } = rollupsKeptAndRebuilt(store);
      expect(kept).toEqual(rebuilt);
    } finally {
      await store.close();
    }
  });
});
