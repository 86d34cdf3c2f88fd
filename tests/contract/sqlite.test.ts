import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { SqliteStore } from "../../server/store/sqlite/sqlite-store";
import { describeFulfilmentContract } from "./fulfilment-contract";
import { describeStoreContract, type OpenedStore } from "./store-contract";

async function openSqlite(): Promise<OpenedStore> {
  const dir = mkdtempSync(join(tmpdir(), "orderdesk-contract-"));
  const store = new SqliteStore(join(dir, "store.sqlite"));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeStoreContract("SQLite", openSqlite);
describeFulfilmentContract("SQLite", openSqlite);
