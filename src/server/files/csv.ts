import iconv from 'iconv-lite';

/**
 * A sheet as importers read it: every cell trimmed text, row numbers the sheet's own (1-based, header included).
 * CSV comes from what county offices actually send: UTF-8, or GBK/GB18030 (Excel's "CSV" on a Chinese Windows).
 */
export interface Sheet {
  name: string;
  /** Hidden sheets (often lookup lists) are skipped by importers. */
  hidden?: boolean;
  rows: { row: number; cells: string[] }[];
}

export function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  const utf8 = buf.toString('utf8');
  // Invalid UTF-8 shows up as U+FFFD: then it is the GBK family that Chinese Excel writes.
  if (!utf8.includes('\uFFFD')) return utf8;
  return iconv.decode(buf, 'gb18030');
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
