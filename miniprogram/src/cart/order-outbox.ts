import Taro from "@tarojs/taro";

import type { OrderView } from "../../../shared/schemas/order";
import { ApiError } from "../api/api-error";
import { placeOrder, type PlaceOrderInput } from "../api/orders";
import { toOrderLines } from "./cart";
import { clearCart, loadCart } from "./cart-storage";

const OUTBOX_KEY = "orderDesk.queuedOrder";

/**
 * An order whose submit got no reply. It is sent again, with the same
 * requestId, until the server answers, so a reply lost on the way back
 * returns the order the first attempt placed instead of a second one.
 */
export interface QueuedOrder {
  input: PlaceOrderInput;
  /** Names to show while it waits, e.g. "农夫山泉 2 箱 等 3 种". */
  summary: string;
  queuedAt: number;
}

/** What the last flush did, for the page that shows the queue. */
export type FlushResult =
  | { kind: "empty" }
  | { kind: "placed"; order: OrderView }
  | { kind: "still-offline" }
  | { kind: "rejected"; error: ApiError };

export function loadQueuedOrder(): QueuedOrder | null {
  const stored: unknown = Taro.getStorageSync(OUTBOX_KEY);
  if (typeof stored !== "object" || stored === null) return null;
  const queued = stored as Partial<QueuedOrder>;
  if (!queued.input || typeof queued.input.requestId !== "string") return null;
  if (!Array.isArray(queued.input.lines)) return null;
  return {
    input: queued.input,
    summary: queued.summary ?? "",
    queuedAt: queued.queuedAt ?? 0,
  };
}

export function queueOrder(queued: QueuedOrder): void {
  Taro.setStorageSync(OUTBOX_KEY, queued);
}

export function clearQueuedOrder(): void {
  Taro.removeStorageSync(OUTBOX_KEY);
}

let flushing: Promise<FlushResult> | null = null;
const listeners = new Set<(result: FlushResult) => void>();

/** Calls `listener` after every flush that changed the queue. */
export function onQueueChange(
  listener: (result: FlushResult) => void,
): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Empties the cart only if it still holds what the queued order sent. */
function clearCartIfUnchanged(input: PlaceOrderInput): void {
  const cart = loadCart();
  const isSame =
    (cart.customerId ?? undefined) === input.customerId &&
    JSON.stringify(toOrderLines(cart)) === JSON.stringify(input.lines);
  if (isSame) clearCart();
}

async function sendQueued(): Promise<FlushResult> {
  const queued = loadQueuedOrder();
  if (!queued) return { kind: "empty" };
  try {
    const order = await placeOrder(queued.input);
    clearQueuedOrder();
    clearCartIfUnchanged(queued.input);
    return { kind: "placed", order };
  } catch (error) {
    if (error instanceof ApiError && error.code === "NETWORK_ERROR") {
      return { kind: "still-offline" };
    }
    // The server answered with a refusal (stock, credit, a changed
    // catalog): retrying cannot help, so the cart keeps the lines for the
    // person to fix and submit again.
    clearQueuedOrder();
    return {
      kind: "rejected",
      error:
        error instanceof ApiError
          ? error
          : new ApiError("INTERNAL", String(error)),
    };
  }
}

/**
 * Sends the queued order if there is one. Concurrent calls share one
 * request, so the network coming back and a page showing at the same
 * moment still send it once.
 */
export function flushQueuedOrder(): Promise<FlushResult> {
  if (!flushing) {
    flushing = sendQueued().finally(() => {
      flushing = null;
    });
    void flushing.then((result) => {
      if (result.kind === "placed" || result.kind === "rejected") {
        listeners.forEach((listener) => listener(result));
      }
    });
  }
  return flushing;
}
