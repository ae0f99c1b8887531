import zlib from 'node:zlib';

/**
 * Hand-built ZIPs for hostile-file tests: what Excel would never write (a directory that lies about sizes,
 * an .exe inside an "xlsx"), built part by part. Sizes may be overridden to lie; CRCs are honest.
 */
export interface Part {
  name: string;
  data: Buffer | string;
  /** What the directory and local header claim the part unpacks to (a lie, for bomb tests). */
  claimedSize?: number;
  stored?: boolean;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = -1;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

export function buildZip(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const raw = typeof p.data === 'string' ? Buffer.from(p.data) : p.data;
    const body = p.stored ? raw : zlib.deflateRawSync(raw, { level: 6 });
    const name = Buffer.from(p.name);
    const size = p.claimedSize ?? raw.length;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(p.stored ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(p.stored ? 0 : 8, 10);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += 30 + name.length + body.length;
  }
  const dirBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dirBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBuf, end]);
}

const CT = 'application/vnd.openxmlformats-officedocument';

/** The parts every .xlsx needs around its one sheet. */
export function xlsxParts(sheetXml: Buffer | string, claimedSheetSize?: number): Part[] {
  return [
    {
      name: '[Content_Types].xml',
      data:
        `<?xml version="1.0" encoding="UTF-8"?><Types ` +
        `xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ` +
        `ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default ` +
        `Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ` +
        `ContentType="${CT}.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="${CT}.spreadsheetml.worksheet+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data:
        `<?xml version="1.0" encoding="UTF-8"?><Relationships ` +
        `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" ` +
        `Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8"?><workbook ` +
        `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
        `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" \
sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `<?xml version="1.0" encoding="UTF-8"?><Relationships ` +
        `xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" ` +
        `Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml, claimedSize: claimedSheetSize },
  ];
}

/**
 * Sheet XML of `total` rows, the first `numbered` ones distinct, the rest one row repeated (as a zip bomb packs
 * best), built without a string of that size. 3,000,000 rows make about 147 MB that deflate to a few hundred KB.
 */
export function bombSheet(total: number, numbered = 60_000): Buffer {
  const head = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  );
  const first: string[] = [];
  for (let i = 1; i <= Math.min(numbered, total); i++)
    first.push(`<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>第${i}行</t></is></c></row>`);
  const distinct = Buffer.from(first.join(''));
  const filler = Buffer.from(`<row r="${numbered + 1}"><c r="A${numbered + 1}"><v>1</v></c></row>`);
  const rest = Math.max(0, total - numbered);
  const tail = Buffer.from('</sheetData></worksheet>');
  const out = Buffer.alloc(head.length + distinct.length + filler.length * rest + tail.length);
  let at = head.copy(out, 0);
  at += distinct.copy(out, at);
  if (rest) out.fill(filler, at, at + filler.length * rest);
  at += filler.length * rest;
  tail.copy(out, at);
  return out;
}
