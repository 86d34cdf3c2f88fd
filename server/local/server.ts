import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

import { HTTP_STATUS } from "../../shared/errors";
import type { Runtime } from "../core/runtime";
import { invokeFunction, type Envelope, type Identity } from "../functions/boundary";
import { FUNCTIONS } from "../functions/registry";
import { serveStatic } from "./static";
import type { TokenSigner } from "./tokens";

const MAX_BODY_BYTES = 1024 * 1024;

export interface LocalServerOptions {
  runtime: Runtime;
  tokens: TokenSigner;
  /** Folder of the H5 build served at `/`. */
  staticDir: string;
  /** Called after each successful function call. */
  afterCall?: () => void;
}

class BadRequest extends Error {}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

function sendEnvelope(res: ServerResponse, envelope: Envelope): void {
  sendJson(res, envelope.ok ? 200 : HTTP_STATUS[envelope.error.code], envelope);
}

function invalid(message: string): Envelope {
  return { ok: false, error: { code: "INVALID_INPUT", message } };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(`body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequest("body is not valid JSON");
  }
}

function identify(req: IncomingMessage, tokens: TokenSigner): Identity {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return { kind: "anonymous" };
  const userId = tokens.verify(match[1]);
  if (userId) return { kind: "user", userId };
  const openid = tokens.verifyOpenid(match[1]);
  return openid ? { kind: "openid", openid } : { kind: "anonymous" };
}

/** Maximum length of an openid that the demo sign-in accepts. */
const MAX_OPENID_LENGTH = 128;

/**
 * The local server: hosts the cloud-function handlers at POST /fn/<name>,
 * demo sign-in under /auth, /healthz, and the H5 build at `/`.
 */
export function createLocalServer(options: LocalServerOptions): Server {
  const { runtime, tokens } = options;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;

    if (path === "/healthz") return sendJson(res, 200, { ok: true });

    if (path === "/auth/dev-users" && req.method === "GET") {
      const users = await runtime.store.listUsers();
      return sendJson(
        res,
        200,
        users.map((user) => ({
          id: user.userId,
          name: user.name,
          role: user.role,
          ...(user.customerId ? { customerId: user.customerId } : {}),
        })),
      );
    }

    if (path === "/auth/dev-login" && req.method === "POST") {
      const body = await readJson(req);
      // {"openid"} signs in as a WeChat user who may not be registered yet.
      const openid =
        body && typeof body === "object" && "openid" in body ? body.openid : undefined;
      if (openid !== undefined) {
        if (typeof openid !== "string" || openid.length === 0 || openid.length > MAX_OPENID_LENGTH) {
          return sendEnvelope(res, invalid(`openid must be a string of 1 to ${MAX_OPENID_LENGTH} characters`));
        }
        return sendJson(res, 200, { token: tokens.signOpenid(openid) });
      }
      const userId =
        body && typeof body === "object" && "userId" in body ? body.userId : undefined;
      if (typeof userId !== "string" || userId.length > 64) {
        return sendEnvelope(res, invalid("userId must be a string"));
      }
      if (!(await runtime.store.getUser(userId))) {
        return sendEnvelope(res, {
          ok: false,
          error: { code: "NOT_FOUND", message: `no demo user ${userId}` },
        });
      }
      return sendJson(res, 200, { token: tokens.sign(userId) });
    }

    const fnMatch = /^\/fn\/([A-Za-z]+)$/.exec(path);
    if (fnMatch) {
      const fn = Object.hasOwn(FUNCTIONS, fnMatch[1]) ? FUNCTIONS[fnMatch[1]] : undefined;
      if (!fn) {
        return sendEnvelope(res, {
          ok: false,
          error: { code: "NOT_FOUND", message: `no function ${fnMatch[1]}` },
        });
      }
      if (req.method !== "POST") return sendEnvelope(res, invalid("use POST"));
      const body = await readJson(req);
      const reply = await invokeFunction(fn, body, identify(req, tokens), runtime);
      if (reply.ok) options.afterCall?.();
      return sendEnvelope(res, reply);
    }

    if (req.method === "GET" && serveStatic(options.staticDir, path, res)) return;
    sendJson(res, 404, { ok: false, error: { code: "NOT_FOUND", message: `no route ${path}` } });
  }

  return createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof BadRequest || error instanceof URIError) {
        // The rest of an oversized body is never read, so this socket
        // cannot carry another request.
        res.setHeader("connection", "close");
        sendEnvelope(res, invalid(error.message));
        return;
      }
      runtime.logger.error({ err: error, path: req.url }, "request failed");
      if (!res.headersSent) {
        sendJson(res, 500, { ok: false, error: { code: "INTERNAL", message: "internal error" } });
      } else {
        res.destroy();
      }
    });
  });
}
