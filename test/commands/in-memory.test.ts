// Effects everywhere: with every read, write, standard-output line and clock read behind Effects,
// whole commands run against an in-memory file system. `assess --json` prints into a buffer,
// `build` writes its report, companion and manifest into the map, and nothing touches the disk.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../pipeline/build.js';
import { runAssess } from '../../pipeline/commands/assess.js';
import { DEFAULT_OPTIONS, type BuildOptions } from '../../pipeline/options.js';
import { ROOT } from '../helpers/cli.js';
import { memoryEffects } from '../publish/helpers.js';

/** Every file under `dir`, keyed by its path under the in-memory root `as`. */
function load(dir: string, as: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[join(as, relative(dir, p))] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

const M = '/mem';
const options: BuildOptions = {
  ...DEFAULT_OPTIONS,
  langs: ['en', 'es'],
  formats: ['html'],
  jobs: 1,
  paths: {
    data: `${M}/data`,
    seeds: `${M}/seeds`,
    templates: `${M}/templates`,
    out: `${M}/out`,
    published: `${M}/published`,
  },
};
const project = () => ({
  ...load(join(ROOT, 'data'), `${M}/data`),
  ...load(join(ROOT, 'seeds'), `${M}/seeds`),
  ...load(join(ROOT, 'templates'), `${M}/templates`),
});

describe('commands in memory', () => {
  it('assess --json prints the assessment through Effects.stdout', async () => {
    const { effects } = memoryEffects(project());
    let printed = '';
    effects.stdout = (text) => {
      printed += text;
    };
    const reported: unknown[] = [];
    expect(await runAssess(options, effects, true, (d) => reported.push(...d))).toBe(0);
    expect(reported).toEqual([]);
    const json = JSON.parse(printed) as { assessments: { metric: string }[]; rollups: { goals: unknown[] } };
    expect(json.assessments.length).toBeGreaterThan(0);
    expect(json.rollups.goals).toHaveLength(3);
  });

  it('build writes both HTML reports, the data companion and the manifest into memory, and nothing to disk', async () => {
    const { effects, files } = memoryEffects(project());
    const result = await build(options, effects);
    expect(
      result.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => `${d.file}:${d.line}: ${d.rule} ${d.message}`),
    ).toEqual([]);
    expect(result.ok).toBe(true);
    const year = result.published!.manifest.year;
    const written = [...files.keys()].filter((k) => k.startsWith(`${M}/out/`)).sort();
    expect(written).toContain(`${M}/out/${year}/hlsd-report-${year}-en.html`);
    expect(written).toContain(`${M}/out/${year}/hlsd-report-${year}-es.html`);
    expect(written).toContain(`${M}/out/${year}/manifest.json`);
    expect(written.some((k) => k.startsWith(`${M}/out/${year}/data/`))).toBe(true);
    const es = files.get(`${M}/out/${year}/hlsd-report-${year}-es.html`)!.toString('utf8');
    expect(es).toContain('<html lang="es-MX"');
    expect(existsSync(M)).toBe(false);
  }, 120_000);
});
