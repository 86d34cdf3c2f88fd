import type { Page } from "playwright-core";

import { addChinaDays, chinaDate } from "../../shared/china-time";
import type { Page as ListPage } from "../../shared/schemas/common";
import type { OrderView } from "../../shared/schemas/order";
import { ApiClient, newRequestId } from "./api-client";
import { byTestId, openRoute, signIn } from "./app-driver";
import { saveScreenshot } from "./browser";
import type { LocalServer } from "./local-server";
import { useBrowserSession } from "./session";

const MANAGER = "U-MGR-LIU";
const CUSTOMER = "U-CUST-SH";
const FINANCE = "U-FIN-QIAN";
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

      // A link with a date that is not on the calendar opens today.
      await openRoute(page, server.baseUrl, "manager/dashboard/index?date=2099-99-99");
      await page.locator(byTestId("dashboard-as-of")).filter({ hasText: chinaDate(Date.now()) }).waitFor();
      await page.locator(byTestId("top-customer")).filter({ hasText: order.customerName }).waitFor();
    },
    TEST_TIMEOUT_MS,
  );
  it(
    "shows report rows as the reports function returns them",
    async () => {
      const customer = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const order = await customer.ok<OrderView>("orders", {
        action: "place",
        requestId: newRequestId(),
        lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 2 }],
      });
      const manager = await ApiClient.signIn(server.baseUrl, MANAGER);
      const today = chinaDate(Date.now());
      await signIn(page, server.baseUrl, MANAGER);

      // The ranking page opens on the last 30 days, by amount.
      const ranking = await manager.ok<ListPage<{ skuId: string; name: string }>>("reports", {
        action: "productRanking",
        from: addChinaDays(today, -29),
        to: today,
        by: "amount",
        limit: 50,
      });
      await openRoute(page, server.baseUrl, "manager/ranking/index");
      const rankingRows = page.locator(`${byTestId("report-ranking")} ${byTestId("report-row")}`);
      await rankingRows.first().waitFor();
      expect(await rankingRows.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-key")))).toEqual(
        ranking.items.map((row) => row.skuId),
      );
      expect(await rankingRows.first().textContent()).toContain(`1. ${ranking.items[0].name}`);
      expect(ranking.items.map((row) => row.skuId)).toContain("NFSQ-1500");

      // The frequency page opens on the last 90 days.
      const frequency = await manager.ok<ListPage<{ customerId: string; orders: number }>>("reports", {
        action: "customerFrequency",
        from: addChinaDays(today, -89),
        to: today,
        limit: 50,
      });
      await openRoute(page, server.baseUrl, "manager/frequency/index");
      const ownRow = page.locator(
        `${byTestId("report-frequency")} ${byTestId("report-row")}[data-key="${order.customerId}"]`,
      );
      await ownRow.waitFor();
      const own = frequency.items.find((row) => row.customerId === order.customerId);
      expect(own).toBeDefined();
      expect(await ownRow.textContent()).toContain(`${own?.orders} 单`);
      expect(await page.locator(`${byTestId("report-frequency")} ${byTestId("report-row")}`).count()).toBe(
        frequency.items.length,
      );
      await saveScreenshot(page, "manager-3-frequency");

      // The trend page opens on the last 12 months, this month included.
      await openRoute(page, server.baseUrl, "manager/trend/index");
      const trendPage = page.locator(byTestId("report-trend"));
      await trendPage.getByText("合计").waitFor();
      expect(await trendPage.locator(".manager-row").count()).toBe(12);
      await page.waitForTimeout(500);
      await saveScreenshot(page, "manager-4-trend");

      // The dormant page lists customers silent for more than 30 days as of today.
      const dormant = await manager.ok<ListPage<{ customerId: string }>>("reports", {
        action: "dormantCustomers",
        date: today,
        days: 30,
        limit: 50,
      });
      await openRoute(page, server.baseUrl, "manager/dormant/index");
      const dormantPage = page.locator(byTestId("report-dormant"));
      await dormantPage.waitFor();
      if (dormant.items.length === 0) {
        await dormantPage.getByText("没有沉睡客户").waitFor();
      } else {
        await dormantPage.locator(byTestId("report-row")).first().waitFor();
      }
      expect(
        await dormantPage.locator(byTestId("report-row")).evaluateAll((rows) => rows.map((row) => row.getAttribute("data-key"))),
      ).toEqual(dormant.items.map((row) => row.customerId));
      expect(dormant.items.map((row) => row.customerId)).not.toContain(order.customerId);
    },
    TEST_TIMEOUT_MS,
  );
  it(
    "rematch without a payment points to unmatched payments",
    async () => {
      await signIn(page, server.baseUrl, FINANCE);
      await openRoute(page, server.baseUrl, "finance/rematch/index");
      const hint = page.locator(byTestId("rematch-no-payment"));
      expect(await hint.textContent()).toContain("请在未匹配收款中选择一笔");
      await hint.locator(".nut-button").click();
      await page.waitForURL(/finance\/unmatched\/index/);
    },
    TEST_TIMEOUT_MS,
  );
});
