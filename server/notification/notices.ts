import { formatYuan } from "../../shared/money";
import { newId } from "../core/ids";
import type { Runtime } from "../core/runtime";
import type { OrderRecord, OutboxRecord, UserRecord } from "../store/records";
import { TEMPLATES, type TemplateKey } from "./templates";
import * as field from "./wechat-fields";

/** The users told about an order: the customer's logins and its salesperson. */
export async function orderAudience(runtime: Runtime, order: OrderRecord): Promise<string[]> {
  const users: UserRecord[] = await runtime.store.listUsersOfCustomer(order.customerId);
  const customer = await runtime.store.getCustomer(order.customerId);
  const ids = users.map((user) => user.userId);
  if (customer?.salespersonId) ids.push(customer.salespersonId);
  return [...new Set(ids)];
}

/**
 * Builds one pending outbox message per recipient, due at once.
 * `inboxFields` replaces fields in the inbox copy, for values that WeChat's
 * field rules would cut or strip.
 */
export function outboxFor(
  recipients: readonly string[],
  template: TemplateKey,
  fields: Record<string, string>,
  order: OrderRecord | undefined,
  now: number,
  inboxFields?: Record<string, string>,
): OutboxRecord[] {
  return recipients.map((recipientUserId) => ({
    messageId: newId("msg"),
    recipientUserId,
    template,
    fields,
    ...(inboxFields ? { inboxFields } : {}),
    page: order ? `${TEMPLATES[template].page}?orderId=${order.orderId}` : TEMPLATES[template].page,
    ...(order ? { orderId: order.orderId } : {}),
    status: "pending",
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  }));
}

function goods(order: OrderRecord): string {
  return field.goodsSummary(order.lines.map((line) => line.name));
}

export function approvedFields(order: OrderRecord, at: number): Record<string, string> {
  return {
    character_string1: field.characterString(order.orderNo),
    thing2: goods(order),
    amount3: field.amount(order.totalFen),
    phrase4: field.phrase("已审核"),
    time5: field.time(at),
  };
}

/**
 * Builds the amended-order notice: goods, the new total and the total
 * before. The template labels thing4 原金额, so its value is the amount
 * alone, grouped like other amounts because a thing field allows commas.
 */
export function amendedFields(order: OrderRecord, previousTotalFen: number, at: number): Record<string, string> {
  return {
    character_string1: field.characterString(order.orderNo),
    thing2: goods(order),
    amount3: field.amount(order.totalFen),
    thing4: field.thing(formatYuan(previousTotalFen)),
    time5: field.time(at),
  };
}

export function rejectedFields(order: OrderRecord, reason: string, at: number): Record<string, string> {
  return {
    character_string1: field.characterString(order.orderNo),
    thing2: field.thing(reason),
    phrase3: field.phrase("已驳回"),
    time4: field.time(at),
  };
}

interface ShipmentNotice {
  carrierName: string;
  trackingNo: string;
  at: number;
}

/**
 * Builds the shipped notice. A tracking number that a character_string
 * field cannot hold unchanged, such as the plate 粤A12345 of an own-vehicle
 * delivery, goes into thing3 after the carrier name, and
 * character_string4 is "-", so WeChat shows no stripped number.
 */
export function shippedFields(order: OrderRecord, shipment: ShipmentNotice): Record<string, string> {
  const fitsCharacterString = field.fitsFieldRule("character_string4", shipment.trackingNo);
  return {
    character_string1: field.characterString(order.orderNo),
    thing2: goods(order),
    thing3: fitsCharacterString
      ? field.thing(shipment.carrierName)
      : field.carrierWithTrackingNo(shipment.carrierName, shipment.trackingNo),
    character_string4: fitsCharacterString ? shipment.trackingNo : "-",
    time5: field.time(shipment.at),
  };
}

/** Inbox values of the shipped notice: the carrier and tracking number as stored. */
export function shippedInboxFields(shipment: ShipmentNotice): Record<string, string> {
  return { thing3: shipment.carrierName, character_string4: shipment.trackingNo };
}

export function deliveredFields(order: OrderRecord, signerName: string, at: number): Record<string, string> {
  return {
    character_string1: field.characterString(order.orderNo),
    thing2: goods(order),
    name3: field.name(signerName),
    time4: field.time(at),
  };
}

export function alertFields(text: string, orderNo: string, at: number): Record<string, string> {
  return {
    thing1: field.thing(text),
    character_string2: field.characterString(orderNo),
    time3: field.time(at),
  };
}
