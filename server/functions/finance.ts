import {
  CreateReturnRequest,
  DailyReconciliationRequest,
  ReceivablesRequest,
  ReceiveReturnRequest,
  RecordPaymentRequest,
  RematchRequest,
  StatementRequest,
  VouchersRequest,
} from "../../shared/schemas/finance";
import { receivablesAgeing } from "../finance/ageing";
import { recordPayment } from "../finance/payments";
import { rematchPayment } from "../finance/rematch";
import { createReturn, receiveReturn } from "../finance/returns";
import { buildStatement } from "../finance/statement";
import { dailyReconciliation, listVouchers } from "../finance/vouchers";
import { action, type FunctionDefinition } from "./define";

const FINANCE = ["finance", "manager"] as const;

export const financeFunction: FunctionDefinition = {
  name: "finance",
  actions: {
    recordPayment: action({ input: RecordPaymentRequest, roles: [...FINANCE, "clerk"], run: recordPayment }),
    rematch: action({ input: RematchRequest, roles: FINANCE, run: rematchPayment }),
    vouchers: action({ input: VouchersRequest, roles: [...FINANCE, "clerk"], run: listVouchers }),
    dailyReconciliation: action({ input: DailyReconciliationRequest, roles: FINANCE, run: dailyReconciliation }),
    statement: action({
      input: StatementRequest,
      roles: [...FINANCE, "clerk", "customer", "salesperson"],
      run: buildStatement,
    }),
    receivables: action({
      input: ReceivablesRequest,
      roles: [...FINANCE, "clerk", "salesperson"],
      run: receivablesAgeing,
    }),
    createReturn: action({
      input: CreateReturnRequest,
      roles: ["customer", "salesperson", "clerk", "manager"],
      run: createReturn,
    }),
    receiveReturn: action({ input: ReceiveReturnRequest, roles: ["warehouse", "clerk", "manager"], run: receiveReturn }),
  },
};
