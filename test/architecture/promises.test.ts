// Promises of the README and build.ts kept as rules of .dependency-cruiser.cjs, so `make imports`
// (and `make test`) fail when code breaks them, shown here on a copy of the tree:
// - fs-outside-effects: no pipeline module outside effects-node.ts touches node:fs, except the few
//   that read the tool's own files (FS_ALLOWED, each with its reason);
// - commands-bypass-build: commands read, check and compose the report only through build.ts.

import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const FS_ALLOWED = (
  createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { FS_ALLOWED: [string, string][] }
).FS_ALLOWED;

const copies: string[] = [];
afterAll(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** `make imports` in a copy of pipeline/, the rule and the Makefile, with `edit` applied. */
function makeImports(edit: (root: string) => void): { status: number | null; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'hlsd-node-fs-'));
  copies.push(root);
  cpSync(join(ROOT, 'pipeline'), join(root, 'pipeline'), { recursive: true });
  for (const f of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json', 'package-lock.json', 'Makefile'])
    cpSync(join(ROOT, f), join(root, f));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  edit(root);
  // -o: never (re)install the dependencies from the copy; they are the project's own.
  const r = spawnSync('make', ['--no-print-directory', '-o', 'node_modules/.package-lock.json', 'imports'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('node:fs stays behind Effects', () => {
  it('names each module allowed to import it, with its reason, and each exists', () => {
    expect(FS_ALLOWED.map(([m]) => m)).toContain('effects-node.ts');
    for (const [module, why] of FS_ALLOWED) {
      expect(existsSync(join(ROOT, 'pipeline', module)), module).toBe(true);
      expect(why.length, module).toBeGreaterThan(20);
    }
  });

  it('make imports fails on a new node:fs, fs or fs/promises import outside them, static or dynamic', () => {
    const r = makeImports((dir) => {
      appendFileSync(
        join(dir, 'pipeline/compose/summary.ts'),
        "\nimport { readFileSync as _read } from 'node:fs';\nexport const _r = _read;\n",
      );
      appendFileSync(
        join(dir, 'pipeline/validate/units.ts'),
        "\nimport * as _fsp from 'fs/promises';\nexport const _p = _fsp;\n",
      );
      appendFileSync(join(dir, 'pipeline/model/index.ts'), "\nexport const _load = () => import('node:fs');\n");
    });
    expect(r.status, r.out).not.toBe(0);
    expect(r.out).toContain('fs-outside-effects: pipeline/compose/summary.ts → fs');
    expect(r.out).toContain('fs-outside-effects: pipeline/validate/units.ts → fs/promises');
    expect(r.out).toContain('fs-outside-effects: pipeline/model/index.ts → fs');
    expect(r.out).toMatch(/x 3 dependency violations/);
  }, 120_000);
});

describe('commands go through build.ts', () => {
  it('make imports fails when a command reads or composes the report itself', () => {
    const r = makeImports((dir) => {
      appendFileSync(
        join(dir, 'pipeline/commands/assess.ts'),
        "\nexport { ingest as _ingest } from '../ingest/index.js';\n",
      );
      appendFileSync(
        join(dir, 'pipeline/commands/explain.ts'),
        "\nexport { composeDocuments as _compose } from '../compose/documents.js';\n",
      );
    });
    expect(r.status, r.out).not.toBe(0);
    expect(r.out).toContain('commands-bypass-build: pipeline/commands/assess.ts → pipeline/ingest/index.ts');
    expect(r.out).toContain('commands-bypass-build: pipeline/commands/explain.ts → pipeline/compose/documents.ts');
  }, 120_000);
});
