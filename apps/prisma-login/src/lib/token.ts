import { sign, verify } from 'hono/jwt';

/** How long a login token is valid, in seconds (7 days). */
export const TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;

function secret(): string {
  const s = process.env.JWT_SECRET;
  if (!s || s.length < 32) throw new Error('JWT_SECRET must be set to at least 32 characters (the login backend signs its HS256 tokens with it).');
  return s;
}

/** What a login token carries. */
export interface TokenClaims {
  /** The user's id. */
  sub: string;
  email: string;
}

/**
 * Signs an HS256 JWT for a user (hono/jwt), valid {@link TOKEN_TTL_SECONDS}.
 *
 * @throws Error when JWT_SECRET is missing or shorter than 32 characters
 */
export async function signToken(claims: TokenClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign({ ...claims, iat: now, exp: now + TOKEN_TTL_SECONDS }, secret(), 'HS256');
}

/**
 * Verifies an HS256 JWT and returns its claims.
 *
 * @throws hono/jwt's JwtTokenInvalid / JwtTokenExpired / JwtTokenSignatureMismatched for a bad token
 */
export async function verifyToken(token: string): Promise<TokenClaims> {
  const payload = await verify(token, secret(), 'HS256');
  return { sub: String(payload.sub), email: String(payload.email) };
}
