import { z } from "zod";

import { CUSTOMER_TIERS } from "../pricing";
import { ROLES } from "../roles";
import { FenSchema, IdSchema, UnitNameSchema } from "./common";

/** Spec name or value: short catalog text such as 规格 or 800×800mm. */
const SpecTextSchema = z.string().trim().min(1).max(32);

export const ProductSchema = z.strictObject({
  productId: IdSchema,
  name: z.string().trim().min(1).max(100),
  category: z.string().trim().min(1).max(32),
  /** Spec names and their allowed values, e.g. {规格: ["800×800mm", "600×1200mm"]}. */
  specOptions: z.record(SpecTextSchema, z.array(SpecTextSchema).min(1).max(50)),
  baseUnit: UnitNameSchema,
});

export const SkuUnitSchema = z.strictObject({
  unit: UnitNameSchema,
  /** Base units in one of this unit; 1 for the base unit. */
  factor: z.number().int().min(1).max(100_000),
  listPriceFen: FenSchema.min(0),
  barcode: z.string().regex(/^\d{6,14}$/).optional(),
  minQuantity: z.number().int().min(1).max(1_000_000),
  stepQuantity: z.number().int().min(1).max(1_000_000),
});

export const SkuSchema = z
  .strictObject({
    skuId: IdSchema,
    productId: IdSchema,
    name: z.string().trim().min(1).max(100),
    category: z.string().trim().min(1).max(32),
    /** One value per spec of the product. */
    specs: z.record(SpecTextSchema, SpecTextSchema),
    baseUnit: UnitNameSchema,
    units: z.array(SkuUnitSchema).min(1).max(10),
    /** Lowercase pinyin initials of the name, for search. */
    pinyinInitials: z.string().regex(/^[a-z0-9]{1,32}$/).optional(),
  })
  .superRefine((sku, ctx) => {
    const names = sku.units.map((unit) => unit.unit);
    if (new Set(names).size !== names.length) {
      ctx.addIssue({ code: "custom", path: ["units"], message: "unit names must be unique" });
    }
    const base = sku.units.find((unit) => unit.unit === sku.baseUnit);
    if (!base || base.factor !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["units"],
        message: `the base unit ${sku.baseUnit} must be listed with factor 1`,
      });
    }
    sku.units.forEach((unit, index) => {
      if (unit.unit !== sku.baseUnit && unit.factor === 1) {
        ctx.addIssue({
          code: "custom",
          path: ["units", index, "factor"],
          message: "only the base unit has factor 1",
        });
      }
    });
  });

export const AddressSchema = z.strictObject({
  addressId: IdSchema,
  contact: z.string().trim().min(1).max(32),
  phone: z.string().regex(/^[0-9+\- ]{5,20}$/),
  province: z.string().trim().min(1).max(32),
  city: z.string().trim().min(1).max(32),
  district: z.string().trim().min(1).max(32),
  detail: z.string().trim().min(1).max(120),
  isDefault: z.boolean(),
});

export const PaymentTermsSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("cash") }),
  z.strictObject({
    kind: z.literal("monthly"),
    creditLimitFen: FenSchema.min(0),
    dueDays: z.number().int().min(0).max(365),
  }),
]);

export const CustomerSchema = z.strictObject({
  customerId: IdSchema,
  name: z.string().trim().min(1).max(100),
  tier: z.enum(CUSTOMER_TIERS),
  province: z.string().trim().min(1).max(32),
  /** Region group used in reports, e.g. 华东. */
  regionGroup: z.string().trim().min(1).max(32),
  addresses: z.array(AddressSchema).max(20),
  paymentTerms: PaymentTermsSchema,
  /** block: refuse; hold: accept for the clerk's review; tolerance: allow up to creditTolerancePct over the limit. */
  creditPolicy: z.enum(["block", "hold", "tolerance"]),
  creditTolerancePct: z.number().int().min(0).max(100).optional(),
  salespersonId: IdSchema.optional(),
});

export const UserSchema = z.strictObject({
  userId: IdSchema,
  name: z.string().trim().min(1).max(64),
  role: z.enum(ROLES),
  customerId: IdSchema.optional(),
  openid: z.string().min(1).max(128).optional(),
});

export type Product = z.infer<typeof ProductSchema>;
export type SkuUnit = z.infer<typeof SkuUnitSchema>;
export type Sku = z.infer<typeof SkuSchema>;
export type Address = z.infer<typeof AddressSchema>;
export type PaymentTerms = z.infer<typeof PaymentTermsSchema>;
export type Customer = z.infer<typeof CustomerSchema>;
export type User = z.infer<typeof UserSchema>;

/**
 * Checks that a SKU carries exactly one value for each spec of its product,
 * each from the product's defined options. Returns the problems found.
 */
export function specProblems(product: Product, sku: Sku): string[] {
  const problems: string[] = [];
  if (sku.productId !== product.productId) problems.push("SKU belongs to another product");
  if (sku.baseUnit !== product.baseUnit) problems.push(`base unit must be ${product.baseUnit}`);
  for (const [name, options] of Object.entries(product.specOptions)) {
    const value = sku.specs[name];
    if (value === undefined) problems.push(`missing spec ${name}`);
    else if (!options.includes(value)) problems.push(`${name} ${value} is not one of ${options.join(", ")}`);
  }
  for (const name of Object.keys(sku.specs)) {
    if (!(name in product.specOptions)) problems.push(`product has no spec ${name}`);
  }
  return problems;
}
