import type ExcelJS from "exceljs";

import { formatFen } from "../../shared/money";
import type { StatementView } from "../../shared/schemas/finance";

// The workbook class alone keeps exceljs's streaming reader and writer
// out of the function bundle; only the buffered writer is used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Workbook = require("exceljs/lib/doc/workbook") as typeof ExcelJS.Workbook;

const KIND_LABELS: Record<string, string> = { delivery: "送货", payment: "收款", credit_note: "退货红冲" };

/**
 * Writes a statement as an .xlsx workbook: header, brought-forward
 * balance, one row per movement with a running balance, and totals.
 * Amounts are written as yuan text from fen, so no float touches them.
 */
export async function statementWorkbook(statement: StatementView): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet(`对账单 ${statement.month}`);
  sheet.columns = [
    { header: "日期", key: "at", width: 20 },
    { header: "类型", key: "kind", width: 10 },
    { header: "单号/凭证", key: "reference", width: 26 },
    { header: "应收(元)", key: "debit", width: 14 },
    { header: "已收(元)", key: "credit", width: 14 },
    { header: "余额(元)", key: "balance", width: 14 },
  ];
  sheet.insertRow(1, [`${statement.customerName} ${statement.month} 对账单`]);
  sheet.addRow({ at: "", kind: "上期结余", reference: "", debit: "", credit: "", balance: formatFen(statement.openingFen) });
  for (const line of statement.lines) {
    sheet.addRow({
      at: line.at.slice(0, 16).replace("T", " "),
      kind: KIND_LABELS[line.kind] ?? line.kind,
      reference: line.reference,
      debit: line.debitFen ? formatFen(line.debitFen) : "",
      credit: line.creditFen ? formatFen(line.creditFen) : "",
      balance: formatFen(line.balanceFen),
    });
  }
  sheet.addRow({
    at: "",
    kind: "本期合计",
    reference: "",
    debit: formatFen(statement.debitsFen),
    credit: formatFen(statement.creditsFen),
    balance: formatFen(statement.closingFen),
  });
  if (statement.dueDate) sheet.addRow({ at: "", kind: "付款期限", reference: statement.dueDate });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
