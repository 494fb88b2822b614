// Helpers for end-to-end tests: run the real CLI in a child process and read its outputs.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/hlsd-report.js');

/**
 * The year a plain `build` of the project's data reports on: the latest period in
 * data/observations.csv (a fiscal year counts by its number), as the model chooses it.
 */
export const YEAR: number = Math.max(
  ...readFileSync(join(ROOT, 'data/observations.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => /^[^,]+,[A-Z]{2},(?:FY)?(\d{4}),/.exec(line)?.[1])
    .filter((y): y is string => y !== undefined)
    .map(Number),
);

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary copy of the project's inputs (data, seeds, templates) to break or change safely. */
export function scratchProject(prefix = 'hlsd-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const sub of ['data', 'seeds', 'templates']) cpSync(join(ROOT, sub), join(dir, sub), { recursive: true });
  return dir;
}

/** path → sha256 of every file below dir (relative paths), for "nothing changed" checks. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else out[`${rel}${name}`] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir, '');
  return out;
}

/** The PDF's text: laid out as on the page (default), or in reading order (`layout` false: table cells one after the other). */
export function pdfText(path: string, layout = true): string {
  const r = spawnSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', path, '-'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout;
}

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}
