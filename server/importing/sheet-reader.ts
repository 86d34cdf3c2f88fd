import type ExcelJS from "exceljs";

import { AppError } from "../../shared/errors";

// The workbook class alone, without the package entry's streaming reader
// and writer, keeps the function bundle small.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Workbook = require("exceljs/lib/doc/workbook") as typeof ExcelJS.Workbook;

/** One data row: cell text by trimmed header name, and its sheet row number. */
export interface SheetRow {
  row: number;
  cells: Record<string, string>;
}

// Rows read at most, so one upload cannot keep a function busy for long.
const MAX_ROWS = 2000;

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if (value instanceof Date) return value.toISOString();
  }
  return String(value);
}

async function readXlsx(buffer: Buffer): Promise<string[][]> {
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (cause) {
    throw new AppError("INVALID_INPUT", "the file is not a readable .xlsx workbook", [
      { path: ["contentBase64"], code: "unreadable_sheet", message: "not an xlsx file" },
    ], { cause });
  }
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
    rows[rowNumber - 1] = values;
  });
  return Array.from(rows, (values) => values ?? []);
}

/**
 * Parses CSV text as RFC 4180 describes it: fields split by commas, rows by
 * CR LF or LF, double quotes around a field that contains either, and ""
 * for a quote inside one. csv-parse is not used because it must stay out
 * of the function bundles.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let isQuoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (isQuoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        isQuoted = false;
      } else {
        field += char;
      }
    } else if (char === '"' && field === "") {
      isQuoted = true;
    } else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else {
      field += char;
    }
  }
  if (isQuoted) {
    throw new AppError("INVALID_INPUT", "the CSV file ends inside a quoted field", [
      { path: ["contentBase64"], code: "unreadable_sheet", message: "unclosed quote" },
    ]);
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Reads the first worksheet of an .xlsx file, or a UTF-8 .csv file, into
 * rows keyed by the header row. Blank rows are skipped; `required` headers
 * must all be present.
 */
export async function readSheet(
  fileName: string,
  contentBase64: string,
  required: readonly string[],
): Promise<SheetRow[]> {
  const buffer = Buffer.from(contentBase64, "base64");
  const table = /\.csv$/i.test(fileName)
    ? parseCsv(buffer.toString("utf8").replace(/^\uFEFF/, ""))
    : await readXlsx(buffer);
  const [header = [], ...body] = table;
  const names = header.map((name) => name.trim());
  const missing = required.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    throw new AppError("INVALID_INPUT", `the sheet is missing the columns ${missing.join(", ")}; add them to the header row`, [
      { path: ["contentBase64"], code: "missing_columns", message: missing.join(", ") },
    ]);
  }
  if (body.length > MAX_ROWS) {
    throw new AppError("INVALID_INPUT", `the sheet has ${body.length} rows; at most ${MAX_ROWS} are read`, [
      { path: ["contentBase64"], code: "too_many_rows", message: `max ${MAX_ROWS}` },
    ]);
  }

  const rows: SheetRow[] = [];
  body.forEach((values, index) => {
    if (values.every((value) => value.trim() === "")) return;
    const cells: Record<string, string> = {};
    names.forEach((name, column) => {
      if (name) cells[name] = (values[column] ?? "").trim();
    });
    rows.push({ row: index + 2, cells });
  });
  return rows;
}
