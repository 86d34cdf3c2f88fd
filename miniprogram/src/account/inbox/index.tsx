import { useCallback, useEffect, useRef, useState } from "react";
import Taro, { useDidShow } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import type { InboxMessageView } from "../../../../shared/schemas/notification";
import { listInbox } from "../../api/notifications";
import { LoadState } from "../../components/load-state";
import { signOutIfUnauthenticated } from "../../session/use-session";
import { Button } from "../../ui/nutui";
import { labelledFields } from "./message-fields";
import "../account.css";

const PAGE_SIZE = 20;

function MessageCard({ message }: { message: InboxMessageView }) {
  const { orderId } = message;
  return (
    <View
      className="card inbox-message"
      data-testid="inbox-message"
      data-template={message.template}
      data-order-id={orderId ?? ""}
      onClick={
        orderId
          ? () =>
              void Taro.navigateTo({
                url: `/pages/order-detail/index?orderId=${encodeURIComponent(orderId)}`,
              })
          : undefined
      }
    >
      <View className="inbox-message__head">
        <Text className="inbox-message__title">{message.title}</Text>
        <Text className="muted">{formatChinaTime(message.at)}</Text>
      </View>
      {labelledFields(message).map((field) => (
        <Text key={field.key} className="inbox-message__field" data-field={field.key}>
          {field.label ? `${field.label}：` : ""}
          {field.value}
        </Text>
      ))}
      {orderId ? <Text className="inbox-message__more">查看订单 ›</Text> : null}
    </View>
  );
}

/** Pages the inbox newest first; a reload starts again from the newest. */
function useInbox() {
  const [messages, setMessages] = useState<InboxMessageView[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [hasLoaded, setLoaded] = useState(false);
  const [isLoading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef(0);

  const load = useCallback(async (cursor: string | undefined) => {
    const call = latest.current + 1;
    latest.current = call;
    setLoading(true);
    setError(null);
    try {
      const page = await listInbox({ limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      if (latest.current !== call) return;
      setMessages((loaded) => (cursor ? [...loaded, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
      setLoaded(true);
    } catch (failure) {
      if (latest.current !== call) return;
      signOutIfUnauthenticated(failure);
      setError(failure);
    } finally {
      if (latest.current === call) setLoading(false);
    }
  }, []);

  return { messages, nextCursor, hasLoaded, isLoading, error, load };
}

export default function InboxPage() {
  const inbox = useInbox();
  const { load } = inbox;
  const hasShown = useRef(false);

  useEffect(() => {
    void load(undefined);
  }, [load]);
  useDidShow(() => {
    if (hasShown.current) void load(undefined);
    hasShown.current = true;
  });

  return (
    <View className="page account-page">
      <LoadState
        isLoading={inbox.isLoading}
        error={inbox.error}
        isEmpty={inbox.messages.length === 0}
        emptyText="还没有消息。订单审核、发货、签收时会在这里通知您"
        onRetry={() => void load(undefined)}
        hasData={inbox.hasLoaded}
      />
      {inbox.messages.map((message) => (
        <MessageCard key={message.messageId} message={message} />
      ))}
      {inbox.nextCursor && !inbox.isLoading ? (
        <View className="load-more" data-testid="load-more">
          <Button block onClick={() => void load(inbox.nextCursor ?? undefined)}>
            加载更多
          </Button>
        </View>
      ) : null}
    </View>
  );
}
