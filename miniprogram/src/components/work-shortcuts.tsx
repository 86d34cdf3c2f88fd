import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";

import { FINANCE_DESK_ROLES, type Role } from "../../../shared/roles";
import { Button } from "../ui/nutui";

const WAREHOUSE_ROLES: readonly Role[] = ["warehouse", "manager"];
/**
 * Roles that may record payments but not use the rest of the finance desk.
 * The server allows the clerk finance.recordPayment and customers.list, the
 * only actions the payment page calls, and rejects the clerk's rematch and
 * dailyReconciliation calls, so the payment page offers them no 手动匹配.
 */
const PAYMENT_ONLY_ROLES: readonly Role[] = ["clerk"];

/** Returns the card's title, naming only the desks the user can open. */
function workTitle(canShip: boolean, canUseFinance: boolean): string {
  if (canShip && canUseFinance) return "仓库与财务";
  return canShip ? "仓库" : "财务";
}

/** Renders the home page's buttons into the warehouse and finance desks for the roles that use them. */
export function WorkShortcuts({ role }: { role: Role }) {
  const canShip = WAREHOUSE_ROLES.includes(role);
  const canKeepBooks = FINANCE_DESK_ROLES.includes(role);
  const canRecordPayments = PAYMENT_ONLY_ROLES.includes(role);
  if (!canShip && !canKeepBooks && !canRecordPayments) return null;

  return (
    <View className="card" data-testid="work-shortcuts">
      <Text className="home__title">{workTitle(canShip, canKeepBooks || canRecordPayments)}</Text>
      <View className="home__actions">
        {canShip ? (
          <View data-testid="open-warehouse">
            <Button type="primary" onClick={() => void Taro.navigateTo({ url: "/warehouse/queue/index" })}>
              拣货发货
            </Button>
          </View>
        ) : null}
        {canKeepBooks ? (
          <View data-testid="open-finance">
            <Button type="primary" onClick={() => void Taro.navigateTo({ url: "/finance/home/index" })}>
              财务工作台
            </Button>
          </View>
        ) : null}
        {canRecordPayments ? (
          <View data-testid="open-payment">
            <Button type="primary" onClick={() => void Taro.navigateTo({ url: "/finance/payment/index" })}>
              记录收款
            </Button>
          </View>
        ) : null}
      </View>
    </View>
  );
}
