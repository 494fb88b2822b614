// `publish --sign`: the PDFs of a revision signed (PAdES, ETSI.CAdES.detached) with a throwaway
// PKCS#12 certificate made here.
// pdfsig (poppler) verifies the signatures; the signed file starts with the exact bytes the build
// wrote (an incremental update), so pdfinfo still says Tagged: yes and pdf.js reads back the same
// structure tree, text, outline, links and metadata as from the unsigned file. A missing
// certificate, a wrong password and an expired certificate give exit 1 and change nothing.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 as sha256Hex } from '../../pipeline/core/hash.js';
import { addSignaturePlaceholder, signPlaceholder } from '../../pipeline/publish/incremental.js';
import { loadSigningKey, signPdf } from '../../pipeline/publish/sign.js';
import { makeCertificate, type TestCertificate } from '../helpers/certs.js';
import { hasTool, runCli, snapshot, YEAR } from '../helpers/cli.js';
import { copyOfDefaultBuild } from '../helpers/report.js';
import { readPdf } from '../render/pdf/read-pdf.js';

const LANGS = ['en', 'es'] as const;
let dir: string;
let good: TestCertificate;
let published: string;
let publishRun: ReturnType<typeof runCli>;

const files = (fs: Record<string, Buffer>) => fs;
const memory = (fs: Record<string, Buffer>) => ({
  readFile: async (path: string) => {
    const bytes = files(fs)[path];
    if (!bytes) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return bytes;
  },
});
const NOW = new Date('2026-01-15T12:00:00Z');

beforeAll(async () => {
  good = makeCertificate({ commonName: 'Example Signing Office (test)' });
  // The run's default build, copied with its out/ and .cache/: publish lays out the released
  // revision again (its cover says published), with every chart from the copied cache.
  dir = (await copyOfDefaultBuild('hlsd-sign-')).dir;
  writeFileSync(join(dir, 'signer.p12'), good.p12);
  publishRun = runCli(['publish', '--sign', '--cert', 'signer.p12'], {
    cwd: dir,
    env: { HLSD_SIGN_PASSWORD: good.password },
  });
  published = join(dir, `published/${YEAR}/r1`);
}, 240_000);

describe('loadSigningKey', () => {
  it('opens a good certificate and reports its subject and validity', async () => {
    const r = await loadSigningKey('a.p12', good.password, NOW, memory({ 'a.p12': good.p12 }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.key.subject).toBe('Example Signing Office (test)');
    expect(r.key.notAfter.toISOString()).toBe('2099-12-31T00:00:00.000Z');
  });

  it('refuses no certificate, a missing file, a wrong password, a non-PKCS#12 file, an expired and a future certificate', async () => {
    const expired = makeCertificate({
      commonName: 'Expired (test)',
      notBefore: new Date('2010-01-01Z'),
      notAfter: new Date('2011-01-01Z'),
    });
    const future = makeCertificate({ commonName: 'Future (test)', notBefore: new Date('2090-01-01Z') });
    const fs = {
      'good.p12': good.p12,
      'expired.p12': expired.p12,
      'future.p12': future.p12,
      'text.p12': Buffer.from('not a certificate\n'),
    };
    const cases: [string | undefined, string, string, RegExp][] = [
      [undefined, '', 'sign/no-certificate', /^--sign needs a certificate/],
      ['nope.p12', good.password, 'sign/unreadable', /^the signing certificate does not exist$/],
      ['good.p12', 'wrong', 'sign/password', /^the password does not open the signing certificate$/],
      ['text.p12', good.password, 'sign/not-pkcs12', /not a PKCS#12 certificate/],
      [
        'expired.p12',
        expired.password,
        'sign/expired',
        /^the signing certificate of "Expired \(test\)" expired on 2011-01-01$/,
      ],
      ['future.p12', future.password, 'sign/not-yet-valid', /valid only from 2090-01-01$/],
    ];
    for (const [file, password, rule, message] of cases) {
      const r = await loadSigningKey(file, password, NOW, memory(fs));
      expect(r.ok, rule).toBe(false);
      if (r.ok) continue;
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]!.rule).toBe(rule);
      expect(r.diagnostics[0]!.message).toMatch(message);
      expect(r.diagnostics[0]!.hint).toMatch(/\S/);
      if (file) expect(r.diagnostics[0]!.file).toBe(file);
    }
  });
});

describe('the incremental update', () => {
  const fields = {
    subFilter: 'ETSI.CAdES.detached',
    reason: 'test',
    name: 'Tester',
    when: NOW,
    app: 'hlsd-report',
    reserve: 64,
  };

  it('refuses what it cannot update, rather than write a broken file', () => {
    expect(() => addSignaturePlaceholder(Buffer.from('%PDF-1.7\nnothing here\n'), fields)).toThrow(/no startxref/);
    expect(() =>
      addSignaturePlaceholder(
        Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /XRef >>\nstream\nendstream\nendobj\nstartxref\n9\n%%EOF\n'),
        fields,
      ),
    ).toThrow(/cross-reference stream/);
  });

  it('refuses a signature larger than the room reserved for it', async () => {
    const built = readFileSync(join(dir, `out/${YEAR}/hlsd-report-${YEAR}-en.pdf`));
    const placeholder = addSignaturePlaceholder(built, fields);
    await expect(signPlaceholder(placeholder, () => Buffer.alloc(65, 1))).rejects.toThrow(
      /needs 65 bytes, 64 are reserved/,
    );
    const signed = await signPlaceholder(placeholder, () => Buffer.alloc(64, 0xab));
    expect(signed.length).toBe(placeholder.length);
    expect(signed.toString('latin1')).toContain(`/Contents <${'ab'.repeat(64)}>`);
    const range = /\/ByteRange \[0 (\d+) (\d+) (\d+) *\]/.exec(signed.toString('latin1'))!;
    expect(Number(range[2]) - Number(range[1])).toBe(64 * 2 + 2);
    expect(Number(range[2]) + Number(range[3])).toBe(signed.length);
    // A second signature on an already signed file is refused (it has a form).
    expect(() => addSignaturePlaceholder(signed, fields)).toThrow(/already has a form/);
  });
});

describe.skipIf(!hasTool('pdfsig') || !hasTool('pdfinfo'))('publish --sign', () => {
  it('publishes revision 1 with signed PDFs', () => {
    expect(publishRun.stderr).not.toMatch(/ error |internal error/);
    expect(publishRun.status, publishRun.stderr).toBe(0);
    expect(publishRun.stderr).toMatch(
      /^sign {5}2 PDF\(s\) signed by "Example Signing Office \(test\)" \(certificate valid until 2099-12-31\)$/m,
    );
    // The password never reaches the output.
    expect(publishRun.stdout + publishRun.stderr).not.toContain(good.password);
  });

  it.each(LANGS)('pdfsig reports a valid signature by the certificate on the %s PDF', (lang) => {
    const r = spawnSync('pdfsig', [join(published, `hlsd-report-${YEAR}-${lang}.pdf`)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Signature #1:$/m);
    expect(r.stdout).not.toMatch(/^Signature #2:$/m);
    expect(r.stdout).toMatch(/Signer Certificate Common Name: Example Signing Office \(test\)/);
    expect(r.stdout).toMatch(/Signing Hash Algorithm: SHA-256/);
    expect(r.stdout).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
    expect(r.stdout).toMatch(/Total document signed/);
    expect(r.stdout).toMatch(/Signature Validation: Signature is Valid\./);
  });

  it.each(LANGS)(
    'adds the signature as an incremental update: the %s PDF built in out/ is the start of the signed file',
    (lang) => {
      const built = readFileSync(join(dir, `out/${YEAR}/hlsd-report-${YEAR}-${lang}.pdf`));
      const signed = readFileSync(join(published, `hlsd-report-${YEAR}-${lang}.pdf`));
      expect(signed.subarray(0, built.length).equals(built)).toBe(true);
      const update = signed.subarray(built.length).toString('latin1');
      expect(update).toMatch(/\/Type \/Sig/);
      expect(update).toMatch(/\/StructTreeRoot \d+ 0 R/); // the new catalogue keeps the structure tree…
      expect(update).toMatch(/\/MarkInfo/); // …the marked-content flag…
      expect(update).toMatch(/\/Metadata \d+ 0 R/); // …and the XMP metadata
      expect(update).toMatch(/\/AcroForm \d+ 0 R/);
      expect(update.match(/%%EOF/g)).toHaveLength(1);
      expect(update).toMatch(
        new RegExp(`/Prev ${/startxref\s+(\d+)\s+%%EOF\s*$/.exec(built.toString('latin1'))![1]}\n`),
      ); // chained to the original xref
      // qpdf reads the updated file without a syntax error.
      const path = join(dir, `check-${lang}.pdf`);
      writeFileSync(path, signed);
      if (hasTool('qpdf'))
        expect(spawnSync('qpdf', ['--check', path], { encoding: 'utf8' }).stdout).toMatch(
          /No syntax or stream encoding errors found/,
        );
    },
  );

  it.each(LANGS)(
    'keeps the %s PDF tagged: pdfinfo says Tagged: yes and pdf.js reads the same structure, text, outline, links and metadata',
    async (lang) => {
      const signedPath = join(published, `hlsd-report-${YEAR}-${lang}.pdf`);
      const info = spawnSync('pdfinfo', [signedPath], { encoding: 'utf8' }).stdout;
      expect(info).toMatch(/^Tagged:\s+yes$/m);
      expect(info).toMatch(/^Metadata Stream:\s+yes$/m);
      const signed = await readPdf(readFileSync(signedPath));
      const built = await readPdf(readFileSync(join(dir, `out/${YEAR}/hlsd-report-${YEAR}-${lang}.pdf`)));
      // Everything test/render/pdf/report.test.ts checks is read from these: equal data, equal results.
      expect(signed.pages.length).toBeGreaterThan(10);
      expect(signed.pages).toEqual(built.pages);
      expect(signed.outline).toEqual(built.outline);
      expect(signed.destinations).toEqual(built.destinations);
      expect(signed.links).toEqual(built.links);
      expect(signed.xmp).toBe(built.xmp);
      expect(signed.markInfo).toEqual(built.markInfo);
      expect(signed.info.Language).toBe(built.info.Language);
      expect(signed.info.Title).toBe(built.info.Title);
      expect(signed.info.IsSignaturesPresent).toBe(true);
    },
  );

  it("makes a PAdES baseline signature: CMS with SHA-256 and the signer's certificate bound by signing-certificate-v2", () => {
    const signed = readFileSync(join(published, `hlsd-report-${YEAR}-en.pdf`)).toString('latin1');
    const update = signed.slice(signed.lastIndexOf('/Type /Sig'));
    expect(update).toMatch(/\/SubFilter \/ETSI\.CAdES\.detached/);
    expect(update).toMatch(/\/M \(D:\d{14}Z\)/); // the signing time, in the signature dictionary
    const cms = /\/Contents <([0-9a-f]+)>/i.exec(signed)![1]!.toLowerCase();
    const hex = (b: Buffer) => b.toString('hex');
    const certDer = Buffer.from(
      forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(good.certPem))).getBytes(),
      'binary',
    );
    expect(cms).toContain('060b2a864886f70d010910022f'); // OID 1.2.840.113549.1.9.16.2.47, id-aa-signingCertificateV2
    expect(cms).toContain(hex(createHash('sha256').update(certDer).digest())); // …holding the certificate's SHA-256
    expect(cms).toContain('0609608648016503040201'); // OID 2.16.840.1.101.3.4.2.1, SHA-256
    expect(cms).not.toContain('06092a864886f70d010905'); // no CMS signing-time attribute (PAdES B-B puts the time in /M)
  });

  it('lists the signed files in SHA256SUMS and the revision manifest; sha256sum -c passes', () => {
    const sums = readFileSync(join(published, 'SHA256SUMS'), 'utf8');
    const manifest = JSON.parse(readFileSync(join(published, 'manifest.json'), 'utf8')) as {
      files: { path: string; sha256: string; bytes: number }[];
    };
    const outManifest = JSON.parse(readFileSync(join(dir, `out/${YEAR}/manifest.json`), 'utf8')) as {
      files: { path: string; sha256: string }[];
    };
    for (const lang of LANGS) {
      const name = `hlsd-report-${YEAR}-${lang}.pdf`;
      const signed = readFileSync(join(published, name));
      expect(sums).toContain(`${sha256Hex(signed)}  ${name}\n`);
      expect(manifest.files.find((f) => f.path === name)).toMatchObject({
        sha256: sha256Hex(signed),
        bytes: signed.length,
      });
      // out/ keeps the build's own, unsigned file and manifest.
      expect(outManifest.files.find((f) => f.path === name)!.sha256).toBe(
        sha256Hex(readFileSync(join(dir, `out/${YEAR}`, name))),
      );
      expect(outManifest.files.find((f) => f.path === name)!.sha256).not.toBe(sha256Hex(signed));
    }
    const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: published, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(new RegExp(`^hlsd-report-${YEAR}-en\\.pdf: OK$`, 'm'));
  });

  it('a signed PDF changed by one byte fails pdfsig', () => {
    const tampered = Buffer.from(readFileSync(join(published, `hlsd-report-${YEAR}-en.pdf`)));
    tampered[1000] ^= 1; // inside the first signed range
    const path = join(dir, 'tampered.pdf');
    writeFileSync(path, tampered);
    const r = spawnSync('pdfsig', [path], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/Signature Validation: Digest Mismatch\./);
    expect(r.stdout).not.toMatch(/Signature is Valid/);
  });

  it('signPdf signs any PDF the build wrote, at the given time', async () => {
    const key = await loadSigningKey('k.p12', good.password, NOW, memory({ 'k.p12': good.p12 }));
    if (!key.ok) throw new Error('key');
    const signed = await signPdf(readFileSync(join(dir, `out/${YEAR}/hlsd-report-${YEAR}-en.pdf`)), key.key, {
      reason: 'unit test',
      when: NOW,
    });
    const path = join(dir, 'again.pdf');
    writeFileSync(path, signed);
    const r = spawnSync('pdfsig', [path], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    expect(r.stdout).toMatch(/Signing Time: Jan 15 2026 12:00:00/);
    expect(r.stdout).toMatch(/Signature is Valid/);
  });

  describe('refuses, with exit 1 and nothing changed', () => {
    const cases: [string, (d: string) => { args: string[]; env: Record<string, string> }, RegExp][] = [
      [
        'no certificate',
        () => ({ args: [], env: { HLSD_SIGN_PASSWORD: 'x', HLSD_SIGN_P12: '' } }),
        /^--cert {2}error {2}sign\/no-certificate {2}--sign needs a certificate, and none was given$/m,
      ],
      [
        'a missing certificate file',
        () => ({ args: ['--cert', 'missing.p12'], env: { HLSD_SIGN_PASSWORD: 'x' } }),
        /^missing\.p12 {2}error {2}sign\/unreadable {2}the signing certificate does not exist$/m,
      ],
      [
        'no password and no terminal to ask on',
        () => ({ args: ['--cert', 'signer.p12'], env: { HLSD_SIGN_PASSWORD: undefined as unknown as string } }),
        /^signer\.p12 {2}error {2}sign\/no-password {2}no password for the signing certificate$/m,
      ],
      [
        'a wrong password',
        () => ({ args: [], env: { HLSD_SIGN_P12: 'signer.p12', HLSD_SIGN_PASSWORD: 'not-the-password' } }),
        /^signer\.p12 {2}error {2}sign\/password {2}the password does not open the signing certificate$/m,
      ],
      [
        'an expired certificate',
        (d) => {
          const expired = makeCertificate({
            commonName: 'Expired Office (test)',
            notBefore: new Date('2010-01-01Z'),
            notAfter: new Date('2012-06-30Z'),
          });
          writeFileSync(join(d, 'expired.p12'), expired.p12);
          return { args: ['--cert', 'expired.p12'], env: { HLSD_SIGN_PASSWORD: expired.password } };
        },
        /^expired\.p12 {2}error {2}sign\/expired {2}the signing certificate of "Expired Office \(test\)" expired on 2012-06-30$/m,
      ],
    ];
    it.each(cases)('%s', (_name, setup, message) => {
      // A data change makes revision 2 due, so a bad certificate is all that stops it.
      const file = join(dir, 'data/observations.csv');
      const before = readFileSync(file, 'utf8');
      writeFileSync(file, before.replace(/\n$/, '') + '\n');
      const { args, env } = setup(dir);
      const out = snapshot(join(dir, 'out'));
      const pub = snapshot(join(dir, 'published'));
      const r = runCli(['publish', '--sign', ...args], { cwd: dir, env });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^ {2}hint: \S/m);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(snapshot(join(dir, 'out'))).toEqual(out);
      expect(snapshot(join(dir, 'published'))).toEqual(pub);
      expect(existsSync(join(dir, `published/${YEAR}/r2`))).toBe(false);
    });
  });
});
