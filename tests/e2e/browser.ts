import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

import { chromium, type Browser, type Page } from "playwright-core";

const SCREENSHOT_DIR = resolve(__dirname, "../../test-results/e2e");

/** Launches the system Chromium, because playwright-core ships no browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Saves a full-page screenshot to test-results/e2e/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: true,
  });
}
