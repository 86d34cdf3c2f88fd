/**
 * Subscription-message templates. Each has a key used in code, a title for
 * the inbox, the mini-program page it opens, and the WeChat template id,
 * read from an environment variable because ids differ per mini-program.
 */

export const TEMPLATE_KEYS = [
  "orderApproved",
  "orderRejected",
  "orderShipped",
  "orderDelivered",
  "orderAmended",
  "orderAlert",
] as const;

export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

interface TemplateDefinition {
  title: string;
  envVar: string;
  page: string;
}

export const TEMPLATES: Record<TemplateKey, TemplateDefinition> = {
  orderApproved: { title: "订单已审核", envVar: "WECHAT_TEMPLATE_ORDER_APPROVED", page: "pages/order-detail/index" },
  orderRejected: { title: "订单已驳回", envVar: "WECHAT_TEMPLATE_ORDER_REJECTED", page: "pages/order-detail/index" },
  orderShipped: { title: "订单已发货", envVar: "WECHAT_TEMPLATE_ORDER_SHIPPED", page: "pages/order-detail/index" },
  orderDelivered: { title: "订单已签收", envVar: "WECHAT_TEMPLATE_ORDER_DELIVERED", page: "pages/order-detail/index" },
  orderAmended: { title: "订单已修改", envVar: "WECHAT_TEMPLATE_ORDER_AMENDED", page: "pages/order-detail/index" },
  orderAlert: { title: "订单预警", envVar: "WECHAT_TEMPLATE_ORDER_ALERT", page: "pages/order-detail/index" },
};

export function isTemplateKey(value: string): value is TemplateKey {
  return (TEMPLATE_KEYS as readonly string[]).includes(value);
}

/** Returns the configured WeChat template id, or undefined when unset. */
export function templateIdOf(
  key: TemplateKey,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const value = env[TEMPLATES[key].envVar];
  return value && value.trim() !== "" ? value.trim() : undefined;
}
