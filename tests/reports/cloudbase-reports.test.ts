import tcb from "@cloudbase/node-sdk";

import { StoreContext } from "../../server/store/cloudbase/context";
import { CloudBaseReportStore } from "../../server/store/cloudbase/reports";
import type { CloudBaseDatabase } from "../../server/store/cloudbase/sdk";

interface Stage {
  name: string;
  value: unknown;
}

/**
 * A database whose aggregations record their stages and reply with the
 * queued groups, built on node-sdk's real command objects so conditions
 * serialise as they would be sent. Plain reads return no documents.
 */
function recordingDatabase(replies: unknown[][]) {
  const real = tcb
    .init({ env: "test-env", secretId: "x", secretKey: "y" })
    .database();
  const pipelines: Stage[][] = [];
  const emptyQuery = {
    where: () => emptyQuery,
    orderBy: () => emptyQuery,
    limit: () => emptyQuery,
    get: async () => ({ data: [] }),
  };
  const db = {
    command: real.command,
    collection: () => ({
      ...emptyQuery,
      aggregate() {
        const stages: Stage[] = [];
        pipelines.push(stages);
        const builder: Record<string, unknown> = {};
        for (const name of [
          "match",
          "group",
          "sort",
          "limit",
          "project",
          "unwind",
          "bucket",
        ]) {
          builder[name] = (value: unknown) => {
            stages.push({ name, value });
            return builder;
          };
        }
        builder.end = async () => ({ data: replies.shift() ?? [] });
        return builder;
      },
    }),
  };
  return { db: db as unknown as CloudBaseDatabase, pipelines };
}

function storeWith(replies: unknown[][]) {
  const { db, pipelines } = recordingDatabase(replies);
  const context = new StoreContext(db, "", {
    maxAttempts: 1,
    baseDelayMs: 0,
    maxDelayMs: 0,
  });
  return { reports: new CloudBaseReportStore(context), pipelines };
}

describe("CloudBaseReportStore", () => {
  it("ends the top-customer pipeline with a limit", async () => {
    const { reports, pipelines } = storeWith([
      [
        { _id: "C-2", orders: 3, amountFen: 900 },
        { _id: "C-1", orders: 1, amountFen: 900 },
      ],
    ]);

    const top = await reports.topCustomers(
      { from: "2026-12-01", to: "2026-12-04" },
      10,
    );

    expect(top).toEqual([
      { customerId: "C-2", name: "C-2", orders: 3, amountFen: 900 },
      { customerId: "C-1", name: "C-1", orders: 1, amountFen: 900 },
    ]);
    const names = pipelines[0].map((stage) => stage.name);
    expect(names).toEqual(["match", "group", "sort", "limit"]);
    expect(pipelines[0][2].value).toEqual({ amountFen: -1, _id: 1 });
    expect(pipelines[0][3].value).toBe(10);
  });

  it("pages groups of unknown count until a page is empty", async () => {
    const { reports, pipelines } = storeWith([
      [{ _id: "C-1", orders: 2, amountFen: 500, lastAt: 0 }],
      [],
    ]);

    const regions = await reports.regionTotals({
      from: "2026-12-01",
      to: "2026-12-31",
    });

    expect(regions).toEqual([{ regionGroup: "", orders: 2, amountFen: 500 }]);
    expect(pipelines).toHaveLength(2);
    for (const pipeline of pipelines) {
      expect(pipeline[pipeline.length - 1]).toEqual({
        name: "limit",
        value: 1000,
      });
    }
    expect(pipelines[1].map((stage) => stage.name)).toEqual([
      "match",
      "group",
      "sort",
      "match",
      "limit",
    ]);
  });

  it("buckets months by the instants they start", async () => {
    const october = Date.parse("2026-10-01T00:00:00+08:00");
    const { reports, pipelines } = storeWith([
      [{ _id: october, orders: 4, amountFen: 1200 }],
    ]);

    const months = await reports.monthlyTotals({
      from: "2026-10",
      to: "2026-11",
      scope: {},
    });

    expect(months).toEqual([{ month: "2026-10", orders: 4, amountFen: 1200 }]);
    const bucket = pipelines[0].find((stage) => stage.name === "bucket")
      ?.value as { boundaries: number[] };
    expect(bucket.boundaries).toEqual([
      october,
      Date.parse("2026-11-01T00:00:00+08:00"),
      Date.parse("2026-12-01T00:00:00+08:00"),
    ]);
    expect(pipelines[0][pipelines[0].length - 1].name).toBe("limit");
  });
});
