/**
 * Runs the Store contracts (store-contract.ts and fulfilment-contract.ts)
 * and the FinanceStore contract (finance-contract.ts) on the CloudBase
 * adapter and checks the requests the SDK sends for them.
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
  createCloudBaseFinanceStore,
  createCloudBaseStore,
  type CloudBaseFinanceStore,
  type CloudBaseStore,
} from "../../server/store/cloudbase";
import type { OrderChange, StockReceipt } from "../../server/store/port";
import type {
  AlertRecord,
  InboxRecord,
  OrderRecord,
  OutboxRecord,
} from "../../server/store/records";
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
import { describeFinanceContract, type OpenedFinance } from "./finance-contract";
import { describeFulfilmentContract } from "./fulfilment-contract";
import { describeStoreContract } from "./store-contract";

const T0 = Date.parse("2026-12-04T02:00:00Z");

const realEnvironment = {
  envId: process.env.TCB_ENV_ID ?? "",
  secretId: process.env.TENCENTCLOUD_SECRETID ?? "",
  secretKey: process.env.TENCENTCLOUD_SECRETKEY ?? "",
};
const usesRealEnvironment = Object.values(realEnvironment).every(Boolean);

interface LocalStore extends OpenedFinance {
  store: CloudBaseStore;
  finance: CloudBaseFinanceStore;
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
    finance: createCloudBaseFinanceStore({ app }),
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
async function openRealStore(): Promise<OpenedFinance> {
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
    finance: createCloudBaseFinanceStore({ database, collectionPrefix: prefix }),
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

const contractLabel = usesRealEnvironment
  ? "CloudBase (real environment)"
  : "CloudBase (local endpoint)";
const openContractStore = usesRealEnvironment ? openRealStore : openLocalStore;
describeStoreContract(contractLabel, openContractStore);
describeFulfilmentContract(contractLabel, openContractStore);
describeFinanceContract(contractLabel, openContractStore);

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

function outboxMessage(
  messageId: string,
  overrides: Partial<OutboxRecord> = {},
): OutboxRecord {
  return {
    messageId,
    recipientUserId: "U-1",
    template: "orderShipped",
    fields: { character_string1: "SO20261204-0001", thing2: "已发货" },
    status: "pending",
    attempts: 0,
    nextAttemptAt: T0,
    createdAt: T0,
    ...overrides,
  };
}

function inboxMessage(messageId: string, at: number): InboxRecord {
  return {
    messageId,
    userId: "U-1",
    template: "orderShipped",
    title: "已发货",
    fields: {},
    at,
  };
}

/** Ships 15 of the order's reservation with every kind of record attached. */
function partialShipment(order: OrderRecord): OrderChange {
  return {
    orderId: order.orderId,
    expectedVersion: order.version ?? 0,
    next: { ...order, status: "partially_shipped", updatedAt: T0 + 10 },
    stockMoves: [{ skuId: "SKU-A", onHandDelta: -15, reservedDelta: -15 }],
    reservationChanges: [{ lineNo: 1, baseDelta: -15 }],
    events: [
      {
        eventId: `evt_ship_${order.orderId}`,
        entityType: "order",
        entityId: order.orderId,
        action: "order.shipped",
        actorId: "U-WH",
        actorRole: "warehouse",
        at: T0 + 10,
      },
    ],
    outbox: [outboxMessage(`msg_${order.orderId}`)],
    inbox: [inboxMessage(`in_${order.orderId}`, T0 + 10)],
    receivables: [
      {
        receivableId: `rcv_${order.orderId}`,
        customerId: "C-1",
        orderId: order.orderId,
        amountFen: 2250,
        paidFen: 0,
        dueAt: T0 + 1,
      },
    ],
  };
}

function activeAlert(alertId: string): AlertRecord {
  const orderId = alertId.slice(alertId.indexOf(":") + 1);
  return {
    alertId,
    rule: "review_overdue",
    orderId,
    orderNo: "SO20261204-0001",
    status: "open",
    since: T0,
    raisedAt: T0 + 86_400_000,
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

/**
 * Checks requests of calls made one at a time: inside a transaction only
 * single-document operations occur, and every request between a start and
 * its commit or rollback carries that transaction's id.
 */
function expectWellFormedTransactions(requests: readonly RecordedRequest[]): void {
  const inTransaction = requests.filter(
    (request) => request.transactionId !== undefined && request.collection,
  );
  expect(inTransaction.length).toBeGreaterThan(0);
  for (const request of inTransaction) {
    expect(isSingleDocumentOperation(request)).toBe(true);
  }
  let open: string | undefined;
  for (const request of requests) {
    if (request.action === "database.startTransaction") {
      open = String(request.reply.transactionId);
    } else if (
      request.action === "database.commitTransaction" ||
      request.action === "database.abortTransaction"
    ) {
      open = undefined;
    } else if (open !== undefined) {
      expect(request.transactionId).toBe(open);
    }
  }
}

/** Builds a payment of `paidFen` towards R1 that leaves `creditFen` as credit. */
function paymentOnR1(paymentId: string, externalRef: string, paidFen: number, creditFen: number) {
  return {
    payment: {
      paymentId,
      externalRef,
      customerId: "C-1",
      amountFen: paidFen + creditFen,
      method: "bank_transfer" as const,
      receivedAt: T0,
      recordedBy: "U-FIN",
      recordedAt: T0,
      allocations: [
        { receivableId: "R1", amountFen: paidFen, mode: "oldest" as const, matchedBy: "U-FIN", matchedAt: T0 },
      ],
      unappliedFen: creditFen,
      version: 0,
    },
    receivableUpdates: [{ receivableId: "R1", expectedPaidFen: 0, paidFen }],
    ...(creditFen > 0 ? { credit: { customerId: "C-1", expectedFen: 0, balanceFen: creditFen } } : {}),
    events: [
      {
        eventId: `evt_${paymentId}`,
        entityType: "customer" as const,
        entityId: "C-1",
        action: "payment.recorded",
        actorId: "U-FIN",
        actorRole: "finance" as const,
        at: T0,
      },
    ],
  };
}

async function stockOf(store: CloudBaseStore, skuId: string) {
  const [row] = await store.getStock([skuId]);
  return row;
}

if (!usesRealEnvironment) {
  describe("CloudBase adapter requests", () => {
    let opened: LocalStore;
    let store: CloudBaseStore;
    let finance: CloudBaseFinanceStore;
    let endpoint: CloudBaseEndpoint;

    beforeEach(async () => {
      opened = await openLocalStore();
      ({ store, finance, endpoint } = opened);
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
      const shipped = await store.placeOrder(
        orderDraft({
          customerId: "C-1",
          skuId: "SKU-A",
          baseQuantity: 40,
          createdAt: T0,
        }),
      );
      await store.applyOrderChange(partialShipment(shipped.order));
      await store.saveNotifications(
        [outboxMessage("msg_alone")],
        [inboxMessage("in_alone", T0)],
      );
      await store.addInbox(inboxMessage("in_alone", T0));
      await store.addSubscriptions("U-1", "orderShipped", 2);
      await store.addSubscriptions("U-1", "orderShipped", 1);
      await store.saveAlert(
        activeAlert("review_overdue:ord_1"),
        [outboxMessage("msg_alert")],
        [inboxMessage("in_alert", T0)],
      );

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

    it("writes an order change under one transaction id", async () => {
      const placed = await store.placeOrder(
        orderDraft({
          customerId: "C-1",
          skuId: "SKU-A",
          baseQuantity: 40,
          createdAt: T0,
        }),
      );
      endpoint.clearRequests();

      const next = await store.applyOrderChange(partialShipment(placed.order));

      const { requests } = endpoint;
      const started = transactionIdsStarted(requests);
      expect(started).toHaveLength(1);
      const writes = requests.filter(isWrite);
      expect(new Set(writes.map((write) => write.collection))).toEqual(
        new Set([
          "stock",
          "reservations",
          "orders",
          "audit_events",
          "outbox",
          "inbox",
          "receivables",
          "credit_accounts",
        ]),
      );
      for (const write of writes) {
        expect(write.transactionId).toBe(started[0]);
      }
      const commits = requests.filter(
        (request) => request.action === "database.commitTransaction",
      );
      expect(commits.map((commit) => commit.transactionId)).toEqual(started);
      expect(next.version).toBe(1);
      const [stored] = endpoint
        .documents("orders")
        .filter((document) => document._id === placed.order.orderId);
      expect(stored.version).toBe(1);
      expect(stored.reservationCount).toBe(1);
    });

    it("adds a line's reservation in the change's transaction", async () => {
      const placed = await store.placeOrder(
        orderDraft({
          customerId: "C-1",
          skuId: "SKU-A",
          baseQuantity: 40,
          createdAt: T0,
        }),
      );
      const [line] = placed.order.lines;
      endpoint.clearRequests();

      await store.applyOrderChange({
        orderId: placed.order.orderId,
        expectedVersion: 0,
        next: {
          ...placed.order,
          lines: [
            { ...line, quantity: 30, baseQuantity: 30, amountFen: 4500 },
            { ...line, lineNo: 2, skuId: "SKU-B", quantity: 8, baseQuantity: 8, amountFen: 1200 },
          ],
          totalFen: 5700,
        },
        stockMoves: [{ skuId: "SKU-A", onHandDelta: 0, reservedDelta: -10 }],
        reservationChanges: [{ lineNo: 1, baseDelta: -10 }],
        addedReservations: [{ lineNo: 2, skuId: "SKU-B", baseQuantity: 8 }],
        events: [],
      });

      const { requests } = endpoint;
      expectWellFormedTransactions(requests);
      const started = transactionIdsStarted(requests);
      expect(started).toHaveLength(1);
      const inserts = requests.filter(
        (request) =>
          request.action === "database.insertDocument" &&
          request.collection === "reservations",
      );
      expect(inserts).toHaveLength(1);
      expect(inserts[0].transactionId).toBe(started[0]);
      const [stored] = endpoint
        .documents("orders")
        .filter((document) => document._id === placed.order.orderId);
      expect(stored.reservationCount).toBe(2);
      expect(await stockOf(store, "SKU-B")).toEqual({
        skuId: "SKU-B",
        onHand: 50,
        reserved: 8,
      });
    });

    it("rolls back an order change on an unchanged write", async () => {
      const placed = await store.placeOrder(
        orderDraft({
          customerId: "C-1",
          skuId: "SKU-A",
          baseQuantity: 40,
          createdAt: T0,
        }),
      );
      endpoint.failNext(
        (request) =>
          request.action === "database.modifyDocument" &&
          request.collection === "reservations" &&
          request.transactionId !== undefined,
        { data: { updated: 0 } },
      );

      await expect(
        store.applyOrderChange(partialShipment(placed.order)),
      ).rejects.toThrow(/changed 0 documents/);

      const order = await store.getOrder(placed.order.orderId);
      expect(order?.status).toBe("pending_review");
      expect(order?.version).toBeUndefined();
      expect(await stockOf(store, "SKU-A")).toEqual({
        skuId: "SKU-A",
        onHand: 100,
        reserved: 40,
      });
      expect(endpoint.documents("outbox")).toEqual([]);
      expect(endpoint.documents("inbox")).toEqual([]);
      expect(endpoint.documents("receivables")).toEqual([]);
      const actions = endpoint.requests.map((request) => request.action);
      expect(actions).toContain("database.abortTransaction");
    });

    it("retries an order change after a write conflict", async () => {
      const placed = await store.placeOrder(
        orderDraft({
          customerId: "C-1",
          skuId: "SKU-A",
          baseQuantity: 40,
          createdAt: T0,
        }),
      );
      endpoint.clearRequests();
      endpoint.failNext(
        (request) =>
          request.action === "database.insertDocument" &&
          request.collection === "outbox",
        { code: CONFLICT_CODE, message: "write conflict (injected)" },
      );

      await store.applyOrderChange(partialShipment(placed.order));

      expect(transactionIdsStarted(endpoint.requests)).toHaveLength(2);
      expect(await stockOf(store, "SKU-A")).toEqual({
        skuId: "SKU-A",
        onHand: 85,
        reserved: 25,
      });
      expect(endpoint.documents("outbox")).toHaveLength(1);
      expect(
        (await store.getAuditTrail("order", placed.order.orderId)).map(
          (event) => event.action,
        ),
      ).toEqual(["order.placed", "order.shipped"]);
    });

    it("consumes subscriptions by guarded update", async () => {
      await store.addSubscriptions("U-1", "orderShipped", 5);
      endpoint.clearRequests();

      const consumed = await Promise.all(
        Array.from({ length: 20 }, () =>
          store.consumeSubscription("U-1", "orderShipped"),
        ),
      );

      expect(consumed.filter(Boolean)).toHaveLength(5);
      expect(await store.countSubscriptions("U-1", "orderShipped")).toBe(0);
      const updates = endpoint.requests.filter(
        (request) => request.action === "database.modifyDocument",
      );
      expect(updates).toHaveLength(20);
      for (const update of updates) {
        expect(update.transactionId).toBeUndefined();
        expect(update.queryType).toBe("WHERE");
        expect(update.query).toEqual({
          _id: expect.any(String),
          remaining: { $gt: 0 },
        });
        expect(update.data).toEqual({ $inc: { remaining: -1 } });
      }
    });

    it("overwrites a pending message by guarded update", async () => {
      await store.saveNotifications([outboxMessage("msg_1")], []);
      endpoint.clearRequests();

      const retry = outboxMessage("msg_1", {
        attempts: 1,
        nextAttemptAt: T0 + 60_000,
        lastError: "busy",
      });
      expect(await store.updateMessage(retry, outboxMessage("msg_1"))).toBe(true);
      const sent = outboxMessage("msg_1", {
        status: "sent",
        attempts: 2,
        fields: { character_string1: "SO20261204-0001" },
        sentAt: T0 + 60_001,
      });
      expect(await store.updateMessage(sent, retry)).toBe(true);
      expect(await store.updateMessage(outboxMessage("msg_1", { attempts: 9 }), sent)).toBe(false);

      const [stored] = endpoint.documents("outbox");
      expect(stored).toEqual({
        ...outboxMessage("msg_1", {
          status: "sent",
          attempts: 2,
          fields: { character_string1: "SO20261204-0001" },
          sentAt: T0 + 60_001,
        }),
        _id: "msg_1",
      });
      const updates = endpoint.requests.filter(
        (request) => request.action === "database.modifyDocument",
      );
      expect(updates).toHaveLength(3);
      for (const update of updates) {
        expect(update.transactionId).toBeUndefined();
      }
      expect(updates.map((update) => update.query)).toEqual([
        { _id: "msg_1", status: "pending", attempts: 0, nextAttemptAt: T0 },
        { _id: "msg_1", status: "pending", attempts: 1, nextAttemptAt: T0 + 60_000 },
        { _id: "msg_1", status: "pending", attempts: 2, nextAttemptAt: T0 },
      ]);
      expect(updates.map((update) => update.reply.data)).toEqual([
        { updated: 1 },
        { updated: 1 },
        { updated: 0 },
      ]);
    });

    it("pages messages and alerts past 1,000", async () => {
      const count = 1010;
      const outbox = Array.from({ length: count }, (_, index) =>
        outboxMessage(`msg_${String(index).padStart(5, "0")}`, {
          nextAttemptAt: T0 - (index % 7),
          createdAt: T0 - (index % 3),
        }),
      );
      const inbox = Array.from({ length: count }, (_, index) =>
        inboxMessage(
          `in_${String(index).padStart(5, "0")}`,
          T0 + Math.floor(index / 4),
        ),
      );
      await store.saveNotifications(outbox, inbox);
      // Every 200th alert is cleared, which leaves more than 1,000 active.
      const isCleared = (index: number) => index % 200 === 0;
      for (let index = 0; index < count; index += 1) {
        const alert = activeAlert(`review_overdue:ord_${index}`);
        await store.saveAlert(
          isCleared(index) ? { ...alert, status: "cleared" } : alert,
          [],
          [],
        );
      }
      endpoint.clearRequests();

      const due = await store.listDueMessages(T0, 5000);
      const messages = await store.listInbox("U-1", { limit: 5000 });
      const alerts = await store.listActiveAlerts();

      const dueKey = (message: OutboxRecord) =>
        [message.nextAttemptAt, message.createdAt, message.messageId] as const;
      const expectedDue = [...outbox].sort((left, right) => {
        const [a, b] = [dueKey(left), dueKey(right)];
        return a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]);
      });
      expect(due.map((message) => message.messageId)).toEqual(
        expectedDue.map((message) => message.messageId),
      );
      const expectedInbox = [...inbox].sort(
        (left, right) =>
          right.at - left.at || right.messageId.localeCompare(left.messageId),
      );
      expect(messages.map((message) => message.messageId)).toEqual(
        expectedInbox.map((message) => message.messageId),
      );
      const activeIds = Array.from({ length: count }, (_, index) => index)
        .filter((index) => !isCleared(index))
        .map((index) => `review_overdue:ord_${index}`)
        .sort();
      expect(activeIds.length).toBeGreaterThan(1000);
      expect(alerts.map((alert) => alert.alertId)).toEqual(activeIds);
      const reads = endpoint.requests.filter(
        (request) => request.action === "database.getDocument",
      );
      for (const read of reads) expect(read.limit).toBeLessThanOrEqual(1000);
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
        openOrdersFen: 0,
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

    it("never oversells when changes add lines concurrently", async () => {
      await store.saveSku(bottleSku("SKU-HOT"));
      await store.receiveStock(receipt("SKU-HOT", 50));
      const orders: OrderRecord[] = [];
      for (let index = 0; index < 10; index += 1) {
        const placed = await store.placeOrder(
          orderDraft({
            customerId: "C-1",
            skuId: "SKU-A",
            baseQuantity: 1,
            createdAt: T0 + index,
          }),
        );
        orders.push(placed.order);
      }
      endpoint.clearRequests();

      // Ten changes add 5 of SKU-HOT to an order while ten placements
      // order 5 of it, so only ten of the twenty fit in the 50 on hand.
      const additions = orders.map((order) => {
        const [line] = order.lines;
        return store.applyOrderChange({
          orderId: order.orderId,
          expectedVersion: 0,
          next: {
            ...order,
            lines: [
              line,
              { ...line, lineNo: 2, skuId: "SKU-HOT", quantity: 5, baseQuantity: 5, amountFen: 750 },
            ],
            totalFen: order.totalFen + 750,
          },
          addedReservations: [{ lineNo: 2, skuId: "SKU-HOT", baseQuantity: 5 }],
          events: [],
        });
      });
      const placements = Array.from({ length: 10 }, (_, index) =>
        store.placeOrder(
          orderDraft({
            customerId: "C-1",
            skuId: "SKU-HOT",
            baseQuantity: 5,
            createdAt: T0 + 100 + index,
          }),
        ),
      );
      const results = await Promise.allSettled([...additions, ...placements]);

      const succeeded = results.filter((result) => result.status === "fulfilled");
      expect(succeeded).toHaveLength(10);
      for (const result of results) {
        if (result.status === "fulfilled") continue;
        expect(result.reason).toBeInstanceOf(AppError);
        expect((result.reason as AppError).code).toBe("INSUFFICIENT_STOCK");
      }
      expect(await stockOf(store, "SKU-HOT")).toEqual({
        skuId: "SKU-HOT",
        onHand: 50,
        reserved: 50,
      });
      const activeHot = endpoint
        .documents("reservations")
        .filter((document) => document.skuId === "SKU-HOT" && document.state === "active");
      const reservedByDocuments = activeHot.reduce(
        (sum, document) => sum + Number(document.baseQuantity),
        0,
      );
      expect(reservedByDocuments).toBe(50);
    });

    it("reads the credit account inside the placement transaction", async () => {
      await store.placeOrder({
        ...orderDraft({ customerId: "C-1", skuId: "SKU-A", baseQuantity: 4, createdAt: T0 }),
        creditCheck: () => [],
      });

      const { requests } = endpoint;
      const [transactionId] = transactionIdsStarted(requests);
      const accountRequests = requests.filter((request) => request.collection === "credit_accounts");
      expect(accountRequests.map((request) => request.action)).toEqual([
        "database.getDocument",
        "database.modifyDocument",
      ]);
      for (const request of accountRequests) expect(request.transactionId).toBe(transactionId);
      // Only the overdue query runs before the transaction.
      const start = requests.findIndex((request) => request.action === "database.startTransaction");
      expect(new Set(requests.slice(0, start).map((request) => request.collection))).toEqual(
        new Set(["receivables"]),
      );
      const [account] = endpoint.documents("credit_accounts");
      expect(account).toMatchObject({ _id: "C-1", openOrdersFen: 600, outstandingFen: 0 });
    });

    it("writes a payment under one transaction id", async () => {
      await store.saveReceivable({ receivableId: "R1", customerId: "C-1", amountFen: 1000, paidFen: 0, dueAt: T0 });
      endpoint.clearRequests();

      await finance.recordPayment(paymentOnR1("pay_1", "BANK-1", 600, 400));

      const { requests } = endpoint;
      const started = transactionIdsStarted(requests);
      expect(started).toHaveLength(1);
      const writes = requests.filter(isWrite);
      expect(new Set(writes.map((write) => write.collection))).toEqual(
        new Set(["receivables", "credit_balances", "payments", "payment_refs", "audit_events", "credit_accounts"]),
      );
      for (const write of writes) expect(write.transactionId).toBe(started[0]);
      const commits = requests.filter((request) => request.action === "database.commitTransaction");
      expect(commits.map((commit) => commit.transactionId)).toEqual(started);
      expect(endpoint.documents("credit_accounts")).toEqual([
        { _id: "C-1", customerId: "C-1", openOrdersFen: 0, outstandingFen: 400 },
      ]);
    });

    it("retries a payment after a write conflict", async () => {
      await store.saveReceivable({ receivableId: "R1", customerId: "C-1", amountFen: 1000, paidFen: 0, dueAt: T0 });
      endpoint.clearRequests();
      endpoint.failNext(
        (request) => request.action === "database.insertDocument" && request.collection === "payments",
        { code: CONFLICT_CODE, message: "write conflict (injected)" },
      );

      const result = await finance.recordPayment(paymentOnR1("pay_1", "BANK-1", 600, 0));

      expect(result.isReplay).toBe(false);
      expect(transactionIdsStarted(endpoint.requests)).toHaveLength(2);
      expect(endpoint.documents("payments").map((document) => document._id)).toEqual(["pay_1"]);
      expect(endpoint.documents("receivables")).toMatchObject([{ _id: "R1", paidFen: 600, outstandingFen: 400 }]);
      expect(endpoint.documents("audit_events").filter((document) => document.action === "payment.recorded")).toHaveLength(1);
      expect((await store.getCreditExposure("C-1", T0)).outstandingFen).toBe(400);
    });

    it("keeps finance transactions to single documents", async () => {
      await store.saveReceivable({ receivableId: "R1", customerId: "C-1", orderId: "ord_1", amountFen: 1000, paidFen: 0, dueAt: T0 });
      await finance.recordPayment(paymentOnR1("pay_1", "BANK-1", 200, 300));
      await finance.recordPayment(paymentOnR1("pay_1", "BANK-1", 200, 300));
      await finance.rematchPayment({
        ...paymentOnR1("pay_1", "BANK-1", 100, 0),
        events: [],
        expectedVersion: 0,
        receivableUpdates: [{ receivableId: "R1", expectedPaidFen: 200, paidFen: 100 }],
        credit: { customerId: "C-1", expectedFen: 300, balanceFen: 400 },
      });
      await finance.applyCredit({
        receivableUpdates: [{ receivableId: "R1", expectedPaidFen: 100, paidFen: 500 }],
        credit: { customerId: "C-1", expectedFen: 400, balanceFen: 0 },
        events: [],
      });
      const opened = {
        returnId: "ret_1",
        requestId: "req-ret-1",
        customerId: "C-1",
        lines: [{ orderId: "ord_1", lineNo: 1, skuId: "SKU-A", unit: "瓶", quantity: 2, baseQuantity: 2, amountFen: 300 }],
        totalFen: 300,
        reason: "破损",
        isRefund: false,
        status: "requested" as const,
        createdBy: "U-1",
        createdAt: T0,
      };
      await finance.saveReturn(opened);
      await finance.saveReturn(opened);
      await finance.receiveReturn({
        returnRecord: { ...opened, status: "received", creditNoteId: "cn_1" },
        creditNote: {
          creditNoteId: "cn_1",
          customerId: "C-1",
          returnId: "ret_1",
          amountFen: 300,
          createdAt: T0,
          allocations: [],
          creditedFen: 0,
          refundFen: 0,
        },
        stockMoves: [{ skuId: "SKU-A", baseQuantity: 2 }],
        receivableUpdates: [{ receivableId: "R1", expectedPaidFen: 500, paidFen: 800 }],
        events: [],
      });

      expectWellFormedTransactions(endpoint.requests);
      const updatesByQuery = endpoint.requests.filter(
        (request) => request.action === "database.modifyDocument" && request.queryType !== "DOC",
      );
      expect(updatesByQuery).toEqual([]);
      expect(await stockOf(store, "SKU-A")).toEqual({ skuId: "SKU-A", onHand: 102, reserved: 0 });
      expect((await store.getCreditExposure("C-1", T0)).outstandingFen).toBe(200);
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
