// Packet file names: fixed parts plus a slug of the recipient that only ever holds [a-z0-9-], unique
// per recipient, so a hostile name can neither leave the packets folder nor take another's file.

import { describe, expect, it } from 'vitest';
import { excerptPacketName, fullPacketName, slugify, uniqueSlugs } from '../../pipeline/core/names.js';
import { insideFolder } from '../../pipeline/distribute/packets.js';

describe('packet names', () => {
  it('names full reports and excerpts by year, revision and language', () => {
    expect(fullPacketName(2022, 2, 'es', 'pdf')).toBe('HLSD-2022-annual-report-r2-ES.pdf');
    expect(excerptPacketName(2022, 2, 'en', 'html', 'example-agency-liaison')).toBe(
      'HLSD-2022-excerpt-r2-EN-example-agency-liaison.html',
    );
    expect(() => excerptPacketName(2022, 2, 'en', 'pdf', '../x')).toThrow();
  });

  it('folds accents and drops everything but letters and digits', () => {
    expect(slugify('Secretaría de Relaciones Exteriores')).toBe('secretaria-de-relaciones-exteriores');
    expect(slugify('../../evil')).toBe('evil');
    expect(slugify('=HYPERLINK("http://x.example/?q="&A1,"click")')).toBe('hyperlink-http-x-example-q-a1-click');
    expect(slugify('<script>alert(1)</script>')).toBe('script-alert-1-script');
    expect(slugify('..')).toBe('recipient');
    expect(slugify('名前')).toBe('recipient');
    expect(slugify('a'.repeat(80)).length).toBeLessThanOrEqual(48);
    expect(slugify('word '.repeat(30))).toMatch(/^word(-word)*$/);
  });

  it('makes slugs unique in list order', () => {
    expect(uniqueSlugs(['Ana', 'ana', 'ANA!', 'ana-2'])).toEqual(['ana', 'ana-2', 'ana-3', 'ana-2-2']);
  });

  it('refuses any name that would leave the folder', () => {
    expect(insideFolder('/o/packets', 'HLSD-2022-excerpt-r1-EN-evil.pdf')).toBe(
      '/o/packets/HLSD-2022-excerpt-r1-EN-evil.pdf',
    );
    for (const bad of ['../evil.pdf', '../../etc/passwd', 'a/b.pdf', '..', ''])
      expect(() => insideFolder('/o/packets', bad)).toThrow();
  });
});
