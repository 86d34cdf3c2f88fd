import type { Browser, Page } from "playwright-core";

import { chinaMonth } from "../../shared/china-time";
import { formatYuan } from "../../shared/money";
import type { StatementView } from "../../shared/schemas/finance";
import { ApiClient } from "./api-client";
import { byTestId, openRoute, signIn } from "./app-driver";
import { saveScreenshot } from "./browser";
import type { LocalServer } from "./local-server";
import { useBrowserSession } from "./session";

// Chengdu owes ¥12,800.50 in the demo data, so its statement has a
// closing balance to look for.
const CHENGDU_SHOP = "U-CUST-CD";
const CHENGDU = "C-CD-004";
const HANGZHOU = "C-HZ-001";
const FINANCE = "U-FIN-QIAN";
const SHARED_PAGE_URL = /#\/account\/shared-statement\/index\?token=/;

const TEST_TIMEOUT_MS = 90_000;

const session = useBrowserSession(TEST_TIMEOUT_MS);
let server: LocalServer;
let page: Page;

beforeEach(() => {
  server = session.server;
  page = session.page;
});

/**
 * Clicks "分享对账单" and returns the link URL the page shows. Taro's H5
 * router keeps earlier pages in the DOM, hidden, so only visible
 * elements are used.
 */
/** Signs in as finance and opens the statement page on one customer. */
async function openFinanceStatement(customerId: string): Promise<void> {
  await signIn(page, server.baseUrl, FINANCE);
  await openRoute(page, server.baseUrl, "finance/statement/index");
  await page
    .locator(`${byTestId("statement-customer")} ${byTestId("customer-option")}[data-customer-id="${customerId}"]`)
    .click();
  await page.locator(byTestId("statement")).waitFor();
}

async function createShareUrl(): Promise<string> {
  await page.locator(`${byTestId("share-statement")} .nut-button >> visible=true`).first().click();
  const url = page.locator(`${byTestId("share-url")} >> visible=true`);
  await url.waitFor();
  return (await url.textContent()) ?? "";
}

/** Opens a URL in a new browser context with no storage, so no sign-in. */
async function openSignedOut(url: string): Promise<Page> {
  const browser = session.context.browser() as Browser;
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const fresh = await context.newPage();
  await fresh.goto(url);
  return fresh;
}

/** Clicks "停用此前的分享链接", confirms it and waits for the success message. */
async function revokeEarlierLinks(): Promise<void> {
  await page.locator(`${byTestId("revoke-shares")} .nut-button >> visible=true`).first().click();
  await page.locator(".nut-dialog-footer-ok >> visible=true").click();
  await page.locator(`${byTestId("shares-revoked")} >> visible=true`).waitFor();
}

async function statementOf(customerId: string): Promise<StatementView> {
  const finance = await ApiClient.signIn(server.baseUrl, FINANCE);
  return finance.ok<StatementView>("finance", { action: "statement", customerId, month: chinaMonth(Date.now()) });
}

describe("statement share links in the H5 build", () => {
  it(
    "customer shares; the link opens signed out",
    async () => {
      const expected = await statementOf(CHENGDU);
      expect(expected.closingFen).toBe(1_280_050);

      await signIn(page, server.baseUrl, CHENGDU_SHOP);
      await openRoute(page, server.baseUrl, `account/statement/index`);
      await page.locator(byTestId("statement")).waitFor();
      const url = await createShareUrl();
      expect(url.startsWith(`${server.baseUrl}/#/account/shared-statement/index?token=`)).toBe(true);
      const copied = await page.evaluate(() => window.localStorage.getItem("taro_clipboard"));
      expect(copied).toContain(url);
      await saveScreenshot(page, "share-1-link");

      const shared = await openSignedOut(url);
      try {
        const statement = shared.locator(byTestId("statement"));
        await statement.waitFor();
        expect(shared.url()).toMatch(SHARED_PAGE_URL);
        expect(await shared.evaluate(() => window.localStorage.getItem("orderDesk.session"))).toBeNull();
        const closing = shared.locator(byTestId("statement-closing"));
        expect(await closing.getAttribute("data-fen")).toBe(String(expected.closingFen));
        expect(await closing.textContent()).toContain(formatYuan(expected.closingFen));
        expect(await shared.locator(byTestId("statement-opening")).getAttribute("data-fen")).toBe(String(expected.openingFen));
        expect(await statement.textContent()).toContain(expected.customerName);
        await shared.locator(byTestId("shared-statement-expiry")).waitFor();
        await saveScreenshot(shared, "share-2-opened");
      } finally {
        await shared.context().close();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "finance shares; a tampered link is rejected",
    async () => {
      await openFinanceStatement(CHENGDU);
      const url = await createShareUrl();
      const [prefix, token] = url.split("?token=");
      const parts = token.split(".");
      parts[1] = Buffer.from(HANGZHOU).toString("base64url");
      const tampered = `${prefix}?token=${parts.join(".")}`;

      const shared = await openSignedOut(tampered);
      try {
        const rejected = shared.locator(byTestId("shared-statement-rejected"));
        await rejected.waitFor();
        expect(await rejected.getAttribute("data-reason")).toBe("invalid");
        expect(shared.url()).toMatch(SHARED_PAGE_URL);
        expect(await shared.locator(byTestId("statement")).count()).toBe(0);
        await saveScreenshot(shared, "share-3-rejected");
      } finally {
        await shared.context().close();
      }

      // A rejected link on a signed-in device leaves the session alone.
      await page.goto(tampered);
      await page.locator(byTestId("shared-statement-rejected")).waitFor();
      expect(await page.evaluate(() => window.localStorage.getItem("orderDesk.session"))).not.toBeNull();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "finance revokes, old link rejected",
    async () => {
      await openFinanceStatement(CHENGDU);
      const oldUrl = await createShareUrl();

      await revokeEarlierLinks();
      const message = page.locator(`${byTestId("shares-revoked")} >> visible=true`);
      expect(await message.textContent()).toContain("已停用");
      expect(await page.locator(`${byTestId("share-url")} >> visible=true`).count()).toBe(0);
      await saveScreenshot(page, "share-4-revoked");
      const newUrl = await createShareUrl();
      expect(newUrl).not.toBe(oldUrl);

      const oldPage = await openSignedOut(oldUrl);
      try {
        const rejected = oldPage.locator(byTestId("shared-statement-rejected"));
        await rejected.waitFor();
        expect(await rejected.getAttribute("data-reason")).toBe("revoked");
        expect(await rejected.textContent()).toContain("停用");
        expect(await oldPage.locator(byTestId("statement")).count()).toBe(0);
        await saveScreenshot(oldPage, "share-5-revoked-link");
      } finally {
        await oldPage.context().close();
      }

      const opened = await openSignedOut(newUrl);
      try {
        await opened.locator(byTestId("statement")).waitFor();
        expect(await opened.locator(byTestId("shared-statement-rejected")).count()).toBe(0);
      } finally {
        await opened.context().close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
