import { catalogFunction } from "./catalog";
import { customersFunction } from "./customers";
import type { FunctionDefinition } from "./define";
import { ordersFunction } from "./orders";

/** Every function the local server hosts, by name. */
export const FUNCTIONS: Record<string, FunctionDefinition> = {
  catalog: catalogFunction,
  customers: customersFunction,
  orders: ordersFunction,
};
