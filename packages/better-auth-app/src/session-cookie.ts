/**
 * Better Auth's session cookie name with the default `better-auth` prefix
 * (the same in 0.8, 1.4 and 1.7 over plain http).
 */
export const SESSION_COOKIE = 'better-auth.session_token';

/**
 * Reads the session cookie's value from a request's `cookie` header,
 * URL-decoded (Better Auth's `token.signature` has `+`, `/`, `=` that arrive
 * percent-encoded).
 *
 * @returns the value, or `undefined` when the cookie is absent
 */
export function readSessionCookie(headers: Headers, name = SESSION_COOKIE): string | undefined {
  const header = headers.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

/**
 * Splits a signed cookie value `token.signature` at its last dot (the way
 * better-call's getSignedCookie does). A value without a dot is all token.
 */
export function splitSignedCookie(value: string): { token: string; signature: string | undefined } {
  const dot = value.lastIndexOf('.');
  if (dot < 1) return { token: value, signature: undefined };
  return { token: value.slice(0, dot), signature: value.slice(dot + 1) };
}
