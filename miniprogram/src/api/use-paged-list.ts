import { useCallback, useRef, useState } from "react";

import type { Page } from "../../../shared/schemas/common";
import { signOutIfUnauthenticated } from "../session/use-session";

export interface PagedList<T> {
  items: T[];
  hasMore: boolean;
  isLoading: boolean;
  error: unknown;
  /** Loads the first page, replacing what is shown. */
  reload: () => void;
  loadMore: () => void;
}

/**
 * Pages a list by cursor. A reply that arrives after a newer request
 * started is dropped, so a slow old query never replaces a newer one.
 * `fetchPage` must be memoised on its inputs: a new function starts over
 * on the next reload.
 */
export function usePagedList<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
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
        const page = await fetchPage(cursor);
        if (request !== latestRequest.current) return;
        setItems((loaded) => (cursor ? [...loaded, ...page.items] : page.items));
        setNextCursor(page.nextCursor);
      } catch (failure) {
        if (request !== latestRequest.current) return;
        signOutIfUnauthenticated(failure);
        setError(failure);
      } finally {
        if (request === latestRequest.current) setLoading(false);
      }
    },
    [fetchPage],
  );

  const reload = useCallback(() => void load(undefined), [load]);
  const loadMore = useCallback(() => {
    if (nextCursor && !isLoading) void load(nextCursor);
  }, [load, nextCursor, isLoading]);

  return { items, hasMore: nextCursor !== null, isLoading, error, reload, loadMore };
}
