import Taro from "@tarojs/taro";

import { fetchMe, type Me } from "../api/users";
import { isRole } from "./ordering";

const ME_KEY = "orderDesk.me";

/** Loads who users.me last said the caller is, if it ever answered. */
export function loadMe(): Me | null {
  const stored: unknown = Taro.getStorageSync(ME_KEY);
  if (typeof stored !== "object" || stored === null) return null;
  const me = stored as Partial<Me>;
  if (typeof me.userId !== "string" || typeof me.role !== "string") {
    return null;
  }
  if (!isRole(me.role)) return null;
  return {
    userId: me.userId,
    name: me.name ?? "",
    role: me.role,
    ...(me.customerId ? { customerId: me.customerId } : {}),
  };
}

export function clearMe(): void {
  Taro.removeStorageSync(ME_KEY);
}

/**
 * Asks users.me for the caller's role and keeps the answer. A failure
 * (no users function yet, no network) keeps the last answer, so weapp
 * falls back to the customer view only when it never had one.
 */
export async function refreshMe(): Promise<Me | null> {
  try {
    const reply = await fetchMe();
    if (!reply.registered) {
      // NOTE: an unregistered openid sees the customer view, and every
      // call it makes fails until a manager's invitation is redeemed.
      clearMe();
      return null;
    }
    const { registered: _registered, ...me } = reply;
    Taro.setStorageSync(ME_KEY, me);
    return me;
  } catch {
    return loadMe();
  }
}
