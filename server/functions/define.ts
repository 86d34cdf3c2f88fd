import type { z } from "zod";

import type { Role } from "../../shared/roles";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";

/** One action of a cloud function: its input schema, roles and service call. */
export interface ActionDefinition<Input = unknown> {
  input: z.ZodType<Input>;
  roles: readonly Role[];
  run(runtime: Runtime, caller: Caller, input: Input): Promise<unknown>;
}

/** A deployable function: a name and its actions. */
export interface FunctionDefinition {
  name: string;
  actions: Record<string, ActionDefinition>;
}

/** Declares an action; the generic ties `run`'s input type to the schema. */
export function action<Input>(definition: ActionDefinition<Input>): ActionDefinition {
  return definition as ActionDefinition;
}
