import { ApiError, unwrapReply } from "./api-error";
import type { DevUser } from "../session/session";

// Demo sign-in exists only on the local server, so only h5 pages call it.

async function requestJson(path: string, init?: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    throw new ApiError("NETWORK_ERROR", `${path} failed`, undefined, { cause });
  }

  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new ApiError(
      "NETWORK_ERROR",
      `${path} returned HTTP ${response.status} without a JSON body`,
      undefined,
      { cause },
    );
  }
  // Errors use the function reply shape; success bodies are plain JSON.
  if (!response.ok) return unwrapReply(body, path);
  return body;
}

/** Lists the demo users of GET /auth/dev-users. */
export async function listDevUsers(): Promise<DevUser[]> {
  const body = await requestJson("/auth/dev-users");
  if (Array.isArray(body)) return body as DevUser[];
  throw new ApiError("NETWORK_ERROR", "/auth/dev-users did not return a list");
}

/** Signs in as a demo user and returns the bearer token. */
export async function signInAsDevUser(userId: string): Promise<string> {
  const body = await requestJson("/auth/dev-login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userId }),
  });
  if (typeof body === "object" && body !== null && "token" in body) {
    const { token } = body;
    if (typeof token === "string") return token;
  }
  throw new ApiError("NETWORK_ERROR", "/auth/dev-login returned no token");
}
