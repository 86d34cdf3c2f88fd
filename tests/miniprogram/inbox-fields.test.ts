import { labelledFields } from "../../miniprogram/src/account/inbox/message-fields";
import type { InboxMessageView } from "../../shared/schemas/notification";

function message(template: string, fields: Record<string, string>): InboxMessageView {
  return { messageId: "msg-1", userId: "U-1", template, title: "订单已修改", fields, at: "2026-12-04T07:30:00.000+08:00" };
}

describe("inbox labelledFields", () => {
  it("groups amounts with thousands separators", () => {
    const fields = labelledFields(
      message("orderAmended", {
        character_string1: "SO20261204-0001",
        amount3: "¥2583.45",
        thing4: "¥2,051.50",
      }),
    );

    expect(fields.map((field) => `${field.label}：${field.value}`)).toEqual([
      "订单号：SO20261204-0001",
      "新金额：¥2,583.45",
      "原金额：¥2,051.50",
    ]);
  });

  it("leaves an amount without fen unchanged", () => {
    const [field] = labelledFields(message("orderApproved", { amount3: "¥123456789" }));

    expect(field.value).toBe("¥123456789");
  });

  it("keeps a plate number as stored", () => {
    const fields = labelledFields(message("orderShipped", { thing3: "自有车辆配送", character_string4: "粤A12345" }));

    expect(fields.map((field) => `${field.label}：${field.value}`)).toEqual(["快递公司：自有车辆配送", "运单号：粤A12345"]);
  });
});
