import type { OutboxRecord, UserRecord } from "../store/records";
import { templateIdOf, isTemplateKey } from "./templates";

/** The outcome of one send attempt. */
export type SendOutcome =
  | { kind: "sent" }
  | { kind: "transient"; reason: string }
  | { kind: "permanent"; reason: string; isNotSubscribed?: boolean };

/** Delivers an outbox message to one user. */
export interface MessageSender {
  /** Whether a one-time subscription authorisation must be spent per message. */
  readonly requiresSubscription: boolean;
  send(message: OutboxRecord, recipient: UserRecord): Promise<SendOutcome>;
}

/**
 * The local stand-in for WeChat: the message is only recorded in the
 * recipient's inbox (which the dispatcher does for every finished message),
 * so every notice can be seen in a browser without WeChat.
 */
export const inboxOnlySender: MessageSender = {
  requiresSubscription: false,
  async send() {
    return { kind: "sent" };
  },
};

/** Calls a WeChat open API and returns its JSON reply. */
export type OpenApiCall = (apiName: string, requestData: Record<string, unknown>) => Promise<unknown>;

// errcodes of subscribeMessage.send that retrying cannot fix.
const NOT_SUBSCRIBED = 43101;
const PERMANENT_ERRCODES = new Set([40003, 40037, 41030, 47003, NOT_SUBSCRIBED]);

function errcodeOf(reply: unknown): number {
  if (reply && typeof reply === "object") {
    const record = reply as Record<string, unknown>;
    const code = record.errcode ?? record.errCode;
    if (typeof code === "number") return code;
    if (record.result !== undefined) return errcodeOf(record.result);
  }
  if (typeof reply === "string" || Buffer.isBuffer(reply)) {
    try {
      return errcodeOf(JSON.parse(String(reply)));
    } catch {
      return -1;
    }
  }
  return -1;
}

/**
 * Sends subscription messages through WeChat's subscribeMessage.send. A
 * user who refused or never subscribed (errcode 43101) and invalid
 * requests end the message; anything else is retried.
 */
export class WeChatSubscribeSender implements MessageSender {
  readonly requiresSubscription = true;

  constructor(
    private readonly callOpenApi: OpenApiCall,
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
  ) {}

  async send(message: OutboxRecord, recipient: UserRecord): Promise<SendOutcome> {
    if (!recipient.openid) return { kind: "permanent", reason: "recipient has no WeChat openid" };
    if (!isTemplateKey(message.template)) return { kind: "permanent", reason: `unknown template ${message.template}` };
    const templateId = templateIdOf(message.template, this.env);
    if (!templateId) return { kind: "permanent", reason: `no template id configured for ${message.template}` };

    let reply: unknown;
    try {
      reply = await this.callOpenApi("cgi-bin/message/subscribe/send", {
        touser: recipient.openid,
        template_id: templateId,
        ...(message.page ? { page: message.page } : {}),
        data: Object.fromEntries(Object.entries(message.fields).map(([key, value]) => [key, { value }])),
      });
    } catch (error) {
      return { kind: "transient", reason: error instanceof Error ? error.message : String(error) };
    }
    const errcode = errcodeOf(reply);
    if (errcode === 0) return { kind: "sent" };
    if (errcode === NOT_SUBSCRIBED) return { kind: "permanent", reason: "user is not subscribed (43101)", isNotSubscribed: true };
    if (PERMANENT_ERRCODES.has(errcode)) return { kind: "permanent", reason: `WeChat errcode ${errcode}` };
    return { kind: "transient", reason: `WeChat errcode ${errcode}` };
  }
}
