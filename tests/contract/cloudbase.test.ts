/**
 * Runs the Store contract on the CloudBase adapter and checks the requests
 * the SDK sends for it.
 *
 * Without credentials the SDK talks to a local endpoint
 * (tests/support/cloudbase-endpoint.ts) that records every request. When
 * TCB_ENV_ID, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY are all
 * set, the contract runs against that real environment instead, in
 * collections named with a fresh prefix, and the request checks are left
 * out because there is nothing to record them.
 */

import tcb from "@cloudbase/node-sdk";

import { AppError } from "../../shared/errors";
import {
  COLLECTION_NAMES,
  createCloudBaseStore,
  type CloudBaseStore,
} from "../../server/store/cloudbase";
import type { StockReceipt } from "../../server/store/port";
import {
  CONFLICT_CODE,
  startCloudBaseEndpoint,
  type CloudBaseEndpoint,
  type RecordedRequest,
} from "../support/cloudbase-endpoint";
import {
  bottleSku,
  historicalOrder,
  orderDraft,
  testCustomer,
} from "../support/fixtures";
import { describeStoreContract, type OpenedStore } from "./store-contract";

const T0 = Date.parse("2026-12-04T02:00:00Z");

const realEnvironment = {
  envId: process.env.TCB_ENV_ID ?? "",
  secretId: process.env.TENCENTCLOUD_SECRETID ?? "",
  secretKey: process.env.TENCENTCLOUD_SECRETKEY ?? "",
};
const usesRealEnvironment = Object.values(realEnvironment).every(Boolean);

interface LocalStore extends OpenedStore {
  store: CloudBaseStore;
  endpoint: CloudBaseEndpoint;
}

async function openLocalStore(): Promise<LocalStore> {
  // Unless TENCENTCLOUD is "true", node-sdk 3.18.3 looks up
  // metadata.tencentyun.com before every request to detect Tencent Cloud
  // (src/utils/cloudplatform.ts). The flag keeps all traffic on 127.0.0.1.
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
    endpoint,
    cleanup: () => endpoint.close(),
  };
}

let runSerial = 0;

/**
 * Opens a store on the real environment in collections of its own.
 * NOTE: this path has not been run, because the repository's test runs
 * have no credentials. The emptied collections stay behind, because
 * node-sdk cannot drop a collection.
 */
async function openRealStore(): Promise<OpenedStore> {
  const app = tcb.init({
    env: realEnvironment.envId,
    secretId: realEnvironment.secretId,
    secretKey: realEnvironment.secretKey,
  });
  const database = app.database();
  runSerial += 1;
  const prefix = `test_${Date.now().toString(36)}_${runSerial}_`;
  for (const name of COLLECTION_NAMES) {
    await database.createCollection(`${prefix}${name}`);
  }
  return {
    store: createCloudBaseStore({ database, collectionPrefix: prefix }),
    cleanup: async () => {
      const _ = database.command;
      for (const name of COLLECTION_NAMES) {
        await database
          .collection(`${prefix}${name}`)
          .where({ _id: _.exists(true) })
          .remove();
      }
    },
  };
}

describeStoreContract(
  usesRealEnvironment
    ? "CloudBase (real environment)"
    : "CloudBase (local endpoint)",
  usesRealEnvironment ? openRealStore : openLocalStore,
);

function receipt(skuId: string, baseQuantity: number): StockReceipt {
  return {
    skuId,
    baseQuantity,
    event: {
      eventId: `evt_recv_${skuId}_${Math.random()}`,
      entityType: "stock",
      entityId: skuId,
      action: "stock.received",
      actorId: "U-WH",
      actorRole: "warehouse",
      at: T0,
    },
  };
}

function cancellation(orderId: string, eventId: string) {
  return {
    orderId,
    from: ["pending_review" as const],
    to: "cancelled" as const,
    releaseReservations: true,
    event: {
      eventId,
      entityType: "order" as const,
      entityId: orderId,
      action: "order.cancelled",
      actorId: "U-TEST",
      actorRole: "customer" as const,
      at: T0 + 1000,
    },
  };
}

const isWrite = (request: RecordedRequest) =>
  request.action === "database.modifyDocument" ||
  request.action === "database.insertDocument";

function transactionIdsStarted(requests: readonly RecordedRequest[]): string[] {
  return requests
    .filter((request) => request.action === "database.startTransaction")
    .map((request) => String(request.reply.transactionId));
}

/** True for the only operations CloudBase runs inside a transaction. */
function isSingleDocumentOperation(request: RecordedRequest): boolean {
  if (request.action === "database.insertDocument") {
    return Array.isArray(request.data) && request.data.length === 1;
  }
  const onlyId =
    request.query !== undefined &&
    Object.keys(request.query).length === 1 &&
    typeof request.query._id === "string";
  return request.queryType === "DOC" && onlyId;
}

async function stockOf(store: CloudBaseStore, skuId: string) {
  const [row] = await store.getStock([skuId]);
  return row;
}

if (!usesRealEnvironment) {
  describe("CloudBase adapter requests", () => {
    let opened: LocalStore;
    let store: CloudBaseStore;
    let endpoint: CloudBaseEndpoint;

    beforeEach(async () => {
      opened = await openLocalStore();
      ({ store, endpoint } = opened);
      await store.saveSku(bottleSku("SKU-A"));
      await store.saveSku(bottleSku("SKU-B"));
      await store.saveCustomer(testCustomer("C-1"));
      await store.receiveStock(receipt("SKU-A", 100));
      await store.receiveStock(receipt("SKU-B", 50));
      endpoint.clearRequests();
    });

    afterEach(async () => {
      await opened.cleanup();
    });

    it("reserves under one transaction id", async () => {
      const draft = orderDraft({
        customerId: "C-1",
        skuId: "SKU-A",
        baseQuantity: 10,
        createdAt: T0,
      });
      draft.reservations.push(
        { lineNo: 2, skuId: "SKU-B", baseQuantity: 5 },
        { lineNo: 3, skuId: "SKU-A", baseQuantity: 3 },
      );

      await store.placeOrder(draft);

      const { requests } = endpoint;
      const [transactionId] = transactionIdsStarted(requests);
      expect(transactionIdsStarted(requests)).toHaveLength(1);
      const stockAndReservationWrites = requests.filter(
        (request) =>
          isWrite(request) &&
          (request.collection === "stock" ||
            request.collection === "reservations"),
      );
      // One reservation per line, one stock update per SKU.
      expect(stockAndReservationWrites).toHaveLength(5);
      for (const write of stockAndReservationWrites) {
        expect(write.transactionId).toBe(transactionId);
      }
      const commits = requests.filter(
        (request) => request.action === "database.commitTransaction",
      );
      expect(commits.map((commit) => commit.transactionId)).toEqual([
        transactionId,
      ]);
      expect(await stockOf(store, "SKU-A")).toEqual({
        skuId: "SKU-A",
        onHand: 100,
        reserved: 13,
      });
    });

    it("keeps transactions to single documents", async () => {
      const placed = await store.placeOrder(
        orderDraft({
          customerId: "C-1",
          skuId: "SKU-A",
          baseQuantity: 4,
          createdAt: T0,
        }),
      );
      await store.transitionOrder(
        cancellation(placed.order.orderId, "evt_cancel"),
      );
      await store.receiveStock(receipt("SKU-B", 1));
      await store.saveSku(bottleSku("SKU-C"));

      const { requests } = endpoint;
      const inTransaction = requests.filter(
        (request) => request.transactionId !== undefined && request.collection,
      );
      expect(inTransaction.length).toBeGreaterThan(0);
      for (const request of inTransaction) {
        expect(isSingleDocumentOperation(request)).toBe(true);
      }

      // The calls ran one at a time, so every request between a start and
      // its commit belongs to that transaction and must carry its id.
      let open: string | undefined;
      for (const request of requests) {
        if (request.action === "database.startTransaction") {
          open = String(request.reply.transactionId);
        } else if (request.action === "database.commitTransaction") {
          open = undefined;
        } else if (open !== undefined) {
          expect(request.transactionId).toBe(open);
        }
      }
    });

    it("never updates by query", async () => {
      await store.placeOrder(
        orderDraft({
          customerId: "C-1",
          skuId: "SKU-A",
          baseQuantity: 2,
          createdAt: T0,
        }),
      );
      await store.saveReceivable({
        receivableId: "R1",
        customerId: "C-1",
        amountFen: 100,
        paidFen: 0,
        dueAt: T0,
      });

      const updates = endpoint.requests.filter(
        (request) => request.action === "database.modifyDocument",
      );
      expect(updates.length).toBeGreaterThan(0);
      for (const update of updates) expect(update.queryType).toBe("DOC");
    });

    it("lists over 1,000 orders", async () => {
      const orders = Array.from({ length: 1150 }, (_, index) =>
        historicalOrder(
          `ord_h${String(index).padStart(5, "0")}`,
          index % 23 === 0 ? "C-2" : "C-1",
          T0 - Math.floor(index / 3) * 1000,
        ),
      );
      const expected = orders.filter((order) => order.customerId === "C-1");
      expect(await store.importOrders(orders)).toBe(1150);
      endpoint.clearRequests();

      const listed = await store.listOrders(
        { customerIds: ["C-1"] },
        { limit: 5000 },
      );

      expect(expected.length).toBeGreaterThan(1000);
      expect(listed).toHaveLength(expected.length);
      expect(new Set(listed.map((order) => order.orderId)).size).toBe(
        expected.length,
      );
      for (let i = 1; i < listed.length; i += 1) {
        const previous = listed[i - 1];
        const current = listed[i];
        expect(
          previous.createdAt > current.createdAt ||
            (previous.createdAt === current.createdAt &&
              previous.orderId > current.orderId),
        ).toBe(true);
      }
      const reads = endpoint.requests.filter(
        (request) => request.action === "database.getDocument",
      );
      expect(reads.length).toBeGreaterThan(1);
      for (const read of reads) expect(read.limit).toBeLessThanOrEqual(1000);
    });

    it("fills a 1,200-order page", async () => {
      const orders = Array.from({ length: 1300 }, (_, index) =>
        historicalOrder(
          `ord_p${String(index).padStart(5, "0")}`,
          "C-1",
          T0 + index,
        ),
      );
      await store.importOrders(orders);

      const first = await store.listOrders({}, { limit: 1200 });
      const last = first[first.length - 1];
      const rest = await store.listOrders(
        {},
        {
          after: { createdAt: last.createdAt, orderId: last.orderId },
          limit: 1200,
        },
      );

      expect(first).toHaveLength(1200);
      expect(first[0].orderId).toBe("ord_p01299");
      expect(rest).toHaveLength(100);
      expect(rest[99].orderId).toBe("ord_p00000");
    });

    it("sums over 1,000 receivables", async () => {
      for (let i = 0; i < 1010; i += 1) {
        await store.saveReceivable({
          receivableId: `R${String(i).padStart(4, "0")}`,
          customerId: "C-1",
          amountFen: 100,
          paidFen: i % 2 === 0 ? 0 : 40,
          dueAt: i < 10 ? T0 - 1 : T0 + 1,
        });
      }

      expect(await store.getCreditExposure("C-1", T0)).toEqual({
        outstandingFen: 505 * 100 + 505 * 60,
        overdueFen: 5 * 100 + 5 * 60,
      });
    });

    it("rolls back an unchanged stock update", async () => {
      const draft = orderDraft({
        customerId: "C-1",
        skuId: "SKU-A",
        baseQuantity: 10,
        createdAt: T0,
      });
      endpoint.failNext(
        (request) =>
          request.action === "database.modifyDocument" &&
          request.collection === "stock" &&
          request.transactionId !== undefined,
        { data: { updated: 0 } },
      );

      await expect(store.placeOrder(draft)).rejects.toThrow(
        /changed 0 documents/,
      );

      expect((await stockOf(store, "SKU-A")).reserved).toBe(0);
      expect(await store.getOrder(draft.order.orderId)).toBeNull();
      const actions = endpoint.requests.map((request) => request.action);
      expect(actions).toContain("database.abortTransaction");
      expect(actions).not.toContain("database.commitTransaction");
    });

    it("rolls back an unchanged order update", async () => {
      const placed = await store.placeOrder(
        orderDraft({
          customerId: "C-1",
          skuId: "SKU-A",
          baseQuantity: 10,
          createdAt: T0,
        }),
      );
      endpoint.failNext(
        (request) =>
          request.action === "database.modifyDocument" &&
          request.collection === "orders" &&
          request.transactionId !== undefined,
        { data: { updated: 0 } },
      );

      await expect(
        store.transitionOrder(cancellation(placed.order.orderId, "evt_c1")),
      ).rejects.toThrow(/changed 0 documents/);

      expect((await store.getOrder(placed.order.orderId))?.status).toBe(
        "pending_review",
      );
      expect((await store.getReservations(placed.order.orderId))[0].state).toBe(
        "active",
      );
      expect((await stockOf(store, "SKU-A")).reserved).toBe(10);
    });

    it("retries after a write conflict", async () => {
      endpoint.failNext(
        (request) =>
          request.action === "database.modifyDocument" &&
          request.collection === "stock" &&
          request.transactionId !== undefined,
        { code: CONFLICT_CODE, message: "write conflict (injected)" },
      );

      const placed = await store.placeOrder(
        orderDraft({
          customerId: "C-1",
          skuId: "SKU-A",
          baseQuantity: 7,
          createdAt: T0,
        }),
      );

      expect(placed.order.orderNo).toBe("SO20261204-0001");
      expect((await stockOf(store, "SKU-A")).reserved).toBe(7);
      expect(transactionIdsStarted(endpoint.requests)).toHaveLength(2);
      const [first] = transactionIdsStarted(endpoint.requests);
      const rollbacks = endpoint.requests.filter(
        (request) => request.action === "database.abortTransaction",
      );
      expect(rollbacks.map((request) => request.transactionId)).toEqual([
        first,
      ]);
    });

    it("never oversells under concurrent orders", async () => {
      await store.saveSku(bottleSku("SKU-HOT"));
      await store.receiveStock(receipt("SKU-HOT", 50));
      endpoint.clearRequests();

      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, index) =>
          store.placeOrder(
            orderDraft({
              customerId: "C-1",
              skuId: "SKU-HOT",
              baseQuantity: 5,
              createdAt: T0 + index,
            }),
          ),
        ),
      );

      const placed = results.flatMap((result) =>
        result.status === "fulfilled" ? [result.value.order.orderNo] : [],
      );
      const rejected = results.flatMap((result) =>
        result.status === "rejected" ? [result.reason] : [],
      );
      expect(placed).toHaveLength(10);
      expect(placed.sort()).toEqual(
        Array.from(
          { length: 10 },
          (_, i) => `SO20261204-${String(i + 1).padStart(4, "0")}`,
        ),
      );
      for (const reason of rejected) {
        expect(reason).toBeInstanceOf(AppError);
        expect((reason as AppError).code).toBe("INSUFFICIENT_STOCK");
      }
      expect(await stockOf(store, "SKU-HOT")).toEqual({
        skuId: "SKU-HOT",
        onHand: 50,
        reserved: 50,
      });
      const conflicts = endpoint.requests.filter(
        (request) => request.reply.code === CONFLICT_CODE,
      );
      expect(conflicts.length).toBeGreaterThan(0);
    });

    it("places once for racing duplicate requests", async () => {
      const draft = orderDraft({
        customerId: "C-1",
        skuId: "SKU-A",
        baseQuantity: 6,
        createdAt: T0,
        requestId: "req-race-1",
        requestHash: "h1",
      });
      const twin = { ...draft, order: { ...draft.order, orderId: "ord_twin" } };

      const results = await Promise.all([
        store.placeOrder(draft),
        store.placeOrder(twin),
      ]);

      expect(results.map((result) => result.isReplay).sort()).toEqual([
        false,
        true,
      ]);
      expect(new Set(results.map((result) => result.order.orderId)).size).toBe(
        1,
      );
      expect((await stockOf(store, "SKU-A")).reserved).toBe(6);
    });
  });
}
