import type { Page } from "playwright-core";

import type { SkuView } from "../../shared/schemas/catalog";
import type { OrderView } from "../../shared/schemas/order";
import { ApiClient, newRequestId } from "./api-client";
import { byTestId, openRoute, signIn, waitForInputValue } from "./app-driver";
import { saveScreenshot } from "./browser";
import type { LocalServer } from "./local-server";
import { useBrowserSession } from "./session";

// Hangzhou buys on monthly terms with no debt, so its orders need no hold;
// Beijing has overdue debt and the "hold" credit policy.
const CUSTOMER = "U-CUST-HZ";
const HANGZHOU = "C-HZ-001";
const BEIJING = "C-BJ-005";
const SALESPERSON = "U-SALES-LI";
const CLERK = "U-CLERK-ZHANG";
const WAREHOUSE = "U-WH-ZHAO";
const FINANCE = "U-FIN-QIAN";
const MANAGER = "U-MGR-LIU";
const SKU = "NFSQ-1500";
const ORDERED_CASES = 3;
const FIRST_TRACKING_NO = "SF1234567890123";
const SECOND_TRACKING_NO = "123456789012";
const PAYMENT_REF = "BANK-E2E-0001";
// 14 digits, the valid barcode shape, that no demo SKU carries.
const UNKNOWN_BARCODE = "12345678999999";

const TEST_TIMEOUT_MS = 90_000;

const session = useBrowserSession(TEST_TIMEOUT_MS);
let server: LocalServer;
let page: Page;
// The order the tests carry from shipping through receipt to payment.
let order: OrderView;

beforeEach(() => {
  server = session.server;
  page = session.page;
});

function openOrderDetail(orderId: string): Promise<unknown> {
  return openRoute(page, server.baseUrl, `pages/order-detail/index?orderId=${orderId}`);
}

function pickRow(orderId: string) {
  return page.locator(`${byTestId("pick-row")}[data-order-id="${orderId}"]`);
}

async function fillInput(testId: string, value: string): Promise<void> {
  const input = page.locator(`${byTestId(testId)} input`);
  await input.fill(value);
  await input.blur();
}

async function shipWith(carrier: string, trackingNo: string): Promise<void> {
  await page.locator(`${byTestId("carrier-option")}[data-key="${carrier}"]`).click();
  await fillInput("tracking-no", trackingNo);
  await page.locator(byTestId("ship-order")).click();
  await page.locator(byTestId("ship-done")).waitFor();
}

async function chooseCustomer(pickerTestId: string, customerId: string): Promise<void> {
  await page
    .locator(`${byTestId(pickerTestId)} ${byTestId("customer-option")}[data-customer-id="${customerId}"]`)
    .click();
  await page.locator(`${byTestId(pickerTestId)}[data-customer-id="${customerId}"]`).waitFor();
}

describe("fulfilment and money in the H5 build", () => {
  it(
    "warehouse ships partially, then the backorder",
    async () => {
      const customer = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const clerk = await ApiClient.signIn(server.baseUrl, CLERK);
      const warehouse = await ApiClient.signIn(server.baseUrl, WAREHOUSE);
      const sku = await warehouse.ok<SkuView>("catalog", { action: "get", skuId: SKU });
      const caseBarcode = sku.units.find((unit) => unit.unit === "箱")?.barcode ?? "";
      expect(caseBarcode).not.toBe("");
      const placed = await customer.ok<OrderView>("orders", {
        action: "place",
        requestId: newRequestId(),
        lines: [{ skuId: SKU, unit: "箱", quantity: ORDERED_CASES }],
      });
      await clerk.ok("orders", { action: "approve", orderId: placed.orderId });

      await signIn(page, server.baseUrl, WAREHOUSE);
      expect(await page.locator(`${byTestId("work-shortcuts")} .home__title`).textContent()).toBe("仓库");
      await page.locator(`${byTestId("open-warehouse")} .nut-button`).click();
      await page.waitForURL(/warehouse\/queue\/index/);
      await pickRow(placed.orderId).locator(byTestId("open-pick")).click();
      await page.waitForURL(/warehouse\/pick\/index/);

      const line = page.locator(byTestId("pick-line")).first();
      await line.waitFor();
      const barcodeInput = page.locator(`${byTestId("pick-barcode-input")} input`);

      // Letters can be typed, so the digit check rejects them with a message
      // instead of the field dropping them unseen.
      await barcodeInput.pressSequentially("AB12");
      await waitForInputValue(page, barcodeInput, "AB12");

      // A barcode the catalog does not know is named in the message.
      await barcodeInput.fill(UNKNOWN_BARCODE);
      await page.locator(byTestId("pick-barcode-count")).click();
      const unknown = page.locator(byTestId("pick-barcode-unknown"));
      await unknown.waitFor();
      expect(await unknown.textContent()).toBe(`条码 ${UNKNOWN_BARCODE} 没有对应商品`);
      expect(await page.locator(`${byTestId("pick-barcode")} ${byTestId("error-banner")}`).count()).toBe(0);

      // Two cases counted by barcode, one short of the order.
      for (let scan = 0; scan < 2; scan += 1) {
        await barcodeInput.fill(caseBarcode);
        await page.locator(byTestId("pick-barcode-count")).click();
        await page.locator(`${byTestId("pick-line")}[data-picked="${scan + 1}"]`).waitFor();
      }
      expect(await unknown.count()).toBe(0);
      await page.locator(byTestId("pick-short")).waitFor();
      const download = page.waitForEvent("download");
      await page.locator(`${byTestId("print-pick-list")} .nut-button`).click();
      expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
      await saveScreenshot(page, "warehouse-1-pick");
      await page.locator(byTestId("confirm-picked")).click();
      await page.waitForURL(/warehouse\/ship\/index/);

      // A tracking number of the wrong shape is caught before any request.
      await page.locator(`${byTestId("carrier-option")}[data-key="SF"]`).click();
      await fillInput("tracking-no", "123");
      await page.locator(byTestId("tracking-error")).waitFor();
      await page.locator(byTestId("partial-switch")).click();
      await page.locator(`${byTestId("partial-switch")}[data-checked="true"]`).waitFor();
      await shipWith("SF", FIRST_TRACKING_NO.toLowerCase());
      expect(await page.locator(byTestId("ship-done")).getAttribute("data-status")).toBe(
        "partially_shipped",
      );
      await saveScreenshot(page, "warehouse-2-partial");

      // The backorder comes back to the queue and ships in full.
      await page.locator(byTestId("back-to-queue")).click();
      await page.waitForURL(/warehouse\/queue\/index/);
      await page.locator(`${byTestId("pick-row")}[data-order-id="${placed.orderId}"][data-status="partially_shipped"]`).waitFor();
      await pickRow(placed.orderId).locator(byTestId("open-pick")).click();
      await page.waitForURL(/warehouse\/pick\/index/);
      await page.locator(`${byTestId("pick-line")}[data-remaining="1"]`).waitFor();
      await page.locator(byTestId("pick-fill-all")).click();
      await page.locator(byTestId("confirm-picked")).click();
      await page.waitForURL(/warehouse\/ship\/index/);
      await page.locator(byTestId("ship-lines")).waitFor();
      expect(await page.locator(byTestId("partial-switch")).count()).toBe(0);
      await shipWith("ZTO", SECOND_TRACKING_NO);
      expect(await page.locator(byTestId("ship-done")).getAttribute("data-status")).toBe("shipped");

      order = await warehouse.ok<OrderView>("orders", { action: "get", orderId: placed.orderId });
      expect(order.status).toBe("shipped");
      expect(order.shipments?.map(({ carrier, trackingNo, isPartial }) => ({ carrier, trackingNo, isPartial }))).toEqual([
        { carrier: "SF", trackingNo: FIRST_TRACKING_NO, isPartial: true },
        { carrier: "ZTO", trackingNo: SECOND_TRACKING_NO, isPartial: false },
      ]);
      expect(order.shipments?.map((shipment) => shipment.lines[0].quantity)).toEqual([2, 1]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "customer sees tracking and the notice, then signs",
    async () => {
      expect(order?.status).toBe("shipped");
      const manager = await ApiClient.signIn(server.baseUrl, MANAGER);
      await manager.ok("notifications", { action: "dispatch" });

      await signIn(page, server.baseUrl, CUSTOMER);
      await openOrderDetail(order.orderId);
      await page.locator(byTestId("shipments")).waitFor();
      const trackingNos = await page
        .locator(byTestId("shipment"))
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-tracking-no")));
      expect(trackingNos).toEqual([FIRST_TRACKING_NO, SECOND_TRACKING_NO]);
      await page.locator(byTestId("subscribe-notices")).click();
      await page.getByText("已订阅").first().waitFor();

      // The order detail has no tab bar, so the "我的" tab is opened by address.
      await openRoute(page, server.baseUrl, `pages/me/index`);
      await page.locator(byTestId("open-inbox")).click();
      await page.waitForURL(/account\/inbox\/index/);
      const notice = page.locator(
        `${byTestId("inbox-message")}[data-template="orderShipped"][data-order-id="${order.orderId}"]`,
      );
      await notice.first().waitFor();
      expect(await notice.count()).toBe(2);
      const noticeTexts = (await notice.allTextContents()).join("\n");
      expect(noticeTexts).toContain(FIRST_TRACKING_NO);
      expect(noticeTexts).toContain(SECOND_TRACKING_NO);
      await saveScreenshot(page, "customer-1-inbox");

      await notice.first().click();
      await page.waitForURL(/pages\/order-detail\/index/);
      await page.locator(byTestId("confirm-receipt")).click();
      await page.locator(".nut-dialog-footer-ok").click();
      await page.locator(`${byTestId("order-status")}[data-status="delivered"]`).waitFor();
      await saveScreenshot(page, "customer-2-signed");

      const customer = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const signed = await customer.ok<OrderView>("orders", { action: "get", orderId: order.orderId });
      expect(signed.status).toBe("delivered");
      expect(signed.shipments?.every((shipment) => shipment.receipt !== undefined)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "finance records a payment and sees the statement",
    async () => {
      expect(order?.status).toBe("shipped");
      const yuan = `${Math.floor(order.totalFen / 100)}.${String(order.totalFen % 100).padStart(2, "0")}`;

      await signIn(page, server.baseUrl, FINANCE);
      await page.locator(`${byTestId("open-finance")} .nut-button`).click();
      await page.waitForURL(/finance\/home\/index/);
      await page.locator(byTestId("finance-payment")).click();
      await page.waitForURL(/finance\/payment\/index/);

      // Each field's message goes away once that field is fixed.
      await page.locator(byTestId("save-payment")).click();
      await page.locator(byTestId("customer-error")).waitFor();
      await page.locator(byTestId("amount-error")).waitFor();
      await chooseCustomer("payment-customer", HANGZHOU);
      await page.locator(byTestId("customer-error")).waitFor({ state: "detached" });
      expect(await page.locator(byTestId("amount-error")).count()).toBe(1);
      await fillInput("payment-amount", yuan);
      await page.locator(byTestId("amount-error")).waitFor({ state: "detached" });
      expect(await page.locator(byTestId("ref-error")).count()).toBe(1);
      await fillInput("payment-ref", PAYMENT_REF);
      await page.locator(byTestId("save-payment")).click();
      await page.locator(byTestId("payment-result")).waitFor();
      expect(await page.locator(byTestId("payment-allocation")).count()).toBe(2);
      expect(await page.locator(byTestId("payment-unapplied")).count()).toBe(0);
      await saveScreenshot(page, "finance-1-payment");

      await openRoute(page, server.baseUrl, `finance/statement/index`);
      await chooseCustomer("statement-customer", HANGZHOU);
      const statement = page.locator(byTestId("statement"));
      await statement.waitFor();
      await statement.locator(`${byTestId("statement-line")}[data-reference="${PAYMENT_REF}"]`).waitFor();
      expect(await statement.locator(`${byTestId("statement-line")}[data-kind="delivery"]`).count()).toBe(2);
      expect(await page.locator(byTestId("statement-debits")).getAttribute("data-fen")).toBe(String(order.totalFen));
      expect(await page.locator(byTestId("statement-closing")).getAttribute("data-fen")).toBe("0");
      await saveScreenshot(page, "finance-2-statement");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "clerk releases a credit hold and approves",
    async () => {
      const salesperson = await ApiClient.signIn(server.baseUrl, SALESPERSON);
      const heldOrder = await salesperson.ok<OrderView>("orders", {
        action: "place",
        requestId: newRequestId(),
        customerId: BEIJING,
        lines: [{ skuId: SKU, unit: "箱", quantity: 1 }],
      });
      expect(heldOrder.flags.map((flag) => flag.code)).toContain("CREDIT_HOLD");

      await signIn(page, server.baseUrl, CLERK);
      await openOrderDetail(heldOrder.orderId);
      await page.locator(byTestId("release-hold")).click();
      await page.locator(byTestId("release-reason-option")).first().click();
      await page.locator(`${byTestId("confirm-release-hold")} .nut-button`).click();
      await page.locator(byTestId("release-hold")).waitFor({ state: "detached" });
      await page.locator(byTestId("approve-order")).click();
      await page.locator(`${byTestId("order-status")}[data-status="approved"]`).waitFor();

      const clerk = await ApiClient.signIn(server.baseUrl, CLERK);
      const approved = await clerk.ok<OrderView>("orders", { action: "get", orderId: heldOrder.orderId });
      expect(approved.status).toBe("approved");
      const release = approved.timeline?.find((event) => event.action === "order.credit_released");
      expect(typeof release?.data?.reason).toBe("string");
    },
    TEST_TIMEOUT_MS,
  );
  it(
    "warehouse signs a delivery for the customer",
    async () => {
      const customer = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const clerk = await ApiClient.signIn(server.baseUrl, CLERK);
      const warehouse = await ApiClient.signIn(server.baseUrl, WAREHOUSE);
      const placed = await customer.ok<OrderView>("orders", {
        action: "place",
        requestId: newRequestId(),
        lines: [{ skuId: SKU, unit: "箱", quantity: 1 }],
      });
      await clerk.ok("orders", { action: "approve", orderId: placed.orderId });
      await warehouse.ok("fulfilment", {
        action: "confirmPicked",
        orderId: placed.orderId,
        lines: [{ lineNo: 1, quantity: 1 }],
      });
      const trackingNo = "SF1234567890456";
      await warehouse.ok("fulfilment", {
        action: "ship",
        orderId: placed.orderId,
        requestId: newRequestId(),
        carrier: "SF",
        trackingNo,
      });

      await signIn(page, server.baseUrl, WAREHOUSE);
      await openRoute(page, server.baseUrl, `warehouse/receipt/index?orderId=${placed.orderId}`);
      expect(await page.locator(byTestId("order-no")).textContent()).toBe(placed.orderNo);
      expect(await page.locator(byTestId("pending-shipment")).textContent()).toContain(trackingNo);
      await fillInput("signer-name", "王店长");
      await page.locator(`${byTestId("confirm-receipt")} .nut-button`).click();

      // Signing waits for the dialog, which names the signer.
      const dialog = page.locator(".nut-dialog");
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain("签收人：王店长");
      const stillShipped = await customer.ok<OrderView>("orders", { action: "get", orderId: placed.orderId });
      expect(stillShipped.status).toBe("shipped");
      await page.locator(".nut-dialog-footer-ok").click();
      await page.locator(`${byTestId("receipt-done")}[data-status="delivered"]`).waitFor();

      const delivered = await customer.ok<OrderView>("orders", { action: "get", orderId: placed.orderId });
      expect(delivered.status).toBe("delivered");
      expect(delivered.shipments?.map((shipment) => shipment.receipt?.signerName)).toEqual(["王店长"]);
    },
    TEST_TIMEOUT_MS,
  );
});
