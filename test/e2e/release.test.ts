// End to end: `make release` (scripts/release.mjs) on a scratch project of good-small with the sample
// stakeholders list — one full release, a second run that publishes nothing new, and the
// verification step (--verify-only) failing on a changed byte of the published revision or a packet.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasTool } from '../helpers/cli.js';
import { cliEnv, composeData, ROOT, scratchRoot, STACK_LINE } from '../fixtures/cli-bad/project.js';

const SCRIPT = join(ROOT, 'scripts/release.mjs');
/** good-small reports on 2022. */
const YEAR = 2022;

function release(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd, env: cliEnv(), encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let root: string;
let first: ReturnType<typeof release>;
const rev = () => join(root, `published/${YEAR}/r1`);
const packets = () => join(root, `out/${YEAR}/packets`);

beforeAll(() => {
  root = scratchRoot('hlsd-release-');
  composeData(root, 'data');
  copyFileSync(join(ROOT, 'data/stakeholders.csv'), join(root, 'data/stakeholders.csv'));
  first = release([], root);
}, 300_000);

/** Flips one byte of `file`, runs `fn`, and puts the byte back. */
function tampered(file: string, fn: () => void): void {
  const bytes = readFileSync(file);
  const changed = Buffer.from(bytes);
  changed[200] = changed[200]! ^ 0x01;
  writeFileSync(file, changed);
  try {
    fn();
  } finally {
    writeFileSync(file, bytes);
  }
}

describe.skipIf(!hasTool('sha256sum'))('make release (scripts/release.mjs)', () => {
  it('checks, builds, publishes r1, makes the packets and verifies every file with sha256sum -c', () => {
    const context = `${first.stdout}\n${first.stderr}`;
    expect(first.status, context).toBe(0);
    expect(first.stderr).not.toMatch(STACK_LINE);
    const steps = first.stdout.match(/^release {2}\[\d\/5\] \w+/gm);
    expect(steps).toEqual(
      ['check', 'build', 'publish', 'packets', 'verify'].map((s, i) => `release  [${i + 1}/5] ${s}`),
    );
    // Every file of the revision but SHA256SUMS itself, and every packet but distribution.csv.
    const revFiles = readdirSync(rev(), { recursive: true, withFileTypes: true }).filter(
      (e) => e.isFile() && e.name !== 'SHA256SUMS',
    ).length;
    const packetFiles = readdirSync(packets()).filter((n) => n !== 'distribution.csv' && n !== 'SHA256SUMS').length;
    expect(packetFiles).toBe(6);
    expect(first.stdout).toContain(`sha256sum -c published/${YEAR}/r1/SHA256SUMS: ${revFiles} OK\n`);
    expect(first.stdout).toContain(`sha256sum -c out/${YEAR}/packets/SHA256SUMS: ${packetFiles} OK\n`);
    expect(first.stdout.trimEnd().split('\n').at(-1)).toBe(
      `release ${YEAR} r1: ${revFiles + packetFiles} files verified`,
    );
    // The packets' SHA256SUMS is what `sha256sum -c` reads: one line per packet, from distribution.csv.
    const sums = readFileSync(join(packets(), 'SHA256SUMS'), 'utf8').trimEnd().split('\n');
    expect(sums).toHaveLength(packetFiles);
    for (const line of sums) expect(line).toMatch(/^[0-9a-f]{64} {2}HLSD-2022-(annual-report|excerpt)-r1-/);
  });

  it('run again with the same data, publishes nothing new and verifies r1 again', () => {
    const again = release([], root);
    expect(again.status, `${again.stdout}\n${again.stderr}`).toBe(0);
    expect(again.stderr).toMatch(/^publish +nothing new: revision 1 of /m);
    expect(readdirSync(join(root, `published/${YEAR}`)).filter((n) => !n.startsWith('.'))).toEqual(['r1']);
    expect(again.stdout.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^release ${YEAR} r1: \\d+ files verified$`));
  });

  it('--verify-only fails on one changed byte of a published file, and passes once it is restored', () => {
    tampered(join(rev(), `hlsd-report-${YEAR}-en.pdf`), () => {
      const r = release(['--verify-only'], root);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain(`hlsd-report-${YEAR}-en.pdf: FAILED`);
      expect(r.stderr).toMatch(/WARNING: 1 computed checksum did NOT match/);
      expect(r.stderr).toMatch(
        new RegExp(
          `^release: sha256sum -c failed in published/${YEAR}/r1: \\d+ of \\d+ files OK; the published revision was changed`,
          'm',
        ),
      );
      expect(r.stdout).not.toMatch(/files verified/);
    });
    const r = release(['--verify-only'], root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`release ${YEAR} r1: \\d+ files verified\\n$`));
  });

  it('--verify-only fails on a changed packet and on a file the packets list does not hold', () => {
    tampered(join(packets(), `HLSD-${YEAR}-excerpt-r1-EN-example-financial-crimes-liaison.html`), () => {
      const r = release(['--verify-only'], root);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('HLSD-2022-excerpt-r1-EN-example-financial-crimes-liaison.html: FAILED');
      expect(r.stderr).toContain(`release: sha256sum -c failed in out/${YEAR}/packets`);
    });
    const stray = join(packets(), 'notes.txt');
    writeFileSync(stray, 'not a packet\n');
    try {
      const r = release(['--verify-only'], root);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`release: out/${YEAR}/packets holds files distribution.csv does not list: notes.txt`);
    } finally {
      rmSync(stray, { force: true });
    }
  });

  it('stops before building when the stakeholders file is missing, and on a usage error (exit 2)', () => {
    const fresh = scratchRoot('hlsd-release-nolist-');
    composeData(fresh, 'data');
    const r = release([], fresh);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^release: data\/stakeholders\.csv does not exist: .*Nothing was built or published\.$/m);
    expect(existsSync(join(fresh, 'out'))).toBe(false);
    expect(existsSync(join(fresh, 'published'))).toBe(false);
    const usage = release(['--bogus'], fresh);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('release: unknown option --bogus');
  });
});
