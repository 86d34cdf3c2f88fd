import { useState } from "react";
import { Input, Text, View } from "@tarojs/components";

import { formatFen, formatYuan, parseYuanToFen } from "../../../../shared/money";
import { MAX_NEGOTIATED_PRICE_FEN } from "../../../../shared/pricing";
import type { QuoteLine } from "../../../../shared/schemas/order";
import { Button } from "../../ui/nutui";

interface NegotiatePriceProps {
  quoted: QuoteLine | undefined;
  /** The line's negotiated price, if it has one. */
  negotiatedPriceFen: number | undefined;
  onChange: (priceFen: number | undefined) => void;
}

/**
 * Lets a salesperson or clerk set a negotiated price (议价) on one cart line,
 * in yuan per unit, or go back to the customer's own price. The order is
 * flagged for the clerk's review when it carries one.
 */
export function NegotiatePrice({ quoted, negotiatedPriceFen, onChange }: NegotiatePriceProps) {
  const [isEditing, setEditing] = useState(false);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  function open(): void {
    setText(negotiatedPriceFen === undefined ? "" : formatFen(negotiatedPriceFen));
    setProblem(null);
    setEditing(true);
  }

  function confirm(): void {
    let fen: number;
    try {
      fen = parseYuanToFen(text);
    } catch {
      setProblem("请输入单价，如 12.50");
      return;
    }
    if (fen < 0 || fen > MAX_NEGOTIATED_PRICE_FEN) {
      setProblem("单价超出范围");
      return;
    }
    onChange(fen);
    setEditing(false);
  }

  const standardFen = quoted?.standardPriceFen ?? (negotiatedPriceFen === undefined ? quoted?.priceFen : undefined);
  return (
    <View className="negotiate" data-testid="negotiate">
      {negotiatedPriceFen !== undefined ? (
        <Text className="negotiate__note" data-testid="negotiated-note">
          议价 {formatYuan(negotiatedPriceFen)}/{quoted?.unit ?? ""}
          {standardFen !== undefined ? `（原价 ${formatYuan(standardFen)}）` : ""}
        </Text>
      ) : null}
      {isEditing ? (
        <View className="negotiate__editor">
          <Input
            className="negotiate__input"
            data-testid="negotiate-input"
            type="digit"
            placeholder="议价单价（元）"
            value={text}
            onInput={(event) => setText(event.detail.value)}
          />
          <View data-testid="negotiate-confirm">
            <Button size="small" type="primary" onClick={confirm}>
              确定
            </Button>
          </View>
          {negotiatedPriceFen !== undefined ? (
            <View data-testid="negotiate-clear">
              <Button
                size="small"
                onClick={() => {
                  onChange(undefined);
                  setEditing(false);
                }}
              >
                恢复原价
              </Button>
            </View>
          ) : null}
          {problem ? <Text className="shortage">{problem}</Text> : null}
        </View>
      ) : (
        <Text className="negotiate__open" data-testid="negotiate-open" onClick={open}>
          议价
        </Text>
      )}
    </View>
  );
}
