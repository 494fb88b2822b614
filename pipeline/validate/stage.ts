// The validate stage: parse the framework from the seeds, check the data against it and the
// catalogues against each other, and return either a typed model input or every problem at once.

import { checkCatalogues, parseCatalogue, type Catalogue } from '../compose/i18n.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Inputs } from '../ingest/index.js';
import { frameworkKeys, parseFramework } from '../model/framework.js';
import type { Dataset, Framework, Lang, Unit } from '../model/types.js';
import { validateDataset } from './index.js';

export interface Validated {
  framework: Framework;
  dataset: Dataset;
  units: Unit[];
  catalogues: Record<Lang, Catalogue[]>;
  diagnostics: Diagnostic[];
}

export function validate(inputs: Inputs): Validated {
  const diagnostics: Diagnostic[] = [...inputs.diagnostics];
  const { framework, diagnostics: fd } = parseFramework(inputs.seeds);
  diagnostics.push(...fd);
  const { units, metrics, observations, milestones } = inputs.csv;
  // A file that could not be read is already reported; the others still get their parse problems shown.
  if (!(units && metrics && observations && milestones)) for (const p of [units, metrics, observations, milestones]) if (p) diagnostics.push(...p.diagnostics);
  let dataset: Dataset = { metrics: [], observations: [], milestones: [] };
  let unitList: Unit[] = [];
  if (units && metrics && observations && milestones) {
    // validateDataset returns the parse diagnostics of the four files with its own.
    const result = validateDataset({ units, metrics, observations, milestones }, framework, inputs.seeds);
    diagnostics.push(...result.diagnostics);
    dataset = result.dataset;
    unitList = result.units;
  }
  const catalogues = validateCatalogues(inputs, frameworkKeys(framework), diagnostics);
  return { framework, dataset, units: unitList, catalogues, diagnostics: dedupe(diagnostics) };
}

function validateCatalogues(inputs: Inputs, requiredEs: string[], diagnostics: Diagnostic[]): Record<Lang, Catalogue[]> {
  const out: Record<Lang, Catalogue[]> = { en: [], es: [] };
  const texts: Record<string, string> = {};
  for (const lang of ['en', 'es'] as const) {
    for (const source of inputs.catalogues[lang]) {
      const { catalogue, diagnostics: d } = parseCatalogue(lang, source.file, source.text);
      diagnostics.push(...d);
      out[lang].push(catalogue);
      texts[source.file] = source.text;
    }
  }
  // Report furniture: the two main catalogues must have the same keys.
  const [en, es] = [out.en[0], out.es[0]];
  if (en && es) diagnostics.push(...checkCatalogues([en, es], [], texts));
  // Framework texts: every element parsed from the seeds needs its Spanish text.
  const frameworkEs = out.es[1];
  if (frameworkEs) diagnostics.push(...checkCatalogues([frameworkEs], requiredEs, texts));
  return out;
}

/** The same problem found by two checks is printed once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.rule}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
