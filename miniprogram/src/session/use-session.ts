import { useCallback, useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";

import type { Role } from "../../../shared/roles";
import { isSignedOut } from "../api/error-text";
import { clearCart } from "../cart/cart-storage";
import { clearCustomerChoice, loadCustomerChoice } from "./customer-choice";
import { clearMe, loadMe } from "./me-cache";
import { resolveOrderingTarget, type OrderingTarget } from "./ordering";
import { clearSession, loadSession, type Session } from "./session";

export const SIGN_IN_PAGE = "/pages/sign-in/index";

export interface SessionState {
  /** Null in weapp, where the openid identifies the caller. */
  session: Session | null;
  /** False only in h5 before the demo sign-in. */
  isSignedIn: boolean;
  role: Role;
  target: OrderingTarget;
}

/**
 * Reads the signed-in role. In weapp the role comes from users.me, so until
 * that call has returned once this returns "customer" and the pages show the
 * customer view. The functions check roles either way.
 */
export function readRole(): Role {
  return loadSession()?.user.role ?? loadMe()?.role ?? "customer";
}

function readSessionState(): SessionState {
  const session = loadSession();
  const role = readRole();
  return {
    session,
    isSignedIn: session !== null || process.env.TARO_ENV !== "h5",
    role,
    target: resolveOrderingTarget(role, loadCustomerChoice()),
  };
}

/** Whether h5 must show the demo sign-in before any other page. */
function needsSignIn(): boolean {
  return process.env.TARO_ENV === "h5" && loadSession() === null;
}

/**
 * Reads the session and the customer being ordered for each time the page
 * shows, because the "me" page can change either. In h5 without a session
 * it sends the user to the demo sign-in.
 */
export function useSession(): SessionState & { refresh: () => void } {
  const [state, setState] = useState(readSessionState);
  const refresh = useCallback(() => setState(readSessionState()), []);

  useDidShow(() => {
    if (needsSignIn()) {
      void Taro.reLaunch({ url: SIGN_IN_PAGE });
      return;
    }
    refresh();
  });

  return { ...state, refresh };
}

/** Forgets the user, their cart and chosen customer, then shows sign-in. */
export function signOut(): void {
  clearSession();
  clearMe();
  clearCart();
  clearCustomerChoice();
  if (process.env.TARO_ENV === "h5") void Taro.reLaunch({ url: SIGN_IN_PAGE });
}

/** Signs out when a call failed because the session is no longer valid. */
export function signOutIfUnauthenticated(error: unknown): void {
  if (isSignedOut(error)) signOut();
}
