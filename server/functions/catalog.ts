import { ROLES } from "../../shared/roles";
import {
  CatalogGetRequest,
  CatalogListRequest,
  FindByBarcodeRequest,
  ReceiveStockRequest,
} from "../../shared/schemas/catalog";
import {
  findSkuByBarcode,
  getCatalogSku,
  listCatalog,
  receiveStock,
} from "../catalog/service";
import { action, type FunctionDefinition } from "./define";

export const catalogFunction: FunctionDefinition = {
  name: "catalog",
  actions: {
    list: action({ input: CatalogListRequest, roles: ROLES, run: listCatalog }),
    get: action({ input: CatalogGetRequest, roles: ROLES, run: getCatalogSku }),
    findByBarcode: action({
      input: FindByBarcodeRequest,
      roles: ROLES,
      run: findSkuByBarcode,
    }),
    receiveStock: action({
      input: ReceiveStockRequest,
      roles: ["warehouse", "manager"],
      run: receiveStock,
    }),
  },
};
