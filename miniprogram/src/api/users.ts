import type { Role } from "../../../shared/roles";
import { callFunction } from "./call-function";

/** The signed-in user as users.me returns them. */
export interface Me {
  userId: string;
  name: string;
  role: Role;
  customerId?: string;
}

/** users.me's reply: a registered user, or an openid with no user yet. */
export type MeReply = ({ registered: true } & Me) | { registered: false };

/**
 * Asks the users function who the caller is. In weapp this is the only
 * way to learn the role, because WeChat identifies the caller by openid.
 */
export function fetchMe(): Promise<MeReply> {
  return callFunction<MeReply>("users", { action: "me" });
}
