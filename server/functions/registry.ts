import { alertsFunction } from "./alerts";
import { catalogFunction } from "./catalog";
import { customersFunction } from "./customers";
import type { FunctionDefinition } from "./define";
import { financeFunction } from "./finance";
import { fulfilmentFunction } from "./fulfilment";
import { importsFunction } from "./imports";
import { notificationsFunction } from "./notifications";
import { ordersFunction } from "./orders";
import { printingFunction } from "./printing";
import { reportsFunction } from "./reports";
import { usersFunction } from "./users";

/** Every function the local server hosts, by name. */
export const FUNCTIONS: Record<string, FunctionDefinition> = {
  alerts: alertsFunction,
  catalog: catalogFunction,
  customers: customersFunction,
  finance: financeFunction,
  fulfilment: fulfilmentFunction,
  imports: importsFunction,
  notifications: notificationsFunction,
  orders: ordersFunction,
  printing: printingFunction,
  reports: reportsFunction,
  users: usersFunction,
};
