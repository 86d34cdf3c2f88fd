import tcb from "@cloudbase/node-sdk";

import { createLogger } from "../core/logger";
import type { Runtime } from "../core/runtime";
import { createCloudBaseStore } from "../store/cloudbase";
import type { CloudBaseApp } from "../store/cloudbase";
import { createCloudBaseReportStore } from "../store/cloudbase/reports";
import { invokeFunction, type Envelope, type Identity } from "./boundary";
import type { FunctionDefinition } from "./define";

interface CloudBaseAuth {
  getUserInfo(): { openId?: string };
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
        now: Date.now,
        logger: createLogger({ fn: fnName }),
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

/** Wraps a function definition as a CloudBase handler `main(event, context)`. */
export function cloudFunction(fn: FunctionDefinition) {
  return async (event: unknown, context?: unknown): Promise<Envelope> => {
    const { app, runtime } = connect(fn.name);
    const openid = callerOpenid(app, context);
    const identity: Identity = openid ? { kind: "openid", openid } : { kind: "anonymous" };
    return invokeFunction(fn, event, identity, runtime);
  };
}
