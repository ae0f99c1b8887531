import { describe, expect, it } from 'vitest';
import type { Sheet } from '../../files/table';
import { MAX_CELL } from '../../files/import-rows';
import { MAX_LEAD_ROWS, planLeadImport } from './investment.import';
import { planMuImport } from '../enterprises/mu.import';

/**
 * The 招商台账 and 亩均 imports read their sheets with the ledgers' shared rules (files/import-rows.ts): what became
 * the same as the other ledgers when they moved onto them is held here — an over-long cell refused with its row and
 * column, the row limit named with the file's count, an ambiguous leader told apart from an unknown one, an amount's
 * missing unit explained as in the project library. Pure.
 */
const sheet = (rows: string[][], hidden = false): Sheet => ({
  name: 's',
  hidden,
  rows: rows.map((cells, i) => ({ row: i + 1, cells })),
});

const HEADER = ['序号', '项目名称', '投资方', '投资额（亿元）', '阶段', '签约时间', '责任单位', '包联领导'];
const lk = {
  today: '2026-03-02',
  unitIndex: new Map<string, string | null>([
    ['招商服务中心', 'u1'],
    ['开发区', null],
  ]),
  unitLabels: [{ label: '招商服务中心', canonical: '招商服务中心' }],
  leadersByName: new Map([
    ['赵志强', ['p1']],
    ['王芳', ['p2', 'p3']],
  ]),
  existing: new Set(['老项目|老投资方']),
  chainsByName: new Map(),
};

describe('the 招商台账 import on the shared rules', () => {
  it('finds the header below a title in the first visible sheet and reads 亿元 from the header', () => {
    const plan = planLeadImport(
      [
        sheet([HEADER, ['1', '隐藏', '某公司', '1', '', '', '招商服务中心', '']], true),
        sheet([['2026年招商台账'], HEADER, ['1', '佐剂项目', '华澜生物', '3.5', '洽谈', '', '招商服务中心', '赵志强']]),
      ],
      lk,
    );
    expect(plan.fileError).toBeUndefined();
    expect(plan.rows).toHaveLength(1);
    expect(plan.rows[0]).toMatchObject({ row: 3, status: 'accepted', name: '佐剂项目' });
    expect(plan.rows[0]!.input?.lead).toMatchObject({ investment: 35000, responsibleUnitId: 'u1', leaderId: 'p1' });
  });

  it('names each problem by row and column in Chinese; an ambiguous leader and unit are told from unknown ones', () => {
    const long = '长'.repeat(MAX_CELL + 1);
    const plan = planLeadImport(
      [
        sheet([
          ['项目名称', '投资方', '投资额', '责任单位', '包联领导', '进展情况'],
          ['甲项目', '甲公司', '500', '开发区', '王芳', ''],
          ['乙项目', '乙公司', '5000万', '招商中心', '李四同志', long],
          ['丙项目', '丙公司', '5000万', '招商服务中心', '', ''],
        ]),
      ],
      lk,
    );
    const [a, b, c] = plan.rows;
    expect(a!.errors).toEqual([
      expect.objectContaining({
        column: '投资额',
        code: 'unit_missing',
        message: expect.stringContaining('表头或单元格'),
      }),
      expect.objectContaining({ column: '责任单位', code: 'ambiguous_unit' }),
      { column: '包联领导', code: 'ambiguous', message: '有多位领导名为“王芳”' },
    ]);
    expect(b!.errors).toEqual([
      { column: '进展情况', code: 'too_long', message: `内容超过 ${MAX_CELL} 字` },
      expect.objectContaining({
        column: '责任单位',
        code: 'unknown_unit',
        message: expect.stringContaining('招商服务中心'),
      }),
      { column: '包联领导', code: 'unknown_leader', message: '找不到县级领导“李四”' },
    ]);
    expect(b!.row).toBe(3);
    expect(c!.status).toBe('accepted');
  });

  it('refuses a file over the row limit, naming its count', () => {
    const rows = Array.from({ length: MAX_LEAD_ROWS + 1 }, (_, i) => [`项目${i}`, '某公司', '1万元', '招商服务中心']);
    const plan = planLeadImport([sheet([['项目名称', '投资方', '投资额', '责任单位'], ...rows])], lk);
    expect(plan.rows).toEqual([]);
    expect(plan.fileError).toBe(
      `一次最多导入 ${MAX_LEAD_ROWS} 行，本文件有 ${MAX_LEAD_ROWS + 1} 行 / at most 5000 rows`,
    );
  });
});

describe('the 亩均 import on the shared rules', () => {
  it('refuses an over-long cell with its row and column', () => {
    const code = '91350100MA2XXXXX0X';
    const plan = planMuImport(
      [
        sheet([
          ['统一社会信用代码', '企业名称', '用地面积（亩）'],
          ['', 'x'.repeat(MAX_CELL + 1), '10'],
        ]),
      ],
      { codes: new Map([[code, { id: 'e1', name: '某公司' }]]), year: 2025 },
    );
    expect(plan.rows[0]!.row).toBe(2);
    expect(plan.rows[0]!.status).toBe('rejected');
    expect(plan.rows[0]!.errors).toContainEqual({
      column: '企业名称',
      code: 'too_long',
      message: `内容超过 ${MAX_CELL} 字`,
    });
  });
});
