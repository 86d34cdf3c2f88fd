import { Text, View } from "@tarojs/components";

import { describeError } from "../api/error-text";
import { readRole } from "../session/use-session";
import { Button } from "../ui/nutui";
import "./error-banner.css";

interface ErrorBannerProps {
  error: unknown;
  /** Names to show for skuIds in stock errors. */
  skuNames?: Record<string, string>;
  /** Shows a 重试 button that calls this. */
  onRetry?: () => void;
}

/** Shows a failed call's text, chosen by error code; nothing when no error. */
export function ErrorBanner({ error, skuNames, onRetry }: ErrorBannerProps) {
  if (error === null || error === undefined) return null;

  const [summary, ...lines] = describeError(error, skuNames, readRole());
  return (
    <View className="error-banner" data-testid="error-banner">
      <Text className="error-banner__summary">{summary}</Text>
      {lines.map((line) => (
        <Text key={line} className="error-banner__line">
          {line}
        </Text>
      ))}
      {onRetry ? (
        <View className="error-banner__retry" data-testid="retry">
          <Button size="small" fill="outline" type="danger" onClick={onRetry}>
            重试
          </Button>
        </View>
      ) : null}
    </View>
  );
}
