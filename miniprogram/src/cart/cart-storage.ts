import Taro from "@tarojs/taro";

import { EMPTY_CART, type Cart } from "./cart";

const CART_KEY = "orderDesk.cart";
const PENDING_SUBMIT_KEY = "orderDesk.pendingSubmit";

/** A submit that has not succeeded yet, kept so a retry reuses its key. */
export interface PendingSubmit {
  requestId: string;
  fingerprint: string;
}

export function loadCart(): Cart {
  const stored: unknown = Taro.getStorageSync(CART_KEY);
  if (typeof stored !== "object" || stored === null) return EMPTY_CART;
  const cart = stored as Partial<Cart>;
  if (!Array.isArray(cart.lines)) return EMPTY_CART;
  return {
    customerId: cart.customerId ?? null,
    lines: cart.lines,
    ...(typeof cart.priceReason === "string" ? { priceReason: cart.priceReason } : {}),
  };
}

/** Stores the cart; a changed cart is a new order, so any pending key goes. */
export function saveCart(cart: Cart): void {
  Taro.setStorageSync(CART_KEY, cart);
  Taro.removeStorageSync(PENDING_SUBMIT_KEY);
}

export function clearCart(): void {
  Taro.removeStorageSync(CART_KEY);
  Taro.removeStorageSync(PENDING_SUBMIT_KEY);
}

export function loadPendingSubmit(): PendingSubmit | null {
  const stored: unknown = Taro.getStorageSync(PENDING_SUBMIT_KEY);
  if (typeof stored !== "object" || stored === null) return null;
  const pending = stored as Partial<PendingSubmit>;
  if (typeof pending.requestId !== "string") return null;
  if (typeof pending.fingerprint !== "string") return null;
  return { requestId: pending.requestId, fingerprint: pending.fingerprint };
}

export function savePendingSubmit(pending: PendingSubmit): void {
  Taro.setStorageSync(PENDING_SUBMIT_KEY, pending);
}
