// End to end: incremental builds, publishing revisions and errata, through the real CLI on a
// scratch project holding the multi-year fixture (it has time-series charts to count).

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasTool, pdfText, ROOT, runCli, scratchProject, snapshot } from '../helpers/cli.js';

const epoch = (iso: string) => String(Date.parse(`${iso}T12:00:00Z`) / 1000);
let dir: string;
const out = () => join(dir, 'out/2022');
const cli = (args: string[], env: Record<string, string> = {}) => {
  const r = runCli(args, { cwd: dir, env });
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  return r;
};

/** mtime of every file below a folder, by relative path. */
function mtimes(root: string): Record<string, number> {
  const result: Record<string, number> = {};
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else result[`${rel}${name}`] = statSync(p).mtimeMs;
    }
  };
  walk(root, '');
  return result;
}

/** The body of the revision-history chapter in pdftotext output (not its TOC line). */
function errata(text: string, lang: 'en' | 'es'): string {
  const [title, next] = lang === 'en' ? ['Revision history', 'Annex'] : ['Historial de revisiones', 'Anexo'];
  const start = text.search(new RegExp(`^${title}$`, 'm'));
  expect(start, `"${title}" heading`).toBeGreaterThan(-1);
  const rest = text.slice(start);
  const end = rest.search(new RegExp(`^${next}$`, 'm'));
  return (end > 0 ? rest.slice(0, end) : rest).replace(/[ \t]+/g, ' ');
}

const setValue = (from: string, to: string) => {
  const file = join(dir, 'data/observations.csv');
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(`us-overdose-deaths,US,2021,${from},`);
  writeFileSync(file, text.replace(`us-overdose-deaths,US,2021,${from},`, `us-overdose-deaths,US,2021,${to},`));
};

beforeAll(() => {
  dir = scratchProject('hlsd-rev-');
  rmSync(join(dir, 'data'), { recursive: true });
  cpSync(join(ROOT, 'test/fixtures/multi-year'), join(dir, 'data'), { recursive: true });
  const r = cli(['build']);
  expect(r.status).toBe(0);
}, 180_000);

describe.skipIf(!hasTool('pdftotext') || !hasTool('sha256sum'))('revisions', () => {
  it('an unchanged rebuild is answered from the record of the last build, without running the pipeline', () => {
    const r = cli(['build', '--verbose']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^replay +\d/m);
    expect(r.stderr).toMatch(/up to date/);
    expect(r.stderr).not.toMatch(/^(ingest|validate|compose|render) /m);
  });

  it('an unchanged rebuild renders and rewrites nothing and says "up to date"', () => {
    const before = { files: snapshot(out()), times: mtimes(out()), cache: mtimes(join(dir, '.cache')) };
    const r = cli(['build']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/up to date/);
    expect(r.stderr).not.toMatch(/^write /m);
    expect(r.stderr).not.toMatch(/^charts /m);
    expect({ files: snapshot(out()), times: mtimes(out()), cache: mtimes(join(dir, '.cache')) }).toEqual(before);
    const manifest = JSON.parse(readFileSync(join(out(), 'manifest.json'), 'utf8'));
    expect(manifest.inputHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.revision).toEqual({ number: 1, date: '2022-10-14' });
    expect(manifest.files.map((f: { path: string }) => f.path)).toContain('changes.json');
  }, 120_000);

  it('says plainly in both languages that nothing is published yet', () => {
    expect(errata(pdfText(join(out(), 'hlsd-report-2022-en.pdf')), 'en')).toContain(
      'No revision of this report has been published yet.',
    );
    expect(errata(pdfText(join(out(), 'hlsd-report-2022-es.pdf')), 'es')).toContain(
      'Todavía no se ha publicado ninguna revisión de este informe.',
    );
    expect(JSON.parse(readFileSync(join(out(), 'changes.json'), 'utf8'))).toMatchObject({
      revision: 1,
      published: false,
      changes: null,
      history: [],
    });
  });

  it('publish freezes revision 1 with its data and checksums; publishing again adds nothing', () => {
    const r = cli(['publish'], { SOURCE_DATE_EPOCH: epoch('2023-01-10') });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/publish\s+published\/2022\/r1\s+revision 1 of 2023-01-10/);
    const r1 = join(dir, 'published/2022/r1');
    expect(spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: r1 }).status).toBe(0);
    expect(readFileSync(join(r1, 'inputs/data/observations.csv'))).toEqual(
      readFileSync(join(dir, 'data/observations.csv')),
    );
    expect(JSON.parse(readFileSync(join(r1, 'revision.json'), 'utf8'))).toMatchObject({
      year: 2022,
      revision: 1,
      date: '2023-01-10',
    });
    const cover = pdfText(join(r1, 'hlsd-report-2022-en.pdf'));
    expect(cover).toContain('Revision 1 · January 10, 2023');
    expect(errata(cover, 'en')).not.toContain('has not been published');

    const frozen = snapshot(r1);
    const again = cli(['publish'], { SOURCE_DATE_EPOCH: epoch('2023-01-11') });
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/nothing new: revision 1 of 2023-01-10/);
    expect(readdirSync(join(dir, 'published/2022'))).toEqual(['r1']);
    expect(snapshot(r1)).toEqual(frozen);

    // The build that was frozen is the current build: nothing to do.
    const build = cli(['build']);
    expect(build.stderr).toMatch(/up to date/);
  }, 240_000);

  it('a one-value correction re-renders only its charts, and the errata and changes.json list exactly it', () => {
    setValue('106699', '106700');
    const r = cli(['build']);
    expect(r.status).toBe(0);
    const charts = /charts\s+(\d+) of (\d+) rendered/.exec(r.stderr);
    expect(charts, r.stderr).not.toBeNull();
    // The corrected metric's chart, once per language; every other chart comes from the cache.
    expect(Number(charts![1])).toBe(2);
    expect(Number(charts![2])).toBeGreaterThan(2);

    const changes = JSON.parse(readFileSync(join(out(), 'changes.json'), 'utf8'));
    expect(changes).toMatchObject({ revision: 2, published: false, previous: { revision: 1, date: '2023-01-10' } });
    expect(changes.changes).toEqual({
      values: [
        {
          metric: 'us-overdose-deaths',
          name: expect.any(Object),
          unit: 'deaths',
          country: 'US',
          period: '2021',
          old: 106699,
          new: 106700,
        },
      ],
      added: [],
      removed: [],
      statuses: [],
      metrics: [],
      milestones: [],
    });

    const en = errata(pdfText(join(out(), 'hlsd-report-2022-en.pdf')), 'en');
    const es = errata(pdfText(join(out(), 'hlsd-report-2022-es.pdf')), 'es');
    expect(en).toContain('Values corrected in revision 2');
    expect(en).toMatch(/Drug overdose deaths (\(final counts\) )?United States 2021 106,699 106,700/);
    expect(en).toContain('Revision 2 has not been published yet');
    expect(es).toContain('Valores corregidos en la revisión 2');
    // The metric's name may wrap inside its cell.
    expect(es).toMatch(
      /Defunciones por sobredosis de drogas Estados Unidos 2021 106,699 106,700\s+\(cifras definitivas\)|Defunciones por sobredosis de drogas \(cifras definitivas\) Estados Unidos 2021 106,699 106,700/,
    );
    // Exactly that change: one row in one table, no other table.
    for (const text of [en, es]) {
      expect(text.match(/106,699/g)).toHaveLength(1);
      expect(text).not.toMatch(
        /(added|removed|changed|redefined) in revision|(agregados|eliminados|cambiaron|redefinidos) en la revisión/,
      );
    }
  }, 180_000);

  it('publish then freezes revision 2, whose PDFs show the errata; every revision folder checks out', () => {
    const r1 = join(dir, 'published/2022/r1');
    const frozen = snapshot(r1);
    const r = cli(['publish'], { SOURCE_DATE_EPOCH: epoch('2023-02-01') });
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, 'published/2022'))).toEqual(['r1', 'r2']);
    expect(snapshot(r1)).toEqual(frozen);
    for (const rev of ['r1', 'r2'])
      expect(
        spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: join(dir, 'published/2022', rev) }).status,
        rev,
      ).toBe(0);
    const r2 = join(dir, 'published/2022/r2');
    const en = pdfText(join(r2, 'hlsd-report-2022-en.pdf'));
    const es = pdfText(join(r2, 'hlsd-report-2022-es.pdf'));
    expect(en).toContain('Revision 2 · February 1, 2023');
    expect(es).toContain('Revisión 2 · 1 de febrero de 2023');
    expect(errata(en, 'en')).toMatch(/Revision 2 \(February 1, 2023\)[\s\S]*106,699 106,700/);
    expect(errata(en, 'en')).not.toContain('has not been published');
    expect(errata(es, 'es')).toMatch(/Revisión 2 \(1 de febrero de 2023\)[\s\S]*106,699 106,700/);
    expect(JSON.parse(readFileSync(join(r2, 'changes.json'), 'utf8'))).toMatchObject({
      revision: 2,
      published: true,
      changes: { values: [{ old: 106699, new: 106700 }] },
    });
    expect(cli(['build']).stderr).toMatch(/up to date/);
  }, 240_000);

  it('gives byte-identical outputs, published revisions included, whatever TZ, LANG and folder', () => {
    const other = mkdtempSync(join(tmpdir(), 'hlsd-rev-copy-'));
    for (const sub of ['data', 'seeds', 'templates', 'published'])
      cpSync(join(dir, sub), join(other, sub), { recursive: true });
    const r = runCli(['build'], {
      cwd: other,
      env: { TZ: 'Pacific/Kiritimati', LANG: 'es_MX.UTF-8', LC_ALL: 'es_MX.UTF-8' },
    });
    expect(r.status).toBe(0);
    expect(snapshot(join(other, 'out'))).toEqual(snapshot(join(dir, 'out')));
  }, 180_000);
});
