import { useCallback, useEffect, useRef, useState } from "react";

import type { SkuView } from "../../../../shared/schemas/catalog";
import { listCatalog } from "../../api/catalog";
import { signOutIfUnauthenticated } from "../../session/use-session";

const PAGE_SIZE = 20;

export interface CatalogState {
  skus: SkuView[];
  hasMore: boolean;
  isLoading: boolean;
  error: unknown;
  loadMore: () => void;
  /** Loads the first page again after a failure. */
  retry: () => void;
}

/**
 * Loads catalog pages for a search and a customer, starting over when
 * either changes. A reply that arrives after a newer request started is
 * dropped, so a slow old search never replaces a newer one.
 */
export function useCatalog(
  search: string,
  customerId: string | undefined,
  isEnabled: boolean,
): CatalogState {
  const [skus, setSkus] = useState<SkuView[]>([]);
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
        const page = await listCatalog({
          cursor,
          limit: PAGE_SIZE,
          search: search || undefined,
          customerId,
        });
        if (request !== latestRequest.current) return;
        setSkus((loaded) => (cursor ? [...loaded, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
      } catch (failure) {
        if (request !== latestRequest.current) return;
        signOutIfUnauthenticated(failure);
        setError(failure);
      } finally {
        if (request === latestRequest.current) setLoading(false);
      }
    },
    [search, customerId],
  );

  useEffect(() => {
    if (isEnabled) void load(undefined);
  }, [load, isEnabled]);

  const loadMore = useCallback(() => {
    if (nextCursor && !isLoading) void load(nextCursor);
  }, [load, nextCursor, isLoading]);

  const retry = useCallback(() => void load(undefined), [load]);

  return {
    skus,
    hasMore: nextCursor !== null,
    isLoading,
    error,
    loadMore,
    retry,
  };
}
