/**
 * The users function: who the caller is, the first manager, and
 * one-time invitations that register everyone else.
 *
 * In CloudBase a caller is known by their WeChat openid before they have a
 * user record, so bootstrap and redeem run for unregistered callers (see
 * openAction in server/functions/define.ts). Locally the demo sign-in is
 * by user id, and `POST /auth/dev-login {"openid"}` signs in as a WeChat
 * user who is not registered yet.
 */

import { toChinaIso } from "../../shared/china-time";
import { AppError } from "../../shared/errors";
import type { Role } from "../../shared/roles";
import {
  DEFAULT_INVITATION_HOURS,
  type InvitationView,
  type MeView,
} from "../../shared/schemas/users";
import type { Caller } from "../core/caller";
import { newId } from "../core/ids";
import { hashUserId } from "../core/logger";
import type { Runtime } from "../core/runtime";
import type { Visitor } from "../functions/define";
import type { AuditEventRecord, InvitationRecord, UserRecord } from "../store/records";
import {
  invitationIdOf,
  newInvitationCode,
  normalizeInvitationCode,
  userIdForOpenid,
} from "./codes";

const HOUR_MS = 60 * 60 * 1000;

function meView(user: Caller | UserRecord): MeView {
  return {
    registered: true,
    userId: user.userId,
    name: user.name,
    role: user.role,
    ...(user.customerId ? { customerId: user.customerId } : {}),
  };
}

function userEvent(
  userId: string,
  role: Role,
  action: string,
  at: number,
  data?: Record<string, unknown>,
): AuditEventRecord {
  return {
    eventId: newId("evt"),
    entityType: "user",
    entityId: userId,
    action,
    actorId: userId,
    actorRole: role,
    at,
    ...(data ? { data } : {}),
  };
}

/**
 * Throws unless the visitor is a WeChat user who is not registered, or is
 * the user their openid registered (a retried bootstrap or redeem, for
 * which the stores return the existing record).
 */
function requireRegistrationOpenid(visitor: Visitor): string {
  const { user, openid } = visitor;
  if (!openid || (user && user.userId !== userIdForOpenid(openid))) {
    throw new AppError("REGISTRATION_CONFLICT", "this user is already registered", {
      reason: "already_registered",
    });
  }
  return openid;
}

/** users.me: the caller's user record, or `{registered: false}`. */
export async function describeMe(_runtime: Runtime, visitor: Visitor): Promise<MeView> {
  return visitor.user ? meView(visitor.user) : { registered: false };
}

/** users.bootstrap: makes the first caller the manager, once per deployment. */
export async function bootstrapManager(
  runtime: Runtime,
  visitor: Visitor,
  input: { name: string },
): Promise<MeView> {
  const openid = requireRegistrationOpenid(visitor);
  const userId = userIdForOpenid(openid);
  const now = runtime.now();
  const user = await runtime.store.claimFirstManager({
    user: { userId, name: input.name, role: "manager", openid },
    event: userEvent(userId, "manager", "user.bootstrapped", now),
  });
  runtime.logger.info({ user: hashUserId(userId) }, "first manager registered");
  return meView(user);
}

/** users.invite: creates a one-time code for a role; the manager hands it on. */
export async function createInvitation(
  runtime: Runtime,
  caller: Caller,
  input: {
    role: Role;
    name: string;
    customerId?: string;
    assignCustomerIds?: string[];
    expiresInHours?: number;
  },
): Promise<InvitationView> {
  for (const customerId of [
    ...(input.customerId ? [input.customerId] : []),
    ...(input.assignCustomerIds ?? []),
  ]) {
    if (!(await runtime.store.getCustomer(customerId))) {
      throw new AppError("NOT_FOUND", `customer ${customerId} not found`);
    }
  }

  const code = newInvitationCode();
  const normalized = normalizeInvitationCode(code);
  if (!normalized) throw new Error("a new invitation code failed to normalise");
  const now = runtime.now();
  const invitation: InvitationRecord = {
    invitationId: invitationIdOf(normalized),
    role: input.role,
    name: input.name,
    ...(input.customerId ? { customerId: input.customerId } : {}),
    ...(input.assignCustomerIds ? { assignCustomerIds: input.assignCustomerIds } : {}),
    createdBy: caller.userId,
    createdAt: now,
    expiresAt: now + (input.expiresInHours ?? DEFAULT_INVITATION_HOURS) * HOUR_MS,
  };
  await runtime.store.saveInvitation(invitation, {
    eventId: newId("evt"),
    entityType: "invitation",
    entityId: invitation.invitationId,
    action: "invitation.created",
    actorId: caller.userId,
    actorRole: caller.role,
    at: now,
    data: { role: invitation.role, expiresAt: invitation.expiresAt },
  });

  return {
    invitationId: invitation.invitationId,
    code,
    role: invitation.role,
    name: invitation.name,
    ...(invitation.customerId ? { customerId: invitation.customerId } : {}),
    ...(invitation.assignCustomerIds ? { assignCustomerIds: invitation.assignCustomerIds } : {}),
    expiresAt: toChinaIso(invitation.expiresAt),
  };
}

/** users.redeem: registers the caller with an invitation code, exactly once. */
export async function redeemInvitation(
  runtime: Runtime,
  visitor: Visitor,
  input: { code: string },
): Promise<MeView> {
  const openid = requireRegistrationOpenid(visitor);
  const normalized = normalizeInvitationCode(input.code);
  if (!normalized) {
    throw new AppError("INVALID_INPUT", "an invitation code is 20 letters and digits", [
      {
        path: ["code"],
        code: "invalid_format",
        message: "expected 20 characters of Crockford base32",
      },
    ]);
  }
  const invitationId = invitationIdOf(normalized);
  const invitation = await runtime.store.getInvitation(invitationId);
  if (!invitation) {
    throw new AppError("NOT_FOUND", "invitation code not found; check it or ask for a new one");
  }

  const userId = userIdForOpenid(openid);
  const now = runtime.now();
  const user = await runtime.store.redeemInvitation({
    invitationId,
    userId,
    openid,
    now,
    event: userEvent(userId, invitation.role, "user.registered", now, { invitationId }),
  });
  runtime.logger.info({ user: hashUserId(userId), role: user.role }, "invitation redeemed");
  return meView(user);
}
