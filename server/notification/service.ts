import { AppError } from "../../shared/errors";
import { toChinaIso } from "../../shared/china-time";
import type { Page } from "../../shared/schemas/common";
import type { InboxMessageView } from "../../shared/schemas/notification";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import type { InboxRecord } from "../store/records";
import type { TemplateKey } from "./templates";

export type { InboxMessageView };

const DEFAULT_PAGE_SIZE = 20;

function encodeCursor(message: InboxRecord): string {
  return Buffer.from(JSON.stringify([message.at, message.messageId])).toString("base64url");
}

function decodeCursor(cursor: string): { at: number; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && Number.isSafeInteger(value[0]) && typeof value[1] === "string") {
      return { at: value[0], id: value[1] };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new AppError("INVALID_INPUT", "cursor is not one this list returned", [
    { path: ["cursor"], code: "invalid_cursor", message: "invalid cursor" },
  ]);
}

/** Pages the caller's own messages, newest first. */
export async function listInbox(
  runtime: Runtime,
  caller: Caller,
  input: { cursor?: string; limit?: number },
): Promise<Page<InboxMessageView>> {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  const rows = await runtime.store.listInbox(caller.userId, {
    ...(after ? { beforeAt: after.at, beforeId: after.id } : {}),
    limit: limit + 1,
  });
  const items = rows.slice(0, limit);
  return {
    items: items.map((message) => ({ ...message, at: toChinaIso(message.at) })),
    nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]) : null,
  };
}

/**
 * Records the one-time authorisations the user just granted in
 * requestSubscribeMessage; each later send spends one.
 */
export async function subscribe(
  runtime: Runtime,
  caller: Caller,
  input: { templates: TemplateKey[] },
): Promise<{ remaining: Record<string, number> }> {
  const remaining: Record<string, number> = {};
  for (const template of new Set(input.templates)) {
    remaining[template] = await runtime.store.addSubscriptions(caller.userId, template, 1);
  }
  return { remaining };
}
