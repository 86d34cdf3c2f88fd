import Taro from "@tarojs/taro";

import type { Role } from "../../../shared/roles";

/** A demo user as GET /auth/dev-users lists them. */
export interface DevUser {
  id: string;
  name: string;
  role: Role;
  customerId?: string;
}

/**
 * The signed-in user and token from the h5 demo sign-in. The weapp build
 * has no session, because the cloud function identifies the caller by
 * openid.
 */
export interface Session {
  token: string;
  user: DevUser;
}

const SESSION_KEY = "orderDesk.session";

export function loadSession(): Session | null {
  const stored: unknown = Taro.getStorageSync(SESSION_KEY);
  if (typeof stored !== "object" || stored === null) return null;
  const session = stored as Partial<Session>;
  if (typeof session.token !== "string" || !session.user) return null;
  return { token: session.token, user: session.user };
}

export function saveSession(session: Session): void {
  Taro.setStorageSync(SESSION_KEY, session);
}

export function clearSession(): void {
  Taro.removeStorageSync(SESSION_KEY);
}
