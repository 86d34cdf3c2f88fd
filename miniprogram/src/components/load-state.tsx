import { Text } from "@tarojs/components";

import type { RemoteState } from "../api/use-remote";
import { ErrorBanner } from "./error-banner";

interface LoadStateProps {
  isLoading: boolean;
  error: unknown;
  /** True once a reply arrived and it has nothing to show. */
  isEmpty: boolean;
  emptyText: string;
  onRetry: () => void;
  /** True when earlier data is on screen, so loading needs no placeholder. */
  hasData: boolean;
}

/**
 * Shows that a page is loading, has failed (with a retry button) or has
 * nothing to show, so a slow or failed reply never leaves a blank page.
 */
export function LoadState({
  isLoading,
  error,
  isEmpty,
  emptyText,
  onRetry,
  hasData,
}: LoadStateProps) {
  return (
    <>
      <ErrorBanner error={error} onRetry={onRetry} />
      {isLoading && !hasData ? (
        <Text className="empty" data-testid="loading">
          加载中…
        </Text>
      ) : null}
      {!isLoading && !error && isEmpty ? (
        <Text className="empty" data-testid="empty">
          {emptyText}
        </Text>
      ) : null}
    </>
  );
}

/**
 * Shows the loading and failed states of one remote reply that is never
 * empty, such as an order or a statement, with a retry that reloads it.
 */
export function RemoteLoadState({ remote }: { remote: RemoteState<unknown> }) {
  return (
    <LoadState
      isLoading={remote.isLoading}
      error={remote.error}
      isEmpty={false}
      emptyText=""
      onRetry={remote.reload}
      hasData={remote.data !== null}
    />
  );
}
