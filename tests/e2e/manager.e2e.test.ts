import type { Page } from "playwright-core";

import type { OrderView } from "../../shared/schemas/order";
import { ApiClient, newRequestId } from "./api-client";
import { byTestId, openRoute, signIn } from "./app-driver";
import { saveScreenshot } from "./browser";
import type { LocalServer } from "./local-server";
import { useBrowserSession } from "./session";

const MANAGER = "U-MGR-LIU";
const CUSTOMER = "U-CUST-SH";
const TEST_TIMEOUT_MS = 90_000;

const session = useBrowserSession(TEST_TIMEOUT_MS);
let server: LocalServer;
let page: Page;

beforeEach(() => {
  server = session.server;
  page = session.page;
});

describe("manager in the H5 build", () => {
  it(
    "drills down from the dashboard to a customer's orders",
    async () => {
      const customer = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const order = await customer.ok<OrderView>("orders", {
        action: "place",
        requestId: newRequestId(),
        lines: [{ skuId: "KKKL-330", unit: "箱", quantity: 3 }],
      });

      await signIn(page, server.baseUrl, MANAGER);
      await page.locator(byTestId("open-dashboard")).click();
      await page.locator(byTestId("manager-dashboard")).waitFor();
      const topCustomer = page.locator(byTestId("top-customer")).filter({ hasText: order.customerName });
      await topCustomer.waitFor();
      // Let the page's slide-in transition finish so the screenshot shows it whole.
      await page.waitForTimeout(500);
      await saveScreenshot(page, "manager-1-dashboard");

      await topCustomer.click();
      await page.locator(byTestId("drill-down-orders")).waitFor();
      const rows = page.locator(byTestId("drill-down-order"));
      await rows.filter({ hasText: order.orderNo }).waitFor();
      await page.waitForTimeout(500);
      await saveScreenshot(page, "manager-2-drill-down");
      expect(await rows.count()).toBeGreaterThanOrEqual(1);

      // A date in the link shows the dashboard as of that day, where this
      // order does not exist yet.
      await openRoute(page, server.baseUrl, `manager/dashboard/index?date=2026-01-01`);
      await page.locator(byTestId("dashboard-as-of")).filter({ hasText: "2026-01-01" }).waitFor();
      expect(await page.locator(byTestId("top-customer")).filter({ hasText: order.customerName }).count()).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
