// Output formats: one entry per kind of report file a build can write. The CLI's --format, the
// default options, output file names and the manifest's `format` read this list; the renderer of
// each format is render/index.ts's (a later stage), named here for the reader.

export const FORMATS = {
  pdf: { extension: 'pdf', manifestKind: 'pdf', renderer: 'render/pdf/ (pdfmake, tagged)' },
  html: { extension: 'html', manifestKind: 'html', renderer: 'render/html/ (Handlebars)' },
} as const;

export type Format = keyof typeof FORMATS;

/** Every format, in the order a build writes them. */
export const FORMAT_CODES = Object.keys(FORMATS) as Format[];
