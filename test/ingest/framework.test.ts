// The framework parsed from the real seeds: counts, titles, citations, sensitivity to edits, and diagnostics for damaged seeds.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../pipeline/diagnostics/diagnostic.js';
import type { Effects } from '../../pipeline/effects.js';
import { readSeeds } from '../../pipeline/ingest/seeds.js';
import { cleanText, frameworkKeys, parseFramework } from '../../pipeline/ingest/framework.js';
import type { Citation, Framework, SeedDocument, SeedRole } from '../../pipeline/core/types.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const fsEffects: Pick<Effects, 'readFile'> = { readFile: (path) => readFile(resolve(ROOT, path)) };

let seeds: SeedDocument[];
let framework: Framework;
let diagnostics: Diagnostic[];

beforeAll(async () => {
  const read = await readSeeds('seeds', fsEffects);
  expect(read.diagnostics).toEqual([]);
  seeds = read.seeds;
  ({ framework, diagnostics } = parseFramework(seeds));
});

/** The seeds with one role's text rewritten in memory. */
function edited(role: SeedRole, edit: (text: string) => string): SeedDocument[] {
  return seeds.map((s) => (s.role === role ? { ...s, text: edit(s.text) } : s));
}

const cutAfter = (marker: string) => (text: string) => {
  const lines = text.split('\n');
  return lines.slice(0, lines.findIndex((l) => l.includes(marker)) + 1).join('\n');
};

const normal = (text: string) => cleanText(text).toLowerCase();

function citedText(citation: Citation): string {
  const seed = seeds.find((s) => s.file === citation.file);
  expect(seed, citation.file).toBeDefined();
  const [first, last] = citation.lines;
  expect(first).toBeGreaterThanOrEqual(1);
  expect(last).toBeGreaterThanOrEqual(first);
  return normal(
    seed!.text
      .split('\n')
      .slice(first - 1, last)
      .join(' '),
  );
}

describe('parseFramework on the real seeds', () => {
  it('finds 3 goals, 11 areas, 26 objectives, 13 actions and 3 commitments without diagnostics', () => {
    expect(diagnostics).toEqual([]);
    expect(framework.goals).toHaveLength(3);
    expect(framework.areas).toHaveLength(11);
    expect(framework.objectives).toHaveLength(26);
    expect(framework.actions).toHaveLength(13);
    expect(framework.commitments).toHaveLength(3);
  });

  it('reads the goals in sentence case, with descriptions and sub-areas from both fact sheets', () => {
    expect(framework.goals.map((g) => [g.id, g.title])).toEqual([
      ['goal-1', 'Protect our people'],
      ['goal-2', 'Prevent transborder crime'],
      ['goal-3', 'Pursue criminal networks'],
    ]);
    expect(framework.goals.map((g) => g.subareas.length)).toEqual([3, 4, 3]);
    const [g1, g2, g3] = framework.goals;
    expect(g1.description).toBe(
      'The United States and Mexico seek to build sustainable, healthy, and secure communities to benefit citizens of both nations.',
    );
    expect(g2.description).toMatch(
      /^The United States and Mexico seek to diminish the capacity of Transnational Criminal Organizations \(TCOs\).*as well as human smuggling\.$/,
    );
    expect(g3.description).toBe(
      'Disrupt TCO financial networks and reduce their ability to profit from illicit activities both transnationally and in cyberspace.',
    );
    expect(g1.subareas.map((s) => s.title)).toEqual([
      'Public Health',
      'Support Safe Communities',
      'Homicide and High-Impact Crime Reduction',
    ]);
    expect(g2.subareas[2].title).toBe('Disrupt the Capacity of TCOs and their Illicit Supply Chains');
    expect(g2.subareas[3]).toMatchObject({
      title: 'Reduce Human Smuggling and Trafficking',
      description: expect.stringMatching(/^Identify, target, and dismantle/),
    });
    expect(g3.subareas[1].title).toBe(
      'Strengthen Capacity of Security and Justice Sector Actors to Investigate and Prosecute Organized Crime',
    );
    expect(g3.subareas[1].description).toMatch(/^Collaborate on investigations.*capacity building\.$/);
    expect(g3.subareas[2].title).toBe('Increase Cooperation on Extraditions');
    for (const g of framework.goals)
      expect(g.mexicoDescription).toMatch(/^Mexico and the United States (will )?seek to /);
    expect(g3.mexicoDescription).toContain('will seek to disrupt TCO financial networks');
  });

  it('infers each area and objective from its code, in order 1.1–3.4 and 1.1.1–3.4.1', () => {
    expect(framework.areas.map((a) => a.code)).toEqual([
      '1.1',
      '1.2',
      '1.3',
      '2.1',
      '2.2',
      '2.3',
      '2.4',
      '3.1',
      '3.2',
      '3.3',
      '3.4',
    ]);
    expect(framework.areas.map((a) => a.goal)).toEqual([1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    const perArea = framework.areas.map((a) => framework.objectives.filter((o) => o.area === a.code).length);
    expect(perArea).toEqual([2, 2, 2, 5, 3, 3, 2, 4, 1, 1, 1]);
    expect(framework.objectives[0].code).toBe('1.1.1');
    expect(framework.objectives[25]).toMatchObject({ id: 'objective-3-4-1', code: '3.4.1', area: '3.4', goal: 3 });
    for (const o of framework.objectives)
      expect(o.code.startsWith(`${o.area}.`) && o.goal === Number(o.area[0])).toBe(true);
  });

  it('cleans trailing periods and spaces from area titles but keeps objective text as written', () => {
    const title = (code: string) => framework.areas.find((a) => a.code === code)?.title;
    expect(title('2.3')).toBe('Disrupt the capacity of TCOs and their illicit supply chains');
    expect(title('1.2')).toBe('Support for safer communities');
    expect(title('3.2')).toBe(
      'Strengthen capacity of security and justice sector actors to investigate and prosecute organized crime',
    );
    expect(title('3.4')).toBe('Increase cooperation in extradition matters');
    const text = (code: string) => framework.objectives.find((o) => o.code === code)?.text;
    expect(text('2.3.1')).toBe('Disrupt and dismantle narcotics production.');
    expect(text('3.1.4')).toMatch(/their illicit finances$/);
  });

  it('reads the 13 actions across the blank line, the commitments and the benchmark decision', () => {
    const { actions, commitments, benchmarkDecision } = framework;
    expect(actions.map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(actions[6].text).toMatch(/^Sign a memorandum of understanding/);
    expect(actions[5].text).toMatch(/^Commit to and implement an action plan/);
    expect(actions[12].text).toMatch(/Mexico's National Guard\.$/);
    expect(commitments.map((c) => c.title)).toEqual([
      'Protect human rights and promote prosperity',
      'Information-sharing',
      'Focus on data and results',
    ]);
    expect(benchmarkDecision?.text).toBe(
      'During the 2022 High-Level Security Dialogue, both governments decided to establish benchmarks to assess progress under the Bicentennial Framework and communicate results to our citizens.',
    );
    expect(benchmarkDecision?.citation).toEqual({ file: '2022-10-14-joint-statement.txt', lines: [11, 11] });
  });

  it('cites lines that really contain each element', () => {
    const check = (citation: Citation, ...texts: string[]) => {
      const cited = citedText(citation);
      for (const text of texts) expect(cited, JSON.stringify(citation)).toContain(normal(text));
    };
    for (const g of framework.goals) {
      check(g.citation, g.title, g.description);
      expect(g.mexicoCitation).toBeDefined();
      check(g.mexicoCitation!, g.mexicoDescription!);
      for (const s of g.subareas) check(s.citation, s.title, s.description);
    }
    for (const a of framework.areas) check(a.citation, `Cooperation Area ${a.code}`, a.title);
    for (const o of framework.objectives) check(o.citation, `Joint objective ${o.code}`, o.text);
    for (const a of framework.actions) check(a.citation, `${a.number}. ${a.text}`);
    for (const c of framework.commitments) check(c.citation, `${c.number}. ${c.title}`);
    check(framework.benchmarkDecision!.citation, framework.benchmarkDecision!.text);
    expect(framework.actions[5].citation.lines).toEqual([41, 41]);
  });
});

describe('parseFramework follows the seed text', () => {
  it('picks up changed wording', () => {
    const statement = edited('joint-statement-2022', (t) =>
      t.replace('7. Sign a memorandum', '7. Negotiate a memorandum'),
    );
    expect(parseFramework(statement).framework.actions[6].text).toMatch(/^Negotiate a memorandum of understanding/);
    const plan = edited('action-plan-2022', (t) => t.replace(/(Area 2\.3:\s+)Disrupt/, '$1Break'));
    expect(parseFramework(plan).framework.areas[5].title).toBe(
      'Break the capacity of TCOs and their illicit supply chains',
    );
    const mexico = edited('mexico-fact-sheet-2021', (t) =>
      t.replace('- 3. Focus on data and results', '- 3. Focus on evidence'),
    );
    expect(parseFramework(mexico).framework.commitments[2].title).toBe('Focus on evidence');
  });

  it('finds the benchmark decision when it wraps over two lines', () => {
    const statement = edited('joint-statement-2022', (t) =>
      t.replace('decided to establish benchmarks', 'decided to establish\nbenchmarks'),
    );
    const { benchmarkDecision } = parseFramework(statement).framework;
    expect(benchmarkDecision?.text).toMatch(
      /^During the 2022 High-Level Security Dialogue, both governments decided to establish benchmarks .* citizens\.$/,
    );
    expect(benchmarkDecision?.citation.lines).toEqual([11, 12]);
  });

  it('accepts an objective wrapped over two lines and cites both', () => {
    const plan = edited('action-plan-2022', (t) =>
      t.replace('Disrupt and dismantle narcotics', 'Disrupt and dismantle\nnarcotics'),
    );
    const { framework: fw, diagnostics: ds } = parseFramework(plan);
    expect(ds).toEqual([]);
    const objective = fw.objectives.find((o) => o.code === '2.3.1');
    expect(objective).toMatchObject({
      text: 'Disrupt and dismantle narcotics production.',
      citation: { lines: [58, 59] },
    });
  });
});

describe('parseFramework on damaged seeds', () => {
  const structureAt = (ds: Diagnostic[], file: string) =>
    ds.filter((d) => d.rule === 'seed/structure' && d.file === `seeds/${file}`);

  it('reports an action plan cut after objective 2.2.1', () => {
    const { framework: fw, diagnostics: ds } = parseFramework(
      edited('action-plan-2022', cutAfter('Joint objective 2.2.1')),
    );
    expect(fw.areas).toHaveLength(5);
    expect(fw.objectives).toHaveLength(12);
    const found = structureAt(ds, '2022-01-31-action-plan-summary.txt');
    expect(found.map((d) => d.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('expected 11 cooperation areas (1.1–3.4), found 5 (1.1, 1.2, 1.3, 2.1, 2.2)'),
        expect.stringMatching(/expected 26 joint objectives \(1\.1\.1–3\.4\.1\), found 12 .*2\.2\.1\)$/),
        expect.stringContaining('expected cooperation areas 3.1… for goal 3, found none'),
      ]),
    );
    for (const d of found) {
      expect(d.severity).toBe('error');
      expect(d.line).toBeGreaterThan(0);
      expect(d.hint).toContain('Cooperation Area X.Y');
    }
  });

  it('reports a joint statement that lost action 13', () => {
    const { framework: fw, diagnostics: ds } = parseFramework(
      edited('joint-statement-2022', (t) => t.replace(/^13\. .*\n/m, '')),
    );
    expect(fw.actions).toHaveLength(12);
    expect(structureAt(ds, '2022-10-14-joint-statement.txt')).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 47,
        message: expect.stringContaining('expected 13 actions (1–13), found 12'),
        hint: expect.stringContaining('following actions'),
      }),
    ]);
  });

  it('reports duplicated numbering, a missing area and an objective whose area does not exist', () => {
    const actions = parseFramework(edited('joint-statement-2022', (t) => t.replace('8. Implement', '7. Implement')));
    const actionMessages = structureAt(actions.diagnostics, '2022-10-14-joint-statement.txt').map((d) => d.message);
    expect(actionMessages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('found action 7 again (first on line 42)'),
        expect.stringContaining('expected action 8, found it missing'),
      ]),
    );
    expect(actions.framework.actions.map((a) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13]);

    const noArea = parseFramework(edited('action-plan-2022', (t) => t.replace(/^Cooperation Area 2\.2:.*\n/m, '')));
    const noAreaMessages = structureAt(noArea.diagnostics, '2022-01-31-action-plan-summary.txt').map((d) => d.message);
    expect(noAreaMessages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('expected cooperation area 2.2, found it missing'),
        expect.stringContaining('expected cooperation area 2.2 for joint objective 2.2.1, found no such area'),
        expect.stringContaining('expected 11 cooperation areas'),
      ]),
    );

    const orphan = parseFramework(
      edited('action-plan-2022', (t) => t.replace('Joint objective 3.4.1', 'Joint objective 3.5.1')),
    );
    expect(structureAt(orphan.diagnostics, '2022-01-31-action-plan-summary.txt')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          line: 93,
          message: expect.stringContaining('expected cooperation area 3.5 for joint objective 3.5.1'),
        }),
      ]),
    );
  });

  it('reports a runaway number as one gap, not one diagnostic per missing number', () => {
    const { diagnostics: ds } = parseFramework(
      edited('joint-statement-2022', (t) => t.replace('13. Develop', '999999999. Develop')),
    );
    const messages = structureAt(ds, '2022-10-14-joint-statement.txt').map((d) => d.message);
    expect(messages).toEqual([expect.stringContaining('expected actions 13–999999998, found them missing')]);
  });

  it('reports lost anchors and lost goals in the fact sheets', () => {
    const noAnchor = parseFramework(
      edited('joint-statement-2022', (t) => t.replace('through the following actions:', 'as follows.')),
    );
    expect(noAnchor.framework.actions).toEqual([]);
    expect(structureAt(noAnchor.diagnostics, '2022-10-14-joint-statement.txt').map((d) => d.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('expected the sentence introducing the actions'),
        expect.stringContaining('expected 13 actions (1–13), found none'),
      ]),
    );
    const noGoal = parseFramework(edited('whitehouse-fact-sheet-2021', cutAfter('GOAL 2:')));
    expect(structureAt(noGoal.diagnostics, '2021-10-08-whitehouse-fact-sheet.txt').map((d) => d.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('expected 3 goals (1–3), found 2 (1, 2)'),
        expect.stringContaining('expected bulleted sub-areas under goal 2'),
      ]),
    );
    expect(structureAt(noGoal.diagnostics, '2022-01-31-action-plan-summary.txt').map((d) => d.message)).toEqual(
      expect.arrayContaining([expect.stringContaining('to belong to one of goals 1, 2, found goal 3')]),
    );
  });

  it("cross-checks Mexico's sub-areas against the White House fact sheet", () => {
    const mexico = edited('mexico-fact-sheet-2021', (t) =>
      t.replace('- Reduce Arms Trafficking: Increase', 'Increase'),
    );
    const ds = structureAt(parseFramework(mexico).diagnostics, '2021-mexico-fact-sheet.txt');
    expect(ds).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: 23,
        message: expect.stringContaining("goal 2's sub-areas"),
      }),
    ]);
  });

  it('reports a seed role that is missing altogether', () => {
    const { framework: fw, diagnostics: ds } = parseFramework(seeds.filter((s) => s.role !== 'mexico-fact-sheet-2021'));
    expect(fw.commitments).toEqual([]);
    expect(ds).toEqual([
      expect.objectContaining({
        file: 'seeds/manifest.json',
        rule: 'seed/structure',
        message: expect.stringContaining('mexico-fact-sheet-2021'),
      }),
    ]);
  });

  it('never throws, whatever the seed texts say', () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '',
        '1. ',
        '- 2. x',
        'GOAL 1: X',
        '**<u>GOAL 4: Y</u>**',
        'Cooperation Area 1.1: ',
        'Joint objective 9.9.9: z',
        '•',
        '\\###',
        'three commitments:',
        'the following actions:',
        'to establish benchmarks',
      ),
    );
    const text = fc.array(line, { maxLength: 40 }).map((ls) => ls.join('\n'));
    fc.assert(
      fc.property(fc.tuple(text, text, text, text, text), (texts) => {
        const random = seeds.map((s, i) => ({ ...s, text: texts[i] }));
        const result = parseFramework(random);
        for (const d of result.diagnostics) expect(d.file).toMatch(/^seeds\//);
      }),
      { numRuns: 300 },
    );
  });
});

describe('frameworkKeys and the Spanish catalogue', () => {
  it('covers every framework element exactly, with non-empty Spanish text', async () => {
    const catalogue = JSON.parse(
      (await fsEffects.readFile('templates/i18n/es/framework.json')).toString('utf8'),
    ) as Record<string, unknown>;
    const keys = frameworkKeys(framework);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain('_note');
    expect(keys).toHaveLength(3 * 3 + 10 * 2 + 11 + 26 + 13 + 3 + 1);
    expect(
      Object.keys(catalogue)
        .filter((k) => k !== '_note')
        .sort(),
    ).toEqual([...keys].sort());
    for (const [key, value] of Object.entries(catalogue)) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
    expect(catalogue['goal-1.title']).toBe('Proteger a nuestra gente');
    expect(catalogue['goal-2.title']).toBe('Prevenir la delincuencia transfronteriza');
    expect(catalogue['goal-3.title']).toBe('Perseguir a las redes delictivas');
    expect(catalogue._note).toMatch(/GLOSSARY/);
  });
});
