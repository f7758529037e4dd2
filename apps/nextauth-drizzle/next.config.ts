import path from 'node:path';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // A workspace app: dependencies live in the monorepo root's node_modules.
  turbopack: { root: path.resolve(__dirname, '..', '..') },
};

export default config;
