import type { Page } from "../../shared/schemas/common";
import type { SkuView, StockView } from "../../shared/schemas/catalog";
import { startTestServer, type TestServer } from "../support/local-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

describe("catalog function", () => {
  it("shows each customer their own prices and live availability", async () => {
    const core = await server.login("U-CUST-HZ");
    const standard = await server.login("U-CUST-SH");

    const forCore = await server.ok<SkuView>("catalog", { action: "get", skuId: "NFSQ-550" }, core);
    const forStandard = await server.ok<SkuView>("catalog", { action: "get", skuId: "NFSQ-550" }, standard);

    const price = (view: SkuView, unit: string) => view.units.find((u) => u.unit === unit);
    expect(price(forCore, "箱")).toMatchObject({ priceFen: 2800, listPriceFen: 3200, priceSource: "customer" });
    expect(price(forCore, "瓶")).toMatchObject({ priceFen: 135, priceSource: "tier" });
    expect(price(forStandard, "箱")).toMatchObject({ priceFen: 3200, priceSource: "tier" });
    expect(forCore.available).toEqual({ 瓶: 4800, 提: 800, 箱: 200 });
    expect(forCore.specs).toEqual({ 规格: "550ml" });
  });

  it("pages the whole catalog without repeats and searches by pinyin", async () => {
    const token = await server.login("U-CUST-SH");
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<SkuView> = await server.ok<Page<SkuView>>(
        "catalog",
        { action: "list", limit: 4, ...(cursor ? { cursor } : {}) },
        token,
      );
      ids.push(...page.items.map((item) => item.skuId));
      cursor = page.nextCursor;
    } while (cursor);

    expect(ids.length).toBeGreaterThanOrEqual(14);
    expect(new Set(ids).size).toBe(ids.length);
    const tiles = await server.ok<Page<SkuView>>("catalog", { action: "list", search: "dpcz" }, token);
    expect(tiles.items.map((item) => item.specs["规格"]).sort()).toEqual(["600×1200mm", "800×800mm"]);
  });

  it("finds the SKU and unit behind a barcode", async () => {
    const salesperson = await server.login("U-SALES-LI");
    const sku = await server.ok<SkuView>("catalog", { action: "get", skuId: "KKKL-330", customerId: "C-HZ-001" }, salesperson);
    const caseBarcode = sku.units.find((unit) => unit.unit === "箱")?.barcode ?? "";

    const found = await server.ok<{ unit: string; sku: SkuView }>(
      "catalog",
      { action: "findByBarcode", barcode: caseBarcode, customerId: "C-HZ-001" },
      salesperson,
    );

    expect(found.unit).toBe("箱");
    expect(found.sku.skuId).toBe("KKKL-330");
    const missing = await server.call("catalog", { action: "findByBarcode", barcode: "6999999999999" }, salesperson);
    expect(missing.status).toBe(404);
  });

  it("lets only warehouse and manager receive stock, in base units", async () => {
    const warehouse = await server.login("U-WH-ZHAO");
    const customer = await server.login("U-CUST-HZ");

    const denied = await server.call("catalog", { action: "receiveStock", skuId: "DP-800", unit: "箱", quantity: 10 }, customer);
    expect(denied.status).toBe(403);
    const badUnit = await server.call("catalog", { action: "receiveStock", skuId: "DP-800", unit: "托", quantity: 10 }, warehouse);
    expect(badUnit.status).toBe(400);

    const stock = await server.ok<StockView>("catalog", { action: "receiveStock", skuId: "DP-800", unit: "箱", quantity: 10, note: "到货" }, warehouse);

    expect(stock).toEqual({ skuId: "DP-800", onHand: 330, reserved: 0, available: 330 });
    const events = await server.app.store.getAuditTrail("stock", "DP-800");
    expect(events[events.length - 1]).toMatchObject({
      action: "stock.received",
      actorId: "U-WH-ZHAO",
      data: { unit: "箱", quantity: 10, baseQuantity: 30, note: "到货" },
    });
  });
});
