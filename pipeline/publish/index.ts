// Publish: write each output atomically (temporary name, then rename), skip files whose bytes
// are unchanged, and write the manifest last so it always describes complete files.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { AssessmentResult } from '../assess/types.js';
import type { Effects } from '../effects.js';
import type { ReportModel } from '../model/types.js';
import type { BuildOptions } from '../options.js';
import type { OutputFile } from '../render/index.js';
import type { CompanionFile } from './companion.js';

export interface ManifestEntry {
  path: string;
  lang: string;
  format: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  generator: string;
  year: number;
  files: ManifestEntry[];
}

export interface PublishResult {
  dir: string;
  manifest: Manifest;
  written: string[];
  unchanged: string[];
}

export async function publish(files: readonly (OutputFile | CompanionFile)[], ctx: { model: ReportModel; assessment: AssessmentResult; options: BuildOptions }, effects: Effects): Promise<PublishResult> {
  const dir = join(ctx.options.paths.out, String(ctx.model.year));
  const previous = await readManifest(dir, effects);
  const known = new Map(previous?.files.map((f) => [f.path, f.sha256]) ?? []);
  const entries: ManifestEntry[] = [];
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const file of files) {
    const sha256 = sha256Hex(file.bytes);
    const target = join(dir, file.name);
    entries.push({ path: file.name, lang: 'lang' in file ? file.lang : '', format: 'format' in file ? file.format : file.name.split('.').pop() ?? '', bytes: file.bytes.length, sha256 });
    if (known.get(file.name) === sha256 && (await effects.exists(target))) {
      unchanged.push(target);
      continue;
    }
    await effects.writeFileAtomic(target, file.bytes);
    written.push(target);
  }
  // Keep entries of formats/languages not rebuilt this time, so a partial build does not forget files.
  for (const old of previous?.files ?? []) if (!entries.some((e) => e.path === old.path)) entries.push(old);
  entries.sort((a, b) => a.path.localeCompare(b.path));
  const manifest: Manifest = { generator: 'hlsd-report', year: ctx.model.year, files: entries };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  const manifestPath = join(dir, 'manifest.json');
  if (written.length > 0 || !previous || JSON.stringify(previous) !== JSON.stringify(manifest)) {
    await effects.writeFileAtomic(manifestPath, text);
    written.push(manifestPath);
  } else unchanged.push(manifestPath);
  return { dir, manifest, written, unchanged };
}

export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readManifest(dir: string, effects: Effects): Promise<Manifest | undefined> {
  try {
    return JSON.parse((await effects.readFile(join(dir, 'manifest.json'))).toString('utf8')) as Manifest;
  } catch {
    return undefined;
  }
}
