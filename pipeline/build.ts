// The build, stage by stage: ingest → validate → model (loadModel) → revisions (plan) → assess →
// compose (composeAll) → render → publish. Each line is one call into the folder of that name;
// effects come in through `effects`. Commands read, check and model their inputs only through
// `build` and `loadModel`, and compose documents only through `build` (which calls `composeAll`),
// so every command reads, checks and composes the report the same way; the import rule
// commands-bypass-build (.dependency-cruiser.cjs) keeps them from ingest/, validate/, model/ and
// compose's entry points. After that prelude a command may call other stage modules for its own
// work (explain's wording, publish's signing, send's mail).

import { assess } from './assess/index.js';
import { composeDocuments, type Composed } from './compose/documents.js';
import type { PublishResult } from './core/outputs.js';
import { hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import type { Effects } from './effects.js';
import { loadModel, type LoadedModel, type StageTimer } from './model/load.js';
import type { BuildOptions } from './options.js';
import { dataCompanion } from './publish/companion.js';
import { publish } from './publish/index.js';
import { renderAll, warmRenderWorkers, type RenderCounters } from './render/index.js';
import { planRevision, type RevisionPlan } from './revisions/plan.js';
import { recordReads } from './revisions/stamp.js';

export type { BuildOptions } from './options.js';
export { loadModel } from './model/load.js';

export interface BuildResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  published?: PublishResult;
  counters?: RenderCounters;
  /** Which revision this build is and its stamp (absent when validation failed). */
  plan?: RevisionPlan;
  /** What was read and composed, for commands that go on from the build (packets). */
  loaded?: LoadedModel;
  composed?: Composed;
  timings: Record<string, number>;
}

export interface BuildHooks {
  /** Compose the documents even when out/ is already up to date (packets make excerpts from them). */
  documents?: boolean;
  /** More checks after composing and before anything is written; errors stop the build. */
  beforeWrite?(loaded: LoadedModel): Promise<Diagnostic[]>;
}

export async function build(options: BuildOptions, effects: Effects, hooks: BuildHooks = {}): Promise<BuildResult> {
  const timer = stageTimer(effects);
  const reads = recordReads(effects); // what ingest reads is hashed into the build stamp
  if (options.command === 'build') warmRenderWorkers(options); // they load the renderers while we read and compose
  const loaded = await loadModel(
    {
      paths: options.paths,
      year: options.year,
      html: options.formats.includes('html'),
      pdf: options.formats.includes('pdf'),
    },
    reads.effects,
    timer.time,
  );
  if (!loaded.ok) return timer.fail(loaded.diagnostics);
  const plan = await timer.time('plan', () => planRevision(loaded.model, reads, options, effects));
  const upToDate = options.command === 'build' && !options.rerender ? plan.upToDate : undefined;
  if (upToDate && !hooks.documents)
    return { ...timer.done([...loaded.diagnostics, ...plan.diagnostics]), published: upToDate, plan };
  const composed = await composeAll(loaded, plan, options, timer.time);
  if (hasErrors(composed.diagnostics)) return timer.fail([...loaded.diagnostics, ...composed.diagnostics]);
  if (options.command === 'check') return timer.done(loaded.diagnostics);
  const held = (await hooks.beforeWrite?.(loaded)) ?? [];
  const diagnostics = [...loaded.diagnostics, ...plan.diagnostics, ...held];
  if (hasErrors(held)) return timer.fail(diagnostics);
  if (upToDate) return { ...timer.done(diagnostics), published: upToDate, plan, loaded, composed };
  const rendered = await timer.time('render', () =>
    renderAll(composed.documents, loaded.inputs.html, options, effects),
  );
  const companion = await timer.time('companion', () =>
    dataCompanion({
      model: loaded.model,
      units: loaded.validated.units,
      assessment: composed.assessment,
      catalogues: loaded.validated.catalogues,
    }),
  );
  effects.log(chartsLine(rendered.counters));
  const published = await timer.time('publish', () =>
    publish(
      [...rendered.files, ...companion, plan.changesFile(composed.history)],
      { model: loaded.model, assessment: composed.assessment, options, stamp: plan.stamp, revision: plan.revision },
      effects,
    ),
  );
  return { ...timer.done(diagnostics), published, counters: rendered.counters, plan, loaded, composed };
}

/** assess → revision history → one document tree per language. */
export async function composeAll(
  loaded: LoadedModel,
  plan: RevisionPlan,
  options: BuildOptions,
  time: StageTimer = async (_s, run) => run(),
): Promise<Composed & { diagnostics: Diagnostic[] }> {
  const { model, validated } = loaded;
  const assessment = await time('assess', () => assess(model));
  const history = plan.history(assessment);
  const { documents, diagnostics } = await time('compose', () =>
    composeDocuments({ model, assessment, validated, options, revision: history.current, history }),
  );
  return { documents, assessment, history, diagnostics };
}

function stageTimer(effects: Effects) {
  const timings: Record<string, number> = {};
  return {
    time: (async <T>(stage: string, run: () => T | Promise<T>): Promise<T> => {
      const start = performance.now();
      try {
        return await run();
      } finally {
        timings[stage] = performance.now() - start;
        effects.progress?.(stage, timings[stage]);
      }
    }) as StageTimer,
    fail: (diagnostics: Diagnostic[]): BuildResult => ({ ok: false, diagnostics, timings }),
    done: (diagnostics: Diagnostic[]): BuildResult => ({ ok: true, diagnostics, timings }),
  };
}

/** One log line: how many charts were rendered and how many came from the cache. */
function chartsLine(c: RenderCounters): string {
  return `charts   ${c.chartsRendered} of ${c.chartsRequested} rendered, ${c.chartsRequested - c.chartsRendered} from cache`;
}
