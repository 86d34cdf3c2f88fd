import { useCallback, useRef, useState } from "react";

import type { OrderStatus } from "../../../../shared/order-status";
import type { OrderView } from "../../../../shared/schemas/order";
import { listOrders } from "../../api/orders";
import { signOutIfUnauthenticated } from "../../session/use-session";

const PAGE_SIZE = 20;

export interface OrdersState {
  orders: OrderView[];
  hasMore: boolean;
  isLoading: boolean;
  error: unknown;
  /** Loads the first page again, e.g. when the page shows. */
  reload: () => void;
  loadMore: () => void;
}

/**
 * Pages through the orders the caller may see, optionally of one status.
 * The function picks the orders: a customer gets their own, a clerk all.
 */
export function useOrders(
  status: OrderStatus | undefined,
  customerId?: string,
): OrdersState {
  const [orders, setOrders] = useState<OrderView[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [isLoading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latestRequest = useRef(0);

  const load = useCallback(
    async (cursor: string | undefined) => {
      const request = ++latestRequest.current;
      setLoading(true);
      setError(null);
      try {
        const page = await listOrders({
          cursor,
          limit: PAGE_SIZE,
          status,
          customerId,
        });
        if (request !== latestRequest.current) return;
        setOrders((loaded) =>
          cursor ? [...loaded, ...page.items] : page.items,
        );
        setNextCursor(page.nextCursor);
      } catch (failure) {
        if (request !== latestRequest.current) return;
        signOutIfUnauthenticated(failure);
        setError(failure);
      } finally {
        if (request === latestRequest.current) setLoading(false);
      }
    },
    [status, customerId],
  );

  const reload = useCallback(() => void load(undefined), [load]);
  const loadMore = useCallback(() => {
    if (nextCursor && !isLoading) void load(nextCursor);
  }, [load, nextCursor, isLoading]);

  return {
    orders,
    hasMore: nextCursor !== null,
    isLoading,
    error,
    reload,
    loadMore,
  };
}
