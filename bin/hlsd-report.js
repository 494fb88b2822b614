#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../pipeline/cli.ts');
await run(process.argv.slice(2));
