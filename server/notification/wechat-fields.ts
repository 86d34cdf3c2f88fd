/**
 * Shapes values to WeChat subscription-message field rules, by the type
 * prefix of the template key (thing3, character_string1, ...). Values are
 * shortened or reformatted, never rejected. Rules as listed for
 * subscribeMessage.send: thing at most 20 characters; character_string at
 * most 32 letters, digits and symbols; phrase at most 5 Chinese characters;
 * amount one currency sign and at most 10 digits; name at most 10 Chinese
 * characters; time "2019年10月1日 15:01".
 */

import { toChinaIso } from "../../shared/china-time";
import { formatFen } from "../../shared/money";

const ELLIPSIS = "…";

/** Cuts text to `max` characters (code points), ending with … when cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  if (chars.length <= max) return chars.join("");
  return chars.slice(0, max - 1).join("") + ELLIPSIS;
}

/** thing: any 20 characters. */
export function thing(text: string): string {
  return truncate(text, 20) || "-";
}

/**
 * Joins carrier name and tracking number for a thing field ("自有车辆配送
 * 粤A12345"). The tracking number is kept whole when it fits in 20
 * characters, and the carrier name is shortened to make room.
 */
export function carrierWithTrackingNo(carrierName: string, trackingNo: string): string {
  const number = trackingNo.trim();
  const room = 20 - [...number].length - 1;
  if (room < 2) return thing(number);
  return `${truncate(carrierName, room)} ${number}`.trim();
}

/** character_string: at most 32 ASCII letters, digits or symbols; others dropped. */
export function characterString(text: string): string {
  const ascii = text.replace(/[^\x21-\x7e]/g, "");
  return (ascii.length > 32 ? ascii.slice(0, 32) : ascii) || "-";
}

/** phrase: at most 5 Chinese characters; other characters are dropped. */
export function phrase(text: string): string {
  const han = [...text].filter((ch) => /\p{Script=Han}/u.test(ch));
  return han.slice(0, 5).join("") || "无";
}

/**
 * amount: "¥1280.50". Above ¥99,999,999.99 the fen are dropped to stay
 * within 10 digits; above ¥9,999,999,999 the value is capped.
 */
export function amount(fen: number): string {
  const yuan = formatFen(Math.max(fen, 0));
  if (yuan.replace(/\D/g, "").length <= 10) return `¥${yuan}`;
  const whole = yuan.replace(/\.\d+$/, "");
  return whole.length <= 10 ? `¥${whole}` : "¥9999999999";
}

/** time: "2026年12月04日 07:30" in China time. */
export function time(instant: number): string {
  const iso = toChinaIso(instant);
  return `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日 ${iso.slice(11, 16)}`;
}

/**
 * name: at most 10 characters when Chinese is present, else 20. A name
 * with a bracketed note that does not fit, such as "王建国（杭州西湖惠民便利店）",
 * loses the note rather than being cut inside the brackets.
 */
export function name(text: string): string {
  const trimmed = text.trim();
  const max = /\p{Script=Han}/u.test(trimmed) ? 10 : 20;
  if ([...trimmed].length <= max) return trimmed || "-";
  const withoutNote = trimmed.replace(/\s*[（(][^（()）]*[）)]\s*$/u, "");
  const source = withoutNote !== "" && [...withoutNote].length <= max ? withoutNote : trimmed;
  return [...source].slice(0, max).join("") || "-";
}

/** Summarises order lines for a thing field, e.g. "农夫山泉饮用天然水等3件". */
export function goodsSummary(lineNames: readonly string[]): string {
  if (lineNames.length === 0) return "-";
  const suffix = lineNames.length > 1 ? `等${lineNames.length}种` : "";
  const room = 20 - [...suffix].length;
  const first = [...lineNames[0]];
  const head = first.length > room ? first.slice(0, room - 1).join("") + ELLIPSIS : first.join("");
  return head + suffix;
}

/** Checks a value against its field type's rule; used by tests and before sending. */
export function fitsFieldRule(key: string, value: string): boolean {
  const type = key.replace(/\d+$/, "");
  const length = [...value].length;
  switch (type) {
    case "thing":
      return length >= 1 && length <= 20;
    case "character_string":
      return /^[\x21-\x7e]{1,32}$/.test(value);
    case "phrase":
      return /^\p{Script=Han}{1,5}$/u.test(value);
    case "amount":
      return /^¥\d{1,10}(\.\d{1,2})?$/.test(value) && value.replace(/\D/g, "").length <= 10;
    case "time":
      return /^\d{4}年\d{2}月\d{2}日 \d{2}:\d{2}$/.test(value);
    case "name":
      return length >= 1 && length <= 20;
    default:
      return length >= 1 && length <= 20;
  }
}
