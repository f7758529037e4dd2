import { CookieJar } from 'tough-cookie';

/**
 * A browser-like cookie jar over `fetch` (tough-cookie does the RFC 6265
 * work): remembers Set-Cookie from every response, sends matching cookies on
 * every request, never follows redirects (the replay asserts on them).
 */
export class Browser {
  readonly jar = new CookieJar();

  /**
   * @param baseUrl where the app answers, e.g. `http://localhost:3000`
   * @param fetchImpl the fetch to use (the real one, or an in-process handler's)
   */
  constructor(
    readonly baseUrl: string,
    private readonly fetchImpl: (input: string, init?: RequestInit) => Promise<Response> = fetch,
  ) {}

  /**
   * Sends a request with the jar's cookies and stores the response's.
   *
   * @param path path (and query) under `baseUrl`
   * @param init fetch options; `form` sends `application/x-www-form-urlencoded`, `json` sends JSON
   */
  async request(path: string, init: RequestInit & { form?: Record<string, string>; json?: unknown } = {}): Promise<Response> {
    const url = new URL(path, this.baseUrl).toString();
    const headers = new Headers(init.headers);
    const cookie = await this.jar.getCookieString(url);
    if (cookie) headers.set('cookie', cookie);
    let body = init.body;
    if (init.form) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const { form: _f, json: _j, ...rest } = init;
    const res = await this.fetchImpl(url, { ...rest, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) await this.jar.setCookie(c, url, { ignoreError: true });
    return res;
  }

  /** The value of cookie `name` for `baseUrl`, or undefined. */
  async cookie(name: string): Promise<string | undefined> {
    const all = await this.jar.getCookies(this.baseUrl);
    return all.find((c) => c.key === name)?.value;
  }

  /** Sets a cookie by hand (e.g. a token issued earlier, or a forged one). */
  async setCookie(name: string, value: string): Promise<void> {
    await this.jar.setCookie(`${name}=${value}; Path=/`, this.baseUrl);
  }

  /** Forgets every cookie. */
  async clear(): Promise<void> {
    await this.jar.removeAllCookies();
  }
}

/** Where Set-Cookie headers can be read from: a Response, its Headers, or the header values themselves. */
export type SetCookieSource = Response | Headers | readonly string[];

function setCookieHeaders(from: SetCookieSource): readonly string[] {
  if (from instanceof Response) return from.headers.getSetCookie();
  if (from instanceof Headers) return from.getSetCookie();
  return from;
}

/**
 * True when a Set-Cookie deletes cookie `name`: an empty value with an expiry in the past
 * (`Expires=Thu, 01 Jan 1970 …`) or `Max-Age=0`, as NextAuth v4 and Auth.js v5 send on sign-out
 * or on a session they could not read.
 *
 * @param from the response, its headers, or its Set-Cookie values (e.g. `headers.getSetCookie()`)
 * @param name the cookie, e.g. `next-auth.session-token` (NextAuth v4) or `authjs.session-token` (Auth.js v5)
 */
export function clearsCookie(from: SetCookieSource, name: string): boolean {
  return setCookieHeaders(from).some((c) => c.startsWith(`${name}=;`) && /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c));
}

/** True when a Set-Cookie gives cookie `name` a non-empty value (see {@link clearsCookie} for the parameters). */
export function setsCookie(from: SetCookieSource, name: string): boolean {
  return setCookieHeaders(from).some((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`));
}

/**
 * Signs in with the credentials provider as a browser does it, for NextAuth v4 and Auth.js v5
 * alike (both follow the same flow): `GET <basePath>/csrf` (a token, plus the csrf cookie in the
 * jar), then a form POST of the token, the credentials and `callbackUrl` to
 * `<basePath>/callback/credentials`. Returns that POST's response unfollowed: 302 with the session
 * cookie on success (the browser stores it), whatever the app answered otherwise.
 *
 * @param browser the browser to sign in (its jar keeps the cookies)
 * @param credentials the form fields the app's `authorize` reads, e.g. `{ email, password }`
 * @param options.callbackPath where the app should send the user afterwards (default `/`)
 * @param options.basePath the auth routes' prefix (default `/api/auth`)
 * @throws Error when the csrf endpoint answers without a `csrfToken`
 */
export async function signInWithCredentials(
  browser: Browser,
  credentials: Record<string, string>,
  options: { callbackPath?: string; basePath?: string } = {},
): Promise<Response> {
  const basePath = options.basePath ?? '/api/auth';
  const csrf = await browser.request(`${basePath}/csrf`);
  const { csrfToken } = (await csrf.json().catch(() => ({}))) as { csrfToken?: string };
  if (!csrfToken) throw new Error(`GET ${basePath}/csrf answered ${csrf.status} without a csrfToken`);
  const callbackUrl = new URL(options.callbackPath ?? '/', browser.baseUrl).toString();
  return browser.request(`${basePath}/callback/credentials`, { method: 'POST', form: { csrfToken, ...credentials, callbackUrl } });
}
