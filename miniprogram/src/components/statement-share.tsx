import { useState } from "react";
import Taro, { useShareAppMessage } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../shared/china-time";
import type { StatementSharesRevokedView, StatementShareView } from "../../../shared/schemas/finance";
import { revokeStatementShares, shareStatement } from "../api/finance";
import { signOutIfUnauthenticated } from "../session/use-session";
import { Button, Dialog } from "../ui/nutui";
import { ErrorBanner } from "./error-banner";
import "./statement-share.css";

/** The statement a page offers to share. */
export interface StatementShareTarget {
  month: string;
  /** Left out by a customer, who shares their own statement. */
  customerId?: string;
  /** Title of WeChat's share card, such as "上海浦东联华超市 2026-10 对账单". */
  title: string;
}

export interface StatementShare {
  /** The link for the current target, or null until one is created. */
  link: StatementShareView | null;
  /** The last revocation of the target customer's links on this page, or null. */
  revoked: StatementSharesRevokedView | null;
  isBusy: boolean;
  isRevoking: boolean;
  error: unknown;
  create(): Promise<void>;
  /** Voids every link of the target customer created so far, for all months. */
  revoke(): Promise<void>;
}

/** Returns the H5 URL of a page path under the hash router of the H5 build. */
export function sharedStatementUrl(path: string): string {
  return `${window.location.origin}${window.location.pathname}#${path}`;
}

async function copyToClipboard(text: string): Promise<void> {
  try {
    await Taro.setClipboardData({ data: text });
  } catch {
    void Taro.showToast({ title: "复制失败，请长按链接复制", icon: "none" });
  }
}

/**
 * Creates share links for the statement a page shows and gives the
 * latest one to WeChat's share card. Call it in the page component, and
 * set enableShareAppMessage in the page config, because weapp calls the
 * page's onShareAppMessage. A link is dropped when the target changes,
 * because it names the month and customer it was created for.
 */
export function useStatementShare(target: StatementShareTarget | null): StatementShare {
  const targetKey = target ? `${target.customerId ?? ""}:${target.month}` : "";
  // A revocation covers every month, so it is kept per customer.
  const customerKey = target ? (target.customerId ?? "") : null;
  const [created, setCreated] = useState<{ targetKey: string; link: StatementShareView } | null>(null);
  const [revocation, setRevocation] = useState<{ customerKey: string; view: StatementSharesRevokedView } | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [isRevoking, setRevoking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const link = created && created.targetKey === targetKey ? created.link : null;
  const revoked = revocation && revocation.customerKey === customerKey ? revocation.view : null;

  useShareAppMessage(() => {
    if (link && target) return { title: target.title, path: link.path };
    // The share menu without a link shares the app's home page, never this
    // page, which shows the sender's own account.
    return { title: "订货台", path: "/pages/home/index" };
  });

  async function create(): Promise<void> {
    if (!target || isBusy) return;
    setBusy(true);
    setError(null);
    try {
      const reply = await shareStatement({
        month: target.month,
        ...(target.customerId ? { customerId: target.customerId } : {}),
      });
      setCreated({ targetKey, link: reply });
      if (process.env.TARO_ENV === "h5") await copyToClipboard(sharedStatementUrl(reply.path));
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(): Promise<void> {
    if (!target || customerKey === null || isRevoking) return;
    setRevoking(true);
    setError(null);
    try {
      const reply = await revokeStatementShares(target.customerId ? { customerId: target.customerId } : {});
      setRevocation({ customerKey, view: reply });
      // The link on screen was created before the revocation and no longer opens.
      setCreated(null);
      void Taro.showToast({ title: "已停用此前的链接", icon: "success" });
    } catch (failure) {
      signOutIfUnauthenticated(failure);
      setError(failure);
    } finally {
      setRevoking(false);
    }
  }

  return { link, revoked, isBusy, isRevoking, error, create, revoke };
}

/**
 * Renders the "分享对账单" button and the link it created: in weapp a
 * button that opens WeChat's share card, in H5 the URL with a copy button.
 * Below it, "停用此前的分享链接" voids, after a confirmation, every link of
 * the customer sent so far.
 */
export function StatementSharePanel({ share }: { share: StatementShare }) {
  const { link, revoked } = share;
  const [isConfirmingRevoke, setConfirmingRevoke] = useState(false);
  const url = link && process.env.TARO_ENV === "h5" ? sharedStatementUrl(link.path) : "";
  return (
    <View className="statement-share" data-testid="share-statement">
      <Button block fill="outline" loading={share.isBusy} onClick={() => void share.create()}>
        分享对账单
      </Button>
      <View className="statement-share__revoke" data-testid="revoke-shares">
        <Button block type="danger" fill="none" loading={share.isRevoking} onClick={() => setConfirmingRevoke(true)}>
          停用此前的分享链接
        </Button>
      </View>
      {revoked ? (
        <Text className="muted statement-share__revoked" data-testid="shares-revoked" data-revoked-before={revoked.revokedBefore}>
          已停用此前创建的所有分享链接（含其他月份），之后新建的链接可正常打开
        </Text>
      ) : null}
      <ErrorBanner error={share.error} />
      <Dialog
        visible={isConfirmingRevoke}
        title="停用分享链接"
        content="此前为该账户创建的所有对账单分享链接（含其他月份）将立即失效，收到链接的人无法再打开。之后新建的链接不受影响。确定停用吗？"
        confirmText="确认停用"
        cancelText="再想想"
        onConfirm={() => {
          setConfirmingRevoke(false);
          void share.revoke();
        }}
        onCancel={() => setConfirmingRevoke(false)}
      />
      {link ? (
        <View className="card statement-share__link" data-testid="share-link" data-expires-at={link.expiresAt}>
          <Text className="muted">对方无需登录即可查看，链接有效期至 {formatChinaTime(link.expiresAt)}</Text>
          {process.env.TARO_ENV === "h5" ? (
            <>
              <Text className="statement-share__url" data-testid="share-url">
                {url}
              </Text>
              <Button size="small" fill="outline" onClick={() => void copyToClipboard(url)}>
                复制链接
              </Button>
            </>
          ) : (
            <View className="statement-share__action">
              <Button block type="primary" openType="share">
                发给微信好友
              </Button>
            </View>
          )}
        </View>
      ) : null}
    </View>
  );
}
