import { inflateSync } from "node:zlib";

import type { OrderView } from "../../shared/schemas/order";
import { startTestServer, type TestServer } from "../support/local-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

interface FileReply {
  fileName: string;
  contentType: string;
  base64: string;
}

/** Concatenates the PDF's decompressed streams, where fonts and page text live. */
function streamsOf(pdf: Buffer): string {
  const text = pdf.toString("latin1");
  const parts: string[] = [];
  const pattern = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text))) {
    const start = match.index + match[0].length;
    const end = text.indexOf("endstream", start);
    try {
      parts.push(inflateSync(pdf.subarray(start, end)).toString("latin1"));
    } catch {
      parts.push(text.slice(start, end));
    }
  }
  return parts.join("\n");
}

describe("printing", () => {
  it("prints a pick list and a delivery note with an embedded Chinese font", async () => {
    const customer = await server.login("U-CUST-HZ");
    const clerk = await server.login("U-CLERK-ZHANG");
    const warehouse = await server.login("U-WH-ZHAO");
    const order = await server.ok<OrderView>(
      "orders",
      { action: "place", requestId: "req-print-1", lines: [{ skuId: "DP-800", unit: "箱", quantity: 4 }, { skuId: "NFSQ-550", unit: "提", quantity: 3 }] },
      customer,
    );
    await server.ok("orders", { action: "approve", orderId: order.orderId }, clerk);

    const pickList = await server.ok<FileReply>("printing", { action: "pickList", orderIds: [order.orderId] }, warehouse);
    const note = await server.ok<FileReply>("printing", { action: "deliveryNote", orderId: order.orderId }, warehouse);

    for (const file of [pickList, note]) {
      const pdf = Buffer.from(file.base64, "base64");
      expect(file.contentType).toBe("application/pdf");
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      const body = pdf.toString("latin1");
      expect(body).toMatch(/\/FontFile2|\/FontFile3/);
      expect(streamsOf(pdf).length).toBeGreaterThan(1000);
    }
    expect(pickList.fileName).toBe(`拣货单-${order.orderNo}.pdf`);
    expect(note.fileName).toBe(`送货单-${order.orderNo}.pdf`);
    const denied = await server.call("printing", { action: "pickList", orderIds: [order.orderId] }, customer);
    expect(denied.status).toBe(403);
  });
});
