import type { Role } from "../../../shared/roles";
import { callFunction } from "./call-function";

/** The signed-in user as users.me returns them. */
export interface Me {
  userId: string;
  name: string;
  role: Role;
  customerId?: string;
}

/**
 * Asks the users function who the caller is. In weapp this is the only
 * way to learn the role, because WeChat identifies the caller by openid.
 */
export function fetchMe(): Promise<Me> {
  return callFunction<Me>("users", { action: "me" });
}
