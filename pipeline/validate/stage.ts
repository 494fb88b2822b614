// The validate stage: parse the framework from the seeds, check the data against it and the
// catalogues against each other, and return either a typed model input or every problem at once.

import { checkCatalogues, parseCatalogue, type Catalogue } from './catalogues.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Inputs } from '../ingest/index.js';
import { frameworkKeys, parseFramework } from '../ingest/framework.js';
import { LANGS, perLanguage } from '../core/languages.js';
import type { Dataset, Framework, Lang, Unit } from '../core/types.js';
import { validateDataset } from './index.js';
import { catalogueTemplateProblems, htmlTemplateProblems } from './templates.js';
import { basename } from 'node:path';

export interface Validated {
  framework: Framework;
  dataset: Dataset;
  units: Unit[];
  catalogues: Record<Lang, Catalogue[]>;
  diagnostics: Diagnostic[];
}

export function validate(inputs: Inputs): Validated {
  const diagnostics: Diagnostic[] = [...inputs.diagnostics];
  const { framework, diagnostics: fd } = parseFramework(inputs.seeds, inputs.seedsDir);
  diagnostics.push(...fd);
  const { units, metrics, observations, milestones } = inputs.csv;
  // A file that could not be read is already reported; the others still get their parse problems shown.
  if (!(units && metrics && observations && milestones))
    for (const p of [units, metrics, observations, milestones]) if (p) diagnostics.push(...p.diagnostics);
  let dataset: Dataset = { metrics: [], observations: [], milestones: [], sources: [] };
  let unitList: Unit[] = [];
  if (units && metrics && observations && milestones) {
    // validateDataset returns the parse diagnostics of the four files with its own.
    const result = validateDataset(
      {
        units,
        metrics,
        observations,
        milestones,
        ...(inputs.csv.sources ? { sources: inputs.csv.sources } : {}),
        ...(inputs.csv.editions ? { editions: inputs.csv.editions } : {}),
      },
      framework,
      inputs.seeds,
    );
    diagnostics.push(...result.diagnostics);
    dataset = result.dataset;
    unitList = result.units;
  }
  // A broken seed already explains itself; do not add a cascade of "missing translation" errors
  // for framework elements that were not found or were found wrongly.
  const seedsBroken = hasErrors(fd) || inputs.diagnostics.some((d) => d.rule.startsWith('seed/'));
  const catalogues = validateCatalogues(inputs, seedsBroken ? [] : frameworkKeys(framework), diagnostics, seedsBroken);
  diagnostics.push(...htmlTemplateProblems(inputs.templatesDir, inputs.html));
  return { framework, dataset, units: unitList, catalogues, diagnostics: dedupe(diagnostics) };
}

/**
 * Both languages need the same report texts: a key in any English catalogue must be in a Spanish
 * one and the reverse, except the framework's texts, which English takes from the seeds and
 * Spanish from templates/i18n/es/framework.json (every element parsed from the seeds needs one).
 */
function validateCatalogues(
  inputs: Inputs,
  frameworkKeys: string[],
  diagnostics: Diagnostic[],
  seedsBroken = false,
): Record<Lang, Catalogue[]> {
  const out: Record<Lang, Catalogue[]> = perLanguage(() => []);
  for (const lang of LANGS) {
    for (const source of inputs.catalogues[lang]) {
      const { catalogue, diagnostics: d } = parseCatalogue(lang, source.file, source.text);
      diagnostics.push(...d, ...catalogueTemplateProblems(source.file, source.text, catalogue.messages));
      out[lang].push(catalogue);
    }
  }
  // Framework keys: those of the parsed framework, or (seeds broken) everything in framework.json.
  const framework = new Set(
    seedsBroken
      ? out.es.filter((c) => basename(c.file) === 'framework.json').flatMap((c) => Object.keys(c.messages))
      : frameworkKeys,
  );
  // Translations of quoted sentences (quotes.json, "quote:<sentence>") exist only in the language
  // that needs them; compose reports one that is missing.
  const shared = (k: string) => !framework.has(k) && !k.startsWith('quote:');
  // A catalogue that is not JSON has no keys: its one error says so, not one per key it lacks.
  const unreadable = new Set(diagnostics.filter((d) => d.rule === 'i18n/json').map((d) => d.file));
  const missing = [
    ...missingKeys(out.en, out.es, shared, inputs),
    ...missingKeys(out.es, out.en, shared, inputs),
    ...missingKeys([], out.es, () => true, inputs, frameworkKeys),
  ];
  diagnostics.push(...missing.filter((d) => !unreadable.has(d.file)));
  return out;
}

/** Keys present in `from` (or listed in `required`) that `to` lacks or leaves empty, reported on
 * the catalogue of the same name in the other language (report.json ↔ report.json). */
function missingKeys(
  from: Catalogue[],
  to: Catalogue[],
  applies: (key: string) => boolean,
  inputs: Inputs,
  required: string[] = [],
): Diagnostic[] {
  if (to.length === 0) return [];
  const home = new Map<string, string>();
  for (const k of required) home.set(k, 'framework.json');
  for (const c of from) for (const k of Object.keys(c.messages)) if (applies(k)) home.set(k, basename(c.file));
  const texts = Object.fromEntries(inputs.catalogues[to[0]!.lang].map((s) => [s.file, s.text]));
  const merged = Object.assign({}, ...to.map((c) => c.messages)) as Record<string, string>;
  const out: Diagnostic[] = [];
  for (const [key, name] of [...home].sort(([a], [b]) => a.localeCompare(b))) {
    if (merged[key] !== undefined && merged[key]!.trim() !== '') continue;
    const target = to.find((c) => basename(c.file) === name) ?? to[0]!;
    out.push(
      ...checkCatalogues([{ ...target, messages: merged }], [key], texts).map((d) => ({
        ...d,
        file: target.file,
        hint: `add "${key}": "…" to ${target.file}`,
      })),
    );
  }
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
