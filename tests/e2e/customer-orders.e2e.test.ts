import type { Page } from "playwright-core";

import { formatYuan } from "../../shared/money";
import type { OrderView } from "../../shared/schemas/order";
import { ApiClient, newRequestId } from "./api-client";
import { byTestId, openRoute, signIn } from "./app-driver";
import { saveScreenshot } from "./browser";
import type { LocalServer } from "./local-server";
import { useBrowserSession } from "./session";

// Hangzhou buys on monthly terms with no debt, so its orders need no hold.
const CUSTOMER = "U-CUST-HZ";
const CLERK = "U-CLERK-ZHANG";
const WAREHOUSE = "U-WH-ZHAO";
const MANAGER = "U-MGR-LIU";
const SKU = "NFSQ-1500";

const TEST_TIMEOUT_MS = 90_000;

const session = useBrowserSession(TEST_TIMEOUT_MS);
let server: LocalServer;
let page: Page;

beforeEach(() => {
  server = session.server;
  page = session.page;
});

describe("customer order tabs and notices in the H5 build", () => {
  it(
    "customer follows an amended own-vehicle order",
    async () => {
      const customer = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const clerk = await ApiClient.signIn(server.baseUrl, CLERK);
      const warehouse = await ApiClient.signIn(server.baseUrl, WAREHOUSE);
      const manager = await ApiClient.signIn(server.baseUrl, MANAGER);
      const placed = await customer.ok<OrderView>("orders", {
        action: "place",
        requestId: newRequestId(),
        lines: [{ skuId: SKU, unit: "箱", quantity: 30 }],
      });
      await clerk.ok("orders", { action: "approve", orderId: placed.orderId });
      const amended = await clerk.ok<OrderView>("orders", {
        action: "amend",
        orderId: placed.orderId,
        lines: [{ skuId: SKU, unit: "箱", quantity: 32 }],
      });
      expect(placed.totalFen).toBeGreaterThanOrEqual(100_000);
      await warehouse.ok("fulfilment", {
        action: "confirmPicked",
        orderId: placed.orderId,
        lines: [{ lineNo: 1, quantity: 31 }],
      });

      // Picked is still waiting to ship, so it is listed under 待发货.
      await signIn(page, server.baseUrl, CUSTOMER);
      await openRoute(page, server.baseUrl, "pages/orders/index");
      const row = page.locator(`${byTestId("order-row")}[data-order-id="${placed.orderId}"]`);
      await page.locator(byTestId("status-tabs")).getByText("待发货", { exact: true }).click();
      await row.waitFor();
      expect(await row.getAttribute("data-status")).toBe("picked");

      const plate = "粤A12345";
      await warehouse.ok("fulfilment", {
        action: "ship",
        orderId: placed.orderId,
        requestId: newRequestId(),
        carrier: "OWN",
        trackingNo: plate,
        isPartial: true,
      });
      await page.locator(byTestId("status-tabs")).getByText("已发货", { exact: true }).click();
      await page.locator(`${byTestId("order-row")}[data-order-id="${placed.orderId}"][data-status="partially_shipped"]`).waitFor();
      await saveScreenshot(page, "customer-3-partial-tab");

      await manager.ok("notifications", { action: "dispatch" });
      await openRoute(page, server.baseUrl, "account/inbox/index");
      const amendedNotice = page.locator(
        `${byTestId("inbox-message")}[data-template="orderAmended"][data-order-id="${placed.orderId}"]`,
      );
      await amendedNotice.waitFor();
      const amendedText = (await amendedNotice.textContent()) ?? "";
      expect(amendedText).toContain(`新金额：${formatYuan(amended.totalFen)}`);
      expect(amendedText).toContain(`原金额：${formatYuan(placed.totalFen)}`);
      const shippedNotice = page.locator(
        `${byTestId("inbox-message")}[data-template="orderShipped"][data-order-id="${placed.orderId}"]`,
      );
      expect(await shippedNotice.locator('[data-field="character_string4"]').textContent()).toBe(`运单号：${plate}`);
      await saveScreenshot(page, "customer-4-inbox-amended");
    },
    TEST_TIMEOUT_MS,
  );
});
