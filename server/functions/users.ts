import { ROLES } from "../../shared/roles";
import {
  BootstrapRequest,
  InviteRequest,
  MeRequest,
  RedeemRequest,
} from "../../shared/schemas/users";
import {
  bootstrapManager,
  createInvitation,
  describeMe,
  redeemInvitation,
} from "../identity/service";
import { action, openAction, type FunctionDefinition } from "./define";

export const usersFunction: FunctionDefinition = {
  name: "users",
  actions: {
    me: openAction({ input: MeRequest, roles: ROLES, run: describeMe }),
    bootstrap: openAction({ input: BootstrapRequest, roles: ROLES, run: bootstrapManager }),
    invite: action({ input: InviteRequest, roles: ["manager"], run: createInvitation }),
    redeem: openAction({ input: RedeemRequest, roles: ROLES, run: redeemInvitation }),
  },
};
