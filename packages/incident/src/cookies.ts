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
