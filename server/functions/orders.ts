import { ROLES } from "../../shared/roles";
import {
  CancelRequest,
  OrderListRequest,
  OrderRefRequest,
  PlaceRequest,
  QuoteRequest,
  RejectRequest,
} from "../../shared/schemas/order";
import { AmendRequest } from "../../shared/schemas/amend";
import { amendOrder } from "../ordering/amend";
import { releaseCreditHold } from "../ordering/credit-hold";
import { placeOrder, quoteOrder } from "../ordering/place";
import { getOrder, listOrders } from "../ordering/queries";
import { transitionOrder } from "../ordering/transitions";
import { action, type FunctionDefinition } from "./define";

const ORDERING_ROLES = ["customer", "salesperson", "clerk", "manager"] as const;
const REVIEW_ROLES = ["clerk", "manager"] as const;

export const ordersFunction: FunctionDefinition = {
  name: "orders",
  actions: {
    quote: action({ input: QuoteRequest, roles: ORDERING_ROLES, run: quoteOrder }),
    place: action({ input: PlaceRequest, roles: ORDERING_ROLES, run: placeOrder }),
    get: action({ input: OrderRefRequest, roles: ROLES, run: getOrder }),
    list: action({ input: OrderListRequest, roles: ROLES, run: listOrders }),
    approve: action({
      input: OrderRefRequest,
      roles: REVIEW_ROLES,
      run: (runtime, caller, input) => transitionOrder(runtime, caller, "approve", input),
    }),
    reject: action({
      input: RejectRequest,
      roles: REVIEW_ROLES,
      run: (runtime, caller, input) => transitionOrder(runtime, caller, "reject", input),
    }),
    amend: action({ input: AmendRequest, roles: REVIEW_ROLES, run: amendOrder }),
    releaseHold: action({ input: RejectRequest, roles: REVIEW_ROLES, run: releaseCreditHold }),
    cancel: action({
      input: CancelRequest,
      roles: ORDERING_ROLES,
      run: (runtime, caller, input) => transitionOrder(runtime, caller, "cancel", input),
    }),
  },
};
