import type { NextConfig } from 'next';

const config: NextConfig = {
  // The replay builds this app in a monorepo; keep Turbopack's root here.
  turbopack: { root: '../..' },
};

export default config;
