const ALPHABET =
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomBytes(count: number): Uint8Array {
  const bytes = new Uint8Array(count);
  // Browsers have Web Crypto; the weapp runtime has no `crypto` global, so
  // it falls back to Math.random, which is enough for a per-user key.
  if (typeof crypto !== "undefined" && crypto.getRandomValues) {
    crypto.getRandomValues(bytes);
    return bytes;
  }
  for (let i = 0; i < count; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  return bytes;
}

/**
 * Creates an idempotency key: a base-36 timestamp, "-", and 20 random
 * characters from a 62-letter alphabet, within the server's 8 to 64
 * characters of [A-Za-z0-9_-].
 */
export function createRequestId(): string {
  const random = Array.from(randomBytes(20), (byte) => ALPHABET[byte % 62]);
  return `${Date.now().toString(36)}-${random.join("")}`;
}
