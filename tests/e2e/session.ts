import type { Browser, BrowserContext, Page } from "playwright-core";

import { launchChromium } from "./browser";
import { startLocalServer, type LocalServer } from "./local-server";

export interface BrowserSession {
  server: LocalServer;
  context: BrowserContext;
  page: Page;
}

/**
 * Registers the hooks every browser test file needs: one local server and
 * one Chromium per file, and a fresh phone-sized page per test. The
 * returned object's fields are set once the hooks have run.
 */
export function useBrowserSession(timeoutMs: number): BrowserSession {
  const session = {} as BrowserSession;
  let browser: Browser | undefined;

  beforeAll(async () => {
    session.server = await startLocalServer();
    browser = await launchChromium();
  }, timeoutMs);

  afterAll(async () => {
    await browser?.close();
    await session.server?.stop();
  });

  beforeEach(async () => {
    if (!browser) throw new Error("Chromium did not start");
    session.context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    session.page = await session.context.newPage();
  });

  afterEach(async () => {
    await session.context?.close();
  });

  return session;
}
