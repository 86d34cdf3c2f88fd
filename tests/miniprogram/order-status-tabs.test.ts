import { ORDER_STATUSES } from "../../shared/order-status";
import { STATUS_TABS } from "../../miniprogram/src/pages/orders/status-tabs";

describe("orders list status tabs", () => {
  it.each(ORDER_STATUSES)("lists %s under exactly one tab besides 全部", (status) => {
    const tabs = STATUS_TABS.filter((tab) => tab.statuses?.includes(status)).map((tab) => tab.title);
    expect(tabs).toHaveLength(1);
  });

  it("puts picked with approved and partial with shipped", () => {
    const titleOf = (status: string) =>
      STATUS_TABS.find((tab) => tab.statuses?.some((item) => item === status))?.title;

    expect(titleOf("approved")).toBe("待发货");
    expect(titleOf("picked")).toBe("待发货");
    expect(titleOf("partially_shipped")).toBe("已发货");
    expect(titleOf("shipped")).toBe("已发货");
  });
});
