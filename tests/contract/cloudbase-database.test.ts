/**
 * Keeps cloudbase/database.json in step with the CloudBase adapter. The
 * file runs the Store and FinanceStore contract suites against the local
 * endpoint once more and records every query the adapter sends. Then it
 * checks that every collection denies all client access and that an index
 * serves every query, unless the query is a search declared as a scan.
 */

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import tcb from "@cloudbase/node-sdk";

import { renderChecklist } from "../../scripts/database-checklist";
import {
  COLLECTION_NAMES,
  createCloudBaseFinanceStore,
  createCloudBaseStore,
} from "../../server/store/cloudbase";
import { startCloudBaseEndpoint, type RecordedRequest } from "../support/cloudbase-endpoint";
import {
  describeShape,
  isDeclaredScan,
  isServed,
  shapeOf,
  type DatabaseDefinition,
} from "../support/query-shapes";
import { describeFinanceContract, type OpenedFinance } from "./finance-contract";
import { describeFulfilmentContract } from "./fulfilment-contract";
import { describeStoreContract } from "./store-contract";

const DATABASE_FILE = join(resolve(__dirname, "../.."), "cloudbase/database.json");
const database = JSON.parse(readFileSync(DATABASE_FILE, "utf8")) as DatabaseDefinition;
const recorded: RecordedRequest[] = [];

async function openRecordingStore(): Promise<OpenedFinance> {
  // Without TENCENTCLOUD=true node-sdk 3.18.3 looks up Tencent's metadata
  // host before each request; with it, traffic stays on 127.0.0.1.
  process.env.TENCENTCLOUD = "true";
  const endpoint = await startCloudBaseEndpoint();
  const app = tcb.init({
    env: "test-env",
    serviceUrl: endpoint.url,
    secretId: "x",
    secretKey: "y",
  });
  return {
    store: createCloudBaseStore({ app }),
    finance: createCloudBaseFinanceStore({ app }),
    cleanup: async () => {
      recorded.push(...endpoint.requests);
      await endpoint.close();
    },
  };
}

describeStoreContract("CloudBase, recording queries", openRecordingStore);
describeFulfilmentContract("CloudBase, recording queries", openRecordingStore);
describeFinanceContract("CloudBase, recording queries", openRecordingStore);

describe("cloudbase/database.json", () => {
  const byName = new Map(database.collections.map((collection) => [collection.name, collection]));

  it("lists each adapter collection once", () => {
    const listed = database.collections.map((collection) => collection.name);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...COLLECTION_NAMES].sort());
  });

  it.each(database.collections.map((collection) => collection.name))(
    "denies client reads and writes of %s",
    (name) => {
      expect(byName.get(name)?.rule).toEqual({ read: false, write: false });
    },
  );

  it("names each index once per collection", () => {
    for (const collection of database.collections) {
      const names = collection.indexes.map((index) => index.name);
      expect({ collection: collection.name, names: [...new Set(names)] }).toEqual({
        collection: collection.name,
        names,
      });
    }
  });

  it("renders every collection and index as a checklist", () => {
    const checklist = renderChecklist(database.collections);
    for (const collection of database.collections) {
      expect(checklist).toContain(`- [ ] \`${collection.name}\``);
      for (const index of collection.indexes) {
        expect(checklist).toContain(`index \`${index.name}\``);
      }
    }
  });

  it("has an index for every query of the contract", () => {
    // Guards against an empty recording, which would pass trivially.
    expect(recorded.length).toBeGreaterThan(1000);

    const unserved = new Set<string>();
    for (const request of recorded) {
      const shape = shapeOf(request);
      if (shape === null) continue;
      const collection = byName.get(shape.collection);
      if (!collection) {
        unserved.add(`${describeShape(shape)} (collection not listed)`);
        continue;
      }
      if (!isServed(shape, collection.indexes) && !isDeclaredScan(shape, collection.scans ?? [])) {
        unserved.add(describeShape(shape));
      }
    }
    expect([...unserved].sort()).toEqual([]);
  });
});
