import { useCallback, useEffect, useRef, useState } from "react";

import type { CustomerView } from "../../../../shared/schemas/customer";
import { listCustomers } from "../../api/customers";
import { signOutIfUnauthenticated } from "../../session/use-session";

const PAGE_SIZE = 20;

export interface CustomerListState {
  customers: CustomerView[];
  hasMore: boolean;
  isLoading: boolean;
  error: unknown;
  reload: () => void;
  loadMore: () => void;
}

/**
 * Pages the customers the caller may order for, with their debt. A reply
 * to an older search is dropped when a newer one started.
 */
export function useCustomerList(search: string): CustomerListState {
  const [customers, setCustomers] = useState<CustomerView[]>([]);
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
        const page = await listCustomers({
          cursor,
          limit: PAGE_SIZE,
          search: search || undefined,
        });
        if (request !== latestRequest.current) return;
        setCustomers((loaded) =>
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
    [search],
  );

  useEffect(() => {
    void load(undefined);
  }, [load]);

  return {
    customers,
    hasMore: nextCursor !== null,
    isLoading,
    error,
    reload: () => void load(undefined),
    loadMore: () => {
      if (nextCursor && !isLoading) void load(nextCursor);
    },
  };
}
