#!/usr/bin/env node
// Linli ships TypeScript sources and runs them through tsx, so there is no build step for the server.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
