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

/** Builds one pending outbox message per recipient, due at once. */
export function outboxFor(
  recipients: readonly string[],
  template: TemplateKey,
  fields: Record<string, string>,
  order: OrderRecord | undefined,
  now: number,
): OutboxRecord[] {
  return recipients.map((recipientUserId) => ({
    messageId: newId("msg"),
    recipientUserId,
    template,
    fields,
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

/** Builds the amended-order notice: goods, the new total and the total before. */
export function amendedFields(order: OrderRecord, previousTotalFen: number, at: number): Record<string, string> {
  return {
    character_string1: field.characterString(order.orderNo),
    thing2: goods(order),
    amount3: field.amount(order.totalFen),
    thing4: field.thing(`原金额${field.amount(previousTotalFen)}`),
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

export function shippedFields(
  order: OrderRecord,
  shipment: { carrierName: string; trackingNo: string; at: number },
): Record<string, string> {
  return {
    character_string1: field.characterString(order.orderNo),
    thing2: goods(order),
    thing3: field.thing(shipment.carrierName),
    character_string4: field.characterString(shipment.trackingNo),
    time5: field.time(shipment.at),
  };
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
