import type { Page } from "../../../shared/schemas/common";
import type {
  CustomerFrequencyRow,
  Dashboard,
  DormantCustomerRow,
  MonthlyTrend,
  ProductRankingRow,
  RankingMeasure,
  ReportExport,
} from "../../../shared/schemas/reports";
import { callFunction } from "./call-function";

export interface CustomerScopeFilter {
  region?: string;
  salespersonId?: string;
}

export interface PageFilter {
  cursor?: string;
  limit?: number;
}

/** Loads the manager's dashboard as of a China-time date (today when absent). */
export function getDashboard(date?: string): Promise<Dashboard> {
  return callFunction<Dashboard>("reports", { action: "dashboard", date });
}

export function getMonthlyTrend(
  input: { from: string; to: string; category?: string } & CustomerScopeFilter,
): Promise<MonthlyTrend> {
  return callFunction<MonthlyTrend>("reports", {
    action: "monthlyTrend",
    ...input,
  });
}

export function getCustomerFrequency(
  input: { from: string; to: string } & CustomerScopeFilter & PageFilter,
): Promise<Page<CustomerFrequencyRow>> {
  return callFunction<Page<CustomerFrequencyRow>>("reports", {
    action: "customerFrequency",
    ...input,
  });
}

export function getProductRanking(
  input: {
    from: string;
    to: string;
    by: RankingMeasure;
    category?: string;
  } & PageFilter,
): Promise<Page<ProductRankingRow>> {
  return callFunction<Page<ProductRankingRow>>("reports", {
    action: "productRanking",
    ...input,
  });
}

export interface DormantPage extends Page<DormantCustomerRow> {
  asOf: string;
  days: number;
}

export function getDormantCustomers(
  input: { date?: string; days?: number } & CustomerScopeFilter & PageFilter,
): Promise<DormantPage> {
  return callFunction<DormantPage>("reports", {
    action: "dormantCustomers",
    ...input,
  });
}

/** The report names `export` accepts, with that report's filters. */
export type ExportFilter =
  | ({
      report: "monthlyTrend";
      from: string;
      to: string;
      category?: string;
    } & CustomerScopeFilter)
  | ({
      report: "customerFrequency";
      from: string;
      to: string;
    } & CustomerScopeFilter)
  | {
      report: "productRanking";
      from: string;
      to: string;
      by: RankingMeasure;
      category?: string;
    }
  | ({
      report: "dormantCustomers";
      date?: string;
      days?: number;
    } & CustomerScopeFilter);

/** Builds a report's .xlsx file on the server and returns it as base64. */
export function exportReport(filter: ExportFilter): Promise<ReportExport> {
  return callFunction<ReportExport>("reports", { action: "export", ...filter });
}
