#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so no build step is needed. Anything that escapes
// the CLI's own error handling still ends as "internal error" with exit 70, never a bare stack.
import { register } from 'tsx/esm/api';

const internal = (e) => {
  process.stderr.write(`hlsd-report: internal error: ${e?.message ?? String(e)}\nThis is a bug in hlsd-report, not in your data. Please report it with the command you ran; set HLSD_DEBUG=1 to print the stack.\n`);
  if (process.env.HLSD_DEBUG) process.stderr.write(`${e?.stack ?? ''}\n`);
  process.exit(70);
};
process.on('uncaughtException', internal);
process.on('unhandledRejection', internal);

register();
const { run } = await import('../pipeline/cli.ts');
await run(process.argv.slice(2));
