import { z } from "zod";

import { IdSchema } from "./common";
import { OrderLineRequest } from "./order";

/**
 * orders.amend: the whole new set of lines of an approved, unshipped
 * order, each SKU and unit at most once. A line with the SKU and unit of
 * an order line changes that line, any other line is added at today's
 * customer price, and an order line left out is removed. `reprice` also
 * prices the existing lines at today's customer price instead of the
 * price they were placed at.
 */
export const AmendRequest = z.strictObject({
  orderId: IdSchema,
  lines: z.array(OrderLineRequest).min(1).max(200),
  reprice: z.boolean().optional(),
});

export type AmendInput = z.infer<typeof AmendRequest>;
