import type { CartLineInput } from "../../../shared/schemas/order";

/**
 * One cart line: a SKU in one of its units. Name, specs and the quantity
 * rule are copied from the catalog so the cart renders before a quote
 * arrives and the stepper honours the unit's minimum and step.
 */
export interface CartLine {
  skuId: string;
  unit: string;
  quantity: number;
  name: string;
  specsText: string;
  minQuantity: number;
  stepQuantity: number;
  /** A price per unit in fen that staff negotiated for this order (议价). */
  negotiatedPriceFen?: number;
}

/** A cart belongs to one customer; null is the signed-in customer. */
export interface Cart {
  customerId: string | null;
  lines: CartLine[];
  /** Reason for the negotiated prices, which the server requires with them. */
  priceReason?: string;
}

export const EMPTY_CART: Cart = { customerId: null, lines: [] };

function isSameLine(line: CartLine, skuId: string, unit: string): boolean {
  return line.skuId === skuId && line.unit === unit;
}

/** Adds a line, or adds its quantity to the line for the same SKU and unit. */
export function addLine(cart: Cart, added: CartLine): Cart {
  const existing = cart.lines.find((line) =>
    isSameLine(line, added.skuId, added.unit),
  );
  if (!existing) return { ...cart, lines: [...cart.lines, added] };

  const lines = cart.lines.map((line) =>
    line === existing
      ? { ...line, quantity: line.quantity + added.quantity }
      : line,
  );
  return { ...cart, lines };
}

/**
 * Adds one more of a SKU and unit: the unit's minimum for a new line, else
 * one step more, so repeated scans of a barcode stay on allowed quantities.
 */
export function addOneMore(cart: Cart, added: CartLine): Cart {
  const existing = cart.lines.find((line) =>
    isSameLine(line, added.skuId, added.unit),
  );
  if (!existing) {
    return { ...cart, lines: [...cart.lines, { ...added, quantity: added.minQuantity }] };
  }
  return setLineQuantity(
    cart,
    added.skuId,
    added.unit,
    existing.quantity + existing.stepQuantity,
  );
}

export function setLineQuantity(
  cart: Cart,
  skuId: string,
  unit: string,
  quantity: number,
): Cart {
  const lines = cart.lines.map((line) =>
    isSameLine(line, skuId, unit) ? { ...line, quantity } : line,
  );
  return { ...cart, lines };
}

/** Sets a line's negotiated price, or clears it with undefined. */
export function setNegotiatedPrice(
  cart: Cart,
  skuId: string,
  unit: string,
  priceFen: number | undefined,
): Cart {
  const lines = cart.lines.map((line) => {
    if (!isSameLine(line, skuId, unit)) return line;
    const { negotiatedPriceFen: _old, ...rest } = line;
    return priceFen === undefined ? rest : { ...rest, negotiatedPriceFen: priceFen };
  });
  return { ...cart, lines };
}

export function hasNegotiatedPrices(cart: Cart): boolean {
  return cart.lines.some((line) => line.negotiatedPriceFen !== undefined);
}

export function removeLine(cart: Cart, skuId: string, unit: string): Cart {
  const lines = cart.lines.filter((line) => !isSameLine(line, skuId, unit));
  return { ...cart, lines };
}

/** Returns the lines as orders.quote and orders.place take them. */
export function toOrderLines(cart: Cart): CartLineInput[] {
  return cart.lines.map(({ skuId, unit, quantity, negotiatedPriceFen }) => ({
    skuId,
    unit,
    quantity,
    ...(negotiatedPriceFen === undefined ? {} : { negotiatedPriceFen }),
  }));
}

/**
 * Returns a key for what a submit would send. Two submits with the same
 * key are retries of one order and must reuse one requestId.
 */
export function submitFingerprint(cart: Cart, remark: string): string {
  return JSON.stringify([cart.customerId, toOrderLines(cart), remark, cart.priceReason ?? ""]);
}
