// The ground floor's hashing: SHA-256 (node:crypto) and canonical JSON, for the build stamp, the
// chart cache keys, the manifest and the errata alike. Every stage may import this module.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Effects } from '../effects.js';

/** JSON with object keys sorted at every depth; `undefined` members dropped (as JSON does). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new Error(`canonicalJson: non-finite number ${value}`);
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const digests = new WeakMap<Buffer, string>();

/**
 * SHA-256 of bytes read from a file, computed once per buffer: the build stamp (revisions/stamp.ts)
 * and the replay record (revisions/replay.ts) both hash what ingest reads, and the same buffer
 * passes through both. Read buffers are never modified in place.
 */
export function digestOfRead(bytes: Buffer): string {
  let digest = digests.get(bytes);
  if (digest === undefined) digests.set(bytes, (digest = sha256(bytes)));
  return digest;
}

/** Every file a manifest lists is in `dir` with the checksum it records (false if one cannot be read). */
export async function filesMatch(
  dir: string,
  files: readonly { path: string; sha256: string }[],
  effects: Pick<Effects, 'readFile'>,
): Promise<boolean> {
  try {
    for (const f of files) if (sha256(await effects.readFile(join(dir, f.path))) !== f.sha256) return false;
    return true;
  } catch {
    return false;
  }
}
