import http from 'node:http';
import fs from 'node:fs';

/** Where a Docker Engine API answers: a unix socket or a TCP host:port. */
export type DockerEndpoint = { kind: 'socket'; socketPath: string } | { kind: 'tcp'; host: string; port: number };

/**
 * The Docker endpoint this machine would use: `DOCKER_HOST`
 * (`unix:///path` or `tcp://host:port`), else `/var/run/docker.sock` when it
 * exists, else `undefined`.
 *
 * @param env the environment to read (defaults to `process.env`)
 * @throws never; an unparseable DOCKER_HOST yields `undefined`
 */
export function dockerEndpoint(env: NodeJS.ProcessEnv = process.env): DockerEndpoint | undefined {
  const host = env.DOCKER_HOST;
  if (host) {
    if (host.startsWith('unix://')) return { kind: 'socket', socketPath: host.slice('unix://'.length) };
    const m = /^tcp:\/\/([^:/]+):(\d+)/.exec(host);
    if (m) return { kind: 'tcp', host: m[1]!, port: Number(m[2]) };
    return undefined;
  }
  if (fs.existsSync('/var/run/docker.sock')) return { kind: 'socket', socketPath: '/var/run/docker.sock' };
  return undefined;
}

/**
 * Asks a Docker endpoint `GET /_ping` and resolves `true` only for a 200
 * answering `OK` within `timeoutMs`. Testcontainers itself waits forever on an
 * endpoint that accepts a connection but never answers, so this probe runs
 * first, with a hard timeout.
 *
 * @param endpoint the endpoint to probe
 * @param timeoutMs total budget in milliseconds (default 1500)
 * @returns whether a Docker engine answered; never rejects
 */
export function pingDocker(endpoint: DockerEndpoint, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const target = endpoint.kind === 'socket' ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port };
    const req = http.request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve(res.statusCode === 200 && body.trim() === 'OK');
      });
    });
    // `timeout` above only covers socket inactivity; this covers the whole exchange.
    const timer = setTimeout(() => {
      req.destroy();
      resolve(false);
    }, timeoutMs);
    req.on('timeout', () => req.destroy());
    req.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    req.end();
  });
}
