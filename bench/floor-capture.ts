// Records the render tasks of a real build (chart requests; PDF documents with their charts and
// options) to a JSON file, so bench/floor-child.mjs can time the engines alone on exactly the
// inputs the pipeline gives them.
//
//   node --import tsx bench/floor-capture.ts <project-dir> <tasks.json>

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from '../pipeline/build.js';
import { nodeEffects } from '../pipeline/effects-node.js';
import { DEFAULT_OPTIONS } from '../pipeline/options.js';
import { inThreadRunner, withRenderRunner, type RenderRunner } from '../pipeline/render/parallel.js';
import type { RenderTask } from '../pipeline/render/worker-tasks.js';

export interface CapturedTasks {
  charts: Extract<RenderTask, { kind: 'chart' }>['request'][];
  pdfs: Omit<Extract<RenderTask, { kind: 'pdf' }>, 'kind'>[];
}

export async function captureTasks(project: string): Promise<CapturedTasks> {
  const captured: CapturedTasks = { charts: [], pdfs: [] };
  const inner = inThreadRunner();
  const recorder: RenderRunner = {
    jobs: 1,
    run(task) {
      if (task.kind === 'chart') captured.charts.push(task.request);
      else if (task.kind === 'pdf')
        captured.pdfs.push({ document: task.document, charts: task.charts, options: task.options });
      return inner.run(task);
    },
    startup: inner.startup,
    close: inner.close,
  };
  const out = mkdtempSync(join(tmpdir(), 'hlsd-floor-out-'));
  try {
    const p = (name: string) => join(project, name);
    // No chart cache: every chart is a task, as in a cold build.
    const options = {
      ...DEFAULT_OPTIONS,
      paths: {
        ...DEFAULT_OPTIONS.paths,
        data: p('data'),
        seeds: p('seeds'),
        templates: p('templates'),
        out,
        cache: undefined,
      },
      jobs: 1,
    };
    const result = await withRenderRunner(recorder, () => build(options, nodeEffects({ quiet: true })));
    if (!result.ok)
      throw new Error(`the build to capture failed: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return captured;
}

if (process.argv[1]?.endsWith('floor-capture.ts')) {
  const [project, file] = process.argv.slice(2);
  const tasks = await captureTasks(resolve(project));
  writeFileSync(file, JSON.stringify(tasks));
  process.stderr.write(`captured  ${tasks.charts.length} chart(s), ${tasks.pdfs.length} PDF(s)\n`);
}
