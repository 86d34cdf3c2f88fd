import { catalogFunction } from "./catalog";
import type { FunctionDefinition } from "./define";
import { ordersFunction } from "./orders";

/** Every function the local server hosts, by name. */
export const FUNCTIONS: Record<string, FunctionDefinition> = {
  catalog: catalogFunction,
  orders: ordersFunction,
};
