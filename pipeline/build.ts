// The build, stage by stage: ingest → validate → model → assess → compose → render → publish.
// Each line is one call into the folder of that name; effects come in through `effects`.

import { assess } from './assess/index.js';
import { composeDocuments } from './compose/documents.js';
import { hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import type { Effects } from './effects.js';
import { ingest } from './ingest/index.js';
import { buildModel } from './model/index.js';
import { dataCompanion } from './publish/companion.js';
import { publish, recordReads, type PublishResult } from './publish/index.js';
import { planRevision, type RevisionPlan } from './revisions/plan.js';
import { renderAll, warmRenderWorkers, type RenderCounters } from './render/index.js';
import type { BuildOptions } from './options.js';
import { validate } from './validate/stage.js';

export type { BuildOptions } from './options.js';

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  published?: PublishResult;
  counters?: RenderCounters;
  /** Which revision this build is and its stamp (absent when validation failed). */
  plan?: RevisionPlan;
  timings: Record<string, number>;
}

export async function build(options: BuildOptions, effects: Effects): Promise<BuildResult> {
  const timer = stageTimer(effects);
  const reads = recordReads(effects); // what ingest reads is hashed into the build stamp
  if (options.command === 'build') warmRenderWorkers(options); // they load the renderers while we read and compose
  const inputs = await timer.time('ingest', () => ingest(options.paths, reads.effects, options.formats.includes('html'), options.formats.includes('pdf')));
  const validated = await timer.time('validate', () => validate(inputs));
  if (hasErrors(validated.diagnostics)) return timer.fail(validated.diagnostics);
  const { model, diagnostics } = buildModel(validated.framework, validated.dataset, options.year, options.paths.data);
  if (!model) return timer.fail([...validated.diagnostics, ...diagnostics]);
  const plan = await timer.time('plan', () => planRevision(model, reads, options, effects));
  if (plan.upToDate && options.command === 'build' && !options.rerender) return { ...timer.done([...validated.diagnostics, ...plan.diagnostics]), published: plan.upToDate, plan };
  const assessment = await timer.time('assess', () => assess(model));
  const history = plan.history(assessment);
  const documents = await timer.time('compose', () => composeDocuments({ model, assessment, validated, options, revision: history.current, history }));
  if (hasErrors(documents.diagnostics)) return timer.fail([...validated.diagnostics, ...documents.diagnostics]);
  if (options.command === 'check') return timer.done(validated.diagnostics);
  const rendered = await timer.time('render', () => renderAll(documents.documents, inputs.html, options, effects));
  const companion = await timer.time('companion', () => dataCompanion({ model, units: validated.units, assessment, catalogues: validated.catalogues }));
  effects.log(chartsLine(rendered.counters));
  const published = await timer.time('publish', () => publish([...rendered.files, ...companion, plan.changesFile(history)], { model, assessment, options, stamp: plan.stamp, revision: plan.revision }, effects));
  return { ...timer.done([...validated.diagnostics, ...plan.diagnostics]), published, counters: rendered.counters, plan };
}

function stageTimer(effects: Effects) {
  const timings: Record<string, number> = {};
  return {
    async time<T>(stage: string, run: () => T | Promise<T>): Promise<T> {
      const start = performance.now();
      try {
        return await run();
      } finally {
        timings[stage] = performance.now() - start;
        effects.progress?.(stage, timings[stage]);
      }
    },
    fail: (diagnostics: Diagnostic[]): BuildResult => ({ ok: false, diagnostics, timings }),
    done: (diagnostics: Diagnostic[]): BuildResult => ({ ok: true, diagnostics, timings }),
  };
}

/** One log line: how many charts were rendered and how many came from the cache. */
function chartsLine(c: RenderCounters): string {
  return `charts   ${c.chartsRendered} of ${c.chartsRequested} rendered, ${c.chartsRequested - c.chartsRendered} from cache`;
}
