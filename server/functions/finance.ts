import { FINANCE_DESK_ROLES, ROLES } from "../../shared/roles";
import {
  CreateReturnRequest,
  DailyReconciliationRequest,
  ReceivablesRequest,
  ReceiveReturnRequest,
  RecordPaymentRequest,
  RematchRequest,
  RevokeStatementSharesRequest,
  SharedStatementRequest,
  ShareStatementRequest,
  StatementRequest,
  VouchersRequest,
} from "../../shared/schemas/finance";
import { receivablesAgeing } from "../finance/ageing";
import { recordPayment } from "../finance/payments";
import { rematchPayment } from "../finance/rematch";
import { createReturn, receiveReturn } from "../finance/returns";
import { openSharedStatement, revokeStatementShares, shareStatement } from "../finance/share";
import { buildStatement } from "../finance/statement";
import { dailyReconciliation, listVouchers } from "../finance/vouchers";
import { action, openAction, type FunctionDefinition } from "./define";

const FINANCE = FINANCE_DESK_ROLES;

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
    // A customer shares their own statement and a salesperson an assigned
    // customer's, as resolveActingCustomer allows for finance.statement.
    shareStatement: action({
      input: ShareStatementRequest,
      roles: [...FINANCE, "customer", "salesperson"],
      run: shareStatement,
    }),
    // The roles that may share a customer's statement may also revoke its links.
    revokeStatementShares: action({
      input: RevokeStatementSharesRequest,
      roles: [...FINANCE, "customer", "salesperson"],
      run: revokeStatementShares,
    }),
    // The signed token is the credential, so the shop owner opening the
    // link needs no sign-in, and any signed-in role may open it too.
    sharedStatement: openAction({
      input: SharedStatementRequest,
      roles: ROLES,
      allowAnonymous: true,
      run: openSharedStatement,
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
