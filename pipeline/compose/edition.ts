// What an edition says it is, on its cover and in the methodology: its data cut-off, its own date,
// whether it is retrospective (prepared more than a year after its year, with the data vintages
// available then), and the sources it uses with their dates (facts in vintages.ts).

import type { ComposeContext } from './context.js';
import type { Block } from './document.js';
import { sourceName } from './metrics.js';
import { editionFacts } from './vintages.js';

/** The cover's lines about the edition: its data cut-off and, when it is one, that it is retrospective. */
export function editionCoverLines(ctx: ComposeContext): string[] {
  const { t, fmt } = ctx;
  const facts = editionFacts(ctx.model, ctx.revision.date);
  return [
    ...(facts.cutoff ? [t.t('edition.cover.cutoff', { date: fmt.date(facts.cutoff.date) })] : []),
    ...(facts.retrospective
      ? [t.t('edition.cover.retrospective', { date: fmt.date(facts.date), year: facts.year })]
      : []),
  ];
}

/** The methodology's section on this edition: its date, its data cut-off, and each source's date. */
export function editionSection(ctx: ComposeContext): Block {
  const { t, fmt } = ctx;
  const facts = editionFacts(ctx.model, ctx.revision.date);
  const para = (text: string): Block => ({ kind: 'paragraph', inlines: [{ text }] });
  const children: Block[] = [];
  if (facts.cutoff) {
    children.push(
      para(
        t.t('edition.method.cutoff', {
          year: facts.year,
          cutoff: fmt.date(facts.cutoff.date),
          role: t.t(`edition.role.${facts.cutoff.role}`),
          source: vintageOwner(ctx, facts.cutoff.source),
        }),
      ),
    );
  } else {
    children.push(para(t.t('edition.method.noCutoff', { year: facts.year })));
  }
  children.push(
    para(
      t.t(facts.retrospective ? 'edition.method.retrospective' : 'edition.method.current', {
        year: facts.year,
        date: fmt.date(facts.date),
      }),
    ),
  );
  if (facts.vintages.length > 0) {
    children.push({
      kind: 'list',
      ordered: false,
      items: facts.vintages.map((v) => [{ text: sourceName(ctx, v.source) }]),
    });
  }
  return { kind: 'section', id: 'method-edition', level: 2, title: t.t('edition.method.title'), children };
}

/** Who gives the cut-off date: a registered source's publisher, or a seed's title. */
function vintageOwner(ctx: ComposeContext, source: string): string {
  const seed = ctx.seed(source);
  if (seed) return ctx.t.t(`seed.${seed.role}.title`);
  return ctx.source(source)?.publisher[ctx.lang] ?? source;
}
