import { OrderSheetRequest, SheetImportRequest } from "../../shared/schemas/imports";
import { importCatalogSheet } from "../importing/catalog-sheet";
import { importCustomerSheet } from "../importing/customer-sheet";
import { importOrderSheet } from "../importing/order-sheet";
import { action, type FunctionDefinition } from "./define";

const OFFICE_ROLES = ["clerk", "manager"] as const;

/**
 * Spreadsheet uploads. They live in their own function because reading
 * .xlsx needs exceljs, which took the catalog, customers and orders
 * bundles from under 1 MiB to 1.2 MB each when they carried these actions.
 */
export const importsFunction: FunctionDefinition = {
  name: "imports",
  actions: {
    orderSheet: action({ input: OrderSheetRequest, roles: OFFICE_ROLES, run: importOrderSheet }),
    catalogSheet: action({ input: SheetImportRequest, roles: OFFICE_ROLES, run: importCatalogSheet }),
    customerSheet: action({ input: SheetImportRequest, roles: OFFICE_ROLES, run: importCustomerSheet }),
  },
};
