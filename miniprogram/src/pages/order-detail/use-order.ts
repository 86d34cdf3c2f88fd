import { useCallback, useEffect, useRef, useState } from "react";

import type { OrderView } from "../../../../shared/schemas/order";
import {
  approveOrder,
  cancelOrder,
  getOrder,
  rejectOrder,
} from "../../api/orders";
import { signOutIfUnauthenticated } from "../../session/use-session";

export type OrderCommand =
  | { kind: "cancel" }
  | { kind: "approve" }
  | { kind: "reject"; reason: string };

export interface OrderState {
  order: OrderView | null;
  isLoading: boolean;
  /** True while a cancel, approve or reject call is in flight. */
  isBusy: boolean;
  error: unknown;
  reload: () => void;
  /** Runs a command and reloads; resolves true when it succeeded. */
  run: (command: OrderCommand) => Promise<boolean>;
}

function send(orderId: string, command: OrderCommand): Promise<OrderView> {
  switch (command.kind) {
    case "cancel":
      return cancelOrder(orderId);
    case "approve":
      return approveOrder(orderId);
    case "reject":
      return rejectOrder(orderId, command.reason);
  }
}

/** Loads one order with its timeline and runs review commands on it. */
export function useOrder(orderId: string, isEnabled: boolean): OrderState {
  const [order, setOrder] = useState<OrderView | null>(null);
  const [isLoading, setLoading] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isInFlight = useRef(false);

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

  async function run(command: OrderCommand): Promise<boolean> {
    if (isInFlight.current) return false;
    isInFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      await send(orderId, command);
      // Reload rather than trust the reply, which leaves out the timeline.
      await load();
      return true;
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
      // The order may have changed meanwhile (ORDER_STATE_CONFLICT), so
      // show its current state while keeping the error on screen.
      getOrder(orderId).then(setOrder, () => undefined);
      return false;
    } finally {
      isInFlight.current = false;
      setBusy(false);
    }
  }

  return {
    order,
    isLoading,
    isBusy,
    error,
    reload: () => void load(),
    run,
  };
}
