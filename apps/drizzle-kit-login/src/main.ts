/**
 * `pnpm start`: the app over real HTTP, node:http on `PORT` (default 3000) calling
 * src/handler.ts; `DATABASE_URL` is read at the first query. Built to dist/main.mjs by
 * `pnpm build` (esbuild; drizzle-orm and pg stay external, loaded from node_modules).
 */
import http from 'node:http';
import { closeDb } from '../lib/db';
import { handle } from './handler';

const port = Number(process.env.PORT ?? 3000);

const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const request = new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? `localhost:${port}`}`), {
    method: req.method,
    headers: Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]])),
    ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
  });
  const response = await handle(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
});

server.listen(port, () => console.log(`drizzle-kit-login listening on http://localhost:${port}`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => void closeDb().finally(() => process.exit(0)));
}
