// `assess --json`: the assessment of every metric × country (and optionally the roll-ups) as JSON.

import { assess, rollupsToJson, toJsonRows } from '../assess/index.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import { ingest } from '../ingest/index.js';
import { buildModel } from '../model/index.js';
import type { BuildOptions } from '../options.js';
import { validate } from '../validate/stage.js';

export async function runAssess(options: BuildOptions, effects: Effects, withRollup: boolean, report: (d: Diagnostic[]) => void): Promise<number> {
  const validated = validate(await ingest(options.paths, effects, false));
  if (hasErrors(validated.diagnostics)) {
    report(validated.diagnostics);
    return 1;
  }
  const { model, diagnostics } = buildModel(validated.framework, validated.dataset, options.year, options.paths.data);
  if (!model) {
    report(diagnostics);
    return 1;
  }
  const result = assess(model);
  const rows = toJsonRows(result);
  process.stdout.write(`${JSON.stringify(withRollup ? { assessments: rows, rollups: rollupsToJson(result) } : rows, null, 2)}\n`);
  return 0;
}
