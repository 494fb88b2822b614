// Small helpers to read rendered SVG strings in tests.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
      : ENTITIES[e],
  );
}

/** Contents of every <text> element (and its <tspan>s, one entry per line), unescaped. */
export function texts(svg: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) {
    const inner = m[1];
    if (inner.includes('<tspan'))
      for (const t of inner.matchAll(/<tspan\b[^>]*>([\s\S]*?)<\/tspan>/g)) out.push(unescape(t[1]));
    else out.push(unescape(inner));
  }
  return out;
}

/** Texts of one vega mark role, e.g. 'axis-label', 'legend-label', 'mark' (text marks). */
export function roleTexts(svg: string, role: string): string[] {
  const out: string[] = [];
  for (const g of groups(svg, 'mark-text', role)) out.push(...texts(g));
  return out;
}

/** Inner markup of each `<g class="mark-<type> role-<role>…">` group (items are its direct children). */
export function groups(svg: string, markClass: string, role: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<g class="${markClass} role-${role}\\b[^"]*"[^>]*>`, 'g');
  for (const m of svg.matchAll(re)) {
    const start = m.index! + m[0].length;
    out.push(svg.slice(start, svg.indexOf('</g>', start)));
  }
  return out;
}

export function count(haystack: string, needle: string | RegExp): number {
  return typeof needle === 'string'
    ? haystack.split(needle).length - 1
    : [...haystack.matchAll(new RegExp(needle, 'g'))].length;
}

export function ids(svg: string): string[] {
  return [...svg.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
}
