import type { z } from "zod";

import type { Role } from "../../shared/roles";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";

/** One action of a cloud function: its input schema, roles and service call. */
export interface ActionDefinition<Input = unknown> {
  input: z.ZodType<Input>;
  roles: readonly Role[];
  /** Off for ordinary actions: only callers with a user record reach `run`. */
  allowUnregistered?: false;
  run(runtime: Runtime, caller: Caller, input: Input): Promise<unknown>;
}

/** The caller of an action that allows unregistered callers. */
export interface Visitor {
  /** The caller's user record, or null for a WeChat user not registered yet. */
  user: Caller | null;
  /** The caller's WeChat openid; absent for a local demo sign-in. */
  openid?: string;
}

/**
 * An action that also runs for a caller who has a WeChat openid but no
 * user record yet (first sign-in). A registered caller must still have
 * one of `roles`. An anonymous caller is still rejected as UNAUTHENTICATED
 * unless `allowAnonymous` is set.
 */
export interface OpenActionDefinition<Input = unknown> {
  input: z.ZodType<Input>;
  roles: readonly Role[];
  allowUnregistered: true;
  /**
   * True when the input carries its own credential (a signed share token),
   * so a caller with neither a sign-in nor an openid also reaches `run`,
   * as a visitor with no user. `run` must reject input whose credential
   * does not verify.
   */
  allowAnonymous?: boolean;
  run(runtime: Runtime, visitor: Visitor, input: Input): Promise<unknown>;
}

/** A deployable function: a name and its actions. */
export interface FunctionDefinition {
  name: string;
  actions: Record<string, ActionDefinition | OpenActionDefinition>;
  /** The action a CloudBase timer trigger runs, with no input, as the system. */
  timerAction?: string;
}

/** Declares an action; the generic ties `run`'s input type to the schema. */
export function action<Input>(definition: ActionDefinition<Input>): ActionDefinition {
  return definition as ActionDefinition;
}

/** Declares an action that unregistered WeChat callers may call. */
export function openAction<Input>(
  definition: Omit<OpenActionDefinition<Input>, "allowUnregistered">,
): OpenActionDefinition {
  return { ...definition, allowUnregistered: true } as OpenActionDefinition;
}
