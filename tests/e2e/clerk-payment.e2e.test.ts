import type { Page } from "playwright-core";

import { formatYuan } from "../../shared/money";
import type { CustomerView } from "../../shared/schemas/customer";
import type { VoucherView } from "../../shared/schemas/finance";
import { ApiClient } from "./api-client";
import { byTestId, openTab, signIn, TAB, waitForInputValue, waitForQuotedTotal } from "./app-driver";
import { saveScreenshot } from "./browser";
import type { LocalServer } from "./local-server";
import { useBrowserSession } from "./session";

// Zhang is the clerk. Chengdu owes 12,800.50 yuan overdue under the block
// policy, so the server rejects its orders until it pays.
const CLERK = "U-CLERK-ZHANG";
const CHENGDU = "C-CD-004";
const CHENGDU_OVERDUE_FEN = 1_280_050;

const TEST_TIMEOUT_MS = 90_000;

const session = useBrowserSession(TEST_TIMEOUT_MS);
let server: LocalServer;
let page: Page;

beforeEach(() => {
  server = session.server;
  page = session.page;
});

describe("clerk payments in the H5 build", () => {
  it(
    "clerk records the payment blocking an order",
    async () => {
      const clerk = await ApiClient.signIn(server.baseUrl, CLERK);
      await signIn(page, server.baseUrl, CLERK);
      await page.locator(`${byTestId("staff-shortcuts")} .nut-button`).first().click();
      await page.waitForURL(/staff\/customers\/index/);
      await page
        .locator(`${byTestId("customer-row")}[data-customer-id="${CHENGDU}"] ${byTestId("choose-customer")}`)
        .click();
      await page.waitForURL(/pages\/catalog\/index/);
      await page.locator(`${byTestId("product-card")} ${byTestId("add-to-cart")}`).first().click();

      // Staff ordering for a blocked customer see the reason and the remedy,
      // not a request to contact the salesperson.
      await openTab(page, TAB.cart);
      await waitForQuotedTotal(page);
      await page.locator(byTestId("place-order")).click();
      const banner = page.locator(byTestId("error-banner"));
      await banner.waitFor();
      const bannerText = (await banner.textContent()) ?? "";
      expect(bannerText).toContain(`逾期欠款 ${formatYuan(CHENGDU_OVERDUE_FEN)}`);
      expect(bannerText).toContain("登记客户回款");
      expect(bannerText).not.toContain("联系");
      await saveScreenshot(page, "clerk-4-credit-blocked");

      // The clerk gets the payment page only, not the finance desk whose
      // reconciliation and rematch actions the server rejects for the clerk.
      await openTab(page, TAB.home);
      await page.locator(byTestId("open-payment")).waitFor();
      expect(await page.locator(byTestId("open-finance")).count()).toBe(0);
      await page.locator(`${byTestId("open-payment")} .nut-button`).click();
      await page.waitForURL(/finance\/payment\/index/);
      await page
        .locator(`${byTestId("payment-customer")} ${byTestId("customer-option")}[data-customer-id="${CHENGDU}"]`)
        .click();
      await page.locator(`${byTestId("payment-customer")}[data-customer-id="${CHENGDU}"]`).waitFor();
      const amount = page.locator(`${byTestId("payment-amount")} input`);
      // One hundred yuan more than the debt leaves a remainder to match.
      await amount.fill("12900.50");
      await waitForInputValue(page, amount, "12900.50");
      const reference = page.locator(`${byTestId("payment-ref")} input`);
      await reference.fill("CLERK-CD-0001");
      await waitForInputValue(page, reference, "CLERK-CD-0001");
      await page.locator(`${byTestId("save-payment")} .nut-button`).click();
      const result = page.locator(byTestId("payment-result"));
      await result.waitFor();
      // finance.rematch rejects the clerk, so the page offers no 手动匹配.
      expect(await result.locator(byTestId("payment-unapplied")).textContent()).toContain("可请财务手动匹配");
      expect(await result.getByText("手动匹配", { exact: true }).count()).toBe(0);
      await saveScreenshot(page, "clerk-5-payment");

      const paymentId = (await result.getAttribute("data-payment-id")) ?? "";
      const vouchers = await clerk.ok<{ items: VoucherView[] }>("finance", {
        action: "vouchers",
        paymentId,
      });
      expect(vouchers.items.map(({ payment }) => payment.externalRef)).toEqual(["CLERK-CD-0001"]);
      expect(vouchers.items[0].payment.customerId).toBe(CHENGDU);
      expect(vouchers.items[0].payment.amountFen).toBe(CHENGDU_OVERDUE_FEN + 10_000);
      const chengdu = await clerk.ok<CustomerView>("customers", { action: "get", customerId: CHENGDU });
      expect(chengdu.overdueFen).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
