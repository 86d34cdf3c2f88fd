import type ExcelJS from "exceljs";

import { chinaDate } from "../../shared/china-time";
import { AppError } from "../../shared/errors";
import { formatFen } from "../../shared/money";
import type { Page } from "../../shared/schemas/common";
import type { ExportInput, ReportExport } from "../../shared/schemas/reports";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import {
  getCustomerFrequency,
  getDormantCustomers,
  getMonthlyTrend,
  getProductRanking,
} from "./reports";

/**
 * The workbook class alone: the package's entry also loads its streaming
 * reader and writer (unzipper, archiver), which doubled the size of the
 * function bundle (1835 KiB) although only the buffered writer is used.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Workbook = require("exceljs/lib/doc/workbook") as typeof ExcelJS.Workbook;

/** Rows read per request while collecting a report for export. */
const EXPORT_PAGE_SIZE = 200;

/**
 * Largest file returned, because the whole file travels in one function
 * reply and base64 adds a third to it.
 * NOTE: the limit on a CloudBase function reply was not found documented
 * nor measured. 4 MiB is a guess below the 6 MB body limit that CloudBase
 * documents for function requests (error code EXCEED_MAX_PAYLOAD_SIZE).
 */
export const MAX_EXPORT_BYTES = 4 * 1024 * 1024;

const XLSX_MIME =
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface Sheet {
  title: string;
  columns: { header: string; width: number }[];
  rows: (string | number)[][];
}

/** Reads every page of a paged report. */
async function readAll<Row>(
  read: (cursor: string | undefined) => Promise<Page<Row>>,
): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    rows.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

// Amounts go out twice: as exact yuan text and as integer fen that Excel can sum.
const AMOUNT_COLUMNS = [
  { header: "金额（元）", width: 16 },
  { header: "金额（分）", width: 16 },
];

async function buildSheet(
  runtime: Runtime,
  caller: Caller,
  input: ExportInput,
): Promise<Sheet> {
  switch (input.report) {
    case "monthlyTrend": {
      const { report: _report, ...query } = input;
      const trend = await getMonthlyTrend(runtime, caller, query);
      return {
        title: "月度趋势",
        columns: [
          { header: "月份", width: 10 },
          { header: "订单数", width: 10 },
          ...AMOUNT_COLUMNS,
        ],
        rows: trend.months.map((m) => [
          m.month,
          m.orders,
          formatFen(m.amountFen),
          m.amountFen,
        ]),
      };
    }
    case "customerFrequency": {
      const { report: _report, ...query } = input;
      const rows = await readAll((cursor) =>
        getCustomerFrequency(runtime, caller, {
          ...query,
          cursor,
          limit: EXPORT_PAGE_SIZE,
        }),
      );
      return {
        title: "客户订货频次",
        columns: [
          { header: "客户编号", width: 14 },
          { header: "客户", width: 28 },
          { header: "大区", width: 10 },
          { header: "订单数", width: 10 },
          ...AMOUNT_COLUMNS,
          { header: "最近下单", width: 12 },
        ],
        rows: rows.map((r) => [
          r.customerId,
          r.name,
          r.regionGroup,
          r.orders,
          formatFen(r.amountFen),
          r.amountFen,
          r.lastOrderDate,
        ]),
      };
    }
    case "productRanking": {
      const { report: _report, ...query } = input;
      const rows = await readAll((cursor) =>
        getProductRanking(runtime, caller, {
          ...query,
          cursor,
          limit: EXPORT_PAGE_SIZE,
        }),
      );
      return {
        title: "商品销售排行",
        columns: [
          { header: "排名", width: 6 },
          { header: "SKU", width: 16 },
          { header: "商品", width: 30 },
          { header: "类目", width: 12 },
          { header: "数量（基本单位）", width: 16 },
          { header: "基本单位", width: 8 },
          ...AMOUNT_COLUMNS,
        ],
        rows: rows.map((r, index) => [
          index + 1,
          r.skuId,
          r.name,
          r.category,
          r.baseQuantity,
          r.baseUnit,
          formatFen(r.amountFen),
          r.amountFen,
        ]),
      };
    }
    case "dormantCustomers": {
      const { report: _report, ...query } = input;
      const rows = await readAll((cursor) =>
        getDormantCustomers(runtime, caller, {
          ...query,
          cursor,
          limit: EXPORT_PAGE_SIZE,
        }),
      );
      return {
        title: "沉睡客户",
        columns: [
          { header: "客户编号", width: 14 },
          { header: "客户", width: 28 },
          { header: "大区", width: 10 },
          { header: "最近下单", width: 12 },
          { header: "未下单天数", width: 12 },
          { header: "月均金额（元）", width: 16 },
          { header: "月均金额（分）", width: 16 },
        ],
        rows: rows.map((r) => [
          r.customerId,
          r.name,
          r.regionGroup,
          r.lastOrderDate,
          r.daysSilent,
          formatFen(r.usualMonthlyFen),
          r.usualMonthlyFen,
        ]),
      };
    }
  }
}

/** Names the file after the sheet's title and period, as "月度趋势-2026-01至2026-12.xlsx". */
function fileNameOf(input: ExportInput, title: string, now: number): string {
  const period =
    input.report === "dormantCustomers"
      ? `截至${input.date ?? chinaDate(now)}`
      : `${input.from}至${input.to}`;
  return `${title}-${period}.xlsx`;
}

/**
 * Writes one report, every row of it, to an .xlsx file returned as base64
 * in the reply, so the same action works on CloudBase and on the local
 * server. Throws INVALID_INPUT when the file would exceed MAX_EXPORT_BYTES.
 */
export async function exportReport(
  runtime: Runtime,
  caller: Caller,
  input: ExportInput,
): Promise<ReportExport> {
  const sheet = await buildSheet(runtime, caller, input);

  const workbook = new Workbook();
  const worksheet = workbook.addWorksheet(sheet.title);
  worksheet.columns = sheet.columns.map((column) => ({
    header: column.header,
    width: column.width,
  }));
  worksheet.getRow(1).font = { bold: true };
  worksheet.addRows(sheet.rows);
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

  if (buffer.length > MAX_EXPORT_BYTES) {
    throw new AppError(
      "INVALID_INPUT",
      `the export is ${buffer.length} bytes, above the ${MAX_EXPORT_BYTES}-byte limit; narrow the period or filters`,
      [
        {
          path: ["report"],
          code: "too_big",
          message: `at most ${MAX_EXPORT_BYTES} bytes`,
        },
      ],
    );
  }
  return {
    fileName: fileNameOf(input, sheet.title, runtime.now()),
    contentType: XLSX_MIME,
    base64: buffer.toString("base64"),
    rows: sheet.rows.length,
  };
}
