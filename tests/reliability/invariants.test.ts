/**
 * The invariant checks that the other reliability suites rely on must be
 * able to fail: each case plants one fault in a consistent store and
 * expects the checks to report it.
 */
import type Database from "better-sqlite3";

import { startTestServer, type TestServer } from "../support/local-server";
import { auditTrailViolations, orderRecordViolations, stockViolations } from "./support/invariants";

let server: TestServer;
let db: Database.Database;
let pendingId = "";
let cancelledId = "";
/** An approved order whose line 2 an amendment removed, leaving a released reservation. */
let amendedId = "";

beforeAll(async () => {
  server = await startTestServer();
  db = server.app.store.db;
  const customer = await server.login("U-CUST-HZ");
  const place = async (requestId: string) =>
    (
      await server.ok<{ orderId: string }>(
        "orders",
        { action: "place", requestId, lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 1 }, { skuId: "DP-800", unit: "片", quantity: 2 }] },
        customer,
      )
    ).orderId;
  pendingId = await place("req-invariants-1");
  cancelledId = await place("req-invariants-2");
  await server.ok("orders", { action: "cancel", orderId: cancelledId }, customer);
  amendedId = await place("req-invariants-3");
  const clerk = await server.login("U-CLERK-ZHANG");
  await server.ok("orders", { action: "approve", orderId: amendedId }, clerk);
  await server.ok("orders", { action: "amend", orderId: amendedId, lines: [{ skuId: "NFSQ-550", unit: "箱", quantity: 2 }] }, clerk);
});

afterAll(async () => {
  await server.stop();
});

/** Runs `fault` in a transaction that is rolled back after the checks. */
function withFault(fault: string, check: () => string[]): string[] {
  db.exec("SAVEPOINT planted");
  try {
    db.exec(fault);
    return check();
  } finally {
    db.exec("ROLLBACK TO planted");
    db.exec("RELEASE planted");
  }
}

describe("store invariant checks", () => {
  it("find nothing in a consistent store", () => {
    expect(stockViolations(db)).toEqual([]);
    expect(orderRecordViolations(db)).toEqual([]);
    expect(auditTrailViolations(db)).toEqual([]);
  });

  it.each([
    ["reserved off by one", "UPDATE stock SET reserved = reserved + 1 WHERE sku_id = 'NFSQ-550'"],
    ["a released reservation of a pending order", "UPDATE reservations SET state = 'released' WHERE order_id = 'PENDING' AND line_no = 1"],
    ["an active reservation of a cancelled order", "UPDATE reservations SET state = 'active' WHERE order_id = 'CANCELLED' AND line_no = 2"],
    ["a missing reservation", "DELETE FROM reservations WHERE order_id = 'PENDING' AND line_no = 2"],
    ["a reservation of the wrong size", "UPDATE reservations SET base_quantity = base_quantity + 1 WHERE order_id = 'PENDING' AND line_no = 1"],
    ["a reservation without an order", "INSERT INTO reservations VALUES ('ord_ghost', 1, 'NFSQ-550', 1, 'active')"],
    ["a released reservation without a line on an order never amended", "INSERT INTO reservations VALUES ('PENDING', 9, 'NFSQ-550', 1, 'released')"],
    ["a consumed reservation of a line an amendment removed", "UPDATE reservations SET state = 'consumed' WHERE order_id = 'AMENDED' AND line_no = 2"],
  ])("report %s", (_label, fault) => {
    const sql = fault.replace("PENDING", pendingId).replace("CANCELLED", cancelledId).replace("AMENDED", amendedId);
    expect(withFault(sql, () => stockViolations(db)).length).toBeGreaterThan(0);
  });

  it.each([
    ["a status column that differs from the record", "UPDATE orders SET status = 'approved' WHERE order_id = 'PENDING'"],
    ["a total that differs from the lines", "UPDATE orders SET total_fen = total_fen + 1, data = json_set(data, '$.totalFen', total_fen + 1) WHERE order_id = 'PENDING'"],
    ["a line row that differs from the record", "UPDATE order_lines SET quantity = quantity + 1 WHERE order_id = 'PENDING' AND line_no = 1"],
  ])("report %s", (_label, fault) => {
    expect(withFault(fault.replace("PENDING", pendingId), () => orderRecordViolations(db)).length).toBeGreaterThan(0);
  });

  it("report an audit trail that skips a status", () => {
    const fault = `UPDATE audit_events SET data = json_set(data, '$.from', 'approved')
                   WHERE entity_id = '${cancelledId}' AND action = 'order.cancelled'`;
    expect(withFault(fault, () => auditTrailViolations(db)).length).toBeGreaterThan(0);
  });
});
