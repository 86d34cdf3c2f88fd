import { z } from "zod";

import { IdSchema, type FileReply } from "../../shared/schemas/common";
import { StatementRequest } from "../../shared/schemas/finance";
import { PickListRequest } from "../../shared/schemas/fulfilment";
import { buildStatement } from "../finance/statement";
import { statementWorkbook } from "../finance/statement-export";
import { buildPickList } from "../fulfilment/pick-list";
import { renderDeliveryNotePdf, renderPickListPdf } from "../fulfilment/pdf";
import { loadVisibleOrder } from "../ordering/queries";
import { action, type FunctionDefinition } from "./define";

export type { FileReply };

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
        return pdfReply(`拣货单-${name}.pdf`, await renderPickListPdf(pickList, runtime.now()));
      },
    }),
    deliveryNote: action({
      input: z.strictObject({ orderId: IdSchema }),
      roles: ["warehouse", "clerk", "manager"],
      run: async (runtime, caller, input) => {
        const order = await loadVisibleOrder(runtime, caller, input.orderId);
        return pdfReply(`送货单-${order.orderNo}.pdf`, await renderDeliveryNotePdf(order, runtime.now()));
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
          base64: (await statementWorkbook(statement)).toString("base64"),
        };
      },
    }),
  },
};
