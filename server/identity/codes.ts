/**
 * Invitation codes and the ids derived from secrets.
 *
 * A code is 20 characters of Crockford base32 (100 random bits from
 * crypto.randomBytes), shown in groups of four: "7KQ2-M9XD-...". The store
 * keeps only the SHA-256 of the normalised code, as the invitation id.
 * Because the code is random and long, a plain hash without a salt is
 * enough: no one can guess a code from its hash.
 */

import { createHash, randomBytes } from "node:crypto";

/** Crockford's base32 alphabet: digits and letters without I, L, O and U. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_LENGTH = 20;

/** Creates a new random invitation code, grouped for reading aloud. */
export function newInvitationCode(): string {
  // 32 divides 256, so taking each byte modulo 32 keeps every character
  // equally likely.
  const characters = [...randomBytes(CODE_LENGTH)].map((byte) => ALPHABET[byte % 32]);
  const groups: string[] = [];
  for (let start = 0; start < CODE_LENGTH; start += 4) {
    groups.push(characters.slice(start, start + 4).join(""));
  }
  return groups.join("-");
}

/**
 * Returns the code as stored-hash input: upper case, without spaces and
 * dashes, with the letters Crockford reads as digits (I and L as 1, O as 0)
 * replaced. Returns null when it is not a code of this form.
 */
export function normalizeInvitationCode(text: string): string | null {
  const code = text.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  if (code.length !== CODE_LENGTH) return null;
  return [...code].every((character) => ALPHABET.includes(character)) ? code : null;
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Id of the invitation for a normalised code: "inv_" + 40 hex digits of its SHA-256. */
export function invitationIdOf(normalizedCode: string): string {
  return `inv_${sha256Hex(normalizedCode).slice(0, 40)}`;
}

/**
 * Id of the user registered with a WeChat openid. Deriving it makes a
 * second registration of the same openid write the same user document,
 * which the stores detect atomically.
 */
export function userIdForOpenid(openid: string): string {
  return `usr_${sha256Hex(`openid:${openid}`).slice(0, 32)}`;
}
