import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AGENDA_SOURCES,
  applyAgendaEdit,
  countFollowUps,
  followUpStatus,
  minutesBlocks,
  nextMinutesNumber,
  orderAgenda,
  previousMeeting,
  type GeneratedItem,
  type MeetingRef,
} from './meetings';

const source = fc.constantFrom('task', 'milestone', 'blocker', 'indicator', 'project' as const);
const item = fc.record({
  source,
  refId: fc.uuid(),
  severity: fc.integer({ min: -100, max: 1000 }),
  title: fc.string({ maxLength: 5 }),
}) as fc.Arbitrary<GeneratedItem>;

describe('orderAgenda', () => {
  it('takes sources in order, the worst first within each, at most the cap, each item once', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (items, cap) => {
        const out = orderAgenda(items, cap);
        const rank = out.map((i) => AGENDA_SOURCES.indexOf(i.source));
        expect(rank).toEqual([...rank].sort((a, b) => a - b));
        for (const s of AGENDA_SOURCES) {
          const of = out.filter((i) => i.source === s);
          expect(of.length).toBeLessThanOrEqual(cap);
          for (let k = 1; k < of.length; k++) expect(of[k - 1]!.severity).toBeGreaterThanOrEqual(of[k]!.severity);
          // Nothing left out is worse than what was kept.
          const kept = new Set(of);
          const left = items.filter((i) => i.source === s && !kept.has(i));
          if (of.length === cap && left.length)
            expect(Math.max(...left.map((i) => i.severity))).toBeLessThanOrEqual(of[of.length - 1]!.severity);
        }
        const keys = out.map((i) => `${i.source}|${i.refId}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });
});

describe('applyAgendaEdit', () => {
  it('keeps what is listed in that order and drops the rest; each existing item is in exactly one', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { maxLength: 12 }), fc.integer(), (ids, seed) => {
        const chosen = ids.filter((_, i) => (seed >> i) & 1);
        const entries = [...chosen].reverse().map((id) => ({ id }));
        const e = applyAgendaEdit(ids, [...entries, { title: 'x', body: '' }]);
        expect(e.problems).toEqual([]);
        expect(e.order.slice(0, -1)).toEqual(entries.map((x) => ({ keep: x.id })));
        expect(e.order.at(-1)).toEqual({ add: entries.length });
        expect([...e.dropped, ...chosen].sort()).toEqual([...ids].sort());
      }),
    );
  });
  it('names an unknown or repeated item by its place in the list', () => {
    const e = applyAgendaEdit(['a', 'b'], [{ id: 'a' }, { id: 'a' }, { id: 'z' }]);
    expect(e.problems).toEqual([
      { field: 'body.items.1.id', code: 'duplicate_entry' },
      { field: 'body.items.2.id', code: 'unknown_reference' },
    ]);
  });
});

describe('previousMeeting', () => {
  const m = (id: string, date: string, over: Partial<MeetingRef> = {}): MeetingRef => ({
    id,
    kind: 'scheduling',
    date,
    state: 'held',
    createdAt: `${date}T01:00:00Z`,
    ...over,
  });
  it('is the latest earlier held meeting of the same kind', () => {
    const all = [
      m('a', '2026-01-05'),
      m('b', '2026-02-02'),
      m('c', '2026-02-20', { kind: 'executive' }),
      m('d', '2026-03-01', { state: 'planned' }),
      m('e', '2026-03-02'),
    ];
    expect(previousMeeting(all, all[4]!)?.id).toBe('b');
    expect(previousMeeting(all, all[1]!)?.id).toBe('a');
    expect(previousMeeting(all, all[0]!)).toBeNull();
    expect(previousMeeting(all, m('x', '2026-02-25', { kind: 'executive' }))?.id).toBe('c');
  });
  it('is never the meeting itself nor a later one', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.uuid(),
            kind: fc.constantFrom('scheduling', 'executive', 'special' as const),
            date: fc.constantFrom('2026-01-01', '2026-02-01', '2026-03-01'),
            state: fc.constantFrom('planned', 'held', 'minutes_issued' as const),
            createdAt: fc.constantFrom('a', 'b', 'c'),
          }),
          { maxLength: 15 },
        ),
        (all) => {
          for (const cur of all) {
            const p = previousMeeting(all, cur);
            if (!p) continue;
            expect(p.id).not.toBe(cur.id);
            expect(p.kind).toBe(cur.kind);
            expect(p.state).not.toBe('planned');
            expect(p.date <= cur.date).toBe(true);
          }
        },
      ),
    );
  });
});

describe('followUpStatus', () => {
  it('reads the task: closed, cancelled, overdue, behind or on track', () => {
    const t = (state: string, light: string, deadline = '2026-06-30') => ({ state, light, deadline });
    expect(followUpStatus(t('closed', 'done', '2026-01-01'), '2026-05-01')).toBe('closed');
    expect(followUpStatus(t('cancelled', 'none'), '2026-05-01')).toBe('cancelled');
    expect(followUpStatus(t('in_progress', 'red', '2026-04-30'), '2026-05-01')).toBe('overdue');
    expect(followUpStatus(t('in_progress', 'yellow'), '2026-05-01')).toBe('behind');
    expect(followUpStatus(t('assigned', 'green'), '2026-05-01')).toBe('on_track');
    expect(countFollowUps(['closed', 'closed', null, 'overdue'])).toEqual({
      closed: 2,
      on_track: 0,
      behind: 0,
      overdue: 1,
      cancelled: 0,
    });
  });
});

describe('minutesBlocks', () => {
  it('lays the minutes out: red head, follow-up table, numbered decisions, attendance', () => {
    expect(nextMinutesNumber([])).toBe(1);
    expect(nextMinutesNumber([1, 3])).toBe(4);
    const blocks = minutesBlocks({
      county: '云溪县',
      office: '云溪县人民政府办公室',
      supervisionOffice: '县委县政府督查室',
      kind: 'executive',
      number: 3,
      issueDate: '2026-03-06',
      title: '县政府第三次常务会议',
      date: '2026-03-05',
      place: '县政府三楼会议室',
      chairName: '李明哲',
      attendeeUnitNames: ['卫健局', '住建局'],
      agenda: [{ title: '县城污水处理厂提标改造' }],
      previous: {
        title: '县政府第二次常务会议',
        date: '2026-02-05',
        decisions: [
          { title: '甲', unitName: '卫健局', followUp: 'closed' },
          { title: '乙', unitName: '住建局', followUp: 'overdue' },
        ],
      },
      decisions: [
        {
          title: '新院区年底前投入使用',
          content: '加快设备安装',
          standard: '全部启用',
          leadUnitName: '卫健局',
          coUnitNames: ['住建局'],
          deadline: '2026-12-31',
        },
      ],
    });
    expect(blocks[0]).toEqual({
      t: 'redhead',
      title: '云溪县人民政府常务会议纪要',
      number: '第3期',
      office: '云溪县人民政府办公室',
      date: '2026年3月6日',
    });
    const text = blocks.map((b) => JSON.stringify(b)).join('\n');
    expect(text).toContain('一、上次会议议定事项落实情况');
    expect(text).toContain('议定事项 2 项，其中已办结 1 项，逾期未办结 1 项');
    expect(text).toContain(
      '（一）新院区年底前投入使用。加快设备安装。由卫健局牵头，住建局配合，2026年12月31日前完成。',
    );
    expect(text).toContain('由县委县政府督查室跟踪督办');
    expect(blocks.find((b) => b.t === 'table')).toMatchObject({
      rows: [
        ['1', '甲', '卫健局', '已办结'],
        ['2', '乙', '住建局', '逾期未办结'],
      ],
    });
  });
});
