import ExcelJS from 'exceljs';
import { fitRowHeight } from '../../files/xlsx';
import type { TaskOut } from '../../../shared/tasks';
import { LIGHT_LABELS } from '../../../shared/supervision';

/**
 * The ledger as offices print and hand it out (督办台账): a title row (县名 + 台账名), the as-of date, then 序号,
 * 任务内容, 工作标准, 牵头领导, 牵头单位, 配合单位, 完成时限, 进展情况 (the latest report, dated), 完成进度, 亮灯 (the
 * cell coloured) and 奖惩; optionally grouped by leader or by unit under a heading row each. Landscape A4 or A3,
 * fitted to the page's width, the header repeated on every page, the header frozen on screen.
 * Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) is prefixed with an apostrophe.
 */
export function neutraliseFormula(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export interface ExportNames {
  unit(id: string): string;
  person(id: string | null): string;
  /** The latest report kept (not returned): its text and the Beijing date it was submitted. */
  latest(id: string): { text: string; on: string } | null;
}

export interface LedgerPrint {
  /** 县名, e.g. 云溪县. */
  county: string;
  /** 台账名, e.g. 重点工作督办台账. */
  name: string;
  /** The day the figures hold for (Beijing). */
  asOf: string;
  groupBy?: 'leader' | 'unit';
  paper?: 'a4' | 'a3';
}

export const EXPORT_HEADER = [
  '序号',
  '任务内容',
  '工作标准',
  '牵头领导',
  '牵头单位',
  '配合单位',
  '完成时限',
  '进展情况',
  '完成进度',
  '亮灯',
  '奖惩',
];
// Widths in characters, chosen so that the eleven columns fit a landscape page at a readable scale.
const WIDTHS = [6, 38, 26, 9, 13, 15, 14, 38, 8, 7, 20];
const FILLS: Record<string, string> = { red: 'FFFF7875', yellow: 'FFFFD666', green: 'FF95DE64' };
const HEADER_ROW = 3;
const thin = { style: 'thin' as const, color: { argb: 'FF595959' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };
const FONT = { name: '宋体', size: 10.5 };

const cnDate = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const shortDate = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

/** A closed task is done: 100 %, whatever its last report said. */
function progressOf(t: TaskOut): number | null {
  if (t.state === 'closed') return 1;
  return t.progress === null ? null : t.progress / 100;
}

/** Groups in the order they first appear (the list's order: by deadline unless asked otherwise), with their heading. */
function grouped(
  items: TaskOut[],
  names: ExportNames,
  by: LedgerPrint['groupBy'],
): { heading: string | null; items: TaskOut[] }[] {
  if (!by) return [{ heading: null, items }];
  const groups = new Map<string, TaskOut[]>();
  for (const t of items) {
    const key = by === 'leader' ? names.person(t.leadLeaderId) : names.unit(t.assigneeUnitId);
    const list = groups.get(key) ?? [];
    list.push(t);
    groups.set(key, list);
  }
  const cn = '一二三四五六七八九十';
  const numeral = (i: number) => (i < 10 ? cn[i]! : i < 20 ? `十${cn[i - 10] ?? ''}` : String(i + 1));
  return [...groups].map(([key, list], i) => {
    const who = key || (by === 'leader' ? '未明确牵头领导' : '未明确牵头单位');
    const heading =
      by === 'leader' && key
        ? `${numeral(i)}、${who}同志牵头（${list.length}项）`
        : `${numeral(i)}、${who}（${list.length}项）`;
    return { heading, items: list };
  });
}

export function ledgerWorkbook(items: TaskOut[], names: ExportNames, print: LedgerPrint): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('督办台账', {
    pageSetup: {
      // OOXML's paper codes: 9 is A4, 8 is A3 (ExcelJS's type lists A4 but not A3).
      paperSize: (print.paper === 'a3' ? 8 : 9) as unknown as ExcelJS.PaperSize,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: '&C第 &P 页，共 &N 页' },
    views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 0 }],
  });
  const last = EXPORT_HEADER.length;
  ws.columns = WIDTHS.map((width) => ({ width }));

  const title = ws.addRow([`${print.county}${print.name}`]);
  ws.mergeCells(1, 1, 1, last);
  title.height = 36;
  title.getCell(1).font = { name: '方正小标宋简体', size: 20, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  const asOf = ws.addRow([`截至${cnDate(print.asOf)}，共 ${items.length} 项`]);
  ws.mergeCells(2, 1, 2, last);
  asOf.getCell(1).font = { ...FONT, size: 11 };
  asOf.getCell(1).alignment = { horizontal: 'right', vertical: 'middle' };

  const header = ws.addRow(EXPORT_HEADER);
  header.height = 30;
  header.eachCell((c) => {
    c.font = { name: '黑体', size: 11, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
    c.border = BORDER;
  });

  for (const g of grouped(items, names, print.groupBy)) {
    if (g.heading) {
      const h = ws.addRow([g.heading]);
      ws.mergeCells(h.number, 1, h.number, last);
      h.getCell(1).font = { name: '黑体', size: 11, bold: true };
      h.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
      h.getCell(1).border = BORDER;
    }
    for (const t of g.items) {
      const latest = names.latest(t.id);
      // 任务内容: the task's name, then its content when it says more than the name.
      const content = t.content && t.content.trim() !== t.title.trim() ? `${t.title}\n${t.content}` : t.title;
      const progress = latest
        ? `（${shortDate(latest.on)}）${latest.text}`
        : t.state === 'closed'
          ? '已办结'
          : '尚未报送进展';
      const row = ws.addRow(
        [
          t.serial,
          content,
          t.standard ?? '',
          names.person(t.leadLeaderId),
          names.unit(t.assigneeUnitId),
          t.coUnitIds.map(names.unit).join('、'),
          new Date(`${t.deadline}T00:00:00Z`),
          progress,
          progressOf(t) ?? '',
          LIGHT_LABELS[t.light]['zh-CN'],
          t.accountability ?? '',
        ].map((v) => (typeof v === 'string' ? neutraliseFormula(v) : v)),
      );
      row.eachCell({ includeEmpty: true }, (c, col) => {
        c.font = FONT;
        c.border = BORDER;
        const centred = [1, 4, 7, 9, 10].includes(col);
        c.alignment = { vertical: 'middle', horizontal: centred ? 'center' : 'left', wrapText: true };
      });
      row.getCell(7).numFmt = 'yyyy"年"m"月"d"日"';
      row.getCell(9).numFmt = '0%';
      fitRowHeight(row, WIDTHS);
      const fill = FILLS[t.light];
      if (fill) row.getCell(10).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
    }
  }
  ws.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: last } };
  wb.title = `${print.county}${print.name}`;
  return wb;
}
