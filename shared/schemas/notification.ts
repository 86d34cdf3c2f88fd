import { z } from "zod";

import { PageRequestShape } from "./common";

export const NOTICE_TEMPLATES = [
  "orderApproved",
  "orderRejected",
  "orderShipped",
  "orderDelivered",
  "orderAmended",
  "orderAlert",
] as const;

export const InboxRequest = z.strictObject({ ...PageRequestShape });

export const SubscribeRequest = z.strictObject({
  /** Templates the user accepted in requestSubscribeMessage. */
  templates: z.array(z.enum(NOTICE_TEMPLATES)).min(1).max(5),
});

/** An instant with an explicit offset, e.g. 2026-12-05T07:30:00+08:00. */
const InstantSchema = z.iso.datetime({ offset: true });

export const TimerRunRequest = z.strictObject({
  /** Local mode only: run as if it were this instant. */
  now: InstantSchema.optional(),
});

export type NoticeTemplate = (typeof NOTICE_TEMPLATES)[number];

/** A message in the caller's inbox, as notifications.inbox returns it. */
export interface InboxMessageView {
  messageId: string;
  userId: string;
  template: string;
  title: string;
  /** The subscription message's fields, e.g. character_string1 for the order number. */
  fields: Record<string, string>;
  page?: string;
  orderId?: string;
  at: string;
  /** How the WeChat push went: sent, or why it was not. */
  delivery?: "sent" | "not_subscribed" | "failed" | "inbox_only";
}
