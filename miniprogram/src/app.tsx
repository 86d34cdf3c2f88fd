import type { PropsWithChildren } from "react";
import Taro, { useLaunch } from "@tarojs/taro";

import { watchNetworkForQueuedOrder } from "./cart/network-watch";
import { refreshMe } from "./session/me-cache";
import "./ui/theme.css";
import "./app.css";

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === "weapp") {
      // NOTE: WeChat's current docs mark env as required; an empty
      // TCB_ENV_ID leaves it unset, which only older base libraries accept.
      Taro.cloud.init({ env: CLOUD_ENV_ID || undefined, traceUser: true });
      // The openid identifies the caller; users.me tells the role.
      void refreshMe();
    }
    watchNetworkForQueuedOrder();
  });

  return children;
}

export default App;
