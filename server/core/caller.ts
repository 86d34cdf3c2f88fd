import type { Role } from "../../shared/roles";

/** The authenticated user behind a function call. */
export interface Caller {
  userId: string;
  name: string;
  role: Role;
  /** Set for customer-role users: the customer they act as. */
  customerId?: string;
}
