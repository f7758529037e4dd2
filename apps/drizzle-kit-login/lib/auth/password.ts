/** Password hashes: scrypt from node:crypto, stored as `scrypt$<salt hex>$<key hex>`. */
import crypto from 'node:crypto';

// Low cost on purpose: the replay signs in a handful of times per run.
const PARAMS = { N: 1024, r: 8, p: 1 };
const KEY_BYTES = 32;

/** Hashes a password with a fresh 16-byte salt. */
export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${crypto.scryptSync(password, salt, KEY_BYTES, PARAMS).toString('hex')}`;
}

/** Whether `password` matches a hash made by {@link hashPassword} (constant-time); false for any other format. */
export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'hex');
  const actual = crypto.scryptSync(password, Buffer.from(salt, 'hex'), expected.length, PARAMS);
  return crypto.timingSafeEqual(actual, expected);
}
