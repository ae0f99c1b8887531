import JSZip from 'jszip';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
  type IFontAttributesProperties,
} from 'docx';
import type { Align, Block } from '../../shared/domain/official-doc';

/**
 * An official document (督查通报, 会议纪要) as a Word document in the usual official-document look (GB/T 9704 as counties use it): A4 with
 * 37/35/28/26 mm margins, a red head (督查通报, 第N期, the issuing office and date over a red rule), the title in
 * 方正小标宋简体 二号, body text in 仿宋_GB2312 三号 at a fixed 28 pt line, section heads in 黑体 and 楷体, tables in
 * 仿宋 小四, and the page number as "— 1 —" in the footer. Rendered block by block from the document model
 * (src/shared/domain/official-doc.ts) that the browser previews show.
 *
 * Fonts: each run names the official font for Chinese (eastAsia) and Times New Roman for Latin; the font table
 * then gets each Chinese font's usual substitute (`w:altName`: 宋体, 仿宋, 黑体, 楷体) so Word and LibreOffice use
 * it on a machine without the 方正 or _GB2312 fonts.
 */
const LATIN = 'Times New Roman';
const font = (eastAsia: string): IFontAttributesProperties => ({ ascii: LATIN, hAnsi: LATIN, eastAsia, cs: LATIN });
const F = {
  title: font('方正小标宋简体'),
  body: font('仿宋_GB2312'),
  hei: font('黑体'),
  kai: font('楷体_GB2312'),
  song: font('宋体'),
};
/** Substitutes written into the font table (w:altName). */
const ALT_NAMES: Record<string, string> = { 方正小标宋简体: '宋体', 仿宋_GB2312: '仿宋', 楷体_GB2312: '楷体' };
const RED = 'FF0000';
/** Half-points: 初号 42pt, 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt. */
const SIZE = { chuhao: 84, erhao: 44, sanhao: 32, sihao: 28, xiaosi: 24 };
/** Fixed line spacing of body text: 28 pt (twips). */
const LINE = { line: 560, lineRule: LineRuleType.EXACT };
const INDENT_2 = { firstLine: 640 };

const ALIGN: Record<Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
};

function table(b: Extract<Block, { t: 'table' }>): Table {
  const total = b.widths.reduce((a, x) => a + x, 0);
  // Text width of A4 with 28/26 mm margins, in twips.
  const TEXT_WIDTH = 11906 - 1588 - 1474;
  const border = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: Math.round((b.widths[i]! / total) * TEXT_WIDTH), type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 60, right: 60, top: 30, bottom: 30 },
      children: [
        new Paragraph({
          alignment: header ? AlignmentType.CENTER : ALIGN[b.align[i] ?? 'left'],
          spacing: { line: 320, lineRule: LineRuleType.AUTO },
          children: [new TextRun({ text, font: header ? F.hei : F.body, size: SIZE.xiaosi })],
        }),
      ],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: b.widths.map((w) => Math.round((w / total) * TEXT_WIDTH)),
    layout: TableLayoutType.FIXED,
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: [
      new TableRow({ tableHeader: true, children: b.header.map((h, i) => cell(h, i, true)) }),
      ...b.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i, false)) })),
    ],
  });
}

function render(b: Block): (Paragraph | Table)[] {
  const body = (text: string, extra: ConstructorParameters<typeof Paragraph>[0] & object = {}) =>
    new Paragraph({
      spacing: LINE,
      alignment: AlignmentType.JUSTIFIED,
      indent: INDENT_2,
      children: [new TextRun({ text, font: F.body, size: SIZE.sanhao })],
      ...extra,
    });
  switch (b.t) {
    case 'redhead':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { before: 240, after: 240 },
          children: [
            new TextRun({ text: b.title, font: F.title, size: SIZE.chuhao, color: RED, characterSpacing: 200 }),
          ],
        }),
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { ...LINE, after: 120 },
          children: [new TextRun({ text: b.number, font: F.body, size: SIZE.sanhao })],
        }),
        // The office at the left, the date at the right, over the red rule (版头中的分隔线).
        new Paragraph({
          spacing: { ...LINE, after: 480 },
          tabStops: [{ type: TabStopType.RIGHT, position: 11906 - 1588 - 1474 }],
          border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 6 } },
          children: [
            new TextRun({ text: b.office, font: F.body, size: SIZE.sanhao }),
            new TextRun({ text: `\t${b.date}`, font: F.body, size: SIZE.sanhao }),
          ],
        }),
      ];
    case 'title':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 240, after: 360 },
          children: b.lines.map(
            (text, i) => new TextRun({ text, font: F.title, size: SIZE.erhao, break: i > 0 ? 1 : undefined }),
          ),
        }),
      ];
    case 'addressee':
      return [body(b.text, { indent: { firstLine: 0 }, alignment: AlignmentType.LEFT })];
    case 'h1':
      return [
        new Paragraph({
          spacing: LINE,
          indent: INDENT_2,
          keepNext: true,
          children: [new TextRun({ text: b.text, font: F.hei, size: SIZE.sanhao })],
        }),
      ];
    case 'h2':
      return [
        new Paragraph({
          spacing: LINE,
          indent: INDENT_2,
          keepNext: true,
          children: [new TextRun({ text: b.text, font: F.kai, size: SIZE.sanhao })],
        }),
      ];
    case 'p':
      return [body(b.text)];
    case 'table':
      return [table(b), new Paragraph({ spacing: { after: 120 }, children: [] })];
    case 'signature':
      return [
        new Paragraph({
          spacing: { ...LINE, before: 560 },
          alignment: AlignmentType.RIGHT,
          indent: { right: 640 },
          children: [new TextRun({ text: b.office, font: F.body, size: SIZE.sanhao })],
        }),
        new Paragraph({
          spacing: LINE,
          alignment: AlignmentType.RIGHT,
          indent: { right: 640 },
          children: [new TextRun({ text: b.date, font: F.body, size: SIZE.sanhao })],
        }),
      ];
  }
}

export async function officialDocx(blocks: Block[], title: string): Promise<Buffer> {
  const doc = new Document({
    creator: 'Luoshi 落实',
    title,
    styles: { default: { document: { run: { font: F.body, size: SIZE.sanhao } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 2098, bottom: 1984, left: 1588, right: 1474, footer: 1000 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ font: F.song, size: SIZE.sihao, children: ['— ', PageNumber.CURRENT, ' —'] })],
              }),
            ],
          }),
        },
        children: blocks.flatMap(render),
      },
    ],
  });
  return withAltNames(await Packer.toBuffer(doc));
}

/** Adds each Chinese font's usual substitute to word/fontTable.xml (docx writes only the names it was given). */
async function withAltNames(buf: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buf);
  const file = zip.file('word/fontTable.xml');
  if (!file) return buf;
  let xml = await file.async('string');
  const used = new Set(Object.values(F).map((f) => f.eastAsia!));
  const missing = [...used].filter((name) => !xml.includes(`w:name="${name}"`));
  const entry = (name: string) =>
    `<w:font w:name="${name}">${ALT_NAMES[name] ? `<w:altName w:val="${ALT_NAMES[name]}"/>` : ''}<w:charset \
w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`;
  for (const [name, alt] of Object.entries(ALT_NAMES))
    xml = xml.replace(`<w:font w:name="${name}">`, `<w:font w:name="${name}"><w:altName w:val="${alt}"/>`);
  if (missing.length) {
    const entries = missing.map(entry).join('');
    // docx writes an empty table as a self-closing element.
    xml = /<w:fonts\b[^>]*\/>/.test(xml)
      ? xml.replace(/<w:fonts\b([^>]*)\/>/, (_m, attrs: string) => `<w:fonts${attrs}>${entries}</w:fonts>`)
      : xml.replace('</w:fonts>', `${entries}</w:fonts>`);
  }
  zip.file('word/fontTable.xml', xml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
