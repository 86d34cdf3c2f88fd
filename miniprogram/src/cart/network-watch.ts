import Taro from "@tarojs/taro";

import { flushQueuedOrder, loadQueuedOrder } from "./order-outbox";

// How often a queued order is retried while the app is open, in ms.
const RETRY_INTERVAL_MS = 15_000;

let isWatching = false;

function flushIfQueued(): void {
  if (loadQueuedOrder()) void flushQueuedOrder();
}

/**
 * Sends a queued order when the network comes back, when the app shows
 * again, and every 15 s while one waits. Call once at launch.
 */
export function watchNetworkForQueuedOrder(): void {
  if (isWatching) return;
  isWatching = true;

  if (process.env.TARO_ENV === "h5") {
    window.addEventListener("online", flushIfQueued);
  } else {
    Taro.onNetworkStatusChange((status) => {
      if (status.isConnected) flushIfQueued();
    });
  }
  Taro.onAppShow?.(flushIfQueued);
  setInterval(flushIfQueued, RETRY_INTERVAL_MS);
  flushIfQueued();
}
