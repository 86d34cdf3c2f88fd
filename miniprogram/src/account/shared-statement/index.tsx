import { useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import { ApiError } from "../../api/api-error";
import { getSharedStatement } from "../../api/finance";
import { useRemote } from "../../api/use-remote";
import { RemoteLoadState } from "../../components/load-state";
import { StatementCard } from "../../components/statement-card";
import "../account.css";

type Rejection = "expired" | "revoked" | "invalid";

/** Returns why a share link was rejected, or null when the failure is something else. */
function rejectionOf(error: unknown): Rejection | null {
  if (!(error instanceof ApiError) || error.code !== "UNAUTHENTICATED") return null;
  const details = error.details as { reason?: unknown } | undefined;
  if (details?.reason === "expired" || details?.reason === "revoked") return details.reason;
  return "invalid";
}

const REJECTION_TEXT: Record<Rejection, string> = {
  expired: "链接已过期，请向发送人索取新的对账单链接",
  revoked: "链接已被发送方停用，请向发送人索取新的对账单链接",
  invalid: "链接无效，请确认链接完整，或向发送人索取新的对账单链接",
};

/**
 * Shows the statement a share link opens, to a shop owner who has not
 * signed in. The page calls no session hook, so H5 does not send it to the
 * sign-in page. A rejected link shows why, and never signs out a user who
 * is signed in on the same device.
 */
export default function SharedStatementPage() {
  const token = useRouter().params.token ?? "";
  const statement = useRemote(() => getSharedStatement(token), token, token !== "", {
    signsOutOnUnauthenticated: false,
  });
  const rejection = token === "" ? "invalid" : rejectionOf(statement.error);

  if (rejection) {
    return (
      <View className="page account-page">
        <View className="card" data-testid="shared-statement-rejected" data-reason={rejection}>
          <Text>{REJECTION_TEXT[rejection]}</Text>
        </View>
      </View>
    );
  }

  return (
    <View className="page account-page">
      <RemoteLoadState remote={statement} />
      {statement.data ? (
        <>
          <StatementCard statement={statement.data} />
          <Text className="muted" data-testid="shared-statement-expiry">
            链接有效期至 {formatChinaTime(statement.data.expiresAt)}
          </Text>
        </>
      ) : null}
    </View>
  );
}
