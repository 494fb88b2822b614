// A certificate file is input like any other: one asking for an absurd number of key-derivation
// iterations (MAC or encryption) is refused from its ASN.1, before node-forge derives anything.

import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { loadSigningKey, MAX_PKCS12_ITERATIONS, pkcs12Iterations } from '../../pipeline/publish/sign.js';
import { makeCertificate } from '../helpers/certs.js';

const NOW = new Date('2026-01-15T12:00:00Z');
const memory = (fs: Record<string, Buffer>) => ({
  readFile: async (path: string) => {
    const bytes = fs[path];
    if (!bytes) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return bytes;
  },
});

/** The same PFX with every iteration count found at `where` set to `count` (re-encoded, lengths recomputed). */
function withIterations(p12: Buffer, count: number, where: 'mac' | 'encryption'): Buffer {
  const asn1 = forge.asn1;
  const root = asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
  const integer = (n: number) =>
    asn1.create(
      asn1.Class.UNIVERSAL,
      asn1.Type.INTEGER,
      false,
      forge.util
        .hexToBytes((n.toString(16).length % 2 ? '0' : '') + n.toString(16))
        .replace(/^([\x80-\xff])/, '\x00$1'),
    );
  const pfx = root.value as forge.asn1.Asn1[];
  if (where === 'mac') (pfx[2]!.value as forge.asn1.Asn1[])[2] = integer(count);
  else {
    // authSafe → OCTET STRING → AuthenticatedSafe; every PBE parameter SEQUENCE { salt, iterations } inside it.
    const holder = ((pfx[1]!.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0]!;
    const safe = asn1.fromDer(forge.util.createBuffer(holder.value as string));
    const patch = (node: forge.asn1.Asn1): forge.asn1.Asn1 => {
      if (Array.isArray(node.value)) {
        node.value = node.value.map((child, i, all) =>
          i > 0 &&
          all[i - 1]!.type === asn1.Type.OCTETSTRING &&
          child.type === asn1.Type.INTEGER &&
          node.type === asn1.Type.SEQUENCE
            ? integer(count)
            : patch(child),
        );
      } else if (
        node.type === asn1.Type.OCTETSTRING &&
        typeof node.value === 'string' &&
        node.value.charCodeAt(0) === 0x30
      ) {
        try {
          node.value = asn1.toDer(patch(asn1.fromDer(forge.util.createBuffer(node.value), true))).getBytes();
        } catch {
          // not DER
        }
      }
      return node;
    };
    holder.value = asn1.toDer(patch(safe)).getBytes();
  }
  return Buffer.from(asn1.toDer(root).getBytes(), 'binary');
}

describe('PKCS#12 iteration counts', () => {
  const cert = makeCertificate({ commonName: 'Iterations (test)' });

  it('reads the MAC and encryption counts of a real file (forge writes 2,048)', () => {
    const counts = pkcs12Iterations(cert.p12);
    expect(counts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(counts)).toEqual(new Set([2048]));
  });

  it('refuses an absurd MAC count, or an absurd encryption count, at once with sign/iterations', async () => {
    for (const [where, count] of [
      ['mac', 2_000_000_000],
      ['encryption', 1_000_000_000],
      ['mac', MAX_PKCS12_ITERATIONS + 1],
    ] as const) {
      const p12 = withIterations(cert.p12, count, where);
      expect(Math.max(...pkcs12Iterations(p12))).toBe(count);
      const started = Date.now();
      const r = await loadSigningKey('slow.p12', cert.password, NOW, memory({ 'slow.p12': p12 }));
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.diagnostics.map((d) => [d.rule, d.file])).toEqual([['sign/iterations', 'slow.p12']]);
      expect(r.diagnostics[0]!.message).toContain(count.toLocaleString('en-US'));
    }
  });

  it('still opens the file with counts a real tool writes', async () => {
    const r = await loadSigningKey(
      'ok.p12',
      cert.password,
      NOW,
      memory({ 'ok.p12': withIterations(cert.p12, 4096, 'mac') }),
    );
    // The MAC was made with 2,048, so 4,096 no longer verifies: the usual password error, not a refusal.
    expect(r.ok ? 'ok' : r.diagnostics[0]!.rule).toBe('sign/password');
    expect((await loadSigningKey('good.p12', cert.password, NOW, memory({ 'good.p12': cert.p12 }))).ok).toBe(true);
  });
});
