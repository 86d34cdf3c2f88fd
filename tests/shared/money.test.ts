import {
  formatFen,
  formatYuan,
  multiplyFen,
  parseYuanToFen,
  sumFen,
} from "../../shared/money";
import { lineAmountFen } from "../../shared/pricing";

describe("parseYuanToFen", () => {
  it.each([
    ["19.90", 1990],
    ["19.9", 1990],
    ["0.01", 1],
    ["12", 1200],
    ["-3.50", -350],
    [" 4.25 ", 425],
    ["0", 0],
    ["-0.00", 0],
    ["1280.50", 128050],
    ["9999999999999.99", 999999999999999],
  ])("parses %s as %d fen", (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it.each(["", "abc", "1.2.3", "1e3", "NaN", "Infinity", "1,000", ".5", "99999999999999"])(
    "rejects %p",
    (text) => {
      expect(() => parseYuanToFen(text)).toThrow(RangeError);
    },
  );

  it("rejects a third decimal unless rounding is asked for", () => {
    expect(() => parseYuanToFen("0.125")).toThrow(RangeError);
    expect(parseYuanToFen("0.125", "half-up")).toBe(13);
    expect(parseYuanToFen("0.1249", "half-up")).toBe(12);
    expect(parseYuanToFen("0.120", "exact")).toBe(12);
  });
});

describe("formatFen", () => {
  it.each([
    [5970, "59.70"],
    [1, "0.01"],
    [0, "0.00"],
    [-350, "-3.50"],
    [100, "1.00"],
    [999999999999999, "9999999999999.99"],
  ])("formats %d fen as %s", (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it("round-trips through parsing", () => {
    for (const fen of [0, 1, 9, 10, 99, 101, 123456, -42]) {
      expect(parseYuanToFen(formatFen(fen))).toBe(fen);
    }
  });

  it("formats for people with grouping", () => {
    expect(formatYuan(128050)).toBe("¥1,280.50");
    expect(formatYuan(-123456789)).toBe("-¥1,234,567.89");
  });

  it("rejects a fractional fen", () => {
    expect(() => formatFen(0.5)).toThrow(RangeError);
  });
});

describe("arithmetic in fen", () => {
  it("prices 3 at 19.90 as 5970 fen", () => {
    expect(lineAmountFen(parseYuanToFen("19.90"), 3)).toBe(5970);
  });

  it("totals exactly what floats get wrong", () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004; in fen it is 30.
    const lines = [parseYuanToFen("0.10"), parseYuanToFen("0.20")];
    expect(sumFen(lines)).toBe(30);
    const many = Array.from({ length: 1000 }, () => multiplyFen(1990, 3));
    expect(sumFen(many)).toBe(5_970_000);
  });

  it("refuses to leave safe integers", () => {
    expect(() => multiplyFen(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });
});
