import { ROLES } from "../../shared/roles";
import { InboxRequest, SubscribeRequest, TimerRunRequest } from "../../shared/schemas/notification";
import { dispatchDue } from "../notification/dispatcher";
import { inboxOnlySender } from "../notification/senders";
import { listInbox, subscribe } from "../notification/service";
import { action, type FunctionDefinition } from "./define";
import { describeNow, timerRuntime } from "./timers";

export const notificationsFunction: FunctionDefinition = {
  name: "notifications",
  timerAction: "dispatch",
  actions: {
    inbox: action({ input: InboxRequest, roles: ROLES, run: listInbox }),
    subscribe: action({ input: SubscribeRequest, roles: ROLES, run: subscribe }),
    /** The outbox dispatcher: a timer in production, on demand for a manager locally. */
    dispatch: action({
      input: TimerRunRequest,
      roles: ["manager"],
      run: async (runtime, _caller, input) => {
        const effective = timerRuntime(runtime, input.now);
        const report = await dispatchDue(effective, effective.sender ?? inboxOnlySender);
        return { ...report, now: describeNow(effective) };
      },
    }),
  },
};
