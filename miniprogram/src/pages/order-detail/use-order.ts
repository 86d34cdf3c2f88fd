import { useCallback, useEffect, useRef, useState } from "react";

import type { OrderView } from "../../../../shared/schemas/order";
import { cancelOrder, getOrder } from "../../api/orders";
import { signOutIfUnauthenticated } from "../../session/use-session";

export interface OrderState {
  order: OrderView | null;
  isLoading: boolean;
  isCancelling: boolean;
  error: unknown;
  cancel: () => Promise<void>;
}

/** Loads one order with its timeline and cancels it on request. */
export function useOrder(orderId: string, isEnabled: boolean): OrderState {
  const [order, setOrder] = useState<OrderView | null>(null);
  const [isLoading, setLoading] = useState(false);
  const [isCancelling, setCancelling] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isCancelInFlight = useRef(false);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setOrder(await getOrder(orderId));
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
    } finally {
      setLoading(false);
    }
  }, [orderId]);

  useEffect(() => {
    if (isEnabled && orderId) void load();
  }, [load, isEnabled, orderId]);

  async function cancel(): Promise<void> {
    if (isCancelInFlight.current) return;
    isCancelInFlight.current = true;
    setCancelling(true);
    setError(null);
    try {
      await cancelOrder(orderId);
      // Reload rather than trust the reply, which may leave out the timeline.
      await load();
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
    } finally {
      isCancelInFlight.current = false;
      setCancelling(false);
    }
  }

  return { order, isLoading, isCancelling, error, cancel };
}
