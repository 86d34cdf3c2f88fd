import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { SqliteStore } from "../../server/store/sqlite/sqlite-store";
import { describeStoreContract } from "./store-contract";

describeStoreContract("SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "orderdesk-contract-"));
  const store = new SqliteStore(join(dir, "store.sqlite"));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
