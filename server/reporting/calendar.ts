/**
 * China-time day and month arithmetic for reports. A day number counts
 * days since 1970-01-01 in China time (UTC+8, no daylight saving), and the
 * SQLite rollups use it as their key. A month number is the integer YYYYMM.
 */
import {
  CHINA_OFFSET_MS,
  addChinaDays,
  chinaDate,
  startOfChinaDate,
} from "../../shared/china-time";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Returns the day number of a China-time date "YYYY-MM-DD". */
export function dayNumber(date: string): number {
  return (startOfChinaDate(date).getTime() + CHINA_OFFSET_MS) / DAY_MS;
}

/** Returns the China-time date of a day number. */
export function dateOfDayNumber(day: number): string {
  return chinaDate(day * DAY_MS - CHINA_OFFSET_MS);
}

/** Returns "YYYYMM" as a number for "YYYY-MM". */
export function monthNumber(month: string): number {
  return Number(month.replace("-", ""));
}

/** Returns "YYYY-MM" for the number YYYYMM. */
export function monthOfNumber(value: number): string {
  const text = String(value);
  return `${text.slice(0, 4)}-${text.slice(4, 6)}`;
}

/** Returns the month `count` months after "YYYY-MM" (before, when negative). */
export function addMonths(month: string, count: number): string {
  const [year, value] = month.split("-").map(Number);
  const index = year * 12 + value - 1 + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Returns every month from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1))
    months.push(month);
  return months;
}

/** Returns the first and last China-time dates of a month "YYYY-MM". */
export function monthDates(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  return { from, to: addChinaDays(`${addMonths(month, 1)}-01`, -1) };
}

/** Returns the epoch-ms window [start, end) of inclusive China-time dates. */
export function instantsOfDates(
  from: string,
  to: string,
): { start: number; end: number } {
  return {
    start: startOfChinaDate(from).getTime(),
    end: startOfChinaDate(addChinaDays(to, 1)).getTime(),
  };
}
