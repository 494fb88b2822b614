// What every module of pipeline/patches/ shares: the error it throws, and the two checks it makes
// before it touches a dependency's internals — is the installed version one the patch was written
// for, and does every method or field it replaces or reads still exist with the expected type.
//
// One module per dependency (pdfmake.ts, pdfkit.ts, fontkit.ts, vega.ts) owns all the patching of
// that dependency: finding the class or object, these checks, and the assignment itself. The
// renderers in render/ supply the behaviour and never touch a prototype themselves.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A dependency is not the one a patch was written for (another version, or a method or field it
 * patches is gone). Thrown on first use, before anything is patched; the CLI reports it as an
 * internal error (exit 70) with this message.
 */
export class DependencyPatchError extends Error {
  override name = 'DependencyPatchError';
  readonly pkg: string;
  readonly found: string;
  readonly expected: readonly string[];
  constructor(
    target: PatchTarget,
    found: string,
    /** What is missing or changed, if the version alone is not the problem. */
    readonly detail?: string,
  ) {
    const { pkg, versions, file } = target;
    const test = `test/patches/${file.replace(/^.*\//, '').replace(/\.ts$/, '.test.ts')}`;
    const pin =
      target.pin ??
      `pin ${pkg} to ${versions[versions.length - 1]} in package.json and package-lock.json and run npm ci`;
    super(
      `cannot patch ${pkg} ${found} (installed): ${file} was written for ${pkg} ${versions.join(' or ')}` +
        `${detail ? `, and ${detail}` : ''}. To fix: ${pin}, or update ${file} and ${test} for ${pkg} ${found}`,
    );
    this.pkg = pkg;
    this.found = found;
    this.expected = versions;
  }
}

/** What a patch module is written for: the package, the exact versions it was checked against, its own file. */
export interface PatchTarget {
  pkg: string;
  versions: readonly string[];
  file: string;
  /** How to get a known version back, when it is not "pin <pkg> in package.json". */
  pin?: string;
}

/**
 * The version in the package.json of `pkg` as `from` (a file path or URL) resolves it. Found by
 * walking up from the package's entry point, since not every package exports ./package.json.
 */
export function installedVersion(pkg: string, from: string | URL): string {
  let entry: string;
  try {
    entry = createRequire(from).resolve(pkg);
  } catch {
    return 'not installed';
  }
  for (let dir = dirname(entry); ;) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (json.name === pkg) return json.version ?? 'unknown';
    } catch {
      // no (readable) package.json at this level: keep climbing
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

/** Throws unless `found` is one of the versions the patch was written for. */
export function checkVersion(target: PatchTarget, found: string): void {
  if (!target.versions.includes(found)) throw new DependencyPatchError(target, found);
}

/** The type a patched member must have: a method, a number field, an array field, an object. */
export type MemberKind = 'function' | 'number' | 'array' | 'object';

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/**
 * Throws unless every member of `owner` named in `members` exists with its kind. `where` names
 * the owner in the message (e.g. "Renderer.prototype").
 */
export function checkMembers(
  target: PatchTarget,
  found: string,
  owner: unknown,
  where: string,
  members: Readonly<Record<string, MemberKind>>,
): void {
  if (owner === null || (typeof owner !== 'object' && typeof owner !== 'function')) {
    throw new DependencyPatchError(target, found, `its ${where} is missing (found ${kindOf(owner)})`);
  }
  for (const [name, kind] of Object.entries(members)) {
    const actual = kindOf((owner as Record<string, unknown>)[name]);
    if (actual !== kind) {
      throw new DependencyPatchError(
        target,
        found,
        `its ${where}.${name} is missing or changed (expected ${kind === 'array' || kind === 'object' ? 'an' : 'a'} ${kind}, found ${actual})`,
      );
    }
  }
}
