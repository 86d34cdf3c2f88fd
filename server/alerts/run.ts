import type { Runtime } from "../core/runtime";
import { alertFields, outboxFor } from "../notification/notices";
import type { OrderFilter } from "../store/port";
import type { AlertRecord, OrderRecord } from "../store/records";
import { ALERT_RULES, DEFAULT_ESCALATE_AFTER_MS, type AlertRule } from "./rules";

export interface AlertRunReport {
  raised: number;
  escalated: number;
  cleared: number;
  open: number;
}

const PAGE = 200;

/** Pages through every order in a status, created before `before`. */
async function ordersIn(runtime: Runtime, filter: OrderFilter): Promise<OrderRecord[]> {
  const all: OrderRecord[] = [];
  let after: { createdAt: number; orderId: string } | undefined;
  for (;;) {
    const page = await runtime.store.listOrders(filter, { after, limit: PAGE });
    all.push(...page);
    if (page.length < PAGE) return all;
    const last = page[page.length - 1];
    after = { createdAt: last.createdAt, orderId: last.orderId };
  }
}

async function recipients(runtime: Runtime, role: AlertRule["notify"] | "manager"): Promise<string[]> {
  return (await runtime.store.listUsersByRole(role)).map((user) => user.userId);
}

/**
 * Runs the stuck-order rules at `now`: raises an alert once per order and
 * rule when the wait since the stored instant reaches the threshold,
 * escalates it to the manager once after a further period, and clears it
 * when the order has moved on. Running it again at the same `now` changes
 * nothing.
 */
export async function runAlerts(
  runtime: Runtime,
  options: { escalateAfterMs?: number } = {},
): Promise<AlertRunReport> {
  const now = runtime.now();
  const escalateAfterMs = options.escalateAfterMs ?? DEFAULT_ESCALATE_AFTER_MS;
  const report: AlertRunReport = { raised: 0, escalated: 0, cleared: 0, open: 0 };

  for (const rule of ALERT_RULES) {
    for (const status of rule.statuses) {
      // Orders created after now - threshold cannot have waited long enough.
      const candidates = await ordersIn(runtime, { status, createdBefore: now - rule.thresholdMs + 1 });
      for (const order of candidates) {
        const since = rule.since(order);
        if (since === undefined || now - since < rule.thresholdMs) continue;
        const alertId = `${rule.rule}:${order.orderId}`;
        const existing = await runtime.store.getAlert(alertId);
        if (!existing || existing.status === "cleared") {
          await raise(runtime, rule, order, since, now, alertId);
          report.raised += 1;
        } else if (existing.status === "open" && now - existing.raisedAt >= escalateAfterMs) {
          await escalate(runtime, rule, existing, now);
          report.escalated += 1;
        }
      }
    }
  }

  for (const alert of await runtime.store.listActiveAlerts()) {
    const rule = ALERT_RULES.find((candidate) => candidate.rule === alert.rule);
    const order = await runtime.store.getOrder(alert.orderId);
    const since = order && rule ? rule.since(order) : undefined;
    const isStuck = !!order && !!rule && rule.statuses.includes(order.status) && since === alert.since;
    if (isStuck) {
      report.open += 1;
      continue;
    }
    await runtime.store.saveAlert({ ...alert, status: "cleared", clearedAt: now }, [], []);
    report.cleared += 1;
  }
  return report;
}

async function raise(
  runtime: Runtime,
  rule: AlertRule,
  order: OrderRecord,
  since: number,
  now: number,
  alertId: string,
): Promise<void> {
  const alert: AlertRecord = {
    alertId,
    rule: rule.rule,
    orderId: order.orderId,
    orderNo: order.orderNo,
    status: "open",
    since,
    raisedAt: now,
  };
  const to = await recipients(runtime, rule.notify);
  await runtime.store.saveAlert(alert, outboxFor(to, "orderAlert", alertFields(rule.text, order.orderNo, now), order, now), []);
  runtime.logger.info({ alertId, orderId: order.orderId }, "alert raised");
}

async function escalate(runtime: Runtime, rule: AlertRule, alert: AlertRecord, now: number): Promise<void> {
  const order = await runtime.store.getOrder(alert.orderId);
  const to = await recipients(runtime, "manager");
  const fields = alertFields(`升级：${rule.text}`, alert.orderNo, now);
  await runtime.store.saveAlert(
    { ...alert, status: "escalated", escalatedAt: now },
    outboxFor(to, "orderAlert", fields, order ?? undefined, now),
    [],
  );
  runtime.logger.info({ alertId: alert.alertId }, "alert escalated");
}
