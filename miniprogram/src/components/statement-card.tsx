import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../shared/china-time";
import { formatYuan } from "../../../shared/money";
import type { StatementLine, StatementView } from "../../../shared/schemas/finance";
import { STATEMENT_KIND_LABELS } from "../../../shared/statement-kinds";
import "./statement-card.css";


function Amount({ label, fen, testId }: { label: string; fen: number; testId: string }) {
  return (
    <View className="statement__amount" data-testid={testId} data-fen={fen}>
      <Text className="muted">{label}</Text>
      <Text className="statement__figure">{formatYuan(fen)}</Text>
    </View>
  );
}

/**
 * A monthly statement: balance brought forward, the month's deliveries,
 * payments and credit notes with a running balance, and the closing
 * balance. A positive balance is what the customer owes.
 */
export function StatementCard({ statement }: { statement: Omit<StatementView, "customerId"> }) {
  return (
    <View className="card statement" data-testid="statement" data-month={statement.month}>
      <Text className="statement__title">
        {statement.customerName} · {statement.month} 对账单
      </Text>
      <View className="statement__amounts">
        <Amount label="期初欠款" fen={statement.openingFen} testId="statement-opening" />
        <Amount label="本月送货" fen={statement.debitsFen} testId="statement-debits" />
        <Amount label="本月收款/冲减" fen={statement.creditsFen} testId="statement-credits" />
        <Amount label="期末欠款" fen={statement.closingFen} testId="statement-closing" />
      </View>
      {statement.dueDate ? (
        <Text className="muted">月结到期日：{statement.dueDate}</Text>
      ) : null}
      {statement.lines.length === 0 ? (
        <Text className="empty">本月没有送货或收款</Text>
      ) : (
        statement.lines.map((line, index) => (
          <View
            key={`${line.at}:${line.reference}:${index}`}
            className="statement__line"
            data-testid="statement-line"
            data-kind={line.kind}
            data-reference={line.reference}
          >
            <View className="statement__line-head">
              <Text>
                {STATEMENT_KIND_LABELS[line.kind]} · {line.reference}
              </Text>
              <Text className={line.debitFen > 0 ? "price" : "statement__credit"}>
                {line.debitFen > 0 ? `+${formatYuan(line.debitFen)}` : `-${formatYuan(line.creditFen)}`}
              </Text>
            </View>
            <Text className="muted">
              {formatChinaTime(line.at)} · 余额 {formatYuan(line.balanceFen)}
            </Text>
          </View>
        ))
      )}
    </View>
  );
}
