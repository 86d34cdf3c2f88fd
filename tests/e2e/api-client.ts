import { randomUUID } from "node:crypto";

/** A function reply as the local server sends it. */
export type Reply<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; details?: unknown } };

/** Calls the local server directly, to set up and check what the UI did. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async signIn(baseUrl: string, userId: string): Promise<ApiClient> {
    const response = await fetch(`${baseUrl}/auth/dev-login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userId }),
    });
    const body = (await response.json()) as { token?: string };
    if (!body.token)
      throw new Error(`dev-login for ${userId} returned no token`);
    return new ApiClient(baseUrl, body.token);
  }

  async call<T>(
    name: string,
    data: Record<string, unknown>,
  ): Promise<Reply<T>> {
    const response = await fetch(`${this.baseUrl}/fn/${name}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${this.token}`,
      },
      body: JSON.stringify(data),
    });
    return (await response.json()) as Reply<T>;
  }

  /** Calls and returns `data`, or throws with the error reply. */
  async ok<T>(name: string, data: Record<string, unknown>): Promise<T> {
    const reply = await this.call<T>(name, data);
    if (!reply.ok) {
      throw new Error(
        `${name}.${String(data.action)} failed: ${JSON.stringify(reply.error)}`,
      );
    }
    return reply.data;
  }
}

/** Creates a requestId the server accepts: 8 to 64 of [A-Za-z0-9_-]. */
export function newRequestId(): string {
  return randomUUID();
}
