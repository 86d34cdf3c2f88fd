import Taro from "@tarojs/taro";

import { ApiError, unwrapReply } from "./api-error";
import { loadSession } from "../session/session";

/** The object a function receives: the action name plus its input. */
export type FunctionData = { action: string } & Record<string, unknown>;

/**
 * Calls a cloud function and returns its `data`, or throws ApiError with
 * the reply's code. In weapp the call goes through Taro.cloud; in h5 it is
 * `POST /fn/<name>` on the local server that serves the page.
 */
export async function callFunction<T>(
  name: string,
  data: FunctionData,
): Promise<T> {
  const reply =
    process.env.TARO_ENV === "h5"
      ? await postToLocalServer(name, data)
      : await callCloudFunction(name, data);
  return unwrapReply<T>(reply, name);
}

async function postToLocalServer(
  name: string,
  data: FunctionData,
): Promise<unknown> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
  };
  const session = loadSession();
  if (session) headers.Authorization = `Bearer ${session.token}`;

  let response: Response;
  try {
    response = await fetch(`/fn/${encodeURIComponent(name)}`, {
      method: "POST",
      headers,
      body: JSON.stringify(data),
    });
  } catch (cause) {
    throw new ApiError("NETWORK_ERROR", `POST /fn/${name} failed`, undefined, {
      cause,
    });
  }

  try {
    return await response.json();
  } catch (cause) {
    throw new ApiError(
      "NETWORK_ERROR",
      `POST /fn/${name} returned HTTP ${response.status} without a JSON body`,
      undefined,
      { cause },
    );
  }
}

async function callCloudFunction(
  name: string,
  data: FunctionData,
): Promise<unknown> {
  try {
    const response = await Taro.cloud.callFunction({ name, data });
    return response.result;
  } catch (cause) {
    // The SDK rejects when the function is missing, times out or the
    // network is down; none of these carry a function reply.
    const errMsg =
      typeof cause === "object" && cause !== null && "errMsg" in cause
        ? String(cause.errMsg)
        : String(cause);
    throw new ApiError(
      "NETWORK_ERROR",
      `callFunction ${name}: ${errMsg}`,
      undefined,
      {
        cause,
      },
    );
  }
}
