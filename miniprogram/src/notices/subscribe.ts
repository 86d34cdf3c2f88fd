import Taro from "@tarojs/taro";

import type { OrderStatus } from "../../../shared/order-status";
import type { NoticeTemplate } from "../../../shared/schemas/notification";
import { subscribeToTemplates } from "../api/notifications";

export type SubscribeOutcome =
  | { kind: "subscribed"; templates: NoticeTemplate[] }
  | { kind: "declined" }
  | { kind: "unavailable" };

// WeChat shows at most 3 templates in one subscription dialog.
const MAX_TEMPLATES_PER_REQUEST = 3;

/** The notices still ahead of an order in this status, most useful first. */
export function noticesAhead(status: OrderStatus): NoticeTemplate[] {
  switch (status) {
    case "pending_review":
      return ["orderApproved", "orderShipped", "orderDelivered"];
    case "approved":
      // Only an approved order can still be amended by the clerk.
      return ["orderShipped", "orderDelivered", "orderAmended"];
    case "picked":
    case "partially_shipped":
      return ["orderShipped", "orderDelivered"];
    case "shipped":
      return ["orderDelivered"];
    default:
      return [];
  }
}

function configuredIds(templates: readonly NoticeTemplate[]): Array<[NoticeTemplate, string]> {
  return templates
    .map((template): [NoticeTemplate, string] => [template, SUBSCRIBE_TEMPLATE_IDS[template] ?? ""])
    .filter(([, id]) => id !== "")
    .slice(0, MAX_TEMPLATES_PER_REQUEST);
}

/**
 * Whether a subscribe button can do anything here: always in h5, and in
 * weapp only when the build configured a template id for one of them.
 */
export function canSubscribe(templates: readonly NoticeTemplate[]): boolean {
  if (templates.length === 0) return false;
  return process.env.TARO_ENV === "h5" || configuredIds(templates).length > 0;
}

/**
 * Asks for one-time permission to send these notices and records what the
 * user accepted. In weapp, WeChat's dialog must open straight from a tap,
 * so call this first thing in the tap handler. In h5 there is no dialog,
 * and the server records the subscription directly.
 */
export async function subscribeToNotices(templates: readonly NoticeTemplate[]): Promise<SubscribeOutcome> {
  if (process.env.TARO_ENV === "h5") {
    const requested = templates.slice(0, MAX_TEMPLATES_PER_REQUEST);
    if (requested.length === 0) return { kind: "unavailable" };
    await subscribeToTemplates(requested);
    return { kind: "subscribed", templates: requested };
  }

  const pairs = configuredIds(templates);
  if (pairs.length === 0) return { kind: "unavailable" };
  let result: Record<string, unknown>;
  try {
    // NOTE: Taro 4.2.1's option type also requires entityIds, a field only
    // Alipay reads, so it is sent empty.
    const reply = await Taro.requestSubscribeMessage({ tmplIds: pairs.map(([, id]) => id), entityIds: [] });
    result = { ...reply };
  } catch {
    // The dialog failed to open or the user turned notices off in settings.
    return { kind: "declined" };
  }
  const accepted = pairs.filter(([, id]) => result[id] === "accept").map(([template]) => template);
  if (accepted.length === 0) return { kind: "declined" };
  await subscribeToTemplates(accepted);
  return { kind: "subscribed", templates: accepted };
}
