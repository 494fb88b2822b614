// Issue #24, item 8 ("editions that say what they are"), with hand-made rows: an edition's data
// cut-off is the latest date among the sources it uses (only sources with observations up to its
// year count; a month-dated cut-off sorts as its last day); an edition prepared more than a year
// after its year is retrospective; the cover and the methodology say both, in both languages; and a
// caveat loses the clauses that name a later year (outside the sources' own dates) or that are
// drafting notes, with its punctuation mended.

import { describe, expect, it } from 'vitest';
import type { Block } from '../../pipeline/compose/document.js';
import { editionCoverLines, editionSection } from '../../pipeline/compose/edition.js';
import { editionCaveat, editionFacts, isRetrospective, trimCaveat } from '../../pipeline/compose/vintages.js';
import { blockText } from '../../pipeline/compose/back-matter.js';
import {
  catalogueKeys,
  handmadeContext,
  handmadeModel,
  metric,
  observation,
  seed,
  source,
  type Handmade,
} from './handmade.js';

const rows = (year: number): Handmade => ({
  year,
  seeds: [seed('2022-10-14-joint-statement.txt', '2022-10-14')],
  sources: [
    source('cdc', '2025-04', 'cutoff'),
    source('wb', '2025-04-15', 'retrieved'),
    source('registry', '2026-07-17', 'consulted'),
    source('unused', '2027-01-01', 'consulted'),
  ],
  // Only sources the edition's observations cite count; the model of a year holds the observations up to it.
  observations: [
    observation('deaths', 'US', '2021', 100, { source: 'cdc' }),
    observation('rate', 'MX', '2021', 2.5, { source: 'wb' }),
    ...(year >= 2023 ? [observation('missing', 'MX', '2023', 10, { source: 'registry' })] : []),
  ],
  editions: [
    { year: 2022, date: '2026-12-03' },
    { year: 2023, date: '2026-12-03' },
    { year: 2024, date: '2025-03-01' },
  ],
});

describe('editionFacts', () => {
  it('takes the latest date among the sources the edition uses, a month sorting as its last day', () => {
    const f22 = editionFacts(handmadeModel(rows(2022)), '2030-01-01');
    expect(f22.cutoff).toEqual({ source: 'cdc', date: '2025-04', role: 'cutoff' });
    expect(f22.vintages.map((v) => v.source)).toEqual(['2022-10-14-joint-statement.txt', 'wb', 'cdc']);
    const f23 = editionFacts(handmadeModel(rows(2023)), '2030-01-01');
    expect(f23.cutoff).toEqual({ source: 'registry', date: '2026-07-17', role: 'consulted' });
    expect(f23.vintages.map((v) => v.source)).not.toContain('unused');
  });

  it("dates the edition by its row of editions.csv, else by the revision's date", () => {
    expect(editionFacts(handmadeModel(rows(2022)), '2030-01-01').date).toBe('2026-12-03');
    expect(editionFacts(handmadeModel({ ...rows(2022), editions: [] }), '2030-01-01').date).toBe('2030-01-01');
  });

  it('calls an edition retrospective when it is dated more than a year after the end of its year', () => {
    expect(isRetrospective(2022, '2026-12-03')).toBe(true);
    expect(isRetrospective(2023, '2026-12-03')).toBe(true);
    expect(isRetrospective(2024, '2025-12-31')).toBe(false);
    expect(isRetrospective(2024, '2026-01-01')).toBe(true);
    expect(editionFacts(handmadeModel(rows(2024)), '2030-01-01').retrospective).toBe(false);
  });
});

describe('what the edition says about itself', () => {
  const text = (b: Block) => blockText(b);

  it('puts its data cut-off on the cover, and that it is retrospective when it is', () => {
    expect(editionCoverLines(handmadeContext(rows(2022), 'en'))).toEqual([
      'Data cut-off: April 2025',
      'Retrospective edition, prepared on December 3, 2026 with the data vintages then available',
    ]);
    expect(editionCoverLines(handmadeContext(rows(2022), 'es'))).toEqual([
      'Fecha de corte de los datos: abril de 2025',
      'Edición retrospectiva, elaborada el 3 de diciembre de 2026 con las versiones de los datos disponibles en esa fecha',
    ]);
    expect(editionCoverLines(handmadeContext(rows(2024), 'en'))).toEqual(['Data cut-off: July 17, 2026']);
  });

  it('explains the cut-off, the edition date and each source date in the methodology', () => {
    const en = text(editionSection(handmadeContext(rows(2023), 'en')));
    expect(en).toContain('This edition of the 2023 report uses the data available on July 17, 2026, its data cut-off');
    expect(en).toContain('(consultation date: Publisher registry)');
    expect(en).toContain(
      'It is a retrospective edition: it was prepared on December 3, 2026, more than a year after the end of 2023',
    );
    expect(en).toContain('Publisher cdc, Title cdc (data cut-off April 2025)');
    const es = text(editionSection(handmadeContext(rows(2023), 'es')));
    expect(es).toContain(
      'Esta edición del informe 2023 usa los datos disponibles al 17 de julio de 2026, su fecha de corte de los datos',
    );
    expect(es).toContain('Es una edición retrospectiva: se elaboró el 3 de diciembre de 2026');
    expect(text(editionSection(handmadeContext(rows(2024), 'en')))).toContain(
      'It was prepared on March 1, 2025, with the data vintages available on that date.',
    );
  });

  it('has every message it uses in both catalogues', () => {
    const used = [
      'edition.cover.cutoff',
      'edition.cover.retrospective',
      'edition.method.title',
      'edition.method.cutoff',
      'edition.method.noCutoff',
      'edition.method.retrospective',
      'edition.method.current',
      'edition.role.cutoff',
      'edition.role.retrieved',
      'edition.role.consulted',
      'edition.role.published',
    ];
    for (const lang of ['en', 'es'] as const) {
      const keys = catalogueKeys(lang);
      for (const key of used) expect(keys.has(key), `${lang} ${key}`).toBe(true);
      const ctx = handmadeContext(rows(2022), lang);
      editionSection(ctx);
      editionCoverLines(ctx);
      expect([...ctx.t.missing]).toEqual([]);
    }
  });
});

describe('a caveat in an edition', () => {
  const DATES = ['2023-11-08', '2025-04', '2026-04-06'];

  it('drops a later year and a drafting note, and mends the sentence (hand-made text in the shape of the CDC caveats)', () => {
    const reported =
      'Provisional reported counts, revised with each release; 2024 is flagged as underreported due to incomplete data. Final counts differ somewhat; state whether reported or predicted figures are used.';
    expect(trimCaveat(reported, 2022, DATES)).toBe(
      'Provisional reported counts, revised with each release. Final counts differ somewhat.',
    );
    expect(trimCaveat(reported, 2024, DATES)).toBe(
      'Provisional reported counts, revised with each release; 2024 is flagged as underreported due to incomplete data. Final counts differ somewhat.',
    );
    expect(
      trimCaveat(
        'A model-based estimate; provisional, revised with each release, with 2024 flagged as underreported. State whether reported or predicted figures are used.',
        2022,
        DATES,
      ),
    ).toBe('A model-based estimate; provisional, revised with each release.');
    expect(
      trimCaveat(
        'Estimación basada en un modelo; es provisional, se revisa en cada publicación y 2024 está subregistrado. Indique si se usa la cifra reportada o la estimada.',
        2023,
        DATES,
      ),
    ).toBe('Estimación basada en un modelo; es provisional y se revisa en cada publicación.');
    expect(
      trimCaveat(
        'Differs from the national rate (2021: 27.97 vs 25.86). 2023 is the latest year; past values are revised.',
        2022,
        DATES,
      ),
    ).toBe('Differs from the national rate (2021: 27.97 vs 25.86). Past values are revised.');
  });

  it("keeps the sources' own dates, in any of their writings, and abbreviations such as U.S.", () => {
    const cbp =
      'U.S. fiscal year (October–September); files as downloaded before 8 November 2023, and CBP updates its data.';
    expect(trimCaveat(cbp, 2022, DATES)).toBe(cbp);
    expect(
      trimCaveat(
        'Archivos descargados antes del 8 de noviembre de 2023; registro consultado el 6 de abril de 2026.',
        2022,
        DATES,
      ),
    ).toBe('Archivos descargados antes del 8 de noviembre de 2023; registro consultado el 6 de abril de 2026.');
    // Not a source's date: goes.
    expect(trimCaveat('Counts as of 2021. Revised in March 2024.', 2022, DATES)).toBe('Counts as of 2021.');
  });

  it("is the metric's caveat in the edition's language, or nothing when nothing is left", () => {
    const m = metric('deaths', 'deaths', { caveat: { en: '2024 underreported.', es: '2024 subregistrado.' } });
    expect(editionCaveat(handmadeContext({ ...rows(2022), metrics: [m] }, 'en'), m)).toBeUndefined();
    expect(editionCaveat(handmadeContext({ ...rows(2024), metrics: [m] }, 'es'), m)).toBe('2024 subregistrado.');
  });
});
