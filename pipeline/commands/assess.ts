// `assess --json`: the assessment of every metric × country (and optionally the roll-ups) as JSON.

import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import type { BuildOptions } from '../options.js';
import { optionsHelp } from './help.js';
import { UsageError, type Command } from './types.js';

export async function runAssess(
  options: BuildOptions,
  effects: Effects,
  withRollup: boolean,
  report: (d: Diagnostic[]) => void,
): Promise<number> {
  const [{ loadModel }, { assess, rollupsToJson, toJsonRows }] = await Promise.all([
    import('../build.js'),
    import('../assess/index.js'),
  ]);
  const loaded = await loadModel({ paths: options.paths, year: options.year }, effects);
  if (!loaded.ok) {
    report(loaded.diagnostics);
    return 1;
  }
  const result = assess(loaded.model);
  const rows = toJsonRows(result);
  effects.stdout(
    `${JSON.stringify(withRollup ? { assessments: rows, rollups: rollupsToJson(result) } : rows, null, 2)}\n`,
  );
  return 0;
}

export const assessCommand: Command = {
  name: 'assess',
  summary: 'print the progress assessment (--json) of every metric and country',
  help: `Usage: hlsd-report assess --json [options]

Prints a JSON array with one object per metric and country: metric, country, baseline_period,
baseline_value, latest_period, latest_value, target_value, target_period, method, ratio, status,
reason (plus change, cagr, required_cagr, note). With --rollup, prints { assessments, rollups }
where rollups is { goals, areas, objectives, actions, gaps } (see docs/method.md).

Options:
${optionsHelp([['--json', 'print JSON (required; the only output format)'], ['--rollup', 'include the roll-ups and the benchmark gaps'], 'year', 'data', 'seeds', 'help'])}`,
  options: { json: { type: 'boolean' }, rollup: { type: 'boolean' } },
  async run(ctx) {
    if (!ctx.values.json) throw new UsageError('assess prints JSON only: add --json');
    return runAssess(ctx.options, ctx.effects, Boolean(ctx.values.rollup), ctx.report);
  },
};
