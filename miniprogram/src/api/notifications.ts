import type { Page } from "../../../shared/schemas/common";
import type {
  InboxMessageView,
  NoticeTemplate,
} from "../../../shared/schemas/notification";
import { callFunction } from "./call-function";

/** Pages the caller's own messages, newest first. */
export function listInbox(input: {
  cursor?: string;
  limit?: number;
}): Promise<Page<InboxMessageView>> {
  return callFunction<Page<InboxMessageView>>("notifications", {
    action: "inbox",
    ...input,
  });
}

/**
 * Records the one-time authorisations the user granted, one per template;
 * returns how many sends each template has left.
 */
export function subscribeToTemplates(
  templates: NoticeTemplate[],
): Promise<{ remaining: Record<string, number> }> {
  return callFunction<{ remaining: Record<string, number> }>("notifications", {
    action: "subscribe",
    templates,
  });
}
