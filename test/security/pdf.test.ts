// pdfmake as the PDF renderer configures it: no URL is ever fetched and no local file but the
// embedded fonts is ever read, whatever a document definition asks for. A local HTTP server
// counts requests, so "refused" means nothing reached the network either.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FONT_FILES } from '../../pipeline/render/pdf/index.js';
import { hasTool } from '../helpers/cli.js';

// The module above installed the policies on the shared pdfmake instance; use that instance directly.
const pdfmake = createRequire(import.meta.url)('pdfmake') as {
  createPdf(def: unknown): { getBuffer(): Promise<Buffer> };
};

let server: Server;
let base: string;
const hits: string[] = [];
let png: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' });
    res.end(readFileSync(png));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  png = join(mkdtempSync(join(tmpdir(), 'hlsd-pdf-')), 'dot.png');
  writeFileSync(png, onePixelPng());
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A valid 1×1 PNG, so a refusal cannot be blamed on a broken image. */
function onePixelPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const byte of b) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const render = (def: object) => pdfmake.createPdf(def).getBuffer();

describe('pdfmake with the report’s access policies', () => {
  it('still reads its own fonts: a text document renders', async () => {
    const pdf = await render({ content: ['Informe — 2022'] });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    for (const path of Object.values(FONT_FILES)) expect(readFileSync(path).length).toBeGreaterThan(1000);
  });

  it('refuses an image given as a URL, and fetches nothing', async () => {
    await expect(render({ content: [{ image: `${base}/inline.png` }] })).rejects.toThrow(
      /denied by resource access policy/,
    );
    await expect(render({ content: [{ image: 'logo' }], images: { logo: `${base}/named.png` } })).rejects.toThrow(
      /Access to URL denied/,
    );
    await expect(
      render({ content: [{ image: 'logo' }], images: { logo: { url: `${base}/object.png`, headers: {} } } }),
    ).rejects.toThrow(/Access to URL denied/);
    expect(hits).toEqual([]);
  });

  it('refuses local files other than the fonts: /etc/passwd, and even a valid PNG', async () => {
    await expect(render({ content: [{ image: '/etc/passwd' }] })).rejects.toThrow(/Access to local file denied/);
    await expect(render({ content: [{ image: png }] })).rejects.toThrow(/Access to local file denied/);
    await expect(render({ content: ['x'], files: { secret: { src: '/etc/passwd' } } })).rejects.toThrow(
      /Access to local file denied/,
    );
  });

  it('does not fetch an image an SVG points at by URL', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><image href="${base}/svg.png" width="10" height="10"/></svg>`;
    await render({ content: [{ svg }] }).catch(() => undefined);
    expect(hits).toEqual([]);
  });

  it.skipIf(!hasTool('qpdf'))('embeds nothing from an attachment that points at a local file', async () => {
    const bytes = await render({ content: ['x'], attachments: { secret: { src: '/etc/passwd' } } }).catch(
      () => undefined,
    );
    if (!bytes) return; // refused outright, which is as good
    const pdf = join(mkdtempSync(join(tmpdir(), 'hlsd-pdf-')), 'a.pdf');
    writeFileSync(pdf, bytes);
    const qdf = spawnSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], { maxBuffer: 16 * 1024 * 1024 });
    expect(qdf.status).toBe(0);
    const text = qdf.stdout.toString('latin1');
    expect(text).toContain('/Type /Catalog');
    expect(text).not.toMatch(/\/EmbeddedFile|root:x:0:0/);
  });
});
