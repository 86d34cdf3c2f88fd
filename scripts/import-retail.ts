/**
 * `npm run import:retail -- <file.csv> [--rejects <out.csv>]` imports the
 * UCI Online Retail order history into the local store (DATA_DIR, default
 * .data). Progress goes to stderr; the last stdout line is the JSON summary.
 */
import { createReadStream, mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";

import { parse } from "csv-parse";
import { stringify } from "csv-stringify/sync";

import { importRetailRows, type RetailRow } from "../server/importing/retail";
import { SqliteStore } from "../server/store/sqlite/sqlite-store";

const USAGE = "usage: npm run import:retail -- <file.csv> [--rejects <out.csv>]";

const COLUMNS: Record<string, keyof RetailRow> = {
  "": "rowIndex",
  InvoiceNo: "invoiceNo",
  StockCode: "stockCode",
  Description: "description",
  Quantity: "quantity",
  InvoiceDate: "invoiceDate",
  UnitPrice: "unitPrice",
  CustomerID: "customerId",
  Country: "country",
};

function parseArgs(argv: string[]): { input: string; rejects?: string } {
  const positional: string[] = [];
  let rejects: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--rejects") {
      rejects = argv[i + 1];
      i += 1;
    } else {
      positional.push(argv[i]);
    }
  }
  if (positional.length !== 1 || (rejects === undefined && argv.includes("--rejects"))) {
    throw new Error(USAGE);
  }
  return { input: resolve(positional[0]), rejects: rejects && resolve(rejects) };
}

async function readRows(file: string): Promise<RetailRow[]> {
  const rows: RetailRow[] = [];
  const parser = createReadStream(file).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: false }),
  );
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    const row = {} as RetailRow;
    for (const [header, field] of Object.entries(COLUMNS)) {
      if (!(header in record)) throw new Error(`column "${header}" is missing from ${file}`);
      row[field] = String(record[header]);
    }
    rows.push(row);
    if (rows.length % 1000 === 0) process.stderr.write(`read ${rows.length} rows\n`);
  }
  return rows;
}

async function main(): Promise<void> {
  const { input, rejects } = parseArgs(process.argv.slice(2));
  const dataDir = resolve(process.env.DATA_DIR ?? ".data");
  mkdirSync(dataDir, { recursive: true });
  const store = new SqliteStore(join(dataDir, "orderdesk.sqlite"));

  try {
    const rows = await readRows(input);
    process.stderr.write(`read ${rows.length} rows from ${basename(input)}\n`);
    const result = await importRetailRows(store, rows, (done, total) => {
      process.stderr.write(`orders ${done}/${total}\n`);
    });

    const rejectsFile = rejects ?? join(dataDir, `${basename(input, ".csv")}.rejects.csv`);
    writeFileSync(
      rejectsFile,
      stringify(
        result.rejects.map(({ row, reason }) => [...Object.keys(COLUMNS).map((h) => row[COLUMNS[h]]), reason]),
        { header: true, columns: [...Object.keys(COLUMNS), "reason"] },
      ),
    );
    process.stderr.write(`${result.rejects.length} rejected rows written to ${rejectsFile}\n`);
    process.stdout.write(`${JSON.stringify(result.summary)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
