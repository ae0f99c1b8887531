import type ExcelJS from 'exceljs';
import { addHeadingRow, addLedgerRow, printedLedger, shortCnDate } from '../../files/xlsx';
import { cnDate } from '../../../shared/domain/official-doc';
import type { TaskOut } from '../../../shared/tasks';
import { LIGHT_LABELS } from '../../../shared/supervision';

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

/**
 * The ledger as offices print and hand it out (督办台账): a title row (县名 + 台账名), the as-of date, then 序号,
 * 任务内容, 工作标准, 牵头领导, 牵头单位, 配合单位, 完成时限, 进展情况 (the latest report, dated), 完成进度, 亮灯 (the
 * cell coloured) and 奖惩; optionally grouped by leader or by unit under a heading row each. Landscape A4 or A3,
 * fitted to the page's width, the header repeated on every page, the header frozen on screen.
 * Text that a spreadsheet would run as a formula is prefixed with an apostrophe (the layout: `printedLedger`).
 */
export function ledgerWorkbook(items: TaskOut[], names: ExportNames, print: LedgerPrint): ExcelJS.Workbook {
  const { wb, ws } = printedLedger({
    sheet: '督办台账',
    title: `${print.county}${print.name}`,
    asOf: `截至${cnDate(print.asOf)}，共 ${items.length} 项`,
    header: EXPORT_HEADER,
    widths: WIDTHS,
    paper: print.paper,
  });
  for (const g of grouped(items, names, print.groupBy)) {
    if (g.heading) addHeadingRow(ws, g.heading, EXPORT_HEADER.length);
    for (const t of g.items) {
      const latest = names.latest(t.id);
      // 任务内容: the task's name, then its content when it says more than the name.
      const content = t.content && t.content.trim() !== t.title.trim() ? `${t.title}\n${t.content}` : t.title;
      const progress = latest
        ? `（${shortCnDate(latest.on)}）${latest.text}`
        : t.state === 'closed'
          ? '已办结'
          : '尚未报送进展';
      const row = addLedgerRow(
        ws,
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
        ],
        { widths: WIDTHS, centred: [1, 4, 7, 9, 10], date: 7 },
      );
      row.getCell(9).numFmt = '0%';
      const fill = FILLS[t.light];
      if (fill) row.getCell(10).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
    }
  }
  return wb;
}
