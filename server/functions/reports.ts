import {
  CustomerFrequencyRequest,
  DashboardRequest,
  DormantCustomersRequest,
  ExportRequest,
  MonthlyTrendRequest,
  ProductRankingRequest,
} from "../../shared/schemas/reports";
import { getDashboard } from "../reporting/dashboard";
import { exportReport } from "../reporting/export";
import {
  getCustomerFrequency,
  getDormantCustomers,
  getMonthlyTrend,
  getProductRanking,
} from "../reporting/reports";
import { action, type FunctionDefinition } from "./define";

/** The owner reads the reports; finance may read them too. */
const REPORT_ROLES = ["manager", "finance"] as const;

export const reportsFunction: FunctionDefinition = {
  name: "reports",
  actions: {
    dashboard: action({
      input: DashboardRequest,
      roles: REPORT_ROLES,
      run: getDashboard,
    }),
    monthlyTrend: action({
      input: MonthlyTrendRequest,
      roles: REPORT_ROLES,
      run: getMonthlyTrend,
    }),
    customerFrequency: action({
      input: CustomerFrequencyRequest,
      roles: REPORT_ROLES,
      run: getCustomerFrequency,
    }),
    productRanking: action({
      input: ProductRankingRequest,
      roles: REPORT_ROLES,
      run: getProductRanking,
    }),
    dormantCustomers: action({
      input: DormantCustomersRequest,
      roles: REPORT_ROLES,
      run: getDormantCustomers,
    }),
    export: action({
      input: ExportRequest,
      roles: REPORT_ROLES,
      run: exportReport,
    }),
  },
};
