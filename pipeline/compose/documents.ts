// Compose every requested language and make sure no message key was missing.

import type { AssessmentResult } from '../assess/types.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { defaultRevisionDate } from '../model/index.js';
import { perLanguage } from '../core/languages.js';
import type { ReportModel } from '../core/types.js';
import type { BuildOptions } from '../options.js';
import { reportFileName } from '../core/names.js';
import type { RevisionHistory } from '../revisions/releases.js';
import type { Validated } from '../validate/stage.js';
import type { ReportDocument } from './document.js';
import { Translator } from './i18n.js';
import { fieldInCatalogue } from '../validate/templates.js';
import { composeReport } from './index.js';
import { quoteKey } from './quotes.js';

const QUOTE_PREFIX = quoteKey('');

/** What the compose stage hands on: the document trees with the assessment and history they show. */
export interface Composed {
  documents: ReportDocument[];
  assessment: AssessmentResult;
  history: RevisionHistory;
}

export interface ComposeStageInput {
  model: ReportModel;
  assessment: AssessmentResult;
  validated: Validated;
  options: BuildOptions;
  revision?: { number: number; date: string };
  /** Published revisions and their errata, for the revision history chapter. */
  history?: RevisionHistory;
}

export function composeDocuments(input: ComposeStageInput): { documents: ReportDocument[]; diagnostics: Diagnostic[] } {
  const { model, assessment, validated, options } = input;
  const revision = input.revision ?? {
    number: 1,
    date: options.revisionDate ?? defaultRevisionDate(model.framework, model.data, model.year),
  };
  const files = perLanguage((lang) => reportFileName(model.year, lang, 'html'));
  const diagnostics: Diagnostic[] = [];
  const documents: ReportDocument[] = [];
  for (const lang of options.langs) {
    const t = new Translator(validated.catalogues[lang]);
    documents.push(
      composeReport(
        { model, units: validated.units, assessment, revision, files, draft: options.draft, history: input.history },
        lang,
        t,
      ),
    );
    for (const key of [...t.missing].sort()) {
      if (key.startsWith(QUOTE_PREFIX)) {
        // A quoted sentence without its translation into this edition's language.
        const file =
          validated.catalogues[lang].find((c) => c.file.endsWith('/quotes.json'))?.file ??
          `templates/i18n/${lang}/quotes.json`;
        const quote = key.slice(QUOTE_PREFIX.length);
        diagnostics.push(
          error(
            { file },
            'i18n/missing',
            `the ${lang === 'es' ? 'Spanish' : 'English'} edition quotes “${quote}” and needs its translation, which is missing`,
            `add ${JSON.stringify(key)}: "…" (the unofficial translation) to ${file}`,
          ),
        );
        continue;
      }
      const file = validated.catalogues[lang][0]?.file ?? `templates/i18n/${lang}/report.json`;
      diagnostics.push(
        error(
          { file },
          'i18n/missing',
          `the report needs the text "${key}", which is missing`,
          `add "${key}": "…" to ${file}`,
        ),
      );
    }
    diagnostics.push(...brokenMessages(t));
  }
  return { documents, diagnostics };
}

/** Messages that name a field the report does not give them, each at the field in its catalogue. */
function brokenMessages(t: Translator): Diagnostic[] {
  return [...t.broken]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, { field, given }]) => {
      const home =
        t.catalogues.find((c) => c.messages[key] !== undefined && c.messages[key] !== '') ?? t.catalogues[0]!;
      const fields = given.length ? given.map((g) => `{{${g}}}`).join(', ') : 'no fields';
      return error(
        { file: home.file, ...fieldInCatalogue(home.text ?? '', key, home.messages[key] ?? '', field) },
        'i18n/template',
        `the text for "${key}" uses {{${field}}}, which the report does not give it`,
        `this text can use ${fields}; correct or remove the field`,
      );
    });
}
