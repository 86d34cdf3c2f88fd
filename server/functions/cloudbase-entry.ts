import tcb from "@cloudbase/node-sdk";

import { createLogger } from "../core/logger";
import type { Runtime } from "../core/runtime";
import { createCloudBaseFinanceStore, createCloudBaseStore } from "../store/cloudbase";
import type { CloudBaseApp } from "../store/cloudbase";
import { createCloudBaseReportStore } from "../store/cloudbase/reports";
import { WeChatSubscribeSender } from "../notification/senders";
import { invokeFunction, type Envelope, type Identity } from "./boundary";
import type { FunctionDefinition } from "./define";

interface CloudBaseAuth {
  getUserInfo(): { openId?: string };
}

/** node-sdk's call into WeChat's open APIs (subscribeMessage.send and others). */
interface OpenApiClient {
  callWxOpenApi(request: { apiName: string; requestData: Record<string, unknown> }): Promise<unknown>;
}

let shared: { app: CloudBaseApp & { auth(): CloudBaseAuth }; runtime: Runtime } | undefined;

/** Initialises the SDK and the store once per warm container. */
function connect(fnName: string) {
  if (!shared) {
    const app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }) as unknown as CloudBaseApp & {
      auth(): CloudBaseAuth;
    };
    shared = {
      app,
      runtime: {
        store: createCloudBaseStore({ app }),
        reports: createCloudBaseReportStore({ app }),
        finance: createCloudBaseFinanceStore({ app }),
        now: Date.now,
        logger: createLogger({ fn: fnName }),
        // Only the finance function needs it, so cloudbaserc.json gives it
        // to that function alone.
        ...(process.env.SHARE_SECRET ? { shareSecret: Buffer.from(process.env.SHARE_SECRET, "utf8") } : {}),
        // NOTE: the apiName form follows node-sdk 3.18.3's callWxOpenApi; it
        // has not been tried against a live environment.
        sender: new WeChatSubscribeSender((apiName, requestData) =>
          (app as unknown as OpenApiClient).callWxOpenApi({ apiName, requestData }),
        ),
      },
    };
  }
  return shared;
}

/** The handler's second argument, as node-sdk 3.18.3 declares it. */
type InvocationContext = Parameters<typeof tcb.getCloudbaseContext>[0];

function hasEnvironment(context: unknown): context is InvocationContext {
  if (typeof context !== "object" || context === null) return false;
  const { environ, environment } = context as { environ?: unknown; environment?: unknown };
  return typeof environment === "string" || typeof environ === "string";
}

/**
 * Returns the calling mini-program user's openid, or "" for a call without
 * one (a timer trigger, another function). CloudBase injects WX_OPENID into
 * the invocation context and the process environment. The context is read
 * first because it belongs to this call, while the process environment
 * belongs to the warm instance.
 * NOTE: both sources follow node-sdk 3.18.3's getCloudbaseContext and
 * getUserInfo; neither has been observed in a live environment.
 */
function callerOpenid(app: { auth(): CloudBaseAuth }, context: unknown): string {
  if (hasEnvironment(context)) {
    return tcb.getCloudbaseContext(context).WX_OPENID ?? "";
  }
  return app.auth().getUserInfo().openId ?? "";
}

/**
 * True for the event a CloudBase timer trigger sends ({Type: "Timer",
 * TriggerName, Time, Message}). Only a call with no WeChat caller counts,
 * and it can only run the function's timer action with no input, so a
 * forged event gains nothing the timer would not do anyway.
 */
function isTimerEvent(event: unknown, openid: string): boolean {
  return (
    openid === "" &&
    typeof event === "object" &&
    event !== null &&
    (event as { Type?: unknown }).Type === "Timer"
  );
}

/** Wraps a function definition as a CloudBase handler `main(event, context)`. */
export function cloudFunction(fn: FunctionDefinition) {
  return async (event: unknown, context?: unknown): Promise<Envelope> => {
    const { app, runtime } = connect(fn.name);
    const openid = callerOpenid(app, context);
    if (fn.timerAction && isTimerEvent(event, openid)) {
      return invokeFunction(fn, { action: fn.timerAction }, { kind: "system" }, runtime);
    }
    const identity: Identity = openid ? { kind: "openid", openid } : { kind: "anonymous" };
    return invokeFunction(fn, event, identity, runtime);
  };
}
