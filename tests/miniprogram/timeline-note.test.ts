import { timelineNote } from "../../miniprogram/src/pages/order-detail/timeline-note";
import type { TimelineEvent } from "../../shared/schemas/order";

function event(action: string, data?: Record<string, unknown>): TimelineEvent {
  return { eventId: "evt_1", action, actorId: "U-CLERK-ZHANG", actorRole: "clerk", at: "2026-12-05T10:00:00.000+08:00", data };
}

const line = (skuId: string, unit: string, quantity: number) => ({ lineNo: 1, skuId, unit, quantity, priceFen: 100 });

describe("timelineNote", () => {
  it("shows a reason", () => {
    expect(timelineNote(event("order.rejected", { reason: "缺货" }))).toBe("原因：缺货");
  });

  it("describes an amendment's totals and lines", () => {
    const note = timelineNote(
      event("order.amended", {
        reprice: false,
        before: [line("A", "箱", 1), line("B", "箱", 2)],
        after: [line("A", "箱", 3), line("C", "瓶", 6)],
        beforeTotalFen: 205150,
        afterTotalFen: 258345,
      }),
    );
    expect(note).toBe("金额 ¥2,051.50 → ¥2,583.45；新增 1 种，删除 1 种，改数量 1 种");
  });

  it("says when prices were recalculated", () => {
    const note = timelineNote(
      event("order.amended", {
        reprice: true,
        before: [line("A", "箱", 1)],
        after: [line("A", "箱", 1)],
        beforeTotalFen: 1000,
        afterTotalFen: 1200,
      }),
    );
    expect(note).toBe("金额 ¥10.00 → ¥12.00；按今日价格重算");
  });

  it("skips malformed amendment data", () => {
    expect(timelineNote(event("order.amended", { before: "x", after: [{ skuId: 1 }] }))).toBeNull();
  });

  it("returns null for other events", () => {
    expect(timelineNote(event("order.approved"))).toBeNull();
  });
});
