import tcb from "@cloudbase/node-sdk";

import { createLogger } from "../core/logger";
import type { Runtime } from "../core/runtime";
import { createCloudBaseStore } from "../store/cloudbase";
import type { CloudBaseApp } from "../store/cloudbase";
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
        now: Date.now,
        logger: createLogger({ fn: fnName }),
      },
    };
  }
  return shared;
}

/**
 * Wraps a function definition as a CloudBase handler. CloudBase injects the
 * calling mini-program user's openid into the function's environment, and
 * the SDK's getUserInfo() reads it; without one the caller is anonymous.
 */
export function cloudFunction(fn: FunctionDefinition) {
  return async (event: unknown): Promise<Envelope> => {
    const { app, runtime } = connect(fn.name);
    const { openId } = app.auth().getUserInfo();
    const identity: Identity = openId ? { kind: "openid", openid: openId } : { kind: "anonymous" };
    return invokeFunction(fn, event, identity, runtime);
  };
}
