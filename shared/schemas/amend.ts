import { z } from "zod";

import { IdSchema } from "./common";
import { OrderLineRequest } from "./order";

/**
 * orders.amend: the whole new set of lines of an approved, unshipped
 * order. Each line names an existing line by SKU and unit; a line left out
 * is removed. `reprice` prices the lines at today's customer price
 * instead of the price they were placed at.
 */
export const AmendRequest = z.strictObject({
  orderId: IdSchema,
  lines: z.array(OrderLineRequest).min(1).max(200),
  reprice: z.boolean().optional(),
});

export type AmendInput = z.infer<typeof AmendRequest>;
