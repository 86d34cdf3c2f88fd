import type { Page } from "playwright-core";

import type { SkuView } from "../../shared/schemas/catalog";
import type { Page as ListPage } from "../../shared/schemas/common";
import { formatYuan } from "../../shared/money";
import type { OrderView } from "../../shared/schemas/order";
import { SEARCH_TEXT_MAX_LENGTH } from "../../shared/search";
import { ApiClient, newRequestId } from "./api-client";
import {
  byTestId,
  openRoute,
  openTab,
  signIn,
  TAB,
  waitForInputValue,
  waitForQuotedTotal,
} from "./app-driver";
import { saveScreenshot } from "./browser";
import type { LocalServer } from "./local-server";
import { useBrowserSession } from "./session";

// Li is assigned Hangzhou, which has no overdue debt, and Beijing, which
// has overdue debt. Zhang is the clerk.
const SALESPERSON = "U-SALES-LI";
const CLERK = "U-CLERK-ZHANG";
const CUSTOMER = "U-CUST-SH";
const HANGZHOU = "C-HZ-001";
const BEIJING = "C-BJ-005";

const TEST_TIMEOUT_MS = 90_000;

const session = useBrowserSession(TEST_TIMEOUT_MS);
let server: LocalServer;
let page: Page;

beforeEach(() => {
  server = session.server;
  page = session.page;
});

async function placeAsCustomer(api: ApiClient, cases: number): Promise<OrderView> {
  return api.ok<OrderView>("orders", {
    action: "place",
    requestId: newRequestId(),
    lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: cases }],
  });
}

function reviewRow(orderId: string) {
  return page.locator(`${byTestId("review-row")}[data-order-id="${orderId}"]`);
}

describe("staff in the H5 build", () => {
  it(
    "salesperson orders for a customer by barcode",
    async () => {
      const api = await ApiClient.signIn(server.baseUrl, SALESPERSON);
      const sku = await api.ok<SkuView>("catalog", { action: "get", skuId: "NFSQ-550" });
      const barcode = sku.units.find((unit) => unit.unit === "箱")?.barcode ?? "";
      expect(barcode).not.toBe("");

      await signIn(page, server.baseUrl, SALESPERSON);
      // A salesperson orders for customers but has no review desk.
      expect(await page.locator(`${byTestId("staff-shortcuts")} .home__title`).textContent()).toBe("代客下单");
      await page.locator(`${byTestId("staff-shortcuts")} .nut-button`).first().click();
      await page.waitForURL(/staff\/customers\/index/);
      const beijing = page.locator(`${byTestId("customer-row")}[data-customer-id="${BEIJING}"]`);
      await beijing.locator(byTestId("overdue-badge")).waitFor();
      expect(await beijing.locator(byTestId("overdue-badge")).textContent()).toContain("¥");
      const hangzhou = page.locator(`${byTestId("customer-row")}[data-customer-id="${HANGZHOU}"]`);
      await hangzhou.locator(byTestId("show-history")).click();
      await hangzhou.locator(byTestId("customer-history")).waitFor();
      await saveScreenshot(page, "staff-1-customers");
      await hangzhou.locator(byTestId("choose-customer")).click();

      await page.waitForURL(/pages\/catalog\/index/);
      await page.locator(byTestId("ordering-for")).waitFor();
      await page.locator(`${byTestId("barcode-input")} input`).fill(barcode);
      await page.locator(byTestId("barcode-add")).click();
      await page.getByText("已加入").waitFor();
      await saveScreenshot(page, "staff-2-barcode");

      await openTab(page, TAB.cart);
      const line = page.locator(`${byTestId("cart-line")}[data-sku-id="NFSQ-550"]`);
      await line.waitFor();
      expect(await line.getAttribute("data-unit")).toBe("箱");
      await waitForQuotedTotal(page);

      // Li negotiates 50 yuan a case; the order waits for a reason.
      await line.locator(byTestId("negotiate-open")).click();
      await line.locator(`${byTestId("negotiate-input")} input`).fill("50.00");
      await line.locator(`${byTestId("negotiate-confirm")} .nut-button`).click();
      await line.locator(byTestId("negotiated-note")).waitFor();
      await page.locator(byTestId("price-reason-missing")).waitFor();
      expect(await page.locator(byTestId("place-order")).getAttribute("data-disabled")).toBe("true");
      await page.locator(`${byTestId("price-reason-input")} input`).fill("老客户年底让利");
      await page.locator(byTestId("price-reason-missing")).waitFor({ state: "detached" });
      await page.waitForFunction(
        (selector) => document.querySelector(selector)?.textContent?.includes("50.00"),
        byTestId("cart-total"),
      );
      await saveScreenshot(page, "staff-3-negotiated");
      await page.locator(byTestId("place-order")).click();
      await page.waitForURL(/pages\/orders\/index/);

      const orders = await api.ok<ListPage<OrderView>>("orders", {
        action: "list",
        customerId: HANGZHOU,
      });
      const [order] = orders.items;
      expect(order.channel).toBe("salesperson");
      expect(order.placedBy).toBe(SALESPERSON);
      expect(order.lines.map(({ skuId, unit, quantity }) => ({ skuId, unit, quantity }))).toEqual([
        { skuId: "NFSQ-550", unit: "箱", quantity: 1 },
      ]);
      expect(order.lines[0].priceSource).toBe("negotiated");
      expect(order.lines[0].priceFen).toBe(5000);
      expect(order.flags.map((flag) => flag.code)).toContain("PRICE_OVERRIDDEN");

      // The clerk sees the negotiated price and its reason in the review
      // queue. Taro's H5 storage is localStorage, so clearing it signs out.
      await page.evaluate(() => window.localStorage.clear());
      await signIn(page, server.baseUrl, CLERK);
      await page.locator(byTestId("open-review")).click();
      await page.waitForURL(/staff\/review\/index/);
      const flag = reviewRow(order.orderId).locator(`${byTestId("order-flag")}[data-code="PRICE_OVERRIDDEN"]`);
      await flag.waitFor();
      expect(await flag.textContent()).toContain("老客户年底让利");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "customer search stops at the server's maximum",
    async () => {
      const sentSearches: string[] = [];
      page.on("request", (request) => {
        if (!request.url().endsWith("/fn/customers")) return;
        const body = request.postDataJSON() as { search?: unknown } | null;
        if (typeof body?.search === "string") sentSearches.push(body.search);
      });
      await signIn(page, server.baseUrl, SALESPERSON);
      await openRoute(page, server.baseUrl, "staff/customers/index");
      await page.locator(byTestId("customer-row")).first().waitFor();

      // Typing stops at the limit, so the server never rejects the search.
      const input = page.locator(`${byTestId("customer-search")} input`);
      await input.pressSequentially("x".repeat(SEARCH_TEXT_MAX_LENGTH + 6));
      await waitForInputValue(page, input, "x".repeat(SEARCH_TEXT_MAX_LENGTH));
      await input.press("Enter");
      await page.locator(byTestId("customers-empty")).waitFor();
      expect(await page.locator(byTestId("customer-row")).count()).toBe(0);
      expect(await page.locator(byTestId("error-banner")).count()).toBe(0);
      expect(sentSearches).toEqual(["x".repeat(SEARCH_TEXT_MAX_LENGTH)]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "clerk approves and rejects oldest first",
    async () => {
      const customer = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const clerk = await ApiClient.signIn(server.baseUrl, CLERK);
      const older = await placeAsCustomer(customer, 1);
      const newer = await placeAsCustomer(customer, 2);

      await signIn(page, server.baseUrl, CLERK);
      await page.locator(byTestId("open-review")).click();
      await page.waitForURL(/staff\/review\/index/);
      await reviewRow(newer.orderId).waitFor();
      const orderIds = await page
        .locator(byTestId("review-row"))
        .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-order-id")));
      expect(orderIds.indexOf(older.orderId)).toBeLessThan(orderIds.indexOf(newer.orderId));
      await saveScreenshot(page, "clerk-1-review");

      await reviewRow(older.orderId).locator(byTestId("approve-order")).click();
      await reviewRow(older.orderId).waitFor({ state: "detached" });

      await reviewRow(newer.orderId).locator(byTestId("reject-order")).click();
      await page.locator(byTestId("reject-reason-option")).first().click();
      await page.locator(byTestId("confirm-reject")).click();
      await reviewRow(newer.orderId).waitFor({ state: "detached" });

      const approved = await clerk.ok<OrderView>("orders", { action: "get", orderId: older.orderId });
      const rejected = await clerk.ok<OrderView>("orders", { action: "get", orderId: newer.orderId });
      expect(approved.status).toBe("approved");
      expect(rejected.status).toBe("rejected");
      const rejection = rejected.timeline?.find((event) => event.action === "order.rejected");
      expect(typeof rejection?.data?.reason).toBe("string");

      // The clerk changes the approved order's quantity from 1 to 2 箱.
      await openRoute(page, server.baseUrl, `pages/order-detail/index?orderId=${older.orderId}`);
      await page.locator(byTestId("amend-order")).click();
      await page.waitForURL(/staff\/amend\/index/);
      await page.locator(`${byTestId("amend-quantity")} .nut-inputnumber-add`).click();
      const newTotal = formatYuan(approved.lines[0].priceFen * 2);
      await page.locator(byTestId("amend-new-total")).filter({ hasText: newTotal }).waitFor();
      expect(await page.locator(byTestId("amend-line-amount")).textContent()).toContain(`小计 ${newTotal}`);
      await page.locator(byTestId("amend-save")).click();
      // Saving waits for a dialog that states the old and new totals.
      const dialog = page.locator(".nut-dialog >> visible=true");
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(`由 ${formatYuan(approved.totalFen)} 改为 ${newTotal}`);
      await page.locator(".nut-dialog-footer-ok >> visible=true").click();
      await page.waitForURL(/pages\/order-detail\/index/);
      const amendedEvent = page.locator(`${byTestId("timeline-event")}[data-action="order.amended"] >> visible=true`);
      expect(await amendedEvent.locator(byTestId("timeline-note")).textContent()).toBe(
        `金额 ${formatYuan(approved.totalFen)} → ${newTotal}；改数量 1 种`,
      );
      await saveScreenshot(page, "clerk-2-amended");
      const amended = await clerk.ok<OrderView>("orders", { action: "get", orderId: older.orderId });
      expect(amended.lines[0].quantity).toBe(2);
      expect(amended.totalFen).toBe(approved.lines[0].priceFen * 2);

      // The clerk finds the order again by the number a customer reads out.
      await openRoute(page, server.baseUrl, `staff/review/index`);
      const search = page.locator(`${byTestId("order-search")} input`);
      await search.fill(approved.orderNo.toLowerCase());
      await search.press("Enter");
      await page.waitForURL(new RegExp(`order-detail/index\\?orderId=${older.orderId}`));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "clerk adds a line to an approved order",
    async () => {
      const customer = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const clerk = await ApiClient.signIn(server.baseUrl, CLERK);
      const placed = await placeAsCustomer(customer, 1);
      await clerk.ok("orders", { action: "approve", orderId: placed.orderId });
      const cola = await clerk.ok<SkuView>("catalog", {
        action: "get",
        skuId: "KKKL-330",
        customerId: placed.customerId,
      });

      // Opened from a link, with no page to go back to: saving must still
      // end on the order's detail page.
      await signIn(page, server.baseUrl, CLERK);
      await openRoute(page, server.baseUrl, `staff/amend/index?orderId=${placed.orderId}`);
      await page.locator(byTestId("amend-line")).first().waitFor();
      await page.locator(byTestId("amend-add-line")).click();
      const sheet = page.locator(byTestId("amend-add-sheet"));
      await sheet.locator(`${byTestId("amend-search")} input`).fill("KKKL-330");
      await sheet.locator(byTestId("amend-search-submit")).click();
      const card = sheet.locator(byTestId("product-card"));
      await card.first().waitFor();
      expect(await card.count()).toBe(1);
      await saveScreenshot(page, "clerk-2b-amend-catalog");
      await card.locator(byTestId("add-to-cart")).click();

      const added = page.locator(`${byTestId("amend-line")}[data-sku-id="KKKL-330"]`);
      await added.waitFor();
      await sheet.waitFor({ state: "hidden" });
      expect(await added.getAttribute("data-unit")).toBe(cola.units[0].unit);
      await saveScreenshot(page, "clerk-2c-amend-added");
      await page.locator(byTestId("amend-save")).click();
      await page.locator(".nut-dialog-footer-ok >> visible=true").click();
      await page.waitForURL(/pages\/order-detail\/index/);

      const amended = await clerk.ok<OrderView>("orders", { action: "get", orderId: placed.orderId });
      expect(amended.lines.map(({ skuId, unit, quantity }) => ({ skuId, unit, quantity }))).toEqual([
        { skuId: "NFSQ-1500", unit: "箱", quantity: 1 },
        { skuId: "KKKL-330", unit: cola.units[0].unit, quantity: cola.units[0].minQuantity },
      ]);
      expect(amended.lines[1].priceFen).toBe(cola.units[0].priceFen);
      expect(amended.totalFen).toBe(placed.totalFen + cola.units[0].priceFen * cola.units[0].minQuantity);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "clerk imports an order sheet with a reject report",
    async () => {
      const clerk = await ApiClient.signIn(server.baseUrl, CLERK);
      await signIn(page, server.baseUrl, CLERK);
      await openRoute(page, server.baseUrl, `staff/import/index`);
      await page
        .locator(`${byTestId("import-customer-picker-option")}[data-key="${HANGZHOU}"]`)
        .click();
      await page.locator(byTestId("import-file")).setInputFiles({
        name: "order.csv",
        mimeType: "text/csv",
        buffer: Buffer.from("编码,单位,数量\nNFSQ-1500,箱,3\nNO-SUCH,箱,1\n", "utf8"),
      });
      await page.locator(byTestId("import-file-name")).waitFor();
      await page.locator(byTestId("import-upload")).click();

      await page.locator(byTestId("import-summary")).waitFor();
      expect(await page.locator(byTestId("import-summary")).textContent()).toContain("1 行未导入");
      const reject = page.locator(byTestId("import-reject"));
      expect(await reject.getAttribute("data-row")).toBe("3");
      await saveScreenshot(page, "clerk-3-import");

      const orders = await clerk.ok<ListPage<OrderView>>("orders", {
        action: "list",
        customerId: HANGZHOU,
        limit: 1,
      });
      expect(orders.items[0].lines.map(({ skuId, quantity }) => [skuId, quantity])).toEqual([
        ["NFSQ-1500", 3],
      ]);
    },
    TEST_TIMEOUT_MS,
  );
});
