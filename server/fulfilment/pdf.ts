import { existsSync } from "node:fs";

import PDFDocument from "pdfkit";

import { AppError } from "../../shared/errors";
import { formatFen } from "../../shared/money";
import { formatChinaTime } from "../../shared/china-time";
import type { OrderRecord } from "../store/records";
import { bundledFont, configuredFont, systemFont, type FontChoice } from "./pdf-font";
import type { PickList } from "./pick-list";

/**
 * Picks the font for PDFs, in this order: PDF_FONT (a .ttf, .otf or .ttc
 * path, with PDF_FONT_FAMILY for a collection), the font that
 * build:functions copies beside a function bundle, then Debian's
 * fonts-wqy-zenhei and fonts-noto-cjk. The glyphs a PDF uses are embedded
 * in it.
 */
function chineseFont(): FontChoice {
  const configured = configuredFont();
  if (configured) {
    if (!existsSync(configured.path)) throw new AppError("INTERNAL", `PDF_FONT ${configured.path} does not exist`);
    return configured;
  }
  // In a function bundle __dirname is the bundle's folder; in the source
  // tree it is server/fulfilment, which has no bundled font.
  const found = bundledFont(__dirname) ?? systemFont();
  if (!found) {
    throw new AppError(
      "INTERNAL",
      "no Chinese font for PDFs: install fonts-wqy-zenhei or set PDF_FONT to a .ttf/.otf/.ttc file",
    );
  }
  return found;
}

function render(draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const font = chineseFont();
  const doc = new PDFDocument({
    size: "A4",
    margin: 40,
    info: { Title: "order desk", Producer: "order desk" },
    // No default font: pdfkit 0.17 would otherwise read Helvetica.afm from
    // its own folder, which a function bundle does not carry. pdfkit skips
    // the default for null, though @types/pdfkit allows only a string.
    font: null as unknown as string,
  });
  doc.registerFont("cjk", font.path, font.family);
  doc.font("cjk");
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  draw(doc);
  doc.end();
  return done;
}

function row(doc: PDFKit.PDFDocument, cells: string[], widths: number[]): void {
  const top = doc.y;
  let x = doc.page.margins.left;
  let height = 0;
  cells.forEach((cell, index) => {
    doc.text(cell, x, top, { width: widths[index] - 6 });
    height = Math.max(height, doc.y - top);
    x += widths[index];
  });
  doc.y = top + height + 4;
  if (doc.y > doc.page.height - doc.page.margins.bottom - 40) doc.addPage();
}

/** Renders a pick list: orders and addresses, then lines in pick units with base totals. */
export function renderPickListPdf(pickList: PickList, printedAt: number): Promise<Buffer> {
  return render((doc) => {
    doc.fontSize(18).text("拣货单", { align: "center" });
    doc.fontSize(9).text(`打印时间 ${formatChinaTime(printedAt)}`, { align: "right" });
    doc.moveDown(0.5).fontSize(10);
    for (const order of pickList.orders) {
      const address = order.address
        ? `${order.address.contact} ${order.address.phone} ${order.address.province}${order.address.city}${order.address.district}${order.address.detail}`
        : "无地址";
      doc.text(`${order.orderNo}  ${order.customerName}  ${address}${order.remark ? `  备注：${order.remark}` : ""}`);
    }
    doc.moveDown(0.5);
    const widths = [110, 190, 70, 60, 85];
    row(doc, ["SKU", "品名 / 规格", "拣货数量", "单位", "基本单位合计"], widths);
    for (const line of pickList.lines) {
      const specs = Object.entries(line.specs).map(([name, value]) => `${name} ${value}`).join(" ");
      row(doc, [line.skuId, `${line.name} ${specs}`, String(line.quantity), line.unit, `${line.baseQuantity} ${line.baseUnit}`], widths);
    }
    doc.moveDown(0.5).text("按 SKU 基本单位合计：");
    for (const total of pickList.baseTotals) doc.text(`${total.skuId}: ${total.baseQuantity} ${total.baseUnit}`);
  });
}

/** Renders a delivery note (送货单) for an order, with a line to sign for receipt. */
export function renderDeliveryNotePdf(order: OrderRecord, printedAt: number): Promise<Buffer> {
  return render((doc) => {
    doc.fontSize(18).text("送货单", { align: "center" });
    doc.fontSize(10).text(`单号 ${order.orderNo}    下单时间 ${formatChinaTime(order.createdAt)}    打印时间 ${formatChinaTime(printedAt)}`);
    doc.text(`客户 ${order.customerName}`);
    if (order.address) {
      const a = order.address;
      doc.text(`收货 ${a.contact} ${a.phone} ${a.province}${a.city}${a.district}${a.detail}`);
    }
    doc.moveDown(0.5);
    const widths = [30, 220, 60, 50, 75, 80];
    row(doc, ["#", "品名 / 规格", "数量", "单位", "单价(元)", "金额(元)"], widths);
    for (const line of order.lines) {
      const specs = Object.entries(line.specs).map(([name, value]) => `${name} ${value}`).join(" ");
      row(doc, [String(line.lineNo), `${line.name} ${specs}`, String(line.quantity), line.unit, formatFen(line.priceFen), formatFen(line.amountFen)], widths);
    }
    doc.moveDown(0.5).fontSize(12).text(`合计 ¥${formatFen(order.totalFen)}`, { align: "right" });
    doc.moveDown(2).fontSize(10).text("签收人：____________    签收日期：____________");
  });
}
