/**
 * Runs apps/authjs-edge in this process without `next build`, the way Next
 * splits it at run time:
 *
 * - Edge code (src/middleware.ts) is bundled with
 *   esbuild for the Edge runtime (`edge-light` conditions, no Node built-ins)
 *   and evaluated in an `@edge-runtime/vm` EdgeVM — a sandbox with only the
 *   Web APIs the Edge runtime has (no `require`, no `Buffer`, no TCP);
 * - Node code (the Auth.js route handlers of src/auth.ts) is bundled for
 *   Node and loaded here.
 *
 * vitest's own `edge-runtime` environment is not used on purpose: it leaves
 * `require` and `Buffer` in place, so a TCP client would wrongly work there.
 *
 * Routing follows the app: `/api/auth/*` → Node handlers, everything the
 * middleware matches (`/admin/*`, `/api/me`) → Edge middleware,
 * whose verdict is returned as Next's middleware protocol has it (a redirect,
 * or `x-middleware-next: 1` meaning "continue to the page").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { EdgeVM, type EdgeContext } from '@edge-runtime/vm';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The app's folder (apps/authjs-edge). */
export const APP_DIR = path.resolve(here, '../../apps/authjs-edge');

/** Which database client the Edge bundle uses: the app's neon-http one, or node-postgres (the TCP variant). */
export type EdgeDbClient = 'neon-http' | 'node-postgres';

/** Response parts as they leave the Edge sandbox (plain data, so no realm mix-ups). */
interface EdgeResult {
  status: number;
  headers: [string, string][];
  setCookies: string[];
  body: string;
}

const bundles = new Map<string, Promise<string>>();

/**
 * Bundles the app's Edge entry points for the Edge runtime (memoized per variant).
 * With `node-postgres`, `@/lib/db` resolves to src/lib/db/node-postgres.ts —
 * the TCP client a team might try in the same place.
 *
 * @returns the bundle's source (an IIFE that sets `globalThis.__edgeApp`)
 * @throws esbuild's error when the app does not bundle for the Edge runtime
 */
export function bundleEdge(client: EdgeDbClient = 'neon-http'): Promise<string> {
  let p = bundles.get(client);
  if (!p) {
    p = build({
      stdin: {
        contents: `
          import middleware, { config } from '@/middleware';
          import { NextRequest } from 'next/server';
          import { eq } from 'drizzle-orm';
          import { db } from '@/lib/db';
          import { users } from '@/lib/db/schema';
          async function toPlain(res) {
            return { status: res.status, headers: [...res.headers.entries()], setCookies: res.headers.getSetCookie(), body: await res.text() };
          }
          globalThis.__edgeApp = {
            matcher: config.matcher,
            async middleware(url, init) { return toPlain(await middleware(new NextRequest(url, init), { waitUntil() {} })); },
            // The session callback's own query, run alone inside the sandbox, to see its error whole.
            async findUser(id) {
              try {
                const row = await db.query.users.findFirst({ where: eq(users.id, id) });
                return { ok: true, role: row?.role ?? null };
              } catch (e) {
                return { ok: false, errorClass: e.constructor.name, message: e.message, cause: e.cause ? { errorClass: e.cause.constructor.name, message: e.cause.message, code: e.cause.code } : null };
              }
            },
          };`,
        resolveDir: APP_DIR,
        sourcefile: 'edge-entry.js',
        loader: 'js',
      },
      absWorkingDir: APP_DIR,
      tsconfig: path.join(APP_DIR, 'tsconfig.json'),
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      conditions: ['edge-light', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
      // Like Next's Edge compilation: Node built-ins are not there at run time.
      external: ['node:*', ...NODE_BUILTINS],
      // Next's Edge compilation mocks these too (ncc-compiled modules read __dirname).
      define: { 'process.env.NODE_ENV': '"production"', __dirname: '"/"', __filename: '"/index.js"' },
      plugins: client === 'node-postgres' ? [swapDbClient] : [],
      logLevel: 'silent',
    }).then((r) => r.outputFiles[0]!.text);
    bundles.set(client, p);
  }
  return p;
}

/** Resolves exactly `@/lib/db` (not `@/lib/db/schema`) to the node-postgres client. */
const swapDbClient = {
  name: 'swap-db-client-for-node-postgres',
  setup(b: { onResolve(o: { filter: RegExp }, cb: () => { path: string }): void }) {
    b.onResolve({ filter: /^@\/lib\/db$/ }, () => ({ path: path.join(APP_DIR, 'src/lib/db/node-postgres.ts') }));
  },
};

let nodeBundle: Promise<string> | undefined;

/** Bundles src/auth.ts's handlers for Node to CommonJS (memoized); returns the bundle's source. */
function bundleNode(): Promise<string> {
  nodeBundle ??= build({
    stdin: {
      contents: `export { handlers } from '@/auth'; export { NextRequest } from 'next/server';`,
      resolveDir: APP_DIR,
      sourcefile: 'node-entry.js',
      loader: 'js',
    },
    absWorkingDir: APP_DIR,
    tsconfig: path.join(APP_DIR, 'tsconfig.json'),
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return nodeBundle;
}

/** What the Node bundle exports. */
interface NodeBundle {
  handlers: { GET(req: Request): Promise<Response>; POST(req: Request): Promise<Response> };
  NextRequest: new (url: string, init?: RequestInit) => Request;
}

/**
 * Runs the Node bundle as a new CommonJS module, so module state starts anew
 * (NextAuth() reads AUTH_SECRET etc. when the module runs). Node's `require`
 * loads from a file: the source is written to a temporary folder that is
 * removed as soon as the module has run, whatever happens next (a failing
 * test, a killed process), so it never outlives this call.
 *
 * @param source the bundle ({@link bundleNode})
 * @throws whatever the module throws while it runs
 */
function requireFresh(source: string): NodeBundle {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authjs-edge-node-'));
  const file = path.join(dir, 'auth.cjs');
  const require = createRequire(import.meta.url);
  try {
    fs.writeFileSync(file, source);
    return require(file) as NodeBundle;
  } finally {
    delete require.cache[file]; // the app keeps its exports; the cache need not keep the module
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The app running in this process; `fetch` is what a {@link Browser} sends through. */
export interface InProcessApp {
  /** Routes a request like the app's server would (see the module comment). */
  fetch(input: string, init?: RequestInit): Promise<Response>;
  /**
   * Runs the pre-fix session callback's query (`db.query.users.findFirst` by id)
   * inside the Edge sandbox with the app's `db`, and returns its outcome as data:
   * the role found, or the error's class, message and cause.
   */
  findUserInEdge(id: string): Promise<EdgeQueryOutcome>;
}

/** What {@link InProcessApp.findUserInEdge} observed. */
export type EdgeQueryOutcome =
  | { ok: true; role: string | null }
  | { ok: false; errorClass: string; message: string; cause: { errorClass: string; message: string; code?: string } | null };

/**
 * Loads the app. A fresh EdgeVM is made per app (module state such as the
 * Drizzle client starts anew); `env` is both the Node side's `process.env`
 * (the caller sets it) and the Edge sandbox's `process.env` (copied, as Next
 * copies the server's environment into its Edge sandbox).
 *
 * @param opts.env variables the app reads (DATABASE_URL, AUTH_SECRET, SESSION_CALLBACK, NEON_HTTP_ENDPOINT…)
 * @param opts.edgeDbClient which DB client the Edge bundle is built with (default neon-http)
 * @throws whatever the Edge bundle throws while it loads (e.g. a Node-only module)
 */
export async function loadInProcessApp(opts: { env: Record<string, string>; edgeDbClient?: EdgeDbClient }): Promise<InProcessApp> {
  const [edgeSource, nodeSource] = await Promise.all([bundleEdge(opts.edgeDbClient), bundleNode()]);
  const vm = new EdgeVM({
    extend: (context: EdgeContext) => {
      const ctx = context as unknown as Record<string, unknown>;
      ctx.process = { env: { ...opts.env, NEXT_RUNTIME: 'edge' } };
      // Forward to the host console looked up per call, so the replay's log capture sees the app's lines.
      ctx.console = Object.fromEntries(
        ['log', 'info', 'warn', 'error', 'debug'].map((l) => [
          l,
          (...a: unknown[]) => (console as unknown as Record<string, (...x: unknown[]) => void>)[l]!(...a),
        ]),
      );
      return context;
    },
  });
  vm.evaluate(edgeSource);
  const edge = vm.context.__edgeApp as {
    middleware(url: string, init: RequestInit): Promise<EdgeResult>;
    findUser(id: string): Promise<EdgeQueryOutcome>;
  };
  const node = requireFresh(nodeSource);

  const toResponse = (r: EdgeResult): Response => {
    const headers = new Headers();
    for (const [k, v] of r.headers) if (k !== 'set-cookie') headers.append(k, v);
    for (const c of r.setCookies) headers.append('set-cookie', c);
    const body = r.status === 204 || r.status === 304 ? null : r.body;
    return new Response(body, { status: r.status, headers });
  };

  return {
    findUserInEdge: (id) => edge.findUser(id),
    async fetch(input, init = {}) {
      const url = new URL(input);
      const headers = new Headers(init.headers);
      // What Next's server adds in front of middleware and routes; Auth.js builds its URLs from them.
      if (!headers.has('host')) headers.set('host', url.host);
      if (!headers.has('x-forwarded-proto')) headers.set('x-forwarded-proto', url.protocol.slice(0, -1));
      const plainInit: RequestInit = { method: init.method ?? 'GET', headers: [...headers.entries()], body: init.body as string | undefined };
      if (url.pathname.startsWith('/api/auth/')) {
        const req = new node.NextRequest(url.toString(), plainInit);
        return (plainInit.method === 'POST' ? node.handlers.POST : node.handlers.GET)(req);
      }
      if (url.pathname === '/api/me' || url.pathname === '/admin' || url.pathname.startsWith('/admin/'))
        return toResponse(await edge.middleware(url.toString(), plainInit));
      return new Response(`not routed in-process: ${url.pathname}`, { status: 404 });
    },
  };
}

const NODE_BUILTINS = [
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'http',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'querystring',
  'stream',
  'string_decoder',
  'timers',
  'tls',
  'url',
  'util',
  'zlib',
];
