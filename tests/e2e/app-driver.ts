import type { Locator, Page } from "playwright-core";

/** Tab bar positions of the H5 build, in app.config.ts order. */
export const TAB = { home: 0, catalog: 1, cart: 2, orders: 3, me: 4 } as const;

export const byTestId = (id: string) => `[data-testid="${id}"]`;

/**
 * Signs in on the demo sign-in page, then reloads on the home page. The
 * reload drops the sign-in page and its pending navigations from Taro's
 * router, which otherwise could show the home tab again, or mount a tab
 * twice, after the test had moved on.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  userId: string,
): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page
    .locator(`${byTestId("dev-user")}[data-user-id="${userId}"]`)
    .click();
  await page.waitForURL(/pages\/home\/index/);
  await page.reload();
  await page.locator(".weui-tabbar__item >> visible=true").first().waitFor();
}

/**
 * Opens a route of the H5 build in a fresh document. After a hash change
 * alone, Taro's router keeps the earlier pages mounted and can mount the new
 * page twice while a test clicks in it. After a reload, the route is the only
 * page.
 */
export async function openRoute(page: Page, baseUrl: string, route: string): Promise<void> {
  await page.goto(`${baseUrl}/#/${route}`);
  await page.reload();
}

/** Routes of the tab pages, in TAB order. */
const TAB_ROUTES = ["pages/home/index", "pages/catalog/index", "pages/cart/index", "pages/orders/index", "pages/me/index"];

/** Time a tab must stay open after its click before a test goes on. */
const TAB_SETTLE_MS = 300;

/**
 * Opens a tab and waits until its route is shown and stays shown. Right
 * after sign-in, a navigation started earlier can still land and show
 * another tab, so the click is repeated a few times if needed.
 */
export async function openTab(page: Page, tab: number): Promise<void> {
  const route = TAB_ROUTES[tab];
  for (let attempt = 1; ; attempt += 1) {
    await page.locator(".weui-tabbar__item").nth(tab).click();
    await page.waitForURL((url) => url.hash.includes(route));
    await page.waitForTimeout(TAB_SETTLE_MS);
    if (page.url().includes(route) || attempt === 3) return;
  }
}

/** Opens the catalog tab and waits for its first visible product card. */
export async function openCatalog(page: Page): Promise<void> {
  await openTab(page, TAB.catalog);
  await page.locator(`${byTestId("product-card")} >> visible=true`).first().waitFor();
}

/** Waits until the cart total shows an amount instead of "calculating". */
export async function waitForQuotedTotal(page: Page): Promise<string> {
  await page.waitForFunction(
    (selector) => document.querySelector(selector)?.textContent?.includes("¥"),
    byTestId("cart-total"),
  );
  return (await page.locator(byTestId("cart-total")).textContent()) ?? "";
}

/** Waits for an input to show a value; Taro's h5 inputs update it asynchronously. */
export async function waitForInputValue(
  page: Page,
  input: Locator,
  value: string,
): Promise<void> {
  const handle = await input.elementHandle();
  await page.waitForFunction(
    ([element, expected]) => (element as HTMLInputElement).value === expected,
    [handle, value] as const,
  );
}

/** Types into a NutUI stepper and leaves it, so the quantity is committed. */
export async function typeQuantity(
  stepper: Locator,
  quantity: number,
): Promise<void> {
  const input = stepper.locator("input");
  await input.fill(String(quantity));
  await input.blur();
}

/** Types a search into a NutUI SearchBar inside `container` and submits it. */
export async function search(container: Locator, text: string): Promise<void> {
  const input = container.locator("input");
  await input.fill(text);
  await input.press("Enter");
}
