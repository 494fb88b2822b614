// Compose: one document tree per language. All wording and number formatting is decided here;
// the renderers only lay the tree out.

import { LOCALE_OF } from '../core/languages.js';
import type { Lang } from '../core/types.js';
import { annexChapter, keepUsedAcronyms, methodologyChapter } from './back-matter.js';
import { composeContext, type ComposeContext, type ComposeInput } from './context.js';
import type { DocumentMeta, ReportDocument } from './document.js';
import { editionCoverLines } from './edition.js';
import { actionsChapter, commitmentsChapter, goalChapters } from './framework.js';
import type { Translator } from './i18n.js';
import { revisionsChapter } from './revisions.js';
import { summaryChapter } from './summary.js';
import type { RevisionHistory } from '../revisions/releases.js';

export type { ComposeInput } from './context.js';

/** Page-furniture labels handed to the renderers in `meta.labels`. */
const LABEL_KEYS = [
  'page',
  'contents',
  'draft',
  'skipToContent',
  'tableOfContents',
  'languageSwitch',
  'sectionInOtherLanguage',
  'source',
  'quote',
  'dataTable',
  'revision',
  'status',
  'backToTop',
] as const;

export function composeReport(
  input: ComposeInput & { history?: RevisionHistory },
  lang: Lang,
  t: Translator,
): ReportDocument {
  const ctx = composeContext(input, lang, t);
  const front = cover(ctx);
  const body = [
    summaryChapter(ctx),
    ...goalChapters(ctx),
    actionsChapter(ctx),
    commitmentsChapter(ctx),
    methodologyChapter(ctx),
    revisionsChapter(ctx, input.history),
    annexChapter(ctx),
  ];
  const meta = documentMeta(ctx);
  // The running header and the page footer print the short title ("HLSD · …") too.
  keepUsedAcronyms(body, [front.title, front.subtitle, ...front.lines, meta.shortTitle].join('\n'));
  return { meta, cover: front, body };
}

function documentMeta(ctx: ComposeContext): DocumentMeta {
  const { t, fmt, model, revision } = ctx;
  const other: Lang = ctx.lang === 'en' ? 'es' : 'en';
  const labels: Record<string, string> = {};
  for (const key of LABEL_KEYS) {
    labels[key] = t.t(`label.${key}`, {
      year: model.year,
      revision: revision.number,
      page: '{page}',
      pages: '{pages}',
    });
  }
  return {
    lang: ctx.lang,
    locale: fmt.locale,
    title: t.t('report.title', { year: model.year }),
    shortTitle: t.t('report.shortTitle', { year: model.year }),
    subtitle: t.t('report.subtitle'),
    author: t.t('report.author'),
    subject: t.t('report.subject', { year: model.year }),
    keywords: t
      .t('report.keywords')
      .split(',')
      .map((k) => k.trim()),
    year: model.year,
    revision: revision.number,
    date: revision.date,
    dateText: fmt.date(revision.date),
    labels,
    alternate: { lang: other, locale: LOCALE_OF[other], href: ctx.files[other], label: t.t('label.otherLanguage') },
  };
}

function cover(ctx: ComposeContext): ReportDocument['cover'] {
  const { t, model, revision } = ctx;
  return {
    title: t.t('report.title', { year: model.year }),
    subtitle: t.t('report.subtitle'),
    lines: [
      t.t('cover.governments'),
      t.t('cover.framework'),
      t.t('cover.revision', { revision: revision.number, date: ctx.fmt.date(revision.date) }),
      ...editionCoverLines(ctx),
      ...(ctx.draft ? [t.t('label.draft')] : []),
    ],
  };
}
