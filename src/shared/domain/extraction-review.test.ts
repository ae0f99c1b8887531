import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  fieldsOfQuote,
  pickLeadUnit,
  issueProblems,
  mergeSpans,
  proposeDeadline,
  splitSpan,
  standardOf,
  trimSpan,
} from './extraction-review';
import { deadlineRef } from './extract/deadline';
import { unitNameIndex } from './unit-names';

const index = unitNameIndex([{ name: '县发展和改革局', shortName: '发改局', aliases: [] }]);

describe('fieldsOfQuote', () => {
  it('reads owners, deadline, targets and resolves units; an unknown specific unit is proposed', () => {
    const f = fieldsOfQuote('发改局要会同县数据资源中心，上半年完成100个项目入库。', 2026, index);
    expect(f.leadUnits).toContain('发改局');
    expect(f.units.find((u) => u.written === '发改局')).toMatchObject({ unit: '县发展和改革局', proposed: false });
    expect(f.units.find((u) => u.written.includes('数据资源中心'))).toMatchObject({ unit: null, proposed: true });
    expect(f.deadlineNorm).toBe('2026-06-30');
    expect(f.targets.join()).toContain('100个');
    expect(f.title.length).toBeGreaterThan(0);
  });

  it('reads a relative deadline in a split or merged quote against the document date it is given', () => {
    const text = '通报\n县发改局要限期5个工作日内报送整改方案。\n县委县政府督查室\n2025年9月12日';
    const quote = '县发改局要限期5个工作日内报送整改方案。';
    expect(fieldsOfQuote(quote, deadlineRef(text, 2025), index).deadlineNorm).toBe('2025-09-19');
    // the reviewer set another year than the date line's: the words stay, with no date
    expect(fieldsOfQuote(quote, deadlineRef(text, 2026), index)).toMatchObject({
      deadline: '限期5个工作日内',
      deadlineNorm: null,
    });
  });
});

describe('pickLeadUnit', () => {
  it('the unit written with 具体负责/牵头 leads; otherwise the first', () => {
    expect(pickLeadUnit('请某某同志牵头，会同县甲局，乙局具体负责，上半年完成。', ['县甲局', '乙局'])).toBe('乙局');
    expect(pickLeadUnit('甲局、乙局要抓紧完成。', ['甲局', '乙局'])).toBe('甲局');
    expect(pickLeadUnit('x', [])).toBeNull();
  });
});

describe('proposeDeadline', () => {
  it('a date is the deadline; a cadence reports until year end; vague words give none', () => {
    expect(proposeDeadline('2026-09-30', 2026)).toEqual({ deadline: '2026-09-30', cadence: null });
    expect(proposeDeadline('recurring:monthly', 2026)).toEqual({ deadline: '2026-12-31', cadence: 'monthly' });
    expect(proposeDeadline(null, 2026)).toEqual({ deadline: null, cadence: null });
    expect(proposeDeadline('soon', 2026)).toEqual({ deadline: null, cadence: null });
  });
});

const textArb = fc.string({
  unit: fc.constantFrom('要', '，', '。', ' ', '建', '局', '\n', '1'),
  minLength: 2,
  maxLength: 60,
});

describe('spans', () => {
  it('merge covers every merged span and nothing outside their hull', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(500), fc.nat(100)), { minLength: 1, maxLength: 6 }), (pairs) => {
        const spans = pairs.map(([s, l]) => ({ start: s, end: s + l + 1 }));
        const m = mergeSpans(spans);
        for (const s of spans) expect(m.start <= s.start && s.end <= m.end).toBe(true);
        expect(spans.some((s) => s.start === m.start) && spans.some((s) => s.end === m.end)).toBe(true);
      }),
    );
  });

  it('split parts lie inside the quote, in order, without overlap, and never start or end on a delimiter', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), (text, k) => {
        const span = { start: 0, end: text.length };
        const at = k % (text.length + 1);
        const parts = splitSpan(text, span, at);
        if (!parts) return;
        const [a, b] = parts;
        expect(a.start >= span.start && a.end <= at && b.start >= at && b.end <= span.end).toBe(true);
        expect(a.end > a.start && b.end > b.start).toBe(true);
        for (const p of parts) expect(trimSpan(text, p)).toEqual(p);
      }),
    );
  });

  it('refuses a cut at the edges or one leaving only punctuation', () => {
    const text = '建立台账，。按月通报';
    expect(splitSpan(text, { start: 0, end: text.length }, 0)).toBeNull();
    expect(splitSpan(text, { start: 0, end: text.length }, text.length)).toBeNull();
    expect(splitSpan('建立台账，。', { start: 0, end: 6 }, 4)).toBeNull();
    expect(splitSpan(text, { start: 0, end: text.length }, 5)).toEqual([
      { start: 0, end: 4 },
      { start: 6, end: 10 },
    ]);
  });
});

describe('issueProblems', () => {
  const ok = {
    title: '建立台账',
    leadUnitId: 'u1',
    coUnitIds: [],
    deadline: '2026-06-30',
    targets: ['100个'],
    units: [],
  };
  it('a complete candidate has none', () => expect(issueProblems(ok)).toEqual([]));
  it('names each missing field; a proposed lead unit is named as such', () => {
    expect(issueProblems({ ...ok, leadUnitId: null, deadline: null, targets: [' '] }).map((p) => p.field)).toEqual([
      'leadUnitId',
      'deadline',
      'targets',
    ]);
    expect(
      issueProblems({
        ...ok,
        leadUnitId: null,
        units: [{ written: '县数据局', role: 'lead', unitId: null, proposed: true }],
      }),
    ).toEqual([{ field: 'leadUnitId', code: 'proposed_unit', params: { name: '县数据局' } }]);
    expect(issueProblems({ ...ok, coUnitIds: ['u1'] })[0]?.code).toBe('co_unit_is_lead');
  });
  it('the standard joins the targets', () => expect(standardOf([' 80%以上 ', '', '100个'])).toBe('80%以上；100个'));
});
