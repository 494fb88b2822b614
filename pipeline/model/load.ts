// The prelude every command shares: ingest → validate → model. `build`, `check`, `assess`,
// `explain`, `packets` (through build) and `send` load the report's inputs through `loadModel`;
// the revision replay turns a published revision's copy of the data into a model through
// `modelOfData`, so a published revision is read by the same rules as the current data.

import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import type { Framework, ReportModel } from '../core/types.js';
import { ingest, type Inputs, type InputPaths } from '../ingest/index.js';
import { validate, type Validated } from '../validate/stage.js';
import { validateDataset } from '../validate/index.js';
import { buildModel } from './index.js';

export interface LoadRequest {
  paths: InputPaths & { data: string };
  /** Reporting year (default: the latest in the data). */
  year?: number;
  /** Read the HTML templates (build, packets); check the characters the PDF must print. */
  html?: boolean;
  pdf?: boolean;
}

/** The inputs, checked, and the model built from them. */
export type LoadedModel = Extract<Loaded, { ok: true }>;

export type Loaded =
  | { ok: true; inputs: Inputs; validated: Validated; model: ReportModel; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; inputs?: Inputs; validated?: Validated };

/** Everything the report is made of, read and checked; `stage` times each step (build's --verbose). */
export async function loadModel(request: LoadRequest, effects: Effects, stage: StageTimer = untimed): Promise<Loaded> {
  const inputs = await stage('ingest', () =>
    ingest(request.paths, effects, request.html ?? false, request.pdf ?? true),
  );
  const validated = await stage('validate', () => validate(inputs));
  if (hasErrors(validated.diagnostics)) return { ok: false, diagnostics: validated.diagnostics, inputs, validated };
  const { model, diagnostics } = buildModel(validated.framework, validated.dataset, request.year, request.paths.data);
  if (!model) return { ok: false, diagnostics: [...validated.diagnostics, ...diagnostics], inputs, validated };
  return { ok: true, inputs, validated, model, diagnostics: validated.diagnostics };
}

/** A model from parsed data files alone (a published revision's copy), under the current framework. */
export function modelOfData(
  files: Parameters<typeof validateDataset>[0],
  framework: Framework,
  year: number,
  dir: string,
): { model?: ReportModel; problems: number } {
  const validated = validateDataset(files, framework, framework.seeds);
  if (hasErrors(validated.diagnostics))
    return { problems: validated.diagnostics.filter((d) => d.severity === 'error').length };
  const { model } = buildModel(framework, validated.dataset, year, dir);
  return model ? { model, problems: 0 } : { problems: 1 };
}

export type StageTimer = <T>(stage: string, run: () => T | Promise<T>) => Promise<T>;
const untimed: StageTimer = async (_stage, run) => run();
