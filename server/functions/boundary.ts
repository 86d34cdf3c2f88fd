import { z } from "zod";

import { AppError, type ErrorCode } from "../../shared/errors";
import type { Caller } from "../core/caller";
import { hashUserId } from "../core/logger";
import type { Runtime } from "../core/runtime";
import type { FunctionDefinition } from "./define";

/** The reply every function returns, in CloudBase and over local HTTP. */
export type Envelope =
  | { ok: true; data: unknown }
  | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

/** The caller's identity: a demo user id locally, a WeChat openid in CloudBase. */
export type Identity =
  | { kind: "user"; userId: string }
  | { kind: "openid"; openid: string }
  | { kind: "anonymous" }
  /** A timer trigger: runs as a manager-level system caller. */
  | { kind: "system" };

const EventShape = z.looseObject({ action: z.string().min(1).max(64) });

const MAX_DEPTH = 16;
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Returns the path of the first key that could pollute a prototype. JSON
 * parsing keeps "__proto__" as an own key, but copying the object (as zod
 * does) would turn it into a prototype change, so such input is rejected.
 */
function findForbiddenKey(value: unknown, path: (string | number)[] = []): (string | number)[] | null {
  if (path.length > MAX_DEPTH) {
    throw new AppError("INVALID_INPUT", `input is nested deeper than ${MAX_DEPTH} levels`);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findForbiddenKey(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return [...path, key];
      const found = findForbiddenKey((value as Record<string, unknown>)[key], [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Returns the caller's user, or null for an anonymous or unregistered caller. */
async function findCaller(runtime: Runtime, identity: Identity): Promise<Caller | null> {
  if (identity.kind === "system") return SYSTEM_CALLER;
  const user =
    identity.kind === "user"
      ? await runtime.store.getUser(identity.userId)
      : identity.kind === "openid"
        ? await runtime.store.getUserByOpenid(identity.openid)
        : null;
  if (!user) return null;
  return {
    userId: user.userId,
    name: user.name,
    role: user.role,
    ...(user.customerId ? { customerId: user.customerId } : {}),
  };
}

/** The caller that timer-triggered work is recorded as in audit trails. */
const SYSTEM_CALLER: Caller = { userId: "system", name: "定时任务", role: "manager" };

function requireCaller(caller: Caller | null): Caller {
  if (!caller) throw new AppError("UNAUTHENTICATED", "sign in first");
  return caller;
}

function toIssues(error: z.ZodError): { path: PropertyKey[]; code: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path,
    code: issue.code,
    message: issue.message,
  }));
}

/**
 * Runs one function call: parse the event, identify the caller, check the
 * role, run the service, and turn any throw into the error envelope. This
 * is the only place that logs a failed call, once.
 */
export async function invokeFunction(
  fn: FunctionDefinition,
  event: unknown,
  identity: Identity,
  runtime: Runtime,
): Promise<Envelope> {
  const started = Date.now();
  let actionName = "?";
  let userHash: string | undefined;
  try {
    const forbidden = findForbiddenKey(event);
    if (forbidden) {
      throw new AppError("INVALID_INPUT", `key "${forbidden[forbidden.length - 1]}" is not allowed`, [
        { path: forbidden, code: "forbidden_key", message: "reserved object key" },
      ]);
    }
    const envelope = EventShape.safeParse(event);
    if (!envelope.success) {
      throw new AppError("INVALID_INPUT", "the request needs an action name", toIssues(envelope.error));
    }
    const { action: name, ...payload } = envelope.data;
    actionName = name;
    const definition = Object.hasOwn(fn.actions, name) ? fn.actions[name] : undefined;
    if (!definition) {
      throw new AppError("INVALID_INPUT", `${fn.name} has no action "${name}"`, [
        { path: ["action"], code: "unknown_action", message: `allowed: ${Object.keys(fn.actions).join(", ")}` },
      ]);
    }

    const caller = await findCaller(runtime, identity);
    const openid = identity.kind === "openid" ? identity.openid : undefined;
    const mayBeUnregistered = definition.allowUnregistered && (Boolean(openid) || definition.allowAnonymous === true);
    if (!caller && !mayBeUnregistered) {
      throw new AppError(
        "UNAUTHENTICATED",
        openid ? "this WeChat user is not registered; redeem an invitation code first" : "sign in first",
      );
    }
    userHash = hashUserId(caller?.userId ?? openid ?? "");
    if (caller && !definition.roles.includes(caller.role)) {
      throw new AppError("FORBIDDEN", `a ${caller.role} cannot call ${fn.name}.${name}`);
    }
    const input = definition.input.safeParse(payload);
    if (!input.success) {
      throw new AppError("INVALID_INPUT", `invalid input for ${fn.name}.${name}`, toIssues(input.error));
    }

    const data = definition.allowUnregistered
      ? await definition.run(runtime, { user: caller, ...(openid ? { openid } : {}) }, input.data)
      : await definition.run(runtime, requireCaller(caller), input.data);
    runtime.logger.debug(
      { fn: fn.name, action: name, user: userHash, ms: Date.now() - started },
      "call succeeded",
    );
    return { ok: true, data };
  } catch (error) {
    return toErrorEnvelope(runtime, error, {
      fn: fn.name,
      action: actionName,
      user: userHash,
      ms: Date.now() - started,
    });
  }
}

function toErrorEnvelope(
  runtime: Runtime,
  error: unknown,
  context: Record<string, unknown>,
): Envelope {
  if (error instanceof AppError) {
    runtime.logger.info({ ...context, code: error.code }, error.message);
    return {
      ok: false,
      error: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
      },
    };
  }
  runtime.logger.error({ ...context, err: error }, "call failed");
  return {
    ok: false,
    error: { code: "INTERNAL", message: "internal error; the request may be retried" },
  };
}
