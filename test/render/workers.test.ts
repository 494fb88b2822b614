// The render pool's roles (pipeline/render/parallel.ts), on real worker threads: with two jobs one
// worker draws charts and the other lays out documents; a long-lived process (watch) gets every
// worker warm for documents between builds, after which documents are laid out side by side. The
// bytes never depend on which worker made them.

import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeRenderRunners,
  keepRenderWorkersWarm,
  renderRunner,
  type RenderRunner,
} from '../../pipeline/render/parallel.js';
import type { RenderTask } from '../../pipeline/render/worker-tasks.js';
import { fixtureCharts, fixtureDocument } from '../fixtures/document.js';

type Roles = { kinds: string[]; warmed: string[] }[];
const sha = (bytes: unknown) =>
  createHash('sha256')
    .update(bytes as Uint8Array)
    .digest('hex');
const pdfTask = (lang: 'en' | 'es'): RenderTask => ({
  kind: 'pdf',
  document: fixtureDocument(lang),
  charts: [...fixtureCharts(lang).values()],
  options: { paper: 'letter', draft: false },
});

afterAll(async () => {
  keepRenderWorkersWarm(false);
  await closeRenderRunners();
});

describe('render workers', () => {
  it('split charts and documents, and get warm for documents between builds when asked', async () => {
    const runner = renderRunner(2) as RenderRunner & { roles(): Roles };
    await runner.startup();
    expect(runner.roles()).toEqual([
      { kinds: ['chart'], warmed: [] },
      { kinds: ['pdf'], warmed: [] },
    ]);
    const first = await runner.run(pdfTask('en'));
    expect(runner.roles()[1]!.warmed).toEqual(['pdf']);
    expect(runner.roles()[0]!.warmed).toEqual([]); // a one-shot build never warms the chart worker

    keepRenderWorkersWarm();
    const second = await runner.run(pdfTask('en'));
    for (let i = 0; i < 600 && !runner.roles()[0]!.warmed.includes('pdf'); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(runner.roles()[0]!.warmed).toEqual(['pdf']);

    const [en, es] = await Promise.all([runner.run(pdfTask('en')), runner.run(pdfTask('es'))]);
    const inThread = await renderRunner(1).run(pdfTask('es'));
    expect(new Set([first, second, en].map((r) => sha(r.output))).size).toBe(1);
    expect(sha(es.output)).toBe(sha(inThread.output));
    expect(sha(es.output)).not.toBe(sha(en.output));
  }, 120_000);
});
