import Taro, { useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { formatChinaTime } from "../../../../shared/china-time";
import { formatYuan } from "../../../../shared/money";
import {
  ORDER_STATUSES,
  ORDER_STATUS_LABELS,
  type OrderStatus,
} from "../../../../shared/order-status";
import { listOrders } from "../../api/orders";
import { ReportRows } from "../components/report-rows";
import { usePagedReport } from "../components/use-report";
import "../components/manager.css";

function statusOf(value: string | undefined): OrderStatus | undefined {
  return ORDER_STATUSES.find((status) => status === value);
}

/** The orders behind a dashboard or report figure, from the filters in the page's query. */
export default function DrillDownOrdersPage() {
  const { params } = useRouter();
  const filter = {
    customerId: params.customerId
      ? decodeURIComponent(params.customerId)
      : undefined,
    status: statusOf(params.status),
    from: params.from,
    to: params.to,
  };
  const key = JSON.stringify(filter);
  const orders = usePagedReport(key, (cursor) =>
    listOrders({ ...filter, cursor, limit: 20 }),
  );

  return (
    <View className="manager-page" data-testid="drill-down-orders">
      <ReportRows
        report={orders}
        emptyText="没有订单"
        header={
          <>
            <Text className="manager-card__title">
              {params.title ? decodeURIComponent(params.title) : "订单"}
            </Text>
            <Text className="manager-row__sub">
              {[
                filter.from && `${filter.from} 至 ${filter.to ?? filter.from}`,
                filter.status && ORDER_STATUS_LABELS[filter.status],
              ]
                .filter(Boolean)
                .join("，")}
            </Text>
          </>
        }
        row={(order) => ({
          key: order.orderId,
          testId: "drill-down-order",
          title: `${order.orderNo} ${order.customerName}`,
          detail: `${formatChinaTime(order.createdAt)} ${ORDER_STATUS_LABELS[order.status]}`,
          value: formatYuan(order.totalFen),
          onClick: () =>
            void Taro.navigateTo({
              url: `/pages/order-detail/index?orderId=${encodeURIComponent(order.orderId)}`,
            }),
        })}
      />
    </View>
  );
}
