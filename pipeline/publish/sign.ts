// Signing published PDFs (`publish --sign`): a PAdES baseline (B-B) signature — SubFilter
// ETSI.CAdES.detached, a detached CMS SignedData over the PDF's byte ranges with SHA-256 and the
// ESS signing-certificate-v2 attribute that binds the signer's certificate to the signature, the
// signing time in the signature dictionary (/M) — made with the PKCS#12 certificate the user
// provides and added to each PDF as an incremental update (incremental.ts). The bytes the build
// wrote are the first bytes of the signed file, unchanged, so the structure tree, the tags, the
// outline and the XMP metadata are untouched: the update adds the signature dictionary, an
// invisible signature field on page 1, new versions of the catalogue (plus /AcroForm) and of that
// page (plus the field in /Annots), and a cross-reference section.
//
// The certificate is checked before anything is built or written: a missing or unreadable file, a
// wrong password, a file with no private key or no matching certificate, and a certificate that is
// expired or not yet valid on the signing day are errors, never an unsigned file.

import { createHash, createSign } from 'node:crypto';
import forge from 'node-forge';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { RuleId } from '../diagnostics/rules.js';
import type { Effects } from '../effects.js';
import { addSignaturePlaceholder, signPlaceholder } from './incremental.js';

/** Environment variables: the certificate file (when --cert is not given) and its password. */
export const SIGN_P12_ENV = 'HLSD_SIGN_P12';
export const SIGN_PASSWORD_ENV = 'HLSD_SIGN_PASSWORD';

/** Stable rule ids (data/README.md lists them). */
export const SIGN_RULES = {
  noCertificate: 'sign/no-certificate',
  unreadable: 'sign/unreadable',
  notPkcs12: 'sign/not-pkcs12',
  password: 'sign/password',
  noPassword: 'sign/no-password',
  noKey: 'sign/no-key',
  expired: 'sign/expired',
  notYetValid: 'sign/not-yet-valid',
  iterations: 'sign/iterations',
} as const;

/**
 * The most key-derivation iterations a certificate file may ask for. Real tools write 1 to a few
 * hundred thousand (OpenSSL 2,048; Windows 2,000; current recommendations 600,000 for PBKDF2-SHA256);
 * node-forge derives keys in JavaScript, so a file asking for hundreds of millions keeps publish busy
 * for hours before the password is even checked.
 */
export const MAX_PKCS12_ITERATIONS = 5_000_000;

/**
 * Every iteration count in a PKCS#12 file, read from its ASN.1 before anything is derived: the MAC's
 * (MacData: SEQUENCE { DigestInfo, salt OCTET STRING, iterations INTEGER }) and each encryption's
 * (PKCS#12 PBE params SEQUENCE { salt, iterations } and PBKDF2-params SEQUENCE { salt, iterations, … }),
 * found as an INTEGER right after an OCTET STRING in a SEQUENCE, looking inside OCTET STRINGs that
 * hold DER (the authenticated safe and its bags). An integer too long to be a count is Infinity.
 */
export function pkcs12Iterations(der: Buffer): number[] {
  const counts: number[] = [];
  const { asn1 } = forge;
  // forge's typings know only the old boolean `strict` argument; the options object is what it reads.
  const fromDer = asn1.fromDer as unknown as (
    bytes: forge.util.ByteStringBuffer,
    options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean },
  ) => forge.asn1.Asn1;
  let budget = 10_000; // nodes visited, so a crafted file cannot make this walk expensive either
  const visit = (node: forge.asn1.Asn1, depth: number): void => {
    if (--budget < 0 || depth > 32) return;
    if (node.tagClass === asn1.Class.UNIVERSAL && node.type === asn1.Type.SEQUENCE && Array.isArray(node.value)) {
      node.value.forEach((child, i) => {
        const prev = node.value[i - 1] as forge.asn1.Asn1 | undefined;
        if (
          prev &&
          prev.tagClass === asn1.Class.UNIVERSAL &&
          prev.type === asn1.Type.OCTETSTRING &&
          child.tagClass === asn1.Class.UNIVERSAL &&
          child.type === asn1.Type.INTEGER &&
          typeof child.value === 'string'
        ) {
          const bytes = child.value.replace(/^\x00+/, '');
          counts.push(
            bytes.length > 6 ? Infinity : bytes.length === 0 ? 0 : parseInt(forge.util.bytesToHex(bytes), 16),
          );
        }
      });
    }
    if (Array.isArray(node.value)) for (const child of node.value) visit(child, depth + 1);
    else if (
      node.tagClass === asn1.Class.UNIVERSAL &&
      node.type === asn1.Type.OCTETSTRING &&
      typeof node.value === 'string' &&
      node.value.length > 1 &&
      node.value.charCodeAt(0) === 0x30
    ) {
      let inner: forge.asn1.Asn1 | undefined;
      try {
        inner = fromDer(forge.util.createBuffer(node.value), {
          strict: true,
          parseAllBytes: true,
          decodeBitStrings: false,
        });
      } catch {
        inner = undefined; // not DER: a salt, a digest or encrypted bytes
      }
      if (inner) visit(inner, depth + 1);
    }
  };
  visit(
    fromDer(forge.util.createBuffer(der.toString('binary')), {
      strict: true,
      parseAllBytes: true,
      decodeBitStrings: false,
    }),
    0,
  );
  return counts;
}

export interface SigningKey {
  key: forge.pki.rsa.PrivateKey;
  certificate: forge.pki.Certificate;
  /** Every certificate of the file (the signer's and any chain), all embedded in the signature. */
  chain: forge.pki.Certificate[];
  /** Signer's certificate: subject common name (or the whole subject), issuer, validity. */
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
}

export type KeyResult = { ok: true; key: SigningKey } | { ok: false; diagnostics: Diagnostic[] };

/** Which file to use: --cert, else HLSD_SIGN_P12; undefined when neither names one. */
export function certificatePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = flag ?? env[SIGN_P12_ENV];
  return path === undefined || path.trim() === '' ? undefined : path;
}

/** Reads and opens the certificate; every failure is a diagnostic on the certificate file. */
export async function loadSigningKey(
  file: string | undefined,
  password: string,
  when: Date,
  effects: Pick<Effects, 'readFile'>,
): Promise<KeyResult> {
  const fail = (at: string, rule: RuleId, message: string, hint: string): KeyResult => ({
    ok: false,
    diagnostics: [error({ file: at }, rule, message, hint)],
  });
  if (file === undefined) {
    return fail(
      '--cert',
      SIGN_RULES.noCertificate,
      '--sign needs a certificate, and none was given',
      `name a PKCS#12 file (.p12/.pfx) with --cert FILE or the environment variable ${SIGN_P12_ENV}; nothing was signed or published`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await effects.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : `cannot be read (${code ?? String(e)})`;
    return fail(
      file,
      SIGN_RULES.unreadable,
      `the signing certificate ${what}`,
      `check the path given with --cert or ${SIGN_P12_ENV}; nothing was signed or published`,
    );
  }
  // Before any key is derived: a count no real tool writes would keep node-forge busy for hours.
  let iterations: number[] | undefined;
  try {
    iterations = pkcs12Iterations(bytes);
  } catch {
    iterations = undefined; // not DER: reported as not PKCS#12 below
  }
  const most = Math.max(0, ...(iterations ?? []));
  if (most > MAX_PKCS12_ITERATIONS) {
    return fail(
      file,
      SIGN_RULES.iterations,
      `the certificate file asks for ${Number.isFinite(most) ? most.toLocaleString('en-US') : 'an absurd number of'} key-derivation iterations, more than the ${MAX_PKCS12_ITERATIONS.toLocaleString('en-US')} any real tool writes; it was not opened`,
      'export the certificate again with the usual settings (e.g. "openssl pkcs12 -export …", 2,048 iterations); nothing was signed or published',
    );
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
    } catch (e) {
      const message = (e as Error).message ?? '';
      if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) {
        return fail(
          file,
          SIGN_RULES.password,
          'the password does not open the signing certificate',
          `set ${SIGN_PASSWORD_ENV} to the certificate's password, or leave it unset to be asked; nothing was signed or published`,
        );
      }
      throw e;
    }
  } catch {
    return fail(
      file,
      SIGN_RULES.notPkcs12,
      'the file is not a PKCS#12 certificate (.p12/.pfx)',
      'export the certificate with its private key as PKCS#12, e.g. "openssl pkcs12 -export -inkey key.pem -in cert.pem -out signer.p12"',
    );
  }
  const keyBags =
    p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? [];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const key = keyBags[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  const cert = certBags
    .map((b) => b.cert)
    .find((c): c is forge.pki.Certificate => {
      const pub = c?.publicKey as forge.pki.rsa.PublicKey | undefined;
      return Boolean(key && pub?.n && key.n.compareTo(pub.n) === 0 && key.e.compareTo(pub.e) === 0);
    });
  if (!key || !cert) {
    return fail(
      file,
      SIGN_RULES.noKey,
      key
        ? 'the certificate file holds no certificate matching its private key'
        : 'the certificate file holds no (RSA) private key',
      'export the signing certificate together with its private key as PKCS#12',
    );
  }
  const name = (attrs: forge.pki.CertificateField[]) =>
    String(
      attrs.find((a) => a.shortName === 'CN')?.value ??
        attrs.map((a) => `${a.shortName ?? a.name}=${String(a.value)}`).join(', '),
    );
  const info: SigningKey = {
    key,
    certificate: cert,
    chain: certBags.map((b) => b.cert).filter((c): c is forge.pki.Certificate => Boolean(c)),
    subject: name(cert.subject.attributes),
    issuer: name(cert.issuer.attributes),
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
  };
  const day = (d: Date) => d.toISOString().slice(0, 10);
  if (when > info.notAfter) {
    return fail(
      file,
      SIGN_RULES.expired,
      `the signing certificate of "${info.subject}" expired on ${day(info.notAfter)}`,
      'renew the certificate and sign with the new one; a signature made with an expired certificate does not verify. Nothing was signed or published',
    );
  }
  if (when < info.notBefore) {
    return fail(
      file,
      SIGN_RULES.notYetValid,
      `the signing certificate of "${info.subject}" is valid only from ${day(info.notBefore)}`,
      `sign on or after that day (the signing time is ${day(when)}; SOURCE_DATE_EPOCH sets it when present)`,
    );
  }
  return { ok: true, key: info };
}

export interface SignatureInfo {
  /** Why it was signed, e.g. "HLSD 2022 annual report, revision 2". */
  reason: string;
  location?: string;
  contact?: string;
  /** Signing time written in the signature (the build's clock, pinned by SOURCE_DATE_EPOCH). */
  when: Date;
}

/** Room for the CMS signature (hex digits / 2); certificate chains of a few certificates fit. */
const SIGNATURE_LENGTH = 16_384;

/** The PDF with a PAdES (ETSI.CAdES.detached) signature added as an incremental update. */
export async function signPdf(pdf: Buffer, key: SigningKey, info: SignatureInfo): Promise<Buffer> {
  const placeholder = addSignaturePlaceholder(pdf, {
    subFilter: 'ETSI.CAdES.detached',
    reason: info.reason,
    name: key.subject,
    ...(info.location ? { location: info.location } : {}),
    ...(info.contact ? { contact: info.contact } : {}),
    when: info.when,
    app: 'hlsd-report',
    reserve: SIGNATURE_LENGTH,
  });
  return signPlaceholder(placeholder, (content) => cadesDetached(content, key));
}

const { asn1, pki, util } = forge;
const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  /** id-aa-signingCertificateV2 (RFC 5035) */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
} as const;
const U = asn1.Class.UNIVERSAL;
const oid = (o: string) => asn1.create(U, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
const seq = (v: forge.asn1.Asn1[]) => asn1.create(U, asn1.Type.SEQUENCE, true, v);
const set = (v: forge.asn1.Asn1[]) => asn1.create(U, asn1.Type.SET, true, v);
const octets = (b: Buffer) => asn1.create(U, asn1.Type.OCTETSTRING, false, b.toString('binary'));
const integer = (bytes: string) =>
  asn1.create(U, asn1.Type.INTEGER, false, bytes.charCodeAt(0) & 0x80 ? `\u0000${bytes}` : bytes);
const algorithm = (o: string) => seq([oid(o), asn1.create(U, asn1.Type.NULL, false, '')]);
const tagged = (v: forge.asn1.Asn1[]) => asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, v);
const der = (a: forge.asn1.Asn1) => Buffer.from(asn1.toDer(a).getBytes(), 'binary');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();

/**
 * CMS SignedData (RFC 5652), detached, as PAdES baseline B-B wants it (EN 319 142-1): signed
 * attributes content-type, message-digest and signing-certificate-v2; no signing-time (the PDF's
 * /M carries it); RSA with SHA-256 computed by node:crypto.
 */
export function cadesDetached(content: Buffer, k: Pick<SigningKey, 'key' | 'certificate' | 'chain'>): Buffer {
  const certificate = pki.certificateToAsn1(k.certificate);
  const attributes = [
    seq([oid(OID.contentType), set([oid(OID.data)])]),
    seq([oid(OID.messageDigest), set([octets(sha256(content))])]),
    // SigningCertificateV2 { certs: [ESSCertIDv2 { hashAlgorithm: sha256 (the default, omitted), certHash }] }
    seq([oid(OID.signingCertificateV2), set([seq([seq([seq([octets(sha256(der(certificate)))])])])])]),
  ]
    // DER: the elements of a SET OF are sorted by their encodings.
    .map(der)
    .sort(Buffer.compare)
    .map((b) => asn1.fromDer(util.createBuffer(b.toString('binary'))));
  const signature = createSign('sha256')
    .update(der(set(attributes)))
    .sign(pki.privateKeyToPem(k.key));
  const signerInfo = seq([
    integer('\u0001'),
    seq([pki.distinguishedNameToAsn1(k.certificate.issuer), integer(util.hexToBytes(k.certificate.serialNumber))]),
    algorithm(OID.sha256),
    tagged(attributes),
    algorithm(OID.rsaEncryption),
    octets(signature),
  ]);
  const others = k.chain.filter((c) => c !== k.certificate).map((c) => pki.certificateToAsn1(c));
  const signedData = seq([
    integer('\u0001'),
    set([algorithm(OID.sha256)]),
    seq([oid(OID.data)]),
    tagged([certificate, ...others]),
    set([signerInfo]),
  ]);
  return der(seq([oid(OID.signedData), tagged([signedData])]));
}

/**
 * The password: HLSD_SIGN_PASSWORD when set (even empty), else asked on the terminal without echo.
 * Never a flag, never printed. Undefined when there is no terminal to ask on.
 */
export async function signingPassword(
  env: NodeJS.ProcessEnv = process.env,
  prompt = `password for the signing certificate: `,
): Promise<string | undefined> {
  const fromEnv = env[SIGN_PASSWORD_ENV];
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return askHidden(prompt);
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let typed = '';
    const done = (fn: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      fn();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done(() => resolve(typed));
        if (ch === '\u0003') return done(() => reject(Object.assign(new Error('cancelled'), { code: 'ECANCELED' })));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}
