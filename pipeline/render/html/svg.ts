// Defensive clean-up of chart SVG before it is inserted raw into the HTML page.
//
// The SVG comes from our own chart renderer (render/charts), never from data, so this is a second
// line of defence rather than a sanitiser for hostile input: it removes anything that could run
// code or fetch something, which the page's Content-Security-Policy would block anyway.

const REMOVED_ELEMENTS = ['script', 'foreignObject', 'iframe', 'object', 'embed', 'style'] as const;

/** Returns the SVG markup with scripts, event handlers, external references and prologs removed. */
export function sanitizeChartSvg(svg: string): string {
  let out = svg
    // XML prolog, doctype and comments have no place inside an HTML document.
    .replace(/<\?xml[\s\S]*?\?>/gi, '')
    .replace(/<!DOCTYPE[\s\S]*?>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  for (const name of REMOVED_ELEMENTS) {
    // Paired element with content, then any stray opening or self-closing tag, then stray closers.
    out = out
      .replace(new RegExp(`<${name}\\b[\\s\\S]*?</${name}\\s*>`, 'gi'), '')
      .replace(new RegExp(`<${name}\\b[^>]*>`, 'gi'), '')
      .replace(new RegExp(`</${name}\\s*>`, 'gi'), '');
  }
  // Attribute clean-up happens inside tags only, so chart text (labels from data) is untouched.
  out = out.replace(/<[a-zA-Z][^>]*>/g, cleanTag);
  return out.replace(/javascript\s*:/gi, '').trim();
}

function cleanTag(tag: string): string {
  return (
    tag
      // Event handlers: on*="…", on*='…', on*=bare.
      .replace(/\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, '')
      // Any href / xlink:href / src that is not a same-document fragment.
      .replace(/\s+(?:xlink:)?(?:href|src)\s*=\s*(?:"(?!#)[^"]*"|'(?!#)[^']*'|(?!["'#])[^\s>]+)/gi, '')
      // url(...) pointing outside the document, e.g. in presentation attributes.
      .replace(/url\(\s*(?!['"]?#)[^)]*\)/gi, 'none')
  );
}

/** True when the markup is a single <svg> element (after sanitising). */
export function isSvgMarkup(svg: string): boolean {
  return /^<svg[\s>]/i.test(svg) && /<\/svg>$/i.test(svg);
}
