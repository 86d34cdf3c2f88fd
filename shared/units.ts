/**
 * Units of a SKU. Quantities are stored in the SKU's base unit; a package
 * unit holds a whole number of base units (1 箱 = 24 瓶), so conversion is
 * integer multiplication and never rounds.
 */

export interface UnitDefinition {
  unit: string;
  /** Base units in one of this unit; 1 for the base unit itself. */
  factor: number;
}

/** Returns the definition of `unit`, or undefined when the SKU lacks it. */
export function findUnit<T extends UnitDefinition>(
  units: readonly T[],
  unit: string,
): T | undefined {
  return units.find((candidate) => candidate.unit === unit);
}

/** Converts a quantity in a unit to base units. */
export function toBaseQuantity(quantity: number, factor: number): number {
  const base = quantity * factor;
  if (!Number.isSafeInteger(base)) {
    throw new RangeError(`quantity ${quantity} × ${factor} is out of range`);
  }
  return base;
}

/** Whole units of size `factor` that fit in `baseQuantity`, rounded down. */
export function wholeUnits(baseQuantity: number, factor: number): number {
  if (baseQuantity <= 0) return 0;
  return Math.floor(baseQuantity / factor);
}

/**
 * Checks a quantity against a unit's minimum and step: valid quantities are
 * minimum, minimum + step, minimum + 2 × step, and so on.
 */
export function isAllowedQuantity(
  quantity: number,
  minQuantity: number,
  stepQuantity: number,
): boolean {
  return (
    Number.isSafeInteger(quantity) &&
    quantity >= minQuantity &&
    (quantity - minQuantity) % stepQuantity === 0
  );
}
