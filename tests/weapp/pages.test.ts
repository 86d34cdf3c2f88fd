/** @jest-environment jsdom */
import { join } from "node:path";

import type { SkuView } from "../../shared/schemas/catalog";
import type { Quote } from "../../shared/schemas/order";
import { ensureWeappBuild, installHost, launchApp, WEAPP_ROOT, type Host } from "./simulate-host";

const BUILD_TIMEOUT_MS = 300_000;

/** The part of miniprogram-simulate's API these tests use. */
interface SimulatedNode {
  dom?: HTMLElement;
  dispatchEvent(name: string): void;
}
interface SimulatedPage extends SimulatedNode {
  attach(parent: HTMLElement): void;
  querySelector(selector: string): SimulatedNode | undefined;
}
interface Simulate {
  load(path: string, options: { rootPath: string }): string;
  render(id: string): SimulatedPage;
  sleep(ms: number): Promise<void>;
}

// Required, not imported: its typings pull in miniprogram-api-typings,
// whose global `require` type hides Node's for every file in the project.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require("miniprogram-simulate") as Simulate;

const WATER: SkuView = {
  skuId: "NFSQ-550",
  productId: "P-NFSQ",
  name: "农夫山泉饮用天然水",
  category: "饮料",
  specs: { 规格: "550ml" },
  baseUnit: "瓶",
  units: [
    { unit: "瓶", factor: 1, priceFen: 150, listPriceFen: 150, priceSource: "list", minQuantity: 1, stepQuantity: 1 },
    { unit: "箱", factor: 24, priceFen: 2800, listPriceFen: 3200, priceSource: "customer", minQuantity: 1, stepQuantity: 1 },
  ],
  available: { 瓶: 4800, 箱: 200 },
};

function quoteOf(lines: { skuId: string; unit: string; quantity: number }[]): Quote {
  const quoted = lines.map((line) => {
    const unit = WATER.units.find((item) => item.unit === line.unit) ?? WATER.units[0];
    return {
      skuId: line.skuId,
      name: WATER.name,
      specs: WATER.specs,
      unit: line.unit,
      quantity: line.quantity,
      priceFen: unit.priceFen,
      listPriceFen: unit.listPriceFen,
      priceSource: unit.priceSource,
      amountFen: unit.priceFen * line.quantity,
      available: WATER.available[line.unit],
      isShort: line.quantity > WATER.available[line.unit],
    };
  });
  return {
    customerId: "C-HZ-001",
    lines: quoted,
    totalFen: quoted.reduce((sum, line) => sum + line.amountFen, 0),
  };
}

/** Stands in for the cloud functions the catalog and cart pages call. */
function handle(name: string, data: Record<string, unknown>): unknown {
  const key = `${name}.${String(data.action)}`;
  switch (key) {
    case "catalog.list":
      return { ok: true, data: { items: [WATER], nextCursor: null } };
    case "orders.quote":
      return { ok: true, data: quoteOf(data.lines as { skuId: string; unit: string; quantity: number }[]) };
    case "users.me":
      return {
        ok: true,
        data: { registered: true, userId: "U-CUST-HZ", name: "王建国", role: "customer", customerId: "C-HZ-001" },
      };
    default:
      return { ok: false, error: { code: "NOT_FOUND", message: `no stub for ${key}` } };
  }
}

let host: Host;
let route = "pages/home/index";

beforeAll(() => {
  ensureWeappBuild();
  host = installHost(handle, () => route);
  launchApp();
}, BUILD_TIMEOUT_MS);

function render(page: string) {
  route = page;
  const id = simulate.load(join(WEAPP_ROOT, page), { rootPath: WEAPP_ROOT });
  const component = simulate.render(id);
  component.attach(document.createElement("parent-wrapper"));
  return component;
}

async function waitForText(component: ReturnType<typeof render>, text: string): Promise<void> {
  for (let i = 0; i < 40; i += 1) {
    if (component.dom?.textContent?.includes(text)) return;
    await simulate.sleep(50);
  }
  throw new Error(`page never showed "${text}":\n${component.dom?.textContent ?? ""}`);
}

function cartLines(): { skuId: string; unit: string; quantity: number }[] {
  const cart = host.storage.get("orderDesk.cart") as { lines?: { skuId: string; unit: string; quantity: number }[] } | undefined;
  return (cart?.lines ?? []).map(({ skuId, unit, quantity }) => ({ skuId, unit, quantity }));
}

describe("compiled weapp pages", () => {
  it("catalog adds the chosen quantity to the cart", async () => {
    const catalog = render("pages/catalog/index");
    await waitForText(catalog, WATER.name);
    expect(catalog.dom?.textContent).toContain("¥1.50/瓶");

    const plus = catalog.querySelector(".nut-inputnumber-add");
    expect(plus).toBeTruthy();
    plus?.dispatchEvent("tap");
    await simulate.sleep(100);

    // simulate's <input> keeps its value as a property, so the stepped
    // quantity shows in the cart line the next tap adds.
    catalog.querySelector(".product-card__add")?.dispatchEvent("tap");
    await simulate.sleep(100);
    expect(cartLines()).toEqual([{ skuId: "NFSQ-550", unit: "瓶", quantity: 2 }]);
    expect(host.toasts).toContain("已加入购物车");
  });

  it("cart quotes its lines and steps a quantity", async () => {
    host.storage.set("orderDesk.cart", {
      customerId: null,
      lines: [
        { skuId: "NFSQ-550", unit: "箱", quantity: 3, name: WATER.name, specsText: "550ml", minQuantity: 1, stepQuantity: 1 },
      ],
    });
    const cart = render("pages/cart/index");
    await waitForText(cart, "¥84.00");
    expect(cart.dom?.textContent).toContain("标准价 ¥32.00");

    cart.querySelector(".nut-inputnumber-add")?.dispatchEvent("tap");
    await waitForText(cart, "¥112.00");
    expect(cartLines()).toEqual([{ skuId: "NFSQ-550", unit: "箱", quantity: 4 }]);
    const quotes = host.calls.filter((call) => call.data.action === "quote");
    expect(quotes[quotes.length - 1].data.lines).toEqual([{ skuId: "NFSQ-550", unit: "箱", quantity: 4 }]);
  });
});
