import { z } from "zod";

import { IdSchema, type FileReply } from "../../shared/schemas/common";
import { StatementRequest } from "../../shared/schemas/finance";
import { PickListRequest } from "../../shared/schemas/fulfilment";
import { buildStatement } from "../finance/statement";
import { buildPickList } from "../fulfilment/pick-list";
import { loadVisibleOrder } from "../ordering/queries";
import { action, type FunctionDefinition } from "./define";

export type { FileReply };

// The PDF and Excel libraries load on first use, not when the function
// starts, so a cold start does not pay for the one a call does not need.
const loadPdf = () => import("../fulfilment/pdf");
const loadWorkbook = () => import("../finance/statement-export");

function pdfReply(fileName: string, pdf: Buffer): FileReply {
  return { fileName, contentType: "application/pdf", base64: pdf.toString("base64") };
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Printable documents and exports, kept apart from the fulfilment function so only
 * this function's bundle carries the PDF and Excel libraries.
 */
export const printingFunction: FunctionDefinition = {
  name: "printing",
  actions: {
    pickList: action({
      input: PickListRequest,
      roles: ["warehouse", "clerk", "manager"],
      run: async (runtime, caller, input) => {
        const pickList = await buildPickList(runtime, caller, input);
        const name = pickList.orders.length === 1 ? pickList.orders[0].orderNo : `${pickList.orders.length}-orders`;
        return pdfReply(`拣货单-${name}.pdf`, await (await loadPdf()).renderPickListPdf(pickList, runtime.now()));
      },
    }),
    deliveryNote: action({
      input: z.strictObject({ orderId: IdSchema }),
      roles: ["warehouse", "clerk", "manager"],
      run: async (runtime, caller, input) => {
        const order = await loadVisibleOrder(runtime, caller, input.orderId);
        return pdfReply(`送货单-${order.orderNo}.pdf`, await (await loadPdf()).renderDeliveryNotePdf(order, runtime.now()));
      },
    }),
    statement: action({
      input: StatementRequest,
      roles: ["finance", "manager", "clerk", "customer", "salesperson"],
      run: async (runtime, caller, input): Promise<FileReply> => {
        const statement = await buildStatement(runtime, caller, input);
        return {
          fileName: `对账单-${statement.customerName}-${statement.month}.xlsx`,
          contentType: XLSX_TYPE,
          base64: (await (await loadWorkbook()).statementWorkbook(statement)).toString("base64"),
        };
      },
    }),
  },
};
