import type { Browser, BrowserContext, Locator, Page } from "playwright-core";

import { formatYuan } from "../../shared/money";
import { ORDER_STATUS_LABELS } from "../../shared/order-status";
import type { SkuView } from "../../shared/schemas/catalog";
import type { Page as ListPage } from "../../shared/schemas/common";
import type { OrderView, Quote } from "../../shared/schemas/order";
import { SEARCH_TEXT_MAX_LENGTH } from "../../shared/search";
import { ApiClient, newRequestId } from "./api-client";
import {
  byTestId,
  openCatalog,
  openTab,
  signIn as signInAs,
  TAB,
  typeQuantity,
  waitForInputValue,
  waitForQuotedTotal as waitForTotal,
} from "./app-driver";
import { saveScreenshot } from "./browser";
import type { LocalServer } from "./local-server";
import { useBrowserSession } from "./session";

// Demo users that the server seeds on first start. Hangzhou has no overdue
// debt. Chengdu owes an overdue sum under the "block" credit policy, so it
// cannot order.
const CUSTOMER = "U-CUST-HZ";
const BLOCKED_CUSTOMER = "U-CUST-CD";

const TEST_TIMEOUT_MS = 90_000;

const session = useBrowserSession(TEST_TIMEOUT_MS);
let server: LocalServer;
let context: BrowserContext;
let page: Page;

beforeEach(() => {
  server = session.server;
  context = session.context;
  page = session.page;
});

/** Signs in and opens the catalog, where most flows start. */
async function signIn(userId: string): Promise<void> {
  await signInAs(page, server.baseUrl, userId);
  await openCatalog(page);
}

function waitForQuotedTotal(): Promise<string> {
  return waitForTotal(page);
}

/** Finds a product card that offers at least two specs and two units. */
function cardWithSpecAndUnitChoices(): Locator {
  const spec = byTestId("spec-picker-option");
  const unit = byTestId("unit-picker-option");
  return page
    .locator(byTestId("product-card"))
    .filter({ has: page.locator(`${spec} + ${spec}`) })
    .filter({ has: page.locator(`${unit} + ${unit}`) })
    .first();
}

async function findSku(api: ApiClient, skuId: string): Promise<SkuView> {
  const catalog = await api.ok<ListPage<SkuView>>("catalog", {
    action: "list",
    limit: 200,
  });
  const sku = catalog.items.find((item) => item.skuId === skuId);
  if (!sku) throw new Error(`SKU ${skuId} is not in catalog.list`);
  return sku;
}

async function listOrderIds(api: ApiClient): Promise<string[]> {
  const orders = await api.ok<ListPage<OrderView>>("orders", {
    action: "list",
    limit: 200,
  });
  return orders.items.map((order) => order.orderId);
}

describe("ordering in the H5 build", () => {
  it(
    "customer places an order listed as pending review",
    async () => {
      await signIn(CUSTOMER);
      const api = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const ordersBefore = await listOrderIds(api);

      const card = cardWithSpecAndUnitChoices();
      const specOption = card.locator(byTestId("spec-picker-option")).nth(1);
      await specOption.click();
      const skuId = (await specOption.getAttribute("data-key")) ?? "";
      expect(await specOption.getAttribute("data-selected")).toBe("true");

      const unitOption = card.locator(byTestId("unit-picker-option")).nth(1);
      await unitOption.click();
      const unit = (await unitOption.getAttribute("data-key")) ?? "";
      expect(await unitOption.getAttribute("data-selected")).toBe("true");

      const sku = await findSku(api, skuId);
      const stockText = await card.locator(byTestId("stock")).textContent();
      expect(stockText).toContain(`${sku.available[unit]} ${unit}`);

      // One tap on + moves from the unit's minimum by one step.
      const rule = sku.units.find((item) => item.unit === unit);
      if (!rule) throw new Error(`SKU ${skuId} has no unit ${unit}`);
      const quantity = rule.minQuantity + rule.stepQuantity;
      await card.locator(`${byTestId("quantity")} .nut-inputnumber-add`).click();
      await waitForInputValue(
        page,
        card.locator(`${byTestId("quantity")} input`),
        String(quantity),
      );
      await saveScreenshot(page, "ordering-1-catalog");
      await card.locator(byTestId("add-to-cart")).click();

      await openTab(page, TAB.cart);
      await page
        .locator(`${byTestId("cart-line")}[data-sku-id="${skuId}"]`)
        .waitFor();
      expect(await page.locator(byTestId("cart-line")).count()).toBe(1);
      const totalText = await waitForQuotedTotal();
      const quote = await api.ok<Quote>("orders", {
        action: "quote",
        lines: [{ skuId, unit, quantity }],
      });
      expect(totalText).toBe(formatYuan(quote.totalFen));
      await saveScreenshot(page, "ordering-2-cart");

      // Two quick taps must still place one order.
      await page.locator(byTestId("place-order")).dblclick();
      await page.waitForURL(/pages\/orders\/index/);

      const ordersAfter = await listOrderIds(api);
      const placed = ordersAfter.filter((id) => !ordersBefore.includes(id));
      expect(placed).toHaveLength(1);
      const order = await api.ok<OrderView>("orders", {
        action: "get",
        orderId: placed[0],
      });
      expect(order.status).toBe("pending_review");
      expect(
        order.lines.map(({ skuId, unit, quantity }) => ({
          skuId,
          unit,
          quantity,
        })),
      ).toEqual([{ skuId, unit, quantity }]);
      expect(order.totalFen).toBe(quote.totalFen);

      const row = page.locator(
        `${byTestId("order-row")}[data-order-id="${order.orderId}"]`,
      );
      await row.waitFor();
      expect(await row.getAttribute("data-status")).toBe("pending_review");
      expect(await row.locator(byTestId("order-status")).textContent()).toBe(
        ORDER_STATUS_LABELS.pending_review,
      );
      expect(await row.locator(byTestId("order-no")).textContent()).toBe(
        order.orderNo,
      );
      expect(await row.locator(byTestId("order-total")).textContent()).toBe(
        formatYuan(order.totalFen),
      );
      await saveScreenshot(page, "ordering-3-orders");

      await openTab(page, TAB.cart);
      await page.locator(byTestId("cart-empty")).waitFor();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "customer cancels a pending order",
    async () => {
      const api = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const [sku] = (
        await api.ok<ListPage<SkuView>>("catalog", { action: "list" })
      ).items;
      const unit = sku.units[0];
      const order = await api.ok<OrderView>("orders", {
        action: "place",
        requestId: newRequestId(),
        lines: [
          { skuId: sku.skuId, unit: unit.unit, quantity: unit.minQuantity },
        ],
      });

      await signIn(CUSTOMER);
      await openTab(page, TAB.orders);
      await page
        .locator(`${byTestId("order-row")}[data-order-id="${order.orderId}"]`)
        .click();
      await page.locator(byTestId("cancel-order")).click();
      await page.locator(".nut-dialog-footer-ok").click();

      await page
        .locator(`${byTestId("order-status")}[data-status="cancelled"]`)
        .waitFor();
      expect(await page.locator(byTestId("cancel-order")).count()).toBe(0);
      await saveScreenshot(page, "cancel-1-detail");
      const cancelled = await api.ok<OrderView>("orders", {
        action: "get",
        orderId: order.orderId,
      });
      expect(cancelled.status).toBe("cancelled");
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "cart flags a line over available stock",
    async () => {
      await signIn(CUSTOMER);
      const api = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const card = page.locator(byTestId("product-card")).first();
      const skuId =
        (await card
          .locator(`${byTestId("spec-picker-option")}[data-selected="true"]`)
          .getAttribute("data-key")) ?? "";
      const unit =
        (await card
          .locator(`${byTestId("unit-picker-option")}[data-selected="true"]`)
          .getAttribute("data-key")) ?? "";
      const available = (await findSku(api, skuId)).available[unit];

      await typeQuantity(card.locator(byTestId("quantity")), available + 1);
      await card.locator(byTestId("add-to-cart")).click();

      await openTab(page, TAB.cart);
      const shortage = page.locator(byTestId("line-shortage"));
      await shortage.waitFor();
      expect(await shortage.textContent()).toContain(`仅剩 ${available} ${unit}`);
      expect(
        await page.locator(byTestId("place-order")).getAttribute("data-disabled"),
      ).toBe("true");
      await saveScreenshot(page, "shortage-1-cart");

      // One tap sets the line to what stock covers, and the cart can submit.
      const useOrderable = page.locator(byTestId("use-orderable"));
      expect(await useOrderable.getAttribute("data-quantity")).toBe(
        String(available),
      );
      await useOrderable.click();
      await page.locator(byTestId("line-shortage")).waitFor({ state: "detached" });
      await page.waitForFunction(
        (selector) =>
          document.querySelector(selector)?.getAttribute("data-disabled") ===
          "false",
        byTestId("place-order"),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "credit-blocked customer sees the overdue amount",
    async () => {
      const api = await ApiClient.signIn(server.baseUrl, BLOCKED_CUSTOMER);
      const ordersBefore = await listOrderIds(api);
      await signIn(BLOCKED_CUSTOMER);
      const card = page.locator(byTestId("product-card")).first();
      await card.locator(byTestId("add-to-cart")).click();

      await openTab(page, TAB.cart);
      await waitForQuotedTotal();
      await page.locator(byTestId("place-order")).click();
      const banner = page.locator(byTestId("error-banner"));
      await banner.waitFor();
      await saveScreenshot(page, "credit-1-blocked");

      const line = page.locator(byTestId("cart-line"));
      const reply = await api.call<OrderView>("orders", {
        action: "place",
        requestId: newRequestId(),
        lines: [
          {
            skuId: await line.getAttribute("data-sku-id"),
            unit: await line.getAttribute("data-unit"),
            quantity: 1,
          },
        ],
      });
      if (reply.ok)
        throw new Error("orders.place succeeded for a blocked customer");
      expect(reply.error.code).toBe("CREDIT_BLOCKED");
      const { overdueFen } = reply.error.details as { overdueFen: number };
      expect(overdueFen).toBeGreaterThan(0);
      expect(await banner.textContent()).toContain(formatYuan(overdueFen));
      expect(await listOrderIds(api)).toEqual(ordersBefore);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "customer reorders at today's stock",
    async () => {
      const api = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const before = await findSku(api, "NFSQ-1500");
      const past = await api.ok<OrderView>("orders", {
        action: "place",
        requestId: newRequestId(),
        lines: [{ skuId: "NFSQ-1500", unit: "箱", quantity: 50 }],
      });
      // The past order reserved 50 箱, so fewer than 50 are free now.
      const free = before.available["箱"] - 50;

      await signInAs(page, server.baseUrl, CUSTOMER);
      const recent = page.locator(
        `${byTestId("recent-order")}[data-order-id="${past.orderId}"]`,
      );
      await recent.locator(byTestId("reorder")).click();
      const change = page.locator(`${byTestId("reorder-change")}[data-kind="short"]`);
      await change.waitFor();
      expect(await change.textContent()).toContain(`仅剩 ${free} 箱`);
      await saveScreenshot(page, "reorder-1-changes");
      await page.locator(byTestId("reorder-confirm")).click();

      await page.waitForURL(/pages\/cart\/index/);
      const orderable = page.locator(byTestId("use-orderable"));
      await orderable.waitFor();
      expect(await orderable.getAttribute("data-quantity")).toBe(String(free));
      await orderable.click();
      await page.waitForFunction(
        (selector) =>
          document.querySelector(selector)?.getAttribute("data-disabled") ===
          "false",
        byTestId("place-order"),
      );
      const ordersBefore = await listOrderIds(api);
      await page.locator(byTestId("place-order")).click();
      await page.waitForURL(/pages\/orders\/index/);

      const placed = (await listOrderIds(api)).filter(
        (id) => !ordersBefore.includes(id),
      );
      expect(placed).toHaveLength(1);
      const order = await api.ok<OrderView>("orders", {
        action: "get",
        orderId: placed[0],
      });
      expect(order.lines.map(({ skuId, unit, quantity }) => [skuId, unit, quantity])).toEqual([
        ["NFSQ-1500", "箱", free],
      ]);
      await api.ok("orders", { action: "cancel", orderId: past.orderId });
      await api.ok("orders", { action: "cancel", orderId: order.orderId });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "offline order is placed once",
    async () => {
      const api = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const ordersBefore = await listOrderIds(api);
      await signIn(CUSTOMER);
      await page.locator(byTestId("product-card")).first().locator(byTestId("add-to-cart")).click();
      await openTab(page, TAB.cart);
      await waitForQuotedTotal();

      // The first submit reaches the server, but its reply is lost.
      let placeAttempts = 0;
      await page.route("**/fn/orders", async (route) => {
        const body = route.request().postDataJSON() as { action?: string };
        if (body.action !== "place") return route.continue();
        placeAttempts += 1;
        if (placeAttempts > 1) return route.continue();
        await route.fetch();
        await route.abort("internetdisconnected");
      });
      await page.locator(byTestId("place-order")).click();
      await page.waitForURL(/pages\/home\/index/);
      await page.locator(`${byTestId("queued-order")}:visible`).waitFor();
      await saveScreenshot(page, "offline-1-queued");

      // The network "comes back": the queued order is sent again by itself.
      await context.setOffline(true);
      await context.setOffline(false);
      await page.locator(`${byTestId("queued-order-placed")}:visible`).waitFor();
      expect(placeAttempts).toBeGreaterThanOrEqual(2);
      await saveScreenshot(page, "offline-2-placed");

      const placed = (await listOrderIds(api)).filter(
        (id) => !ordersBefore.includes(id),
      );
      expect(placed).toHaveLength(1);
      await openTab(page, TAB.cart);
      await page.locator(`${byTestId("cart-empty")}:visible`).waitFor();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "catalog search by case barcode opens on the case",
    async () => {
      const api = await ApiClient.signIn(server.baseUrl, CUSTOMER);
      const water = await findSku(api, "NFSQ-1500");
      const caseUnit = water.units.find((unit) => unit.barcode !== undefined && unit !== water.units[0]);
      expect(caseUnit?.barcode).toBeDefined();
      await signIn(CUSTOMER);

      const input = page.locator(`${byTestId("search")} input`);
      await input.fill(caseUnit?.barcode ?? "");
      await waitForInputValue(page, input, caseUnit?.barcode ?? "");
      await page.locator(byTestId("search-submit")).click();
      // Until the search reply arrives the whole catalog is listed with first
      // units chosen, so the test waits for the card with the case chosen.
      const card = `${byTestId("product-card")}[data-product-id="${water.productId}"]`;
      const option = `${byTestId("unit-picker-option")}[data-key="${caseUnit?.unit}"]`;
      await page.locator(`${card} ${option}[data-selected="true"]`).waitFor();
      expect(await page.locator(`${byTestId("product-card")} >> visible=true`).count()).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "catalog search stops at the server's maximum",
    async () => {
      const sentSearches: string[] = [];
      page.on("request", (request) => {
        if (!request.url().endsWith("/fn/catalog")) return;
        const body = request.postDataJSON() as { search?: unknown } | null;
        if (typeof body?.search === "string") sentSearches.push(body.search);
      });
      await signIn(CUSTOMER);

      // Typing stops at the limit, so the server never rejects the search.
      const input = page.locator(`${byTestId("search")} input`);
      await input.pressSequentially("x".repeat(SEARCH_TEXT_MAX_LENGTH + 6));
      await waitForInputValue(page, input, "x".repeat(SEARCH_TEXT_MAX_LENGTH));
      await page.locator(byTestId("search-submit")).click();
      await page.locator(byTestId("catalog-empty")).waitFor();
      expect(await page.locator(byTestId("error-banner")).count()).toBe(0);
      expect(sentSearches).toEqual(["x".repeat(SEARCH_TEXT_MAX_LENGTH)]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "catalog recovers from a slow server error",
    async () => {
      let catalogCalls = 0;
      await page.route("**/fn/catalog", async (route) => {
        catalogCalls += 1;
        if (catalogCalls > 1) return route.continue();
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.fulfill({
          status: 500,
          contentType: "application/json",
          body: JSON.stringify({
            ok: false,
            error: { code: "INTERNAL", message: "injected by the test" },
          }),
        });
      });
      await signInAs(page, server.baseUrl, CUSTOMER);
      await openTab(page, TAB.catalog);

      const banner = page.locator(`${byTestId("error-banner")} >> visible=true`);
      await banner.waitFor();
      expect(await banner.textContent()).toContain("系统繁忙");
      await saveScreenshot(page, "error-1-catalog");
      await banner.locator(`${byTestId("retry")} .nut-button`).click();
      await page.locator(byTestId("product-card")).first().waitFor();
      expect(await banner.count()).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
