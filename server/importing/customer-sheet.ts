import { parseYuanToFen } from "../../shared/money";
import { findProvince } from "../../shared/regions";
import { CustomerSchema, type Customer } from "../../shared/schemas/entities";
import type { RejectedRow, SheetImportInput, SheetImportReport } from "../../shared/schemas/imports";
import type { Caller } from "../core/caller";
import type { Runtime } from "../core/runtime";
import { readSheet, type SheetRow } from "./sheet-reader";

/**
 * Column headers of a customer sheet. 等级 is 核心/标准/新客; 结算方式
 * 现结 or 月结 (with 信用额度 in yuan and 账期天数); 信用策略 拦截 or 暂扣.
 */
export const CUSTOMER_SHEET_COLUMNS = [
  "客户编码",
  "名称",
  "等级",
  "省份",
  "城市",
  "区县",
  "详细地址",
  "联系人",
  "电话",
  "结算方式",
  "信用额度",
  "账期天数",
  "信用策略",
  "业务员",
] as const;

const TIERS: Record<string, Customer["tier"]> = { 核心: "core", 标准: "standard", 新客: "new" };
const POLICIES: Record<string, Customer["creditPolicy"]> = { 拦截: "block", 暂扣: "hold" };

function paymentTerms(cells: Record<string, string>): Customer["paymentTerms"] {
  if (cells["结算方式"] !== "月结") return { kind: "cash" };
  return {
    kind: "monthly",
    creditLimitFen: parseYuanToFen(cells["信用额度"] || "0"),
    dueDays: Number(cells["账期天数"] || "30"),
  };
}

async function readCustomer(runtime: Runtime, row: SheetRow): Promise<{ customer: Customer } | { reason: string }> {
  const cells = row.cells;
  const province = findProvince(cells["省份"] ?? "");
  if (!province) return { reason: `省份「${cells["省份"]}」无法识别` };
  const salespersonId = cells["业务员"];
  if (salespersonId) {
    const user = await runtime.store.getUser(salespersonId);
    if (user?.role !== "salesperson") return { reason: `业务员 ${salespersonId} 不存在` };
  }
  const customerId = cells["客户编码"];
  try {
    const parsed = CustomerSchema.safeParse({
      customerId,
      name: cells["名称"],
      tier: TIERS[cells["等级"]] ?? cells["等级"],
      province: province.name,
      regionGroup: province.group,
      addresses: [
        {
          addressId: `A-${customerId}`,
          contact: cells["联系人"],
          phone: cells["电话"],
          province: province.name,
          city: cells["城市"],
          district: cells["区县"],
          detail: cells["详细地址"],
          isDefault: true,
        },
      ],
      paymentTerms: paymentTerms(cells),
      creditPolicy: POLICIES[cells["信用策略"]] ?? "block",
      ...(salespersonId ? { salespersonId } : {}),
    });
    if (parsed.success) return { customer: parsed.data };
    const issues = parsed.error.issues.slice(0, 3);
    return { reason: issues.map((issue) => `${issue.path.map(String).join(".")}：${issue.message}`).join("；") };
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Adds or updates customers from a sheet, each checked with
 * CustomerSchema. An updated customer keeps its other addresses; the
 * sheet's address replaces the default one.
 */
export async function importCustomerSheet(
  runtime: Runtime,
  _caller: Caller,
  input: SheetImportInput,
): Promise<SheetImportReport> {
  const rows = await readSheet(input.fileName, input.contentBase64, ["客户编码", "名称", "等级", "省份"]);
  const rejects: RejectedRow[] = [];
  let imported = 0;
  for (const row of rows) {
    const result = await readCustomer(runtime, row);
    if ("reason" in result) {
      rejects.push({ row: row.row, reason: result.reason });
      continue;
    }
    const stored = await runtime.store.getCustomer(result.customer.customerId);
    const others = (stored?.addresses ?? []).filter(
      (address) => address.addressId !== result.customer.addresses[0].addressId,
    ).map((address) => ({ ...address, isDefault: false }));
    await runtime.store.saveCustomer({
      ...result.customer,
      addresses: [...result.customer.addresses, ...others].slice(0, 20),
    });
    imported += 1;
  }
  return { imported, rejects };
}
