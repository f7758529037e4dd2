import bcrypt from 'bcryptjs';
import type { User } from '../../generated/client/index.js';
import { prisma } from '../db.js';
import { signToken } from '../lib/token.js';

/** A user as the API returns it: every column but the password hash. */
export type PublicUser = Omit<User, 'password'>;

/** The body of a successful login. */
export interface LoginResult {
  user: PublicUser;
  token: string;
}

/** bcrypt cost for new hashes (kept low: this backend only runs in replays). */
export const BCRYPT_ROUNDS = 8;

/** Hashes a password with bcrypt (bcryptjs). */
export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_ROUNDS);
}

/** Drops the password hash from a user row. */
export function toPublicUser(user: User): PublicUser {
  const { password: _password, ...rest } = user;
  return rest;
}

/**
 * Checks an email and password. Loads the FULL user row, as the postmortem's
 * login does (`prisma.user.findUnique({ where: { email } })`): Prisma selects
 * every scalar field of model User, so a column the schema has and the table
 * lacks fails the query with P2022.
 *
 * @returns the user and a signed token, or `null` for an unknown email or a wrong password
 * @throws PrismaClientKnownRequestError (e.g. P2022) when the query fails
 */
export async function login(email: string, password: string): Promise<LoginResult | null> {
  const user = await prisma().user.findUnique({ where: { email } });
  if (!user || !(await bcrypt.compare(password, user.password))) return null;
  return { user: toPublicUser(user), token: await signToken({ sub: user.id, email: user.email }) };
}
