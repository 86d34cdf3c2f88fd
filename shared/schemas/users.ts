import { z } from "zod";

import { ROLES, type Role } from "../roles";
import { IdSchema } from "./common";

/** Most customers one salesperson invitation may assign. */
export const MAX_ASSIGNED_CUSTOMERS = 50;

/** Invitation lifetime when the manager gives none, and the most allowed, in hours. */
export const DEFAULT_INVITATION_HOURS = 72;
export const MAX_INVITATION_HOURS = 30 * 24;

const PersonNameSchema = z.string().trim().min(1).max(64);

export const MeRequest = z.strictObject({});

export const BootstrapRequest = z.strictObject({
  /** Display name of the first manager. */
  name: PersonNameSchema,
});

export const InviteRequest = z
  .strictObject({
    role: z.enum(ROLES),
    /** Display name of the person invited; the new user gets it. */
    name: PersonNameSchema,
    /** The customer a customer-role user acts for; required for that role only. */
    customerId: IdSchema.optional(),
    /** Customers assigned to a new salesperson when the code is redeemed. */
    assignCustomerIds: z.array(IdSchema).min(1).max(MAX_ASSIGNED_CUSTOMERS).optional(),
    expiresInHours: z.number().int().min(1).max(MAX_INVITATION_HOURS).optional(),
  })
  .superRefine((invite, ctx) => {
    if (invite.role === "customer" && !invite.customerId) {
      ctx.addIssue({
        code: "custom",
        path: ["customerId"],
        message: "customerId is required for a customer",
      });
    }
    if (invite.role !== "customer" && invite.customerId) {
      ctx.addIssue({
        code: "custom",
        path: ["customerId"],
        message: "customerId is allowed for a customer only",
      });
    }
    if (invite.role !== "salesperson" && invite.assignCustomerIds) {
      ctx.addIssue({
        code: "custom",
        path: ["assignCustomerIds"],
        message: "assignCustomerIds is allowed for a salesperson only",
      });
    }
    const ids = invite.assignCustomerIds ?? [];
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({
        code: "custom",
        path: ["assignCustomerIds"],
        message: "customer ids must be unique",
      });
    }
  });

/**
 * An invitation code as a person types it: Crockford base32 in groups of
 * four. Case, spaces and dashes are ignored when it is redeemed.
 */
export const RedeemRequest = z.strictObject({
  code: z.string().trim().min(8).max(64),
});

/** The caller as users.me, bootstrap and redeem return them. */
export type MeView =
  | { registered: true; userId: string; name: string; role: Role; customerId?: string }
  | { registered: false };

export interface InvitationView {
  invitationId: string;
  /** The one-time code to hand to the invited person; it is not stored and cannot be shown again. */
  code: string;
  role: Role;
  name: string;
  customerId?: string;
  assignCustomerIds?: string[];
  /** ISO 8601 instant in China time. */
  expiresAt: string;
}
