// The indirect objects of a PDF written by pdfkit, as text, for the few checks pdf.js has no API
// for (structure attributes such as Scope and ListNumbering, annotation entries). pdfkit writes
// dictionaries uncompressed and without object streams; only content streams are compressed.

export interface RawObject {
  id: number;
  /** The object's dictionary text (stream data cut off). */
  body: string;
}

export function rawObjects(bytes: Uint8Array): RawObject[] {
  const text = Buffer.from(bytes).toString('latin1');
  const out: RawObject[] = [];
  const re = /(\d+) 0 obj\n([\s\S]*?)\nendobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2]!;
    const stream = body.indexOf('\nstream\n');
    out.push({ id: Number(m[1]), body: stream >= 0 ? body.slice(0, stream) : body });
  }
  return out;
}

/** Structure elements of one type, e.g. "TH" (`/S /TH`), in pdfkit's or qpdf's layout. */
export function structElements(objects: RawObject[], type: string): RawObject[] {
  const re = new RegExp(`^\\s*/S /${type}\\s*$`, 'm');
  return objects.filter((o) => re.test(o.body) && !/\/Type \/Action|\/S \/GoTo/.test(o.body));
}
