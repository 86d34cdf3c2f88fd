import { useRef, useState } from "react";

import type { OrderView } from "../../../../shared/schemas/order";
import { ApiError } from "../../api/api-error";
import { placeOrder, type PlaceOrderInput } from "../../api/orders";
import { hasNegotiatedPrices, submitFingerprint, toOrderLines, type Cart } from "../../cart/cart";
import {
  clearCart,
  loadPendingSubmit,
  savePendingSubmit,
} from "../../cart/cart-storage";
import { queueOrder } from "../../cart/order-outbox";
import { createRequestId } from "../../cart/request-id";
import { signOutIfUnauthenticated } from "../../session/use-session";

/** How a submit ended: placed, queued until the network returns, or failed. */
export type PlaceOutcome =
  | { kind: "placed"; order: OrderView }
  | { kind: "queued" }
  | { kind: "failed" };

export interface PlaceOrderState {
  isPlacing: boolean;
  error: unknown;
  /** Null when a submit is already in flight (a repeated tap). */
  place: (cart: Cart, remark: string) => Promise<PlaceOutcome | null>;
}

/**
 * Returns the requestId for this exact submit: the stored one when the
 * cart and remark are unchanged since the last attempt, so a retry after a
 * lost reply gets the same order back instead of a second one.
 */
function requestIdFor(cart: Cart, remark: string): string {
  const fingerprint = submitFingerprint(cart, remark);
  const pending = loadPendingSubmit();
  if (pending && pending.fingerprint === fingerprint) return pending.requestId;

  const requestId = createRequestId();
  savePendingSubmit({ requestId, fingerprint });
  return requestId;
}

function summarize(cart: Cart): string {
  const [first] = cart.lines;
  if (!first) return "";
  const more = cart.lines.length > 1 ? ` 等 ${cart.lines.length} 种` : "";
  return `${first.name} ${first.quantity} ${first.unit}${more}`;
}

/**
 * Places the cart as an order, at most one call at a time. When no reply
 * arrives, the order is queued with its requestId and sent again when the
 * network returns.
 */
export function usePlaceOrder(): PlaceOrderState {
  const [isPlacing, setPlacing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A ref, not state, because two taps can land before React re-renders
  // the disabled button.
  const isInFlight = useRef(false);

  async function place(
    cart: Cart,
    remark: string,
  ): Promise<PlaceOutcome | null> {
    if (isInFlight.current) return null;
    isInFlight.current = true;
    setPlacing(true);
    setError(null);

    const input: PlaceOrderInput = {
      requestId: requestIdFor(cart, remark),
      lines: toOrderLines(cart),
      remark: remark || undefined,
      customerId: cart.customerId ?? undefined,
      ...(hasNegotiatedPrices(cart) ? { priceReason: cart.priceReason } : {}),
    };
    try {
      const order = await placeOrder(input);
      clearCart();
      return { kind: "placed", order };
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === "NETWORK_ERROR") {
        queueOrder({ input, summary: summarize(cart), queuedAt: Date.now() });
        return { kind: "queued" };
      }
      signOutIfUnauthenticated(failure);
      setError(failure);
      return { kind: "failed" };
    } finally {
      isInFlight.current = false;
      setPlacing(false);
    }
  }

  return { isPlacing, error, place };
}
