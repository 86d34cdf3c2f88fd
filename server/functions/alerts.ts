import { TimerRunRequest } from "../../shared/schemas/notification";
import { runAlerts } from "../alerts/run";
import { action, type FunctionDefinition } from "./define";
import { describeNow, timerRuntime } from "./timers";

export const alertsFunction: FunctionDefinition = {
  name: "alerts",
  timerAction: "run",
  actions: {
    /** The stuck-order timer: on its trigger in production, on demand for a manager locally. */
    run: action({
      input: TimerRunRequest,
      roles: ["manager"],
      run: async (runtime, _caller, input) => {
        const effective = timerRuntime(runtime, input.now);
        return { ...(await runAlerts(effective)), now: describeNow(effective) };
      },
    }),
  },
};
