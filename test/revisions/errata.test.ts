// Errata between two revisions of the data: exactly the values that changed, were added or were
// removed, and the statuses that moved because of them; and the revision history built from them.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffData, isEmpty } from '../../pipeline/revisions/errata.js';
import { changesJson, currentRevision, revisionHistory, type Release } from '../../pipeline/revisions/releases.js';
import { ROOT } from '../helpers/cli.js';
import { editedData, loadProject } from '../publish/helpers.js';

const MULTI = join(ROOT, 'test/fixtures/multi-year');

describe('diffData', () => {
  it('finds nothing between a dataset and itself', async () => {
    const p = await loadProject(MULTI);
    expect(isEmpty(diffData(p, p))).toBe(true);
  });

  it('lists one corrected value with metric, country, period, old and new, and no status change', async () => {
    const before = await loadProject(MULTI);
    const after = await loadProject(
      editedData(MULTI, 'observations.csv', (t) =>
        t.replace('us-overdose-deaths,US,2021,106699,', 'us-overdose-deaths,US,2021,106700,'),
      ),
    );
    const c = diffData(before, after);
    expect(c.values).toEqual([
      {
        metric: 'us-overdose-deaths',
        name: before.model.data.metrics.find((m) => m.id === 'us-overdose-deaths')!.name,
        unit: 'deaths',
        country: 'US',
        period: '2021',
        old: 106699,
        new: 106700,
      },
    ]);
    expect({ ...c, values: [] }).toEqual({
      values: [],
      added: [],
      removed: [],
      statuses: [],
      metrics: [],
      milestones: [],
    });
  });

  it('lists an added and a removed value, and the status change a new latest value causes', async () => {
    const before = await loadProject(MULTI);
    const after = await loadProject(
      editedData(MULTI, 'observations.csv', (t) => {
        const lines = t.split('\n');
        const i = lines.findIndex((l) => l.startsWith('us-overdose-deaths,US,2020,'));
        lines.splice(i, 1); // removed
        // the latest figure falls far below the baseline: deterioration becomes progress
        return `${lines.join('\n').replace(/\n?$/, '\n')}us-overdose-deaths,US,2023,50000,final,"Invented for a test",,\n`;
      }),
    );
    const c = diffData(before, after);
    expect(c.removed.map((r) => [r.metric, r.country, r.period, r.value])).toEqual([
      ['us-overdose-deaths', 'US', '2020', 91799],
    ]);
    expect(c.added.map((r) => [r.metric, r.country, r.period, r.value])).toEqual([
      ['us-overdose-deaths', 'US', '2023', 50000],
    ]);
    const moved = c.statuses.find((s) => s.metric === 'us-overdose-deaths' && s.country === 'US');
    expect(moved?.old).toBe('deterioration');
    expect(moved?.new).not.toBe('deterioration');
    expect(c.values).toEqual([]);
  });
});

describe('revision history', () => {
  const release = (
    p: Awaited<ReturnType<typeof loadProject>>,
    revision: number,
    date: string,
    contentHash: string,
  ): Release => ({
    generator: 'hlsd-report',
    year: p.model.year,
    revision,
    date,
    contentHash,
    inputHash: 'i',
    dir: `published/2022/r${revision}`,
    snapshot: { model: p.model, assessment: p.assessment },
  });

  it('is revision 1, pending, with nothing published', async () => {
    const p = await loadProject(MULTI);
    const current = currentRevision([], 'c1', p.model, p.options);
    expect(current).toEqual({ number: 1, date: '2022-10-14', published: false, pending: true });
    const h = revisionHistory({ model: p.model, assessment: p.assessment, releases: [], current });
    expect(h.entries).toEqual([]);
    expect(JSON.parse(changesJson(h))).toMatchObject({
      revision: 1,
      published: false,
      previous: null,
      changes: null,
      history: [],
    });
  });

  it('stays at the last published revision, with its date, while the content is the same', async () => {
    const p = await loadProject(MULTI);
    const current = currentRevision([release(p, 1, '2023-01-10', 'c1')], 'c1', p.model, {
      ...p.options,
      revisionDate: '2024-01-01',
    });
    expect(current).toEqual({ number: 1, date: '2023-01-10', published: true, pending: false });
  });

  it('becomes N+1 when the content differs, dated by options or provisionally by the last revision', async () => {
    const before = await loadProject(MULTI);
    const after = await loadProject(
      editedData(MULTI, 'observations.csv', (t) =>
        t.replace('us-overdose-deaths,US,2021,106699,', 'us-overdose-deaths,US,2021,106700,'),
      ),
    );
    const releases = [release(before, 1, '2023-01-10', 'c1')];
    expect(currentRevision(releases, 'c2', after.model, after.options)).toEqual({
      number: 2,
      date: '2023-01-10',
      published: false,
      pending: true,
    });
    const current = currentRevision(releases, 'c2', after.model, {
      ...after.options,
      revisionDate: '2023-02-01',
      release: true,
    });
    expect(current).toEqual({ number: 2, date: '2023-02-01', published: true, pending: true });
    const h = revisionHistory({ model: after.model, assessment: after.assessment, releases, current });
    expect(h.entries.map((e) => [e.revision, e.previous.revision, e.changes?.values.length])).toEqual([[2, 1, 1]]);
    const json = JSON.parse(changesJson(h));
    expect(json.changes.values).toEqual([
      expect.objectContaining({
        metric: 'us-overdose-deaths',
        country: 'US',
        period: '2021',
        old: 106699,
        new: 106700,
      }),
    ]);
    expect(json.previous).toEqual({ revision: 1, date: '2023-01-10' });
  });

  it('says the changes are unavailable when a published copy no longer validates', async () => {
    const p = await loadProject(MULTI);
    const broken: Release = { ...release(p, 1, '2023-01-10', 'c1'), snapshot: undefined };
    const current = currentRevision([broken], 'c2', p.model, p.options);
    const h = revisionHistory({ model: p.model, assessment: p.assessment, releases: [broken], current });
    expect(h.entries).toHaveLength(1);
    expect(h.entries[0]!.changes).toBeUndefined();
  });
});
