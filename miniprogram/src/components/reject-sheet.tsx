import { useState } from "react";
import { Text, View } from "@tarojs/components";

import { Button, Popup, TextArea } from "../ui/nutui";
import "./chip-group.css";

// Reasons a clerk gives most often, one tap each.
const COMMON_REASONS = [
  "客户有逾期欠款，请先结清",
  "库存不足，请调整数量",
  "规格或单位有误，请重新下单",
  "客户要求取消",
];

interface RejectSheetProps {
  isOpen: boolean;
  isBusy: boolean;
  onClose: () => void;
  onReject: (reason: string) => void;
}

/** Asks a clerk for the reason before an order is rejected. */
export function RejectSheet({ isOpen, isBusy, onClose, onReject }: RejectSheetProps) {
  const [reason, setReason] = useState("");
  const trimmed = reason.trim();

  return (
    <Popup visible={isOpen} position="center"
      className="sheet-popup" round title="驳回订单" onClose={onClose}>
      <View className="sheet" data-testid="reject-sheet">
        <Text className="sheet__title">选择或填写驳回原因（客户可见）</Text>
        <View className="chip-group">
          {COMMON_REASONS.map((text) => (
            <View
              key={text}
              className={text === reason ? "chip chip--selected" : "chip"}
              data-testid="reject-reason-option"
              onClick={() => setReason(text)}
            >
              <Text>{text}</Text>
            </View>
          ))}
        </View>
        <View data-testid="reject-reason">
          <TextArea
            placeholder="驳回原因，最多 200 字"
            maxLength={200}
            rows={2}
            value={reason}
            onChange={(value) => setReason(value)}
          />
        </View>
        <View data-testid="confirm-reject">
          <Button
            block
            type="danger"
            disabled={trimmed.length === 0}
            loading={isBusy}
            onClick={() => {
              if (trimmed.length > 0) onReject(trimmed);
            }}
          >
            确认驳回
          </Button>
        </View>
      </View>
    </Popup>
  );
}
