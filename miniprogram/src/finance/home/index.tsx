import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import "../finance.css";

const ENTRIES = [
  { key: "payment", title: "记录收款", note: "微信、转账、现金，自动匹配订单" },
  { key: "unmatched", title: "未匹配收款", note: "按日查看，手动匹配" },
  { key: "vouchers", title: "收款凭证", note: "每笔收款的核销明细" },
  { key: "reconciliation", title: "每日对账", note: "发货与收款按日汇总" },
  { key: "statement", title: "客户对账单", note: "按月查看并导出 Excel" },
  { key: "receivables", title: "应收账龄", note: "逾期分段，催收名单" },
] as const;

/** The finance desk: one tap to each finance task. */
export default function FinanceHomePage() {
  return (
    <View className="page finance-page">
      <View className="fin-menu">
        {ENTRIES.map((entry) => (
          <View
            key={entry.key}
            className="fin-menu__item"
            data-testid={`finance-${entry.key}`}
            onClick={() => void Taro.navigateTo({ url: `/finance/${entry.key}/index` })}
          >
            <Text className="fin-menu__title">{entry.title}</Text>
            <Text className="muted">{entry.note}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
