import {
  addChinaDays,
  chinaDate,
  chinaMonth,
  startOfChinaDate,
  startOfChinaDay,
  startOfChinaMonth,
  toChinaIso,
} from "../../shared/china-time";

// Runs under any TZ; the package's test script also runs the suite in UTC.
describe("China time", () => {
  it("puts 07:30 China time in that China day even though UTC is the day before", () => {
    const instant = Date.parse("2026-12-03T23:30:00Z");
    expect(chinaDate(instant)).toBe("2026-12-04");
    expect(startOfChinaDay(instant).toISOString()).toBe("2026-12-03T16:00:00.000Z");
  });

  it("cuts months at China midnight", () => {
    const lastMinute = Date.parse("2026-10-31T15:59:00Z"); // 23:59 on 31 Oct in China
    const firstMinute = Date.parse("2026-10-31T16:01:00Z"); // 00:01 on 1 Nov in China
    expect(chinaMonth(lastMinute)).toBe("2026-10");
    expect(chinaMonth(firstMinute)).toBe("2026-11");
    expect(startOfChinaMonth(firstMinute).toISOString()).toBe("2026-10-31T16:00:00.000Z");
  });

  it("formats instants with the +08:00 offset", () => {
    expect(toChinaIso(Date.parse("2026-12-03T23:30:00Z"))).toBe("2026-12-04T07:30:00.000+08:00");
  });

  it("adds days across month and year ends", () => {
    expect(addChinaDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addChinaDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addChinaDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("rejects dates that do not exist", () => {
    expect(() => startOfChinaDate("2026-02-30")).toThrow(RangeError);
    expect(() => startOfChinaDate("2026-1-5")).toThrow(RangeError);
  });

  it("gives the same answers whatever the process time zone", () => {
    const original = process.env.TZ;
    const instant = Date.parse("2026-06-30T16:30:00Z");
    const answers: string[] = [];
    for (const zone of ["UTC", "Asia/Shanghai", "America/Los_Angeles", "Pacific/Kiritimati"]) {
      process.env.TZ = zone;
      answers.push(`${chinaDate(instant)} ${toChinaIso(instant)} ${startOfChinaDay(instant).getTime()}`);
    }
    process.env.TZ = original;
    expect(new Set(answers).size).toBe(1);
    expect(answers[0].startsWith("2026-07-01")).toBe(true);
  });
});
