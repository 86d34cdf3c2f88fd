import { checkTrackingNo, findCarrier } from "../../shared/carriers";
import { ShipRequest } from "../../shared/schemas/fulfilment";

// Each case: carrier, typed tracking number, and whether the server takes it.
const CASES: Array<[string, string, boolean]> = [
  ["SF", "SF1234567890123", true],
  ["SF", "  sf123456789012 ", true],
  ["SF", "SF12345", false],
  ["ZTO", "123456789012", true],
  ["ZTO", "12345678901", false],
  ["YTO", "YT1234567890123", true],
  ["YD", "1234567890123", true],
  ["STO", "1234567890123456", false],
  ["JD", "jdabc12345678", true],
  ["DBL", "DPK123456789", true],
  ["EMS", "ea123456789cn", true],
  ["EMS", "EA12345678CN", false],
  ["OWN", "浙A-12345", true],
  ["OWN", "abc", false],
  ["OWN", "A".repeat(21), false],
  ["ZTO", "1".repeat(33), false],
];

describe("checkTrackingNo", () => {
  it.each(CASES)("%s %j is accepted: %s", (carrier, trackingNo, isValid) => {
    const parsed = ShipRequest.safeParse({
      orderId: "o-1",
      requestId: "ship-request-1",
      carrier,
      trackingNo,
    });

    expect(parsed.success).toBe(isValid);
    expect(checkTrackingNo(carrier, trackingNo) === null).toBe(isValid);
  });

  it("rejects a carrier the server does not know", () => {
    expect(checkTrackingNo("UPS", "1Z999AA10123456784")).toBe("unknown_carrier");
    expect(findCarrier("UPS")).toBeUndefined();
  });
});
