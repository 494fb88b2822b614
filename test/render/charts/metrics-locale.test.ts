import { describe, expect, it } from 'vitest';
import { faceFor, robotoFont, textWidth, wrapText } from '../../../pipeline/render/charts/metrics.js';
import { chartLocale, formatNumber } from '../../../pipeline/render/charts/locale.js';
import { comparePeriods } from '../../../pipeline/render/charts/specs.js';

describe('Roboto metrics (fontkit)', () => {
  it('measures real advance widths, narrower than vega’s 0.8 × chars × size guess', () => {
    const w = textWidth('109,413', 11);
    expect(w).toBeGreaterThan(35);
    expect(w).toBeLessThan(0.8 * 7 * 11);
    expect(textWidth('WWW', 10)).toBeGreaterThan(textWidth('iii', 10));
    expect(textWidth('Title', 10, 'medium')).toBeGreaterThan(textWidth('Title', 10, 'regular'));
  });

  it('covers the characters the charts print', () => {
    const font = robotoFont('regular');
    for (const ch of 'áéíóúñÁÉÍÓÚÑü·…−–—’%$') expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!), ch).toBe(true);
  });

  it('maps weights to the faces pdfmake ships', () => {
    expect(faceFor('bold')).toBe('medium');
    expect(faceFor(500)).toBe('medium');
    expect(faceFor('normal', 'italic')).toBe('italic');
    expect(faceFor(undefined)).toBe('regular');
  });

  it('wraps by measured width', () => {
    const lines = wrapText('Proteger a nuestra gente mediante la inversión en salud pública', 120, 9);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(textWidth(l, 9)).toBeLessThanOrEqual(120);
  });
});

describe('number locales', () => {
  it('en-US and es-MX: thousands ",", decimal ".", "$", hyphen-minus — as Intl', () => {
    for (const loc of ['en-US', 'es-MX'] as const) {
      expect(formatNumber(loc, ',.0f', 109413)).toBe('109,413');
      expect(formatNumber(loc, ',.1f', 24.9)).toBe('24.9');
      expect(formatNumber(loc, '$,.0f', 1234)).toBe('$1,234');
      expect(formatNumber(loc, '.1%', 0.249)).toBe('24.9%');
      expect(formatNumber(loc, ',.1f', -109413.5)).toBe(
        new Intl.NumberFormat(loc, { minimumFractionDigits: 1 }).format(-109413.5),
      );
    }
  });

  it('are d3’s shipped locale files, with the hyphen-minus as the one override', () => {
    expect(chartLocale('en-US').number).toEqual({
      decimal: '.',
      thousands: ',',
      grouping: [3],
      currency: ['$', ''],
      minus: '-',
    });
    expect(chartLocale('es-MX').number).toEqual({
      decimal: '.',
      thousands: ',',
      grouping: [3],
      currency: ['$', ''],
      minus: '-',
    });
    expect(chartLocale('es-MX').time.shortDays).toEqual(['dom', 'lun', 'mar', 'mié', 'jue', 'vie', 'sáb']);
  });

  it('has Spanish month names for es-MX and returns copies', () => {
    expect(chartLocale('es-MX').time.months[0]).toBe('enero');
    expect(chartLocale('en-US').time.months[0]).toBe('January');
    const a = chartLocale('es-MX');
    a.number.decimal = ',';
    expect(chartLocale('es-MX').number.decimal).toBe('.');
  });

  it('orders periods by year', () => {
    expect(['FY2023', '2019', 'FY2020', '2021'].sort(comparePeriods)).toEqual(['2019', 'FY2020', '2021', 'FY2023']);
  });
});
