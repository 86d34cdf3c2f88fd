/**
 * The ReportStore on CloudBase: each query is an aggregation pipeline over
 * the `orders` collection, with customer and SKU details read by id.
 *
 * NOTE: CloudBase keeps no rollups (a rollup document per day would be a
 * hot spot that every placement transaction writes). Each query therefore
 * reads the orders in its period through the `createdAt` index, so its
 * cost grows with the orders in the period, not with the whole history.
 * The dormant-customer query is the exception and reads every counted
 * order before its date. None of this has run against a real environment.
 *
 * An aggregation returns 20 results unless it ends with `limit`
 * (docs.cloudbase.net, node-sdk database/aggregate, and the WeChat
 * developer community on the default). So every grouped read ends with
 * one, and reads of unknown size page by `_id` until a page is empty.
 */
import type { OrderStatus } from "../../../shared/order-status";
import { FINAL_STATUSES, ORDER_STATUSES } from "../../../shared/order-status";
import type {
  CustomerFrequencyRow,
  CustomerTotals,
  DayTotals,
  DormantCustomerRow,
  MonthTotals,
  OrderTotals,
  ProductRankingRow,
  RankingMeasure,
} from "../../../shared/schemas/reports";
import {
  addChinaDays,
  chinaDate,
  chinaMonth,
} from "../../../shared/china-time";
import {
  addMonths,
  dayNumber,
  instantsOfDates,
  monthDates,
  monthsBetween,
} from "../../reporting/calendar";
import type {
  CustomerScope,
  DateRange,
  DormantKey,
  FrequencyKey,
  RankingKey,
  RegionSum,
  ReportStore,
} from "../../reporting/port";
import { StoreContext } from "./context";
import {
  MAX_IN_VALUES,
  MAX_PAGE_SIZE,
  readByIds,
  readByKeyset,
} from "./paging";
import type { CloudBaseApp, CloudBaseDatabase, Operator } from "./sdk";

/** The aggregation pipeline builder of @cloudbase/database 1.4.3 (aggregate.js). */
interface Aggregation {
  match(condition: object): Aggregation;
  group(spec: object): Aggregation;
  sort(spec: Record<string, 1 | -1>): Aggregation;
  limit(count: number): Aggregation;
  project(spec: object): Aggregation;
  unwind(path: string): Aggregation;
  bucket(spec: object): Aggregation;
  end(): Promise<{ data?: unknown }>;
}

/** The aggregation operators of `db.command.aggregate` that the pipelines use. */
interface AggregateCommand {
  sum(expression: unknown): object;
  max(expression: unknown): object;
  min(expression: unknown): object;
  first(expression: unknown): object;
}

interface ReportDatabase {
  command: CloudBaseDatabase["command"] & {
    nin(values: readonly unknown[]): Operator;
    aggregate: AggregateCommand;
  };
  collection(name: string): { aggregate(): Aggregation };
}

type Group = Record<string, unknown> & { _id: unknown };

const EXCLUDED: readonly OrderStatus[] = ["cancelled", "rejected"];
const OPEN_STATUSES = ORDER_STATUSES.filter(
  (status) => !FINAL_STATUSES.includes(status),
);

function totalsOf(group: Group | undefined): OrderTotals {
  return {
    orders: Number(group?.orders ?? 0),
    amountFen: Number(group?.amountFen ?? 0),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    result.push(items.slice(start, start + size));
  return result;
}

export class CloudBaseReportStore implements ReportStore {
  private readonly db: ReportDatabase;

  constructor(private readonly context: StoreContext) {
    // The adapter's sdk.ts types only what the Store uses; aggregation is reached through the same database.
    this.db = context.db as unknown as ReportDatabase;
  }

  private get $(): AggregateCommand {
    return this.db.command.aggregate;
  }

  private orders(): Aggregation {
    return this.db
      .collection(this.context.collectionName("orders"))
      .aggregate();
  }

  private static groups(reply: { data?: unknown }): Group[] {
    return Array.isArray(reply.data) ? (reply.data as Group[]) : [];
  }

  /** Conditions for counted orders created in [start, end), optionally of some customers. */
  private counted(
    start: number | null,
    end: number,
    customerIds?: readonly string[],
  ): object {
    const _ = this.db.command;
    const createdAt =
      start === null
        ? _.lt(end)
        : _.and([{ createdAt: _.gte(start) }, { createdAt: _.lt(end) }]);
    const conditions: object[] = [
      start === null ? { createdAt } : createdAt,
      { status: _.nin(EXCLUDED) },
    ];
    if (customerIds) conditions.push({ customerId: _.in(customerIds) });
    return _.and(conditions);
  }

  /**
   * Returns the ids of the customers in a scope, or undefined for all
   * customers. Each id list is later split into `_.in` chunks.
   */
  private async scopedCustomerIds(
    scope: CustomerScope,
  ): Promise<string[][] | undefined> {
    if (scope.regionGroup === undefined && scope.salespersonId === undefined)
      return undefined;
    const conditions: object[] = [];
    if (scope.regionGroup !== undefined)
      conditions.push({ regionGroup: scope.regionGroup });
    if (scope.salespersonId !== undefined)
      conditions.push({ salespersonId: scope.salespersonId });
    const customers = await readByKeyset(this.context, {
      collection: "customers",
      conditions,
      direction: "asc",
    });
    return chunks(
      customers.map((customer) => customer._id),
      MAX_IN_VALUES,
    );
  }

  /**
   * Runs a grouping pipeline once per customer chunk (or once for all
   * customers) and reads every group of each run.
   */
  private async groupsPerChunk(
    chunked: string[][] | undefined,
    build: (customerIds?: readonly string[]) => Aggregation,
  ): Promise<Group[]> {
    if (chunked === undefined) return this.allGroups(() => build());
    const groups: Group[] = [];
    for (const ids of chunked)
      groups.push(...(await this.allGroups(() => build(ids))));
    return groups;
  }

  /** Reads every group of a grouping pipeline, by `_id` keyset, until a page is empty. */
  private async allGroups(build: () => Aggregation): Promise<Group[]> {
    const groups: Group[] = [];
    let after: unknown;
    for (;;) {
      let pipeline = build().sort({ _id: 1 });
      if (after !== undefined)
        pipeline = pipeline.match({ _id: this.db.command.gt(after) });
      const page = CloudBaseReportStore.groups(
        await pipeline.limit(MAX_PAGE_SIZE).end(),
      );
      if (page.length === 0) return groups;
      groups.push(...page);
      after = page[page.length - 1]._id;
    }
  }

  private async totalsBetween(
    start: number,
    end: number,
  ): Promise<OrderTotals> {
    const [group] = CloudBaseReportStore.groups(
      await this.orders()
        .match(this.counted(start, end))
        .group({
          _id: null,
          orders: this.$.sum(1),
          amountFen: this.$.sum("$totalFen"),
        })
        .limit(1)
        .end(),
    );
    return totalsOf(group);
  }

  async dayTotals(dates: readonly string[]): Promise<DayTotals[]> {
    const totals: DayTotals[] = [];
    for (const date of dates) {
      const { start, end } = instantsOfDates(date, date);
      totals.push({ date, ...(await this.totalsBetween(start, end)) });
    }
    return totals;
  }

  async periodTotals(range: DateRange): Promise<OrderTotals> {
    const { start, end } = instantsOfDates(range.from, range.to);
    return this.totalsBetween(start, end);
  }

  /** Groups the range's counted orders by customer. */
  private customerGroups(
    range: DateRange,
    customerIds?: readonly string[],
  ): () => Aggregation {
    const { start, end } = instantsOfDates(range.from, range.to);
    return () =>
      this.orders()
        .match(this.counted(start, end, customerIds))
        .group({
          _id: "$customerId",
          orders: this.$.sum(1),
          amountFen: this.$.sum("$totalFen"),
          lastAt: this.$.max("$createdAt"),
        });
  }

  async topCustomers(
    range: DateRange,
    limit: number,
  ): Promise<CustomerTotals[]> {
    const groups = CloudBaseReportStore.groups(
      await this.customerGroups(range)()
        .sort({ amountFen: -1, _id: 1 })
        .limit(limit)
        .end(),
    );
    const customers = await readByIds(
      this.context,
      "customers",
      groups.map((group) => String(group._id)),
    );
    return groups.map((group) => ({
      customerId: String(group._id),
      name: String(customers.get(String(group._id))?.name ?? group._id),
      ...totalsOf(group),
    }));
  }

  async regionTotals(range: DateRange): Promise<RegionSum[]> {
    const groups = await this.allGroups(this.customerGroups(range));
    const customers = await readByIds(
      this.context,
      "customers",
      groups.map((group) => String(group._id)),
    );
    const byRegion = new Map<string, RegionSum>();
    for (const group of groups) {
      const regionGroup = String(
        customers.get(String(group._id))?.regionGroup ?? "",
      );
      const sum = byRegion.get(regionGroup) ?? {
        regionGroup,
        orders: 0,
        amountFen: 0,
      };
      sum.orders += Number(group.orders);
      sum.amountFen += Number(group.amountFen);
      byRegion.set(regionGroup, sum);
    }
    return [...byRegion.values()];
  }

  async statusCounts(): Promise<{ status: OrderStatus; orders: number }[]> {
    const _ = this.db.command;
    const groups = CloudBaseReportStore.groups(
      await this.orders()
        .match({ status: _.in(OPEN_STATUSES) })
        .group({ _id: "$status", orders: this.$.sum(1) })
        .limit(ORDER_STATUSES.length)
        .end(),
    );
    return groups.map((group) => ({
      status: group._id as OrderStatus,
      orders: Number(group.orders),
    }));
  }

  async monthlyTotals(query: {
    from: string;
    to: string;
    scope: CustomerScope;
    category?: string;
  }): Promise<MonthTotals[]> {
    const months = monthsBetween(query.from, query.to);
    // Bucket boundaries are the instants each month starts, plus the end of the last month.
    const boundaries = [...months, addMonths(query.to, 1)].map(
      (month) => instantsOfDates(`${month}-01`, `${month}-01`).start,
    );
    const { start } = instantsOfDates(
      monthDates(query.from).from,
      monthDates(query.from).from,
    );
    const { end } = instantsOfDates(
      monthDates(query.to).to,
      monthDates(query.to).to,
    );
    const skuIds =
      query.category === undefined
        ? undefined
        : await this.categorySkuIds(query.category);
    const _ = this.db.command;

    const chunked = await this.scopedCustomerIds(query.scope);
    const groups: Group[] = [];
    for (const customerIds of chunked ?? [undefined]) {
      let pipeline = this.orders().match(this.counted(start, end, customerIds));
      if (skuIds !== undefined) {
        // Keep only the category's lines, then fold them back into one row per order.
        pipeline = pipeline
          .match({ "lines.skuId": _.in(skuIds) })
          .project({ createdAt: 1, lines: 1 })
          .unwind("$lines")
          .match({ "lines.skuId": _.in(skuIds) })
          .group({
            _id: "$_id",
            createdAt: this.$.first("$createdAt"),
            totalFen: this.$.sum("$lines.amountFen"),
          });
      }
      const reply = await pipeline
        .bucket({
          groupBy: "$createdAt",
          boundaries,
          default: "outside",
          output: { orders: this.$.sum(1), amountFen: this.$.sum("$totalFen") },
        })
        .limit(boundaries.length + 1)
        .end();
      groups.push(...CloudBaseReportStore.groups(reply));
    }

    const byMonth = new Map<string, MonthTotals>();
    for (const group of groups) {
      if (typeof group._id !== "number") continue;
      const month = chinaMonth(group._id);
      const totals = byMonth.get(month) ?? { month, orders: 0, amountFen: 0 };
      totals.orders += Number(group.orders);
      totals.amountFen += Number(group.amountFen);
      byMonth.set(month, totals);
    }
    return months.flatMap((month) => {
      const totals = byMonth.get(month);
      return totals && totals.orders > 0 ? [totals] : [];
    });
  }

  /**
   * Returns the SKU ids of a category.
   * NOTE: a category with thousands of SKUs makes one long `_.in` list in
   * the pipeline; CloudBase's limit on a condition's size is not known here.
   */
  private async categorySkuIds(category: string): Promise<string[]> {
    const skus = await readByKeyset(this.context, {
      collection: "skus",
      conditions: [{ category }],
      direction: "asc",
    });
    return skus.map((sku) => sku._id);
  }

  async customerFrequency(query: {
    range: DateRange;
    scope: CustomerScope;
    after?: FrequencyKey;
    limit: number;
  }): Promise<CustomerFrequencyRow[]> {
    // Every group is read and sorted here, because a customer scope is split into chunks.
    const groups = await this.groupsPerChunk(
      await this.scopedCustomerIds(query.scope),
      (customerIds) => this.customerGroups(query.range, customerIds)(),
    );
    const rows = groups
      .map((group) => ({
        customerId: String(group._id),
        orders: Number(group.orders),
        amountFen: Number(group.amountFen),
        lastAt: Number(group.lastAt),
      }))
      .sort(
        (a, b) =>
          b.orders - a.orders ||
          b.amountFen - a.amountFen ||
          (a.customerId < b.customerId ? -1 : 1),
      )
      .filter((row) => {
        const after = query.after;
        if (!after) return true;
        if (row.orders !== after.orders) return row.orders < after.orders;
        if (row.amountFen !== after.amountFen)
          return row.amountFen < after.amountFen;
        return row.customerId > after.customerId;
      })
      .slice(0, query.limit);
    const customers = await readByIds(
      this.context,
      "customers",
      rows.map((row) => row.customerId),
    );
    return rows.map((row) => {
      const customer = customers.get(row.customerId);
      return {
        customerId: row.customerId,
        name: String(customer?.name ?? row.customerId),
        regionGroup: String(customer?.regionGroup ?? ""),
        ...(typeof customer?.salespersonId === "string"
          ? { salespersonId: customer.salespersonId }
          : {}),
        orders: row.orders,
        amountFen: row.amountFen,
        lastOrderDate: chinaDate(row.lastAt),
      };
    });
  }

  async productRanking(query: {
    range: DateRange;
    by: RankingMeasure;
    category?: string;
    after?: RankingKey;
    limit: number;
  }): Promise<ProductRankingRow[]> {
    const { start, end } = instantsOfDates(query.range.from, query.range.to);
    const skuIds =
      query.category === undefined
        ? undefined
        : await this.categorySkuIds(query.category);
    const _ = this.db.command;
    const $ = this.$;
    const sort: Record<string, 1 | -1> =
      query.by === "amount"
        ? { amountFen: -1, _id: 1 }
        : { baseQuantity: -1, amountFen: -1, _id: 1 };

    let pipeline = this.orders()
      .match(this.counted(start, end))
      .project({ lines: 1 })
      .unwind("$lines");
    if (skuIds !== undefined)
      pipeline = pipeline.match({ "lines.skuId": _.in(skuIds) });
    pipeline = pipeline
      .group({
        _id: "$lines.skuId",
        baseQuantity: $.sum("$lines.baseQuantity"),
        amountFen: $.sum("$lines.amountFen"),
        lines: $.sum(1),
      })
      .sort(sort);
    if (query.after)
      pipeline = pipeline.match(this.rankingAfter(query.by, query.after));
    const groups = CloudBaseReportStore.groups(
      await pipeline.limit(query.limit).end(),
    );

    const skus = await readByIds(
      this.context,
      "skus",
      groups.map((group) => String(group._id)),
    );
    return groups.map((group) => {
      const sku = skus.get(String(group._id));
      return {
        skuId: String(group._id),
        name: String(sku?.name ?? group._id),
        category: String(sku?.category ?? ""),
        baseUnit: String(sku?.baseUnit ?? ""),
        baseQuantity: Number(group.baseQuantity),
        amountFen: Number(group.amountFen),
        lines: Number(group.lines),
      };
    });
  }

  /** Builds "comes after `after`" in the ranking's sort order, for the grouped rows. */
  private rankingAfter(by: RankingMeasure, after: RankingKey): object {
    const _ = this.db.command;
    const byAmount = _.or([
      { amountFen: _.lt(after.amountFen) },
      { amountFen: after.amountFen, _id: _.gt(after.skuId) },
    ]);
    if (by === "amount") return byAmount;
    return _.or([
      { baseQuantity: _.lt(after.baseQuantity) },
      _.and([{ baseQuantity: after.baseQuantity }, byAmount]),
    ]);
  }

  async dormantCustomers(query: {
    asOf: string;
    silentDays: number;
    scope: CustomerScope;
    after?: DormantKey;
    limit: number;
  }): Promise<DormantCustomerRow[]> {
    const { end } = instantsOfDates(query.asOf, query.asOf);
    // A last order before the start of this day is more than `silentDays` days before asOf.
    const { start: silentBefore } = instantsOfDates(
      addChinaDays(query.asOf, -query.silentDays),
      addChinaDays(query.asOf, -query.silentDays),
    );
    const groups = await this.groupsPerChunk(
      await this.scopedCustomerIds(query.scope),
      (customerIds) =>
        this.orders()
          .match(this.counted(null, end, customerIds))
          .group({
            _id: "$customerId",
            lastAt: this.$.max("$createdAt"),
            firstAt: this.$.min("$createdAt"),
          })
          .match({ lastAt: this.db.command.lt(silentBefore) }),
    );

    // NOTE: one aggregation per dormant customer for its usual monthly amount.
    const candidates = await Promise.all(
      groups.map(async (group) => ({
        customerId: String(group._id),
        lastAt: Number(group.lastAt),
        usualMonthlyFen: await this.usualMonthlyFen(
          String(group._id),
          Number(group.firstAt),
          Number(group.lastAt),
        ),
      })),
    );
    const rows = candidates
      .sort(
        (a, b) =>
          b.usualMonthlyFen - a.usualMonthlyFen ||
          (a.customerId < b.customerId ? -1 : 1),
      )
      .filter(
        (row) =>
          !query.after ||
          row.usualMonthlyFen < query.after.usualMonthlyFen ||
          (row.usualMonthlyFen === query.after.usualMonthlyFen &&
            row.customerId > query.after.customerId),
      )
      .slice(0, query.limit);
    const customers = await readByIds(
      this.context,
      "customers",
      rows.map((row) => row.customerId),
    );
    return rows.map((row) => {
      const customer = customers.get(row.customerId);
      const lastOrderDate = chinaDate(row.lastAt);
      return {
        customerId: row.customerId,
        name: String(customer?.name ?? row.customerId),
        regionGroup: String(customer?.regionGroup ?? ""),
        ...(typeof customer?.salespersonId === "string"
          ? { salespersonId: customer.salespersonId }
          : {}),
        lastOrderDate,
        daysSilent: dayNumber(query.asOf) - dayNumber(lastOrderDate),
        usualMonthlyFen: row.usualMonthlyFen,
      };
    });
  }

  /** Averages a customer's amount over the 12 months ending with the last order's month, as SQLite does. */
  private async usualMonthlyFen(
    customerId: string,
    firstAt: number,
    lastAt: number,
  ): Promise<number> {
    const lastMonth = chinaMonth(lastAt);
    const windowStart = [
      addMonths(lastMonth, -11),
      chinaMonth(firstAt),
    ].sort()[1];
    const start = instantsOfDates(
      `${windowStart}-01`,
      `${windowStart}-01`,
    ).start;
    const totals = CloudBaseReportStore.groups(
      await this.orders()
        .match(this.counted(start, lastAt + 1, [customerId]))
        .group({ _id: null, amountFen: this.$.sum("$totalFen") })
        .limit(1)
        .end(),
    );
    const months = monthsBetween(windowStart, lastMonth).length;
    const amount = BigInt(totalsOf(totals[0]).amountFen);
    return Number((2n * amount + BigInt(months)) / (2n * BigInt(months)));
  }
}

/** Creates the CloudBase ReportStore, with the same collection prefix as the Store. */
export function createCloudBaseReportStore(options: {
  app: CloudBaseApp;
  collectionPrefix?: string;
}): CloudBaseReportStore {
  const context = new StoreContext(
    options.app.database(),
    options.collectionPrefix ?? "",
    {
      maxAttempts: 1,
      baseDelayMs: 0,
      maxDelayMs: 0,
    },
  );
  return new CloudBaseReportStore(context);
}
