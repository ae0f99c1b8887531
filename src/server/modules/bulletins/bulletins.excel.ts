import ExcelJS from 'exceljs';
import type { BulletinContent } from '../../../shared/bulletins';

/** Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets an apostrophe, as in the other exports. */
const safe = (v: unknown) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/**
 * The bulletin's annexes as one workbook: 附件1 the overdue tasks (by unit), 附件2 the figures by unit, 附件3 the
 * league tables of the period (units, then townships). The same content the bulletin was drafted with.
 */
export async function annexWorkbook(c: BulletinContent, heading: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Luoshi 落实';
  const sheet = (name: string, title: string, header: string[], widths: number[], rows: unknown[][]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = widths.map((width) => ({ width }));
    ws.addRow([title]);
    ws.mergeCells(1, 1, 1, header.length);
    ws.getRow(1).font = { bold: true, size: 14 };
    ws.getRow(1).alignment = { horizontal: 'center' };
    ws.addRow(header);
    ws.getRow(2).font = { bold: true };
    ws.getRow(2).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    for (const r of rows) ws.addRow(r.map(safe));
    ws.views = [{ state: 'frozen', ySplit: 2 }];
    for (let i = 2; i <= ws.rowCount; i++)
      ws.getRow(i).eachCell(
        (cell) =>
          (cell.border = {
            top: { style: 'thin' },
            bottom: { style: 'thin' },
            left: { style: 'thin' },
            right: { style: 'thin' },
          }),
      );
    return ws;
  };
  const t = c.tasks;
  sheet(
    '附件1 逾期任务',
    `附件1　${heading}逾期未办结任务清单（截至 ${t.asOf}）`,
    ['序号', '责任单位', '督办任务', '办理时限', '逾期天数', '进度（%）'],
    [6, 20, 60, 12, 10, 10],
    t.overdueList.map((i, k) => [k + 1, i.unitName, i.title, i.deadline, i.daysOverdue, i.progress ?? '']),
  );
  sheet(
    '附件2 分单位情况',
    `附件2　${heading}各单位督办任务情况（${t.from} 至 ${t.to}）`,
    ['序号', '责任单位', '在办任务', '办结', '按期办结', '逾期未办结'],
    [6, 24, 12, 10, 12, 12],
    [
      ...t.byUnit.map((u, k) => [k + 1, u.unitName, u.total, u.closed, u.closedOnTime, u.overdue]),
      ['', '合计', t.totals.total, t.totals.closed, t.totals.closedOnTime, t.totals.overdue],
    ],
  );
  const kinds = [
    ['unit', '县直单位'],
    ['township', '乡镇（园区）'],
  ] as const;
  sheet(
    '附件3 考核排名',
    `附件3　${heading}考核排名（${t.from} 至 ${t.to}，计分规则第 ${c.rulesVersion} 版）`,
    // The groups apart (督办任务, 重点项目, 企业服务, 表扬与批评): where a unit's points came from, each after its cap.
    ['类别', '名次', '单位', '得分', '基础分', '督办任务', '重点项目', '企业服务', '表扬与批评'],
    [14, 8, 24, 10, 10, 12, 12, 12, 12],
    kinds.flatMap(([k, label]) =>
      c.league
        .filter((r) => r.kind === k)
        .map((r) => [
          label,
          r.rank,
          r.name,
          r.score,
          r.base,
          r.groups?.tasks ?? '',
          r.groups?.projects ?? '',
          // Bulletins drafted before the group existed count nothing there.
          r.groups ? (r.groups.enterprises ?? 0) : '',
          r.groups?.commendations ?? '',
        ]),
    ),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
