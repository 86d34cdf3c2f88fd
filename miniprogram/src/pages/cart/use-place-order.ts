import { useRef, useState } from "react";

import type { OrderView } from "../../../../shared/schemas/order";
import { placeOrder } from "../../api/orders";
import { submitFingerprint, toOrderLines, type Cart } from "../../cart/cart";
import {
  clearCart,
  loadPendingSubmit,
  savePendingSubmit,
} from "../../cart/cart-storage";
import { createRequestId } from "../../cart/request-id";
import { signOutIfUnauthenticated } from "../../session/use-session";

export interface PlaceOrderState {
  isPlacing: boolean;
  error: unknown;
  /** Resolves to the order, or null when the call failed or was a repeat tap. */
  place: (cart: Cart, remark: string) => Promise<OrderView | null>;
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

/** Places the cart as an order, at most one call at a time. */
export function usePlaceOrder(): PlaceOrderState {
  const [isPlacing, setPlacing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A ref, not state, because two taps can land before React re-renders
  // the disabled button.
  const isInFlight = useRef(false);

  async function place(cart: Cart, remark: string): Promise<OrderView | null> {
    if (isInFlight.current) return null;
    isInFlight.current = true;
    setPlacing(true);
    setError(null);

    try {
      const order = await placeOrder({
        requestId: requestIdFor(cart, remark),
        lines: toOrderLines(cart),
        remark: remark || undefined,
        customerId: cart.customerId ?? undefined,
      });
      clearCart();
      return order;
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
      return null;
    } finally {
      isInFlight.current = false;
      setPlacing(false);
    }
  }

  return { isPlacing, error, place };
}
