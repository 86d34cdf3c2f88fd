import { useState } from "react";
import Taro, { useShareAppMessage } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../shared/china-time";
import type { StatementShareView } from "../../../shared/schemas/finance";
import { shareStatement } from "../api/finance";
import { signOutIfUnauthenticated } from "../session/use-session";
import { Button } from "../ui/nutui";
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
  isBusy: boolean;
  error: unknown;
  create(): Promise<void>;
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
  const [created, setCreated] = useState<{ targetKey: string; link: StatementShareView } | null>(null);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const link = created && created.targetKey === targetKey ? created.link : null;

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

  return { link, isBusy, error, create };
}

/**
 * Renders the "分享对账单" button and the link it created: in weapp a
 * button that opens WeChat's share card, in H5 the URL with a copy button.
 */
export function StatementSharePanel({ share }: { share: StatementShare }) {
  const { link } = share;
  const url = link && process.env.TARO_ENV === "h5" ? sharedStatementUrl(link.path) : "";
  return (
    <View className="statement-share" data-testid="share-statement">
      <Button block fill="outline" loading={share.isBusy} onClick={() => void share.create()}>
        分享对账单
      </Button>
      <ErrorBanner error={share.error} />
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
