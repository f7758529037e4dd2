import type { NextConfig } from 'next';

const config: NextConfig = {
  // The replay builds this app inside a monorepo; keep Turbopack's root at the workspace.
  turbopack: { root: '../..' },
};

export default config;
