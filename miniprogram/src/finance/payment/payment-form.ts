import { parseYuanToFen } from "../../../../shared/money";

// The server's bounds (RecordPaymentRequest): 1 fen to 10^12 fen.
const MAX_AMOUNT_FEN = 1e12;
// The server's externalRef rule after trimming.
const EXTERNAL_REF_PATTERN = /^[A-Za-z0-9_:.-]{4,64}$/;

/** Parses the amount typed in yuan into fen, or returns what is wrong with it. */
export function parseAmount(text: string): { fen: number } | { error: string } {
  if (text.trim() === "") return { error: "请填写金额" };
  let fen: number;
  try {
    fen = parseYuanToFen(text);
  } catch {
    return { error: "金额格式不对：请填数字，最多两位小数" };
  }
  if (fen <= 0) return { error: "金额必须大于 0" };
  if (fen > MAX_AMOUNT_FEN) return { error: "金额超出上限" };
  return { fen };
}

/** Returns what is wrong with an external reference, or null. */
export function externalRefError(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === "") return "请填写流水号";
  if (!EXTERNAL_REF_PATTERN.test(trimmed)) {
    return "流水号为 4-64 位字母、数字或 _ : . -";
  }
  return null;
}

/** A receipt number for cash, which has no bank reference: CASH-<date>-<6 characters>. */
export function cashReceiptRef(chinaDate: string, random: string): string {
  return `CASH-${chinaDate.replace(/-/g, "")}-${random.slice(0, 6).toUpperCase()}`;
}

/** The instant a payment arrived, from a China-time date and HH:mm. */
export function receivedAtIso(date: string, time: string): string {
  return `${date}T${time}:00+08:00`;
}
