import {
  ConfirmPickedRequest,
  ConfirmReceiptRequest,
  PickListRequest,
  ShipRequest,
} from "../../shared/schemas/fulfilment";
import { buildPickList } from "../fulfilment/pick-list";
import { confirmPicked } from "../fulfilment/picking";
import { confirmReceipt } from "../fulfilment/receipt";
import { shipOrder } from "../fulfilment/shipping";
import { action, type FunctionDefinition } from "./define";

const WAREHOUSE = ["warehouse", "manager"] as const;

export const fulfilmentFunction: FunctionDefinition = {
  name: "fulfilment",
  actions: {
    pickList: action({ input: PickListRequest, roles: [...WAREHOUSE, "clerk"], run: buildPickList }),
    confirmPicked: action({ input: ConfirmPickedRequest, roles: WAREHOUSE, run: confirmPicked }),
    ship: action({ input: ShipRequest, roles: WAREHOUSE, run: shipOrder }),
    confirmReceipt: action({
      input: ConfirmReceiptRequest,
      roles: ["customer", "salesperson", "warehouse", "clerk", "manager"],
      run: confirmReceipt,
    }),
  },
};
