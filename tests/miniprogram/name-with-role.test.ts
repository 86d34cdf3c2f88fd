import { nameWithRole } from "../../miniprogram/src/session/ordering";

describe("nameWithRole", () => {
  it.each([
    ["张晓", "内勤", "张晓（内勤）"],
    ["张晓（内勤）", "内勤", "张晓（内勤）"],
    ["王建国（杭州西湖惠民便利店）", "客户", "王建国（杭州西湖惠民便利店） · 客户"],
    ["赵刚（仓库）", "经理", "赵刚（仓库） · 经理"],
  ])("formats %s with role %s", (name, role, expected) => {
    expect(nameWithRole(name, role)).toBe(expected);
  });
});
