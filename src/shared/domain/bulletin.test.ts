import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bulletinBlocks, cnDate, cnNumber, nextIssueNumber, proposeLists, type LeagueCandidate } from './bulletin';
import type { BulletinContent } from '../bulletins';

describe('bulletin numbering', () => {
  it('the next number is unused and above every issued one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 40 }), (issued) => {
        const n = nextIssueNumber(issued);
        expect(issued).not.toContain(n);
        expect(issued.every((i) => i < n)).toBe(true);
      }),
    );
    expect(nextIssueNumber([])).toBe(1);
    expect(nextIssueNumber([1, 2, 4])).toBe(5);
  });
});

const candidate = fc.record({
  score: fc.integer({ min: 0, max: 200 }),
  base: fc.constant(100),
  name: fc.string({ minLength: 1, maxLength: 6 }),
});
const leagueOf = (rows: { score: number; base: number; name: string }[]): LeagueCandidate[] => {
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  let rank = 0;
  return sorted.map((r, i) => {
    if (i === 0 || r.score !== sorted[i - 1]!.score) rank = i + 1;
    return {
      ...r,
      rank,
      unitId: `u${i}`,
      breakdown:
        r.score >= r.base
          ? [{ kind: 'closedOnTime', count: 1, points: r.score - r.base }]
          : [{ kind: 'overdueDay', count: 3, points: r.score - r.base }],
    };
  });
};

describe('proposed praise and criticism', () => {
  it('praise gained points, criticism lost them, nobody is on both, at most n each, praise from the top', () => {
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 30 }), fc.integer({ min: 0, max: 5 }), (rows, n) => {
        const league = leagueOf(rows);
        const { praise, criticism } = proposeLists(league, n);
        expect(praise.length).toBeLessThanOrEqual(n);
        expect(criticism.length).toBeLessThanOrEqual(n);
        const byId = new Map(league.map((r) => [r.unitId, r]));
        for (const p of praise) expect(byId.get(p.unitId!)!.score).toBeGreaterThan(100);
        for (const c of criticism) expect(byId.get(c.unitId!)!.score).toBeLessThan(100);
        expect(praise.filter((p) => criticism.some((c) => c.unitId === p.unitId))).toEqual([]);
        // Nobody left out of praise scores higher than someone praised.
        const minPraised = Math.min(...praise.map((p) => p.score!));
        if (praise.length === n)
          for (const r of league.filter((r) => !praise.some((p) => p.unitId === r.unitId)))
            expect(r.score).toBeLessThanOrEqual(minPraised);
      }),
    );
  });

  it('the reason names the score, rank and the lines behind it', () => {
    const [row] = leagueOf([{ score: 95, base: 100, name: '发改局' }]);
    const { criticism } = proposeLists([row!], 3);
    expect(criticism[0]!.reason).toBe('考核得分 95 分（第 1 名），逾期 3 个工作日');
  });

  it('praise is never given for a deduction: a late closure earns a little but is no reason to praise', () => {
    const row: LeagueCandidate = {
      rank: 1,
      unitId: 'u1',
      name: '卫健局',
      score: 104.5,
      base: 100,
      breakdown: [
        { group: 'tasks', kind: 'closedLate', count: 1, points: 0.5 },
        { group: 'tasks', kind: 'closedOnTime', count: 1, points: 2 },
        { group: 'projects', kind: 'closedOnTime', count: 1, points: 2 },
      ],
      groups: [
        { group: 'tasks', points: 2.5 },
        { group: 'projects', points: 2 },
        { group: 'commendations', points: 0 },
      ],
    };
    const { praise } = proposeLists([row], 3);
    expect(praise[0]!.reason).toBe('考核得分 104.5 分（第 1 名；督办任务 +2.5、重点项目 +2），按期办结 2 次');
    expect(praise[0]!.reason).not.toContain('逾期');
    // Above the base from a late closure alone: not proposed for praise at all.
    const late = {
      ...row,
      score: 100.5,
      breakdown: [row.breakdown[0]!],
      groups: [{ group: 'tasks' as const, points: 0.5 }],
    };
    expect(proposeLists([late], 3).praise).toEqual([]);
  });
});

describe('bulletin document', () => {
  const content: BulletinContent = {
    officeName: '云溪县委县政府督查室',
    addressee: '各乡镇（园区）、县直各单位',
    tasks: {
      from: '2026-03-01',
      to: '2026-03-31',
      asOf: '2026-03-31',
      totals: { total: 12, closed: 5, closedOnTime: 4, overdue: 2, onTimeRate: 0.8 },
      byUnit: [
        {
          unitId: '00000000-0000-4000-8000-000000000001',
          unitName: '发改局',
          unitKind: 'department',
          total: 12,
          closed: 5,
          closedOnTime: 4,
          overdue: 2,
        },
      ],
      overdueList: [
        {
          id: '00000000-0000-4000-8000-000000000002',
          title: '完成园区道路建设',
          unitId: '00000000-0000-4000-8000-000000000001',
          unitName: '发改局',
          deadline: '2026-03-10',
          daysOverdue: 21,
          progress: 60,
          leadLeaderId: null,
        },
        {
          id: '00000000-0000-4000-8000-000000000003',
          title: '出台招商政策',
          unitId: '00000000-0000-4000-8000-000000000001',
          unitName: '发改局',
          deadline: '2026-03-20',
          daysOverdue: 11,
          progress: null,
          leadLeaderId: null,
        },
      ],
    },
    behindProjects: [],
    projectsAsOf: '2026-03-31',
    league: [],
    rulesVersion: 0,
    praise: [{ unitId: null, name: '教育局', reason: '', score: null, rank: null }],
    criticism: [],
    requirements: '（一）第一条要求。\n\n（二）第二条要求。',
  };
  const blocks = bulletinBlocks({
    year: 2026,
    number: 7,
    periodFrom: '2026-03-01',
    periodTo: '2026-03-31',
    issueDate: '2026-04-02',
    content,
  });
  const text = JSON.stringify(blocks);

  it('carries the red head, the figures, the overdue table by unit, the lists and each requirement', () => {
    expect(blocks[0]).toEqual({
      t: 'redhead',
      title: '督查通报',
      number: '第7期',
      office: '云溪县委县政府督查室',
      date: '2026年4月2日',
    });
    expect(text).toContain('本期在办督办任务 12 项，办结 5 项，其中按期办结 4 项，按期办结率 80.0%');
    expect(text).toContain('逾期未办结 2 项，涉及 1 个单位');
    const overdue = blocks.find((b) => b.t === 'table' && b.header.includes('督办任务'));
    expect(overdue && overdue.t === 'table' && overdue.rows.map((r) => r[2])).toEqual([
      '完成园区道路建设',
      '出台招商政策',
    ]);
    expect(text).toContain('予以通报表扬：教育局。');
    expect(text).toContain('本期无通报批评单位。');
    expect(
      blocks.filter((b) => b.t === 'p' && b.text.startsWith('（')).map((b) => (b as { text: string }).text),
    ).toEqual(['（一）第一条要求。', '（二）第二条要求。']);
    expect(blocks.at(-1)).toEqual({ t: 'signature', office: '云溪县委县政府督查室', date: '2026年4月2日' });
  });

  it('formats dates and section numbers the Chinese way', () => {
    expect(cnDate('2026-01-05')).toBe('2026年1月5日');
    expect([1, 5, 10, 11, 20, 23].map(cnNumber)).toEqual(['一', '五', '十', '十一', '二十', '二十三']);
  });
});
