import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Loads a 32-byte key kept as hex in `dataDir/fileName`, creating it with
 * random bytes and mode 0600 on first use, so a key survives restarts
 * and belongs to one data folder.
 */
export function loadSecretFile(dataDir: string, fileName: string): Buffer {
  const file = join(dataDir, fileName);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, "utf8").trim(), "hex");
}

/**
 * Demo sign-in tokens: "<userId>.<HMAC-SHA256 of userId>" under a secret
 * kept in the data folder, so a token cannot be forged or moved to another
 * data folder. They stand in for the WeChat openid in local mode only.
 */
export class TokenSigner {
  private readonly secret: Buffer;

  constructor(secret: Buffer) {
    this.secret = secret;
  }

  /** Loads the secret from `dataDir`, creating it on first start. */
  static fromDataDir(dataDir: string): TokenSigner {
    return new TokenSigner(loadSecretFile(dataDir, "token-secret"));
  }

  sign(userId: string): string {
    return `${Buffer.from(userId).toString("base64url")}.${this.mac(userId)}`;
  }

  /** Returns the user id of a valid token, or null. */
  verify(token: string): string | null {
    const [encodedId, mac, extra] = token.split(".");
    if (!encodedId || !mac || extra !== undefined) return null;
    const userId = Buffer.from(encodedId, "base64url").toString("utf8");
    const expected = Buffer.from(this.mac(userId));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return userId;
  }

  /**
   * Signs a token for a WeChat openid with no demo user, so the local
   * server can stand in for a first sign-in: "o.<openid>.<HMAC>". The HMAC
   * covers a prefix that no user id contains, so neither kind of token
   * can pass for the other.
   */
  signOpenid(openid: string): string {
    return `o.${Buffer.from(openid).toString("base64url")}.${this.mac(`\u0000openid\u0000${openid}`)}`;
  }

  /** Returns the openid of a valid token from signOpenid, or null. */
  verifyOpenid(token: string): string | null {
    const [kind, encodedOpenid, mac, extra] = token.split(".");
    if (kind !== "o" || !encodedOpenid || !mac || extra !== undefined) return null;
    const openid = Buffer.from(encodedOpenid, "base64url").toString("utf8");
    const expected = Buffer.from(this.mac(`\u0000openid\u0000${openid}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return openid;
  }

  private mac(userId: string): string {
    return createHmac("sha256", this.secret).update(userId).digest("base64url");
  }
}
