import { monthAxisLabels } from "../../miniprogram/src/manager/components/month-labels";

function monthsFrom(year: number, month: number, count: number): string[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = year * 12 + month - 1 + offset;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
  });
}

describe("monthAxisLabels", () => {
  it("labels every month of a short range", () => {
    const labels = monthAxisLabels(["2026-10", "2026-11", "2026-12"]);
    expect([...labels.values()]).toEqual(["26年10月", "11月", "12月"]);
  });

  it("labels every second month of a year", () => {
    const labels = monthAxisLabels(monthsFrom(2026, 1, 12));
    expect([...labels.values()]).toEqual(["26年1月", "", "3月", "", "5月", "", "7月", "", "9月", "", "11月", ""]);
  });

  it("shows the year again after it changes", () => {
    const labels = monthAxisLabels(monthsFrom(2025, 11, 4));
    expect([...labels.values()]).toEqual(["25年11月", "12月", "26年1月", "2月"]);
  });

  it("shows at most six labels for two years", () => {
    const labels = [...monthAxisLabels(monthsFrom(2025, 1, 24)).values()].filter((label) => label !== "");
    expect(labels).toEqual(["25年1月", "5月", "9月", "26年1月", "5月", "9月"]);
  });

  it("keeps one entry per month", () => {
    const months = monthsFrom(2024, 6, 30);
    expect([...monthAxisLabels(months).keys()]).toEqual(months);
  });
});
