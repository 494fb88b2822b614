// A signature added to a PDF as an incremental update (ISO 32000-1 §7.5.6): the original bytes
// stay as they are and, after them, come an invisible signature field on the first page (widget,
// form, signature dictionary), new versions of the catalogue (plus /AcroForm) and of that page
// (plus the widget in /Annots), a cross-reference section for those objects and a trailer pointing
// back at the previous one (/Prev). Then the signature is computed over every byte but the
// /Contents hex string (the /ByteRange) and written into it.
//
// For the PDFs this project writes (pdfkit: a classic cross-reference table, dictionaries in the
// clear); anything else (cross-reference streams, an existing form) is refused with an error.

export interface SignatureFields {
  /** e.g. ETSI.CAdES.detached */
  subFilter: string;
  reason: string;
  /** The signer, shown by readers. */
  name: string;
  location?: string;
  contact?: string;
  /** Signing time (/M). */
  when: Date;
  /** The application, in /Prop_Build. */
  app: string;
  /** Bytes reserved for the signature (the hex string holds twice as many digits). */
  reserve: number;
}

const BYTE_RANGE_PLACEHOLDER = '/ByteRange [0 9999999999 9999999999 9999999999]';

/** The PDF with an empty signature field; `signPlaceholder` fills it. */
export function addSignaturePlaceholder(pdf: Buffer, f: SignatureFields): Buffer {
  const text = pdf.toString('latin1');
  const tail = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-1024));
  if (!tail) throw new Error('sign: the PDF has no startxref at its end');
  const xref = Number(tail[1]);
  if (!text.startsWith('xref', xref))
    throw new Error('sign: the PDF uses a cross-reference stream, which this signer does not update');
  const offsets = readXref(text, xref);
  const trailerAt = text.indexOf('trailer', xref);
  const trailer = text.slice(trailerAt, text.indexOf('startxref', trailerAt));
  const size = Number(/\/Size (\d+)/.exec(trailer)?.[1]);
  const root = Number(/\/Root (\d+) 0 R/.exec(trailer)?.[1]);
  if (!size || !root) throw new Error('sign: the PDF trailer has no /Size or /Root');
  const object = (n: number): string => {
    const at = offsets.get(n);
    const m =
      at === undefined
        ? null
        : new RegExp(`^${n} 0 obj\\s*<<([\\s\\S]*?)>>\\s*endobj`).exec(text.slice(at, at + 1_000_000));
    if (!m) throw new Error(`sign: object ${n} is not a dictionary the signer can read`);
    return m[1]!;
  };
  const catalogue = object(root);
  if (/\/AcroForm/.test(catalogue)) throw new Error('sign: the PDF already has a form');
  const page = firstPage(object, Number(/\/Pages (\d+) 0 R/.exec(catalogue)?.[1]));
  const pageDict = object(page);

  const [sig, widget, form] = [size, size + 1, size + 2];
  const parts: string[] = [];
  let length = pdf.length;
  const added = new Map<number, number>();
  const put = (n: number, body: string) => {
    const chunk = `\n${n} 0 obj\n<<${body}\n>>\nendobj\n`;
    added.set(n, length + 1);
    parts.push(chunk);
    length += chunk.length;
  };
  put(
    sig,
    [
      '',
      '/Type /Sig',
      '/Filter /Adobe.PPKLite',
      `/SubFilter /${f.subFilter}`,
      BYTE_RANGE_PLACEHOLDER,
      `/Contents <${'0'.repeat(f.reserve * 2)}>`,
      `/Reason ${pdfString(f.reason)}`,
      `/M ${pdfString(pdfDate(f.when))}`,
      `/Name ${pdfString(f.name)}`,
      ...(f.location ? [`/Location ${pdfString(f.location)}`] : []),
      ...(f.contact ? [`/ContactInfo ${pdfString(f.contact)}`] : []),
      `/Prop_Build << /App << /Name /${f.app.replace(/[^A-Za-z0-9.-]/g, '')} >> >>`,
    ].join('\n'),
  );
  put(
    widget,
    `\n/Type /Annot\n/Subtype /Widget\n/FT /Sig\n/Rect [0 0 0 0]\n/F 132\n/T ${pdfString('Signature1')}\n/V ${sig} 0 R\n/P ${page} 0 R`,
  );
  put(form, `\n/Type /AcroForm\n/SigFlags 3\n/Fields [${widget} 0 R]`);
  put(root, `${catalogue}\n/AcroForm ${form} 0 R`);
  const annots = /\/Annots\s*\[([^\]]*)\]/.exec(pageDict);
  if (!annots && /\/Annots/.test(pageDict))
    throw new Error('sign: the first page keeps its annotations in a separate object');
  put(
    page,
    annots
      ? pageDict.replace(annots[0], `/Annots [${annots[1]!.trim()} ${widget} 0 R]`)
      : `${pageDict}\n/Annots [${widget} 0 R]`,
  );

  const xrefAt = length + 1;
  const numbers = [...added.keys()].sort((a, b) => a - b);
  const sections: string[] = [];
  for (let i = 0; i < numbers.length;) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    sections.push(
      `${numbers[i]} ${j - i + 1}\n${numbers
        .slice(i, j + 1)
        .map((n) => `${String(added.get(n)).padStart(10, '0')} 00000 n \n`)
        .join('')}`,
    );
    i = j + 1;
  }
  const keep = ['/Info', '/ID']
    .map((k) => new RegExp(`${k.replace('/', '\\/')}\\s*(\\d+ 0 R|\\[[^\\]]*\\])`).exec(trailer)?.[0])
    .filter(Boolean);
  parts.push(
    `\nxref\n${sections.join('')}trailer\n<<\n/Size ${size + 3}\n/Root ${root} 0 R\n${keep.join('\n')}\n/Prev ${xref}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`,
  );
  return Buffer.concat([pdf, Buffer.from(parts.join(''), 'latin1')]);
}

/** Fills the placeholder: /ByteRange around the /Contents hex string, then the signature in it. */
export async function signPlaceholder(
  pdf: Buffer,
  sign: (content: Buffer) => Buffer | Promise<Buffer>,
): Promise<Buffer> {
  const text = pdf.toString('latin1');
  const rangeAt = text.lastIndexOf(BYTE_RANGE_PLACEHOLDER);
  const contentsAt = text.indexOf('/Contents <', rangeAt) + '/Contents '.length;
  const contentsEnd = text.indexOf('>', contentsAt) + 1;
  if (rangeAt < 0 || contentsAt < rangeAt || contentsEnd <= contentsAt)
    throw new Error('sign: no signature placeholder in the PDF');
  const range = `/ByteRange [0 ${contentsAt} ${contentsEnd} ${pdf.length - contentsEnd}]`;
  const out = Buffer.from(pdf);
  out.write(range.slice(0, -1).padEnd(BYTE_RANGE_PLACEHOLDER.length - 1, ' ') + ']', rangeAt, 'latin1');
  const signature = await sign(Buffer.concat([out.subarray(0, contentsAt), out.subarray(contentsEnd)]));
  const room = contentsEnd - contentsAt - 2;
  const hex = signature.toString('hex');
  if (hex.length > room) throw new Error(`sign: the signature needs ${hex.length / 2} bytes, ${room / 2} are reserved`);
  out.write(hex, contentsAt + 1, 'latin1');
  return out;
}

/** Object number → byte offset, from the classic cross-reference sections (newest last in the file). */
function readXref(text: string, at: number): Map<number, number> {
  const offsets = new Map<number, number>();
  const re = /(\d+) (\d+)\s*\n/y;
  re.lastIndex = text.indexOf('\n', at) + 1;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const first = Number(m[1]);
    const count = Number(m[2]);
    let pos = re.lastIndex;
    for (let k = 0; k < count; k++, pos += 20) {
      const entry = text.slice(pos, pos + 18);
      if (entry.endsWith('n')) offsets.set(first + k, Number(entry.slice(0, 10)));
    }
    re.lastIndex = pos;
  }
  return offsets;
}

function firstPage(object: (n: number) => string, pages: number): number {
  let node = pages;
  for (let depth = 0; depth < 64; depth++) {
    const dict = object(node);
    if (!/\/Type\s*\/Pages\b/.test(dict)) return node;
    const kid = /\/Kids\s*\[\s*(\d+) 0 R/.exec(dict);
    if (!kid) throw new Error('sign: the PDF has no page');
    node = Number(kid[1]);
  }
  throw new Error('sign: the page tree is too deep');
}

/** A text string: literal when it is printable ASCII, else UTF-16BE hex with a byte-order mark. */
export function pdfString(s: string): string {
  if (/^[\x20-\x7e]*$/.test(s)) return `(${s.replace(/[\\()]/g, '\\$&')})`;
  return `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
}

/** D:YYYYMMDDHHmmSSZ (UTC). */
function pdfDate(d: Date): string {
  return `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}
