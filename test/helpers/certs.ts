// Throwaway certificates made at test time (none is committed): a self-signed RSA signing
// certificate as PKCS#12, valid or expired, and a TLS certificate for a loopback SMTP server.

import forge from 'node-forge';

export interface TestCertificate {
  /** PKCS#12 (.p12) bytes. */
  p12: Buffer;
  password: string;
  commonName: string;
  /** PEM of the certificate and of its private key. */
  certPem: string;
  keyPem: string;
}

export interface CertificateOptions {
  commonName?: string;
  password?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** subjectAltName IP addresses (for a TLS server certificate). */
  ips?: string[];
}

let serial = 1;

export function makeCertificate(options: CertificateOptions = {}): TestCertificate {
  const commonName = options.commonName ?? 'HLSD Test Signer';
  const password = options.password ?? 'test-password';
  // Node's native key generation (forge uses it when available): well under a second.
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = options.notBefore ?? new Date('2000-01-01T00:00:00Z');
  cert.validity.notAfter = options.notAfter ?? new Date('2099-12-31T00:00:00Z');
  const subject = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'hlsd-report tests (throwaway)' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, keyCertSign: true, keyEncipherment: true },
  ];
  if (options.ips)
    extensions.push(
      { name: 'subjectAltName', altNames: options.ips.map((ip) => ({ type: 7, ip })) },
      { name: 'extKeyUsage', serverAuth: true },
    );
  cert.setExtensions(extensions);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], password, { algorithm: '3des' });
  return {
    p12: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'),
    password,
    commonName,
    certPem: forge.pki.certificateToPem(cert),
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
  };
}
