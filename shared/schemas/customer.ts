import { z } from "zod";

import { SEARCH_TEXT_MAX_LENGTH } from "../search";
import type { Customer } from "./entities";
import { IdSchema, PageRequestShape } from "./common";

export const CustomerListRequest = z.strictObject({
  ...PageRequestShape,
  search: z.string().trim().min(1).max(SEARCH_TEXT_MAX_LENGTH).optional(),
});

export const CustomerGetRequest = z.strictObject({ customerId: IdSchema });

/** A customer as staff see it, with the debt figures credit control uses. */
export interface CustomerView extends Customer {
  outstandingFen: number;
  overdueFen: number;
}
