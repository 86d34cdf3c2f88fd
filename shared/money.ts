/**
 * Money is an integer number of fen (1 yuan = 100 fen). These helpers parse
 * and format decimal strings digit by digit, so no floating point value ever
 * holds an amount.
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal yuan string ("19.90", "-3.5", "12") into fen. More than
 * two decimals is rejected unless `rounding` is "half-up", which rounds the
 * third and later digits away from zero at five.
 */
export function parseYuanToFen(
  text: string,
  rounding: "exact" | "half-up" = "exact",
): number {
  const match = DECIMAL.exec(text.trim());
  if (!match) {
    throw new RangeError(`invalid decimal amount: "${text}"`);
  }
  const [, sign, whole, fraction = ""] = match;
  // Thirteen yuan digits keep fen below 2^53, so integer Number math is exact.
  const yuanDigits = whole.replace(/^0+(?=\d)/, "");
  if (yuanDigits.length > 13) {
    throw new RangeError(`amount out of range: "${text}"`);
  }
  let cents =
    Number(yuanDigits) * 100 + Number((fraction + "00").slice(0, 2));
  const rest = fraction.slice(2);
  if (/[1-9]/.test(rest)) {
    if (rounding === "exact") {
      throw new RangeError(`amount has more than two decimals: "${text}"`);
    }
    if (rest[0] >= "5") cents += 1;
  }
  return sign === "-" && cents !== 0 ? -cents : cents;
}

/** Formats fen as a yuan string with two decimals: 5970 -> "59.70". */
export function formatFen(fen: number): string {
  assertFen(fen);
  const negative = fen < 0;
  const digits = String(Math.abs(fen)).padStart(3, "0");
  const yuan = digits.slice(0, -2);
  const cents = digits.slice(-2);
  return `${negative ? "-" : ""}${yuan}.${cents}`;
}

/** Formats fen for people: 128050 -> "¥1,280.50". */
export function formatYuan(fen: number): string {
  const plain = formatFen(fen);
  const negative = plain.startsWith("-");
  const [yuan, cents] = plain.replace("-", "").split(".");
  const grouped = yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}¥${grouped}.${cents}`;
}

/** Throws unless the value is a safe integer, the only valid amount in fen. */
export function assertFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) {
    throw new RangeError(`amount in fen must be a safe integer, got ${fen}`);
  }
}

/** Multiplies a unit price by a quantity, refusing to leave safe integers. */
export function multiplyFen(priceFen: number, quantity: number): number {
  const amount = priceFen * quantity;
  assertFen(amount);
  return amount;
}

/** Sums amounts in fen, refusing to leave safe integers. */
export function sumFen(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) {
    total += amount;
    assertFen(total);
  }
  return total;
}
