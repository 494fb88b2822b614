// The whole bad-input corpus through the real CLI: every case of test/fixtures/bad/ (layered on
// good-small, checked against the framework parsed from the real seeds) and every CLI-level case of
// test/fixtures/cli-bad/, each in a project whose out/ already holds a good build. Each must exit 1
// (0 for accepted variants), print every problem as `file:line:column  severity  rule  message` with
// a hint, never a stack trace, and leave out/ byte-for-byte as it was.
//
// Cost: about 3 s of CLI start-up per case, run CLI_PARALLEL at a time; one full build (the
// previous out/), one quick build per output case and one for ok-bom; the rest stop at validation.

import { chmodSync, cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortDiagnostics, type Diagnostic } from '../../pipeline/diagnostics/diagnostic.js';
import { parseFramework } from '../../pipeline/ingest/framework.js';
import type { Framework } from '../../pipeline/core/types.js';
import { parseCsv } from '../../pipeline/ingest/csv.js';
import { validateDataset } from '../../pipeline/validate/index.js';
import { CLI_CASES, type CliCase, type CliProject } from '../fixtures/cli-bad/cases.js';
import { cliTable } from '../fixtures/cli-bad/readme.js';
import {
  CLI_PARALLEL,
  composeData,
  manifestProblems,
  pool,
  printedDiagnostics,
  runCliAsync,
  scratchRoot,
  STACK_LINE,
  type CliRun,
  type PrintedDiagnostic,
} from '../fixtures/cli-bad/project.js';
import { snapshot } from '../helpers/cli.js';
import { corpusCases, type CorpusCase } from '../validate/corpus.js';
import { caseBytes, DATA_FILES, FIXTURES, loadSeeds } from '../validate/load.js';

const cases = corpusCases();

interface Outcome {
  args: string[];
  run: CliRun;
  /** The data folder as the CLI was given it (the prefix of every data diagnostic). */
  data: string;
  before: Record<string, string>;
  after: Record<string, string>;
}

let base: string;
const roots: string[] = [];
const outcomes = new Map<string, Outcome>();
const cliOutcomes = new Map<string, Outcome & { project: CliProject }>();
let framework: Framework;
let seeds: ReturnType<typeof loadSeeds>;

/** ok-bom is also built for real: the same data with a BOM must give byte-identical outputs. */
const BUILT_OK = 'ok-bom';

const hasErrors = (c: CorpusCase) => c.expected.some((e) => (e.severity ?? 'error') === 'error');

beforeAll(async () => {
  seeds = loadSeeds();
  const parsed = parseFramework(seeds);
  expect(parsed.diagnostics).toEqual([]);
  framework = parsed.framework;

  // The previous good build every case starts from, built once and copied.
  base = scratchRoot('hlsd-corpus-');
  roots.push(base);
  composeData(base, 'good');
  const good = await runCliAsync(['build', '--data', 'good', '--out', 'good-out'], { cwd: base });
  expect(good.stderr).not.toMatch(/ error /);
  expect(good.status).toBe(0);
  expect(manifestProblems(join(base, 'good-out/2022'))).toEqual([]);

  const jobs: (() => Promise<void>)[] = [];
  for (const c of cases) {
    jobs.push(async () => {
      const data = `cases/${c.name}/data`;
      const out = `cases/${c.name}/out`;
      composeData(base, data, c.dir);
      cpSync(join(base, 'good-out'), join(base, out), { recursive: true });
      // Rejected input stops before rendering, so `build` costs what `check` does and proves out/ is kept.
      const command = hasErrors(c) || c.name === BUILT_OK ? 'build' : 'check';
      const args = [command, '--data', data, ...(command === 'build' ? ['--out', out] : [])];
      const before = snapshot(join(base, out));
      const run = await runCliAsync(args, { cwd: base });
      outcomes.set(c.name, { args, run, data, before, after: snapshot(join(base, out)) });
    });
  }
  for (const c of CLI_CASES) {
    if (c.skip?.()) continue;
    jobs.push(async () => {
      const root = scratchRoot(`hlsd-cli-${c.name}-`);
      roots.push(root);
      const project: CliProject = { root, data: 'data', out: 'out' };
      composeData(root, project.data);
      cpSync(join(base, 'good-out'), join(root, project.out), { recursive: true });
      const args = c.setup(project);
      const watched = join(root, c.unchanged?.(project) ?? project.out);
      const before = snapshotOrFile(watched);
      const run = await runCliAsync(args, { cwd: root, ...(c.env ? { env: c.env } : {}) });
      cliOutcomes.set(c.name, { args, run, data: project.data, before, after: snapshotOrFile(watched), project });
    });
  }
  await pool(jobs, CLI_PARALLEL, (job) => job());
}, 600_000);

afterAll(() => {
  for (const root of roots) {
    // data-folder-unreadable leaves a mode-000 folder that cannot be emptied until it is readable again.
    if (existsSync(join(root, 'data'))) chmodSync(join(root, 'data'), 0o755);
    rmSync(root, { recursive: true, force: true });
  }
});

/** snapshot() of a folder, or of the single file when the path is one. */
function snapshotOrFile(path: string): Record<string, string> {
  const s = snapshot(path);
  if (Object.keys(s).length > 0) return s;
  try {
    return { '.': readFileSync(path).toString('base64') };
  } catch {
    return {};
  }
}

/** What the CLI must print for a corpus case: validateDataset's own diagnostics, as the CLI sorts them. */
function expectedPrinted(c: CorpusCase, data: string): Omit<PrintedDiagnostic, 'text'>[] {
  // Parsed under the paths the CLI uses, since messages may name a file ("… (observations.csv line 5)").
  const [units, metrics, observations, milestones] = DATA_FILES.map((f) =>
    parseCsv(`${data}/${f}`, caseBytes(c.dir, f)),
  );
  const own: Diagnostic[] = validateDataset({ units, metrics, observations, milestones }, framework, seeds).diagnostics;
  return sortDiagnostics(own).map((d) => ({
    file: d.file,
    ...(d.line !== undefined ? { line: d.line } : {}),
    ...(d.column !== undefined ? { column: d.column } : {}),
    severity: d.severity,
    rule: d.rule,
    message: d.message,
    ...(d.hint ? { hint: d.hint } : {}),
  }));
}

function expectNoCrash(run: CliRun): void {
  expect(run.signal).toBeNull();
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(STACK_LINE);
  expect(run.stderr).not.toMatch(/internal error/);
}

describe('the bad-data corpus through the CLI', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const o = outcomes.get(name)!;
    expectNoCrash(o.run);
    const printed = printedDiagnostics(o.run.stderr);
    const context = `${o.args.join(' ')}\n${o.run.stderr}`;

    // Every problem, exactly the ones validation finds against the real framework, each with a hint.
    expect(
      printed.map(({ text: _text, ...d }) => d),
      context,
    ).toEqual(expectedPrinted(c, o.data));
    for (const d of printed) expect(d.hint, `${d.text} has no hint`).toMatch(/\S/);

    // …and they are the ones the corpus promises (rule, file, line, column).
    const promised = c.expected
      .map((e) => `${o.data}/${e.file}:${e.line}${e.column ? `:${e.column}` : ''} ${e.severity ?? 'error'} ${e.rule}`)
      .sort();
    const got = printed
      .map(
        (d) =>
          `${d.file}:${d.line}${c.expected.some((e) => e.rule === d.rule && e.column === undefined) ? '' : `:${d.column}`} ${d.severity} ${d.rule}`,
      )
      .sort();
    expect(got).toEqual(promised);

    if (hasErrors(c)) {
      expect(o.run.status, context).toBe(1);
      const errors = c.expected.filter((e) => (e.severity ?? 'error') === 'error').length;
      expect(o.run.stderr).toMatch(new RegExp(`^${errors} error\\(s\\).*: nothing was written\\.`, 'm'));
    } else {
      expect(o.run.status, context).toBe(0);
    }
    // Rejected or checked, the previous report is untouched. (ok-bom, built for real, is the next test.)
    if (name !== BUILT_OK) expect(o.after).toEqual(o.before);
  });

  it('builds ok-bom (good-small with a BOM) to byte-identical outputs, rewriting only the manifest', () => {
    const o = outcomes.get(BUILT_OK)!;
    expect(o.args[0]).toBe('build');
    // The manifest's input stamp hashes the bytes read, BOM included, so it changes; nothing else does.
    const { '2022/manifest.json': manifestAfter, ...after } = o.after;
    const { '2022/manifest.json': manifestBefore, ...before } = o.before;
    expect(after).toEqual(before);
    expect(manifestAfter).toBeDefined();
    expect(manifestBefore).toBeDefined();
    expect(o.run.stderr.match(/^write .*$/gm)).toEqual([`write    cases/${BUILT_OK}/out/2022/manifest.json`]);
    expect(manifestProblems(join(base, `cases/${BUILT_OK}/out/2022`))).toEqual([]);
  });
});

describe('CLI-level bad inputs (test/fixtures/cli-bad)', () => {
  for (const c of CLI_CASES) {
    const reason = c.skip?.();
    it.skipIf(reason)(reason ? `${c.name} (skipped: ${reason})` : c.name, () => check(c));
  }

  function check(c: CliCase): void {
    const o = cliOutcomes.get(c.name)!;
    const context = `${o.args.join(' ')}\n${o.run.stderr}`;
    expectNoCrash(o.run);
    expect(o.run.status, context).toBe(c.status ?? 1);
    const printed = printedDiagnostics(o.run.stderr);
    const wanted = c.expected(o.project);
    if (c.scope === 'exact') expect(printed.length, context).toBe(wanted.length);
    for (const w of wanted) {
      const hit = printed.find(
        (d) =>
          d.rule === w.rule &&
          d.file === w.file &&
          (w.line === undefined || d.line === w.line) &&
          (w.column === undefined || d.column === w.column),
      );
      expect(hit, `${w.file}  ${w.rule} in\n${context}`).toBeDefined();
      if (w.partial) expect(hit!.message.startsWith(w.message), hit!.text).toBe(true);
      else expect(hit!.message).toBe(w.message);
      expect(hit!.hint, `${hit!.text} has no hint`).toMatch(/\S/);
    }
    for (const d of printed) expect(d.hint, `${d.text} has no hint`).toMatch(/\S/);
    expect(o.after, 'the output folder changed').toEqual(o.before);
    // Input problems stop before publishing: the previous build still matches its manifest.
    if (wanted.every((w) => w.rule !== 'output/unwritable'))
      expect(manifestProblems(join(o.project.root, o.project.out, '2022'))).toEqual([]);
  }
});

describe('test/fixtures/README.md', () => {
  it('lists the CLI-level cases as they are (run `npx tsx test/validate/write-readme.ts`)', () => {
    expect(readFileSync(join(FIXTURES, 'README.md'), 'utf8')).toContain(cliTable());
  });
});
