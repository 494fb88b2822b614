// The import rule (.dependency-cruiser.cjs): it holds for pipeline/, and it is a real check — a
// copy of pipeline/ with one import that runs back up, one cycle, or one stage calling the
// orchestrator fails it. The README's stage table lists the stages of the rule, in its order.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');
const STAGES = (
  createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { STAGES: [string, string, string][] }
).STAGES;

function cruise(cwd: string): { status: number | null; out: string } {
  const r = spawnSync(DEPCRUISE, ['pipeline', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const copies: string[] = [];
afterAll(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the project's pipeline/ and rule, with `edit` applied. */
function brokenCopy(edit: (root: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'hlsd-imports-'));
  copies.push(root);
  cpSync(join(ROOT, 'pipeline'), join(root, 'pipeline'), { recursive: true });
  for (const f of ['.dependency-cruiser.cjs', 'tsconfig.json', 'package.json']) cpSync(join(ROOT, f), join(root, f));
  edit(root);
  return root;
}

describe('the import rule', () => {
  it('holds for pipeline/', () => {
    const r = cruise(ROOT);
    expect(r.out).toContain('no dependency violations found');
    expect(r.out).toMatch(/\b1\d\d modules\b/); // it really read the pipeline (about 130 modules), not nothing
    expect(r.status).toBe(0);
  }, 120_000);

  it('fails when an earlier stage imports a later one, a module imports itself through others, or a stage calls build.ts', () => {
    const root = brokenCopy((dir) => {
      // compose reaching into publish (later), as compose/documents.ts once did for output names
      appendFileSync(
        join(dir, 'pipeline/compose/documents.ts'),
        "\nexport { publish as _publish } from '../publish/index.js';\n",
      );
      // a cycle inside one stage: two modules of validate importing each other
      writeFileSync(
        join(dir, 'pipeline/validate/loop-a.ts'),
        "import { b } from './loop-b.js';\nexport const a = () => b;\n",
      );
      writeFileSync(
        join(dir, 'pipeline/validate/loop-b.ts'),
        "import { a } from './loop-a.js';\nexport const b = () => a;\n",
      );
      // a stage calling the orchestrator, as packets.ts (then in publish/) once did
      appendFileSync(
        join(dir, 'pipeline/distribute/outbox.ts'),
        "\nimport type { BuildResult as _BuildResult } from '../build.js';\nexport type { _BuildResult };\n",
      );
    });
    const r = cruise(root);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('compose-imports-later-stage: pipeline/compose/documents.ts → pipeline/publish/index.ts');
    expect(r.out).toMatch(/no-cycle: pipeline\/validate\/loop-[ab]\.ts → /);
    expect(r.out).toContain('stage-imports-orchestrator: pipeline/distribute/outbox.ts → pipeline/build.ts');
  }, 120_000);
});

describe('the README', () => {
  it('lists the stages of the rule, in its order', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## How it works'));
    const rows = [...section.matchAll(/^\| (\d+) \| `?([a-z-]+)`? \|/gm)].map((m) => m[2]);
    expect(rows).toEqual(STAGES.map(([name]) => name));
  });
});
