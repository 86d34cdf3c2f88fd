import { useCallback, useEffect, useRef, useState } from "react";

import type { Quote } from "../../../../shared/schemas/order";
import { quoteOrder } from "../../api/orders";
import { toOrderLines, type Cart } from "../../cart/cart";
import { signOutIfUnauthenticated } from "../../session/use-session";

// Waits for a pause in stepper taps before asking for a new quote.
const QUOTE_DELAY_MS = 300;

export interface QuoteState {
  quote: Quote | null;
  /** True from a cart change until its quote (or error) arrives. */
  isQuoting: boolean;
  error: unknown;
  /** Asks for the quote again after a failure. */
  retry: () => void;
}

/** Keeps a live quote (prices, totals, stock per line) for the cart. */
export function useQuote(cart: Cart, isEnabled: boolean): QuoteState {
  const [quote, setQuote] = useState<Quote | null>(null);
  const [isQuoting, setQuoting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const latestRequest = useRef(0);
  const [attempt, setAttempt] = useState(0);
  const linesKey = JSON.stringify(toOrderLines(cart));
  const customerId = cart.customerId ?? undefined;

  useEffect(() => {
    const request = ++latestRequest.current;
    if (!isEnabled || cart.lines.length === 0) {
      setQuote(null);
      setQuoting(false);
      setError(null);
      return;
    }

    setQuoting(true);
    const timer = setTimeout(() => {
      quoteOrder(toOrderLines(cart), customerId).then(
        (next) => {
          if (request !== latestRequest.current) return;
          setQuote(next);
          setError(null);
          setQuoting(false);
        },
        (failure: unknown) => {
          if (request !== latestRequest.current) return;
          signOutIfUnauthenticated(failure);
          setQuote(null);
          setError(failure);
          setQuoting(false);
        },
      );
    }, QUOTE_DELAY_MS);
    return () => clearTimeout(timer);
    // linesKey represents the cart because only skuId, unit, quantity and a
    // negotiated price change a quote, and a new cart object with equal
    // lines must not.
  }, [linesKey, customerId, isEnabled, attempt]);

  const retry = useCallback(() => setAttempt((count) => count + 1), []);

  return { quote, isQuoting, error, retry };
}
