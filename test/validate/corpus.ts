// The bad-data corpus: each case directory under test/fixtures/bad/, its expected diagnostics, and
// the README table generated from them.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Diagnostic } from '../../pipeline/diagnostics/diagnostic.js';
import { validateDataset } from '../../pipeline/validate/index.js';
import { frameworkMin } from '../fixtures/framework-min.js';
import { BAD, DATA_FILES, loadInput, loadSeeds } from './load.js';

const Expected = z.object({
  rule: z.string(),
  file: z.enum(DATA_FILES),
  line: z.number().int().positive(),
  column: z.number().int().positive().optional(),
  severity: z.enum(['error', 'warning']).optional(),
});
export type Expected = z.infer<typeof Expected>;

export interface CorpusCase {
  name: string;
  dir: string;
  /** The files the case overrides; the others come from good-small. */
  files: string[];
  expected: Expected[];
}

export function corpusCases(): CorpusCase[] {
  return readdirSync(BAD)
    .filter((name) => statSync(join(BAD, name)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(BAD, name);
      const raw: unknown = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const expected = z.union([Expected, z.array(Expected)]).parse(raw);
      const files = DATA_FILES.filter((f) => readdirSync(dir).includes(f));
      return { name, dir, files, expected: Array.isArray(expected) ? expected : [expected] };
    });
}

let seeds: ReturnType<typeof loadSeeds> | undefined;

export function runCase(c: CorpusCase): Diagnostic[] {
  seeds ??= loadSeeds();
  return validateDataset(loadInput(c.dir), frameworkMin, seeds).diagnostics;
}

/** The Markdown table case → rule → position → message, in case order. */
export function corpusTable(): string {
  const rows = corpusCases().map((c) => {
    const diagnostics = runCase(c);
    const shown = diagnostics.length === 0 ? [] : diagnostics;
    const rule = shown.length ? [...new Set(shown.map((d) => `\`${d.rule}\``))].join('<br>') : '(none: accepted)';
    const where = shown.map((d) => `${d.file}:${d.line ?? ''}${d.column ? `:${d.column}` : ''}`).join('<br>');
    const message = shown.map((d) => `${d.severity === 'warning' ? '(warning) ' : ''}${d.message}`).join('<br>');
    return `| \`${c.name}\` | ${rule} | ${where} | ${escapeCell(message)} |`;
  });
  return ['| case | rule | where | message |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
