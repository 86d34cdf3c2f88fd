import { useEffect, useRef, useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { listDevUsers, signInAsDevUser } from "../../api/dev-auth";
import { clearCart } from "../../cart/cart-storage";
import { ErrorBanner } from "../../components/error-banner";
import { clearCustomerChoice } from "../../session/customer-choice";
import { ROLE_LABELS } from "../../session/ordering";
import { loadSession, saveSession, type DevUser } from "../../session/session";
import "./index.css";

/**
 * The first page after sign-in for every role, because home contains
 * ordering and each staff role's desk (review, warehouse, finance).
 */
const LANDING_PAGE = "/pages/home/index";

/**
 * Demo sign-in for the local server: pick a seeded user, get a token.
 * Only the h5 build has this page; WeChat identifies the caller itself.
 */
export default function SignInPage() {
  const [users, setUsers] = useState<DevUser[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [isLoading, setLoading] = useState(true);
  const isSigningIn = useRef(false);
  // Set once this page has sent the user on, so that a late show event does
  // not switch to the home tab again after the user has moved to another tab.
  const hasLeft = useRef(false);

  function leave(): Promise<unknown> {
    hasLeft.current = true;
    return Taro.switchTab({ url: LANDING_PAGE });
  }

  useDidShow(() => {
    if (hasLeft.current || isSigningIn.current) return;
    if (loadSession()) void leave();
  });

  useEffect(() => {
    listDevUsers().then(
      (loaded) => {
        setUsers(loaded);
        setLoading(false);
      },
      (failure: unknown) => {
        setError(failure);
        setLoading(false);
      },
    );
  }, []);

  async function signIn(user: DevUser): Promise<void> {
    if (isSigningIn.current) return;
    isSigningIn.current = true;
    setError(null);
    try {
      const token = await signInAsDevUser(user.id);
      // Another user's cart and chosen customer must not carry over.
      clearCart();
      clearCustomerChoice();
      saveSession({ token, user });
      await leave();
    } catch (failure) {
      setError(failure);
    } finally {
      isSigningIn.current = false;
    }
  }

  return (
    <View className="page sign-in-page">
      <Text className="sign-in__title">选择演示账号登录</Text>
      <Text className="muted">本地演示环境：点选一个账号即可以该身份使用</Text>
      <ErrorBanner error={error} />
      {isLoading ? <Text className="empty">加载中…</Text> : null}
      {users.map((user) => (
        <View
          key={user.id}
          className="card sign-in__user"
          data-testid="dev-user"
          data-user-id={user.id}
          data-role={user.role}
          onClick={() => void signIn(user)}
        >
          <Text className="sign-in__name">{user.name}</Text>
          <Text className="status-badge">
            {ROLE_LABELS[user.role] ?? user.role}
          </Text>
        </View>
      ))}
    </View>
  );
}
