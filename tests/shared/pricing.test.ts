import { applyRate, resolveUnitPrice } from "../../shared/pricing";

describe("resolveUnitPrice", () => {
  it.each([
    // listPriceFen, customerPriceFen, tierRateBp, priceFen, source
    [3200, 2800, 9000, 2800, "customer"],
    [3200, 2800, undefined, 2800, "customer"],
    [3200, 0, 9000, 0, "customer"],
    [3200, undefined, 9000, 2880, "tier"],
    [3200, undefined, 9500, 3040, "tier"],
    [3200, undefined, 10000, 3200, "tier"],
    [199, undefined, 9500, 189, "tier"], // 189.05 rounds down
    [150, undefined, 9500, 143, "tier"], // 142.5 rounds half up
    [1, undefined, 5000, 1, "tier"], // 0.5 rounds half up
    [3200, undefined, undefined, 3200, "list"],
  ] as const)(
    "list %d, customer %p, rate %p gives %d from %s",
    (listPriceFen, customerPriceFen, tierRateBp, priceFen, source) => {
      expect(resolveUnitPrice({ listPriceFen, customerPriceFen, tierRateBp })).toEqual({
        priceFen,
        source,
      });
    },
  );
});

describe("applyRate", () => {
  it("rounds half up at exactly half a fen", () => {
    expect(applyRate(15, 9000)).toBe(14); // 13.5
    expect(applyRate(25, 9000)).toBe(23); // 22.5
    expect(applyRate(33, 5000)).toBe(17); // 16.5
  });

  it("rejects rates and prices outside the allowed range", () => {
    expect(() => applyRate(-1, 9000)).toThrow(RangeError);
    expect(() => applyRate(100, 90.5)).toThrow(RangeError);
    expect(() => applyRate(100, -1)).toThrow(RangeError);
  });
});
