/**
 * Day and month boundaries in China time. China has used UTC+8 all year
 * with no daylight saving since 1991, so a fixed offset gives the same
 * result as the Asia/Shanghai zone for every date this product handles,
 * whatever time zone the process runs in.
 */

export const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar date in China time, "YYYY-MM-DD". */
export type ChinaDate = string;

function shifted(instant: Date | number): Date {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  return new Date(ms + CHINA_OFFSET_MS);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Returns the China-time calendar date of an instant. */
export function chinaDate(instant: Date | number): ChinaDate {
  const d = shifted(instant);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Returns the China-time month of an instant as "YYYY-MM". */
export function chinaMonth(instant: Date | number): string {
  return chinaDate(instant).slice(0, 7);
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses "YYYY-MM-DD" and returns the instant its China-time day starts. */
export function startOfChinaDate(date: ChinaDate): Date {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`invalid date "${date}", expected YYYY-MM-DD`);
  const [, y, m, d] = match.map(Number);
  const utc = Date.UTC(y, m - 1, d);
  if (chinaDate(utc - CHINA_OFFSET_MS) !== date) {
    throw new RangeError(`invalid calendar date "${date}"`);
  }
  return new Date(utc - CHINA_OFFSET_MS);
}

/** Returns the instant the China-time day containing `instant` starts. */
export function startOfChinaDay(instant: Date | number): Date {
  return startOfChinaDate(chinaDate(instant));
}

/** Returns the instant the China-time month containing `instant` starts. */
export function startOfChinaMonth(instant: Date | number): Date {
  return startOfChinaDate(`${chinaMonth(instant)}-01`);
}

/** Returns the start of the China-time day `days` after the given date. */
export function addChinaDays(date: ChinaDate, days: number): ChinaDate {
  return chinaDate(startOfChinaDate(date).getTime() + days * DAY_MS);
}

/** Formats an instant as ISO 8601 in China time: "2026-12-04T07:30:00.000+08:00". */
export function toChinaIso(instant: Date | number): string {
  const d = shifted(instant);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
  return `${chinaDate(instant)}T${time}+08:00`;
}

/** Formats an instant for people in China time: "2026-12-04 07:30". */
export function formatChinaTime(instant: Date | number | string): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant;
  return toChinaIso(ms).slice(0, 16).replace("T", " ");
}

/** Years the product handles; anything else is a typo or a probe. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;

/** Returns whether "YYYY-MM-DD" text is a real calendar date between 1900 and 2999. */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [year, month, day] = text.split("-").map(Number);
  if (year < FIRST_YEAR || year > LAST_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}
