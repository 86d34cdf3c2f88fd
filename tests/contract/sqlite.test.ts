import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { SqliteFinanceStore } from "../../server/store/sqlite/finance";
import { SqliteStore } from "../../server/store/sqlite/sqlite-store";
import { describeFinanceContract, type OpenedFinance } from "./finance-contract";
import { describeFulfilmentContract } from "./fulfilment-contract";
import { describeStoreContract, type OpenedStore } from "./store-contract";

async function openSqlite(): Promise<OpenedStore & { store: SqliteStore }> {
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

async function openSqliteFinance(): Promise<OpenedFinance> {
  const opened = await openSqlite();
  return { ...opened, finance: new SqliteFinanceStore(opened.store.db) };
}

describeStoreContract("SQLite", openSqlite);
describeFulfilmentContract("SQLite", openSqlite);
describeFinanceContract("SQLite", openSqliteFinance);
