import { ROLES } from "../../shared/roles";
import { CustomerGetRequest, CustomerListRequest } from "../../shared/schemas/customer";
import { getCustomer, listCustomers } from "../customers/service";
import { action, type FunctionDefinition } from "./define";

export const customersFunction: FunctionDefinition = {
  name: "customers",
  actions: {
    list: action({ input: CustomerListRequest, roles: ROLES, run: listCustomers }),
    get: action({ input: CustomerGetRequest, roles: ROLES, run: getCustomer }),
  },
};
