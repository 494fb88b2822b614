import { describe, expect, it } from 'vitest';
import {
  COUNTRY_STYLE,
  INK,
  STATUS_ORDER,
  STATUS_STYLE,
  contrastRatio,
  type ScorecardStatus,
} from '../../../pipeline/render/charts/palette.js';
import type { StatusCode } from '../../../pipeline/assess/types.js';

// Every StatusCode, listed so that adding one to assess/types.ts fails to compile here.
const CODES: Record<StatusCode, true> = {
  target_achieved: true,
  on_track: true,
  acceleration_needed: true,
  substantial_progress: true,
  moderate_progress: true,
  limited_progress: true,
  deterioration: true,
  descriptive: true,
  insufficient_data: true,
  not_rated: true,
};
const ALL: ScorecardStatus[] = Object.keys(CODES) as StatusCode[];

describe('palette', () => {
  it('has a style for every status, in STATUS_ORDER exactly once', () => {
    expect([...STATUS_ORDER].sort()).toEqual([...ALL].sort());
    for (const s of ALL) expect(STATUS_STYLE[s]).toBeDefined();
  });

  it.each(ALL)('%s: text ≥ 4.5:1 on white, onFill ≥ 4.5:1 on its fill', (s) => {
    const st = STATUS_STYLE[s];
    expect(contrastRatio(st.text, '#FFFFFF')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(st.onFill, st.fill)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(st.stroke, '#FFFFFF')).toBeGreaterThanOrEqual(3);
  });

  it('text inks are ≥ 4.5:1 on white; rules ≥ 3:1', () => {
    expect(contrastRatio(INK.text, INK.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(INK.muted, INK.background)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(INK.rule, INK.background)).toBeGreaterThanOrEqual(4.5);
  });

  it('countries differ by colour, dash and shape; line colours ≥ 3:1 on white', () => {
    const styles = Object.values(COUNTRY_STYLE);
    expect(new Set(styles.map((s) => s.color)).size).toBe(3);
    expect(new Set(styles.map((s) => s.dash.join(','))).size).toBe(3);
    expect(new Set(styles.map((s) => s.shape)).size).toBe(3);
    for (const s of styles) expect(contrastRatio(s.color, '#FFFFFF')).toBeGreaterThanOrEqual(3);
  });

  it('computes WCAG contrast', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#FFFFFF')).toBeCloseTo(4.48, 2);
  });
});
