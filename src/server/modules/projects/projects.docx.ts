import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { FastifyReply } from 'fastify';
import { DOCX_TYPE, sendDownload } from '../../http/download';
import { LIGHT_LABELS } from '../../../shared/supervision';
import { BLOCKER_TYPE_LABELS, type BlockerType } from '../../../shared/domain/projects';
import type { BlockerOut } from '../../../shared/projects';
import type { Names, RoundSheetInput } from './projects.excel';

/** Body text of official documents: 仿宋 where installed, SimSun otherwise (Word falls back by east-Asian font). */
const FONT = { ascii: 'FangSong', eastAsia: '仿宋', hAnsi: 'FangSong' };
const HEAD_FONT = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };

const run = (text: string, bold = false) => new TextRun({ text, bold, font: FONT, size: 24 });
const para = (text: string) => new Paragraph({ children: [run(text)], spacing: { after: 120 } });
const heading = (text: string) =>
  new Paragraph({
    heading: HEADING,
    children: [new TextRun({ text, font: HEAD_FONT, size: 28, bold: true })],
    spacing: { before: 240, after: 120 },
  });
const HEADING = HeadingLevel.HEADING_2;
const money = (n: number) => n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function table(header: string[], rows: (string | number)[][], widths: number[]): Table | Paragraph {
  if (rows.length === 0) return para('无。');
  const total = widths.reduce((a, b) => a + b, 0);
  const cell = (v: string | number, i: number, bold: boolean) =>
    new TableCell({
      width: { size: Math.round((widths[i]! / total) * 100), type: WidthType.PERCENTAGE },
      children: [
        new Paragraph({
          children: [new TextRun({ text: String(v), bold, font: FONT, size: 21 })],
          alignment: typeof v === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        }),
      ],
    });
  const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, i, true)) }),
      ...rows.map(
        (r) => new TableRow({ children: r.map((v, i) => cell(typeof v === 'number' ? money(v) : v, i, false)) }),
      ),
    ],
  });
}

/**
 * The round's 对账 as a Word document for the scheduling meeting: the same content as the workbook
 * (`roundWorkbook`), as a title, a paragraph of totals and one section per list.
 */
export function roundDocument(s: RoundSheetInput & { lateUnits: { unitName: string }[] }, names: Names): Document {
  const counts = (u: { expected: number; reported: number; late: number; missing: number; investment: number }) =>
    [u.expected, u.reported, u.late, u.missing].map(String);
  const blockerRows = (bs: BlockerOut[]) =>
    bs.map((b) => [
      b.projectName,
      BLOCKER_TYPE_LABELS[b.type as BlockerType]['zh-CN'],
      b.description,
      names.unit(b.handlingUnitId),
      b.leaderName ?? '',
      b.raisedOn,
      b.deadline,
      LIGHT_LABELS[b.light]['zh-CN'],
    ]);
  const bh = ['项目名称', '类型', '卡点问题', '破解单位', '领办领导', '提出日期', '期限', '亮灯'];
  const bw = [24, 7, 30, 14, 9, 11, 11, 6];
  const lateUnits = s.lateUnits.map((u) => u.unitName);
  return new Document({
    creator: 'Luoshi 落实',
    title: s.title,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [
      {
        properties: { page: { margin: { top: 1440, bottom: 1440, left: 1300, right: 1300 } } },
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            heading: HeadingLevel.TITLE,
            children: [
              new TextRun({
                text: `${s.title}对账情况`,
                font: { ascii: 'SimSun', eastAsia: '方正小标宋简体', hAnsi: 'SimSun' },
                size: 40,
                bold: true,
              }),
            ],
            spacing: { after: 240 },
          }),
          para(
            `报送截止日期：${s.cutoff}。本轮应报项目 ${s.expected} 个，已报 ${s.reported} 个，其中迟报 ` +
              `${s.late} 个，未报 ${s.missing.length} 个；本月完成投资（已报）${money(s.investment)} 万元。`,
          ),
          para(lateUnits.length ? `未按时报送的单位：${lateUnits.join('、')}。` : '各单位均已按时报送。'),
          heading('一、各单位报送情况'),
          table(
            ['单位', '应报项目', '已报', '迟报', '未报', '本月完成投资（万元）'],
            [
              ...s.units.map((u) => [u.unitName, ...counts(u), u.investment]),
              ['合计', ...counts({ ...s, missing: s.missing.length }), s.investment],
            ],
            [20, 10, 8, 8, 8, 18],
          ),
          heading('二、未报项目'),
          table(
            ['项目名称', '责任单位'],
            s.missing.map((m) => [m.projectName, m.unitName]),
            [36, 20],
          ),
          heading('三、滞后项目'),
          table(
            ['项目名称', '责任单位'],
            s.behind.map((m) => [m.projectName, m.unitName]),
            [36, 20],
          ),
          heading('四、存在问题及需协调事项'),
          table(
            ['项目名称', '责任单位', '存在问题', '需协调事项'],
            s.problems.map((m) => [m.projectName, m.unitName, m.problems ?? '', m.coordination ?? '']),
            [26, 14, 30, 30],
          ),
          heading('五、本周新增卡点'),
          table(bh, blockerRows(s.newBlockers), bw),
          heading('六、未解决卡点'),
          table(bh, blockerRows(s.openBlockers), bw),
          heading('七、调度事项'),
          table(
            ['事项', '情况', '责任单位'],
            s.agenda.map((a) => [a.title, a.body, a.unitName ?? '']),
            [24, 50, 16],
          ),
        ],
      },
    ],
  });
}

/** Sends a Word document as a download; the file name is UTF-8 encoded for Chinese names (RFC 6266). */
export async function sendDocument(reply: FastifyReply, doc: Document, fileName: string) {
  const buf = await Packer.toBuffer(doc);
  return sendDownload(reply, buf, { type: DOCX_TYPE, standIn: 'export.docx', fileName });
}
