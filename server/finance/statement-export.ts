import type ExcelJS from "exceljs";

import { formatFen } from "../../shared/money";
import type { StatementView } from "../../shared/schemas/finance";
import { STATEMENT_KIND_LABELS } from "../../shared/statement-kinds";

// The workbook class alone keeps exceljs's streaming reader and writer
// out of the function bundle; only the buffered writer is used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Workbook = require("exceljs/lib/doc/workbook") as typeof ExcelJS.Workbook;

/** Excel number format of the amount columns: thousands separators and two decimals. */
const YUAN_FORMAT = "#,##0.00";

/**
 * Returns the yuan amount as a number cell value, so that Excel can sum
 * it. The number is parsed from the exact yuan text, which gives the same
 * double Excel stores when the amount is typed in.
 */
function yuanCell(fen: number): number {
  return Number(formatFen(fen));
}

/**
 * Writes a statement as an .xlsx workbook: header, brought-forward
 * balance, one row per movement with a running balance, and totals.
 * Amounts are number cells in yuan, shown with two decimals.
 */
export async function statementWorkbook(statement: StatementView): Promise<Buffer> {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet(`对账单 ${statement.month}`);
  sheet.columns = [
    { header: "日期", key: "at", width: 20 },
    { header: "类型", key: "kind", width: 10 },
    { header: "单号/凭证", key: "reference", width: 26 },
    { header: "应收(元)", key: "debit", width: 14, style: { numFmt: YUAN_FORMAT } },
    { header: "已收(元)", key: "credit", width: 14, style: { numFmt: YUAN_FORMAT } },
    { header: "余额(元)", key: "balance", width: 14, style: { numFmt: YUAN_FORMAT } },
  ];
  sheet.insertRow(1, [`${statement.customerName} ${statement.month} 对账单`]);
  sheet.addRow({ at: "", kind: "上期结余", reference: "", debit: "", credit: "", balance: yuanCell(statement.openingFen) });
  for (const line of statement.lines) {
    sheet.addRow({
      at: line.at.slice(0, 16).replace("T", " "),
      kind: STATEMENT_KIND_LABELS[line.kind],
      reference: line.reference,
      debit: line.debitFen ? yuanCell(line.debitFen) : "",
      credit: line.creditFen ? yuanCell(line.creditFen) : "",
      balance: yuanCell(line.balanceFen),
    });
  }
  sheet.addRow({
    at: "",
    kind: "本期合计",
    reference: "",
    debit: yuanCell(statement.debitsFen),
    credit: yuanCell(statement.creditsFen),
    balance: yuanCell(statement.closingFen),
  });
  if (statement.dueDate) sheet.addRow({ at: "", kind: "付款期限", reference: statement.dueDate });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
