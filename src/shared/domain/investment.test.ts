import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyStage,
  checkCommitment,
  classifyStage,
  COMMITMENT_SIDES,
  COMMITMENT_TYPES_OF,
  conversionBy,
  expectedOn,
  fulfilmentOf,
  monthlyCumulative,
  coverageOf,
  rolledUpCoverage,
  type Coverage,
  effectiveStage,
  LAND_USES,
  landingOf,
  LEAD_STAGES,
  matchSites,
  checkStallDays,
  STALL_STAGES,
  stallDaysOf,
  areaScore,
  areaWindow,
  bonusRange,
  rankingSettled,
  leadRankingSettled,
  matchLeads,
  relativeDistance,
  siteBonusMax,
  type LeadMatch,
  type NeedForMatch,
  stageIndex,
  stallLight,
  summarize,
  toWan,
  type LeadState,
  type SiteForMatch,
  type SpaceNeed,
  type StageTarget,
  type SummaryLead,
} from './investment';
import { POOLS, type Pool } from './projects';
import { addDays } from './dates';

const TODAY = '2026-11-20';
const fresh = (over: Partial<LeadState> = {}): LeadState => ({
  stage: 'lead',
  closed: false,
  converted: false,
  lastEventOn: null,
  ...over,
});

describe('lead stages', () => {
  it('moves forward, skipping stages, and refuses going back, naming both stages', () => {
    expect(classifyStage(fresh(), 'negotiation', TODAY, TODAY)).toEqual({ action: 'advance' });
    const back = classifyStage(fresh({ stage: 'negotiation' }), 'contact', TODAY, TODAY);
    expect(back).toEqual({
      problems: [{ field: 'body.stage', code: 'stage_not_forward', params: { current: '洽谈', to: '接洽' } }],
    });
  });

  it('the same stage is a follow-up; 签约 again is another signing event of the same investment', () => {
    expect(classifyStage(fresh({ stage: 'visit' }), 'visit', TODAY, TODAY)).toEqual({ action: 'followup' });
    expect(classifyStage(fresh({ stage: 'signed' }), 'signed', TODAY, TODAY)).toEqual({ action: 'followup' });
    expect(classifyStage(fresh({ stage: 'signed' }), 'signed', TODAY, TODAY, null, '市集中签约')).toEqual({
      action: 'signing',
    });
    expect(classifyStage(fresh({ stage: 'registered' }), 'signed', TODAY, TODAY, null, '省签约')).toEqual({
      action: 'signing',
    });
    expect('problems' in classifyStage(fresh({ stage: 'registered' }), 'signed', TODAY, TODAY)).toBe(true);
  });

  it('lost needs a reason; a closed lead takes nothing more', () => {
    expect(classifyStage(fresh(), 'lost', TODAY, TODAY, '  ')).toEqual({
      problems: [{ field: 'body.reason', code: 'lost_reason_required' }],
    });
    expect(classifyStage(fresh({ closed: true }), 'contact', TODAY, TODAY)).toEqual({
      problems: [{ field: 'body.stage', code: 'lead_closed' }],
    });
  });

  it('a converted lead’s 开工 and 投产 are never typed', () => {
    const r = classifyStage(fresh({ stage: 'signed', converted: true }), 'started', TODAY, TODAY);
    expect('problems' in r && r.problems[0]!.code).toBe('stage_from_project');
    // Not converted: typed (a project outside the library, e.g. a small one)
    expect(classifyStage(fresh({ stage: 'registered' }), 'started', TODAY, TODAY)).toEqual({ action: 'advance' });
  });

  it('dates: not in the future, not before the latest event', () => {
    const r = classifyStage(fresh({ lastEventOn: '2026-11-10' }), 'contact', '2026-11-01', TODAY);
    expect('problems' in r && r.problems.map((p) => p.code)).toEqual(['before_last_event']);
    const f = classifyStage(fresh(), 'contact', '2026-11-21', TODAY);
    expect('problems' in f && f.problems.map((p) => p.code)).toEqual(['date_in_future']);
  });

  it('property: whatever is recorded, the stage never goes back and a closed lead stays closed and unchanged', () => {
    const target = fc.constantFrom<StageTarget>(...LEAD_STAGES, 'lost');
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            to: target,
            gap: fc.integer({ min: -3, max: 10 }),
            reason: fc.boolean(),
            occasion: fc.boolean(),
          }),
          {
            maxLength: 30,
          },
        ),
        fc.boolean(),
        (steps, converted) => {
          let s = fresh({ converted });
          let day = '2025-01-01';
          for (const st of steps) {
            day = addDays(day, st.gap);
            const r = classifyStage(
              s,
              st.to,
              day,
              TODAY,
              st.reason ? '对方转投他地' : null,
              st.occasion ? '推介会' : null,
            );
            if ('problems' in r) continue;
            const next = applyStage(s, st.to, day, r.action);
            expect(stageIndex(next.stage)).toBeGreaterThanOrEqual(stageIndex(s.stage));
            if (s.closed) throw new Error('a closed lead accepted an event');
            if (converted) expect(['started', 'producing']).not.toContain(next.stage);
            expect(next.lastEventOn! >= (s.lastEventOn ?? '')).toBe(true);
            s = next;
          }
        },
      ),
    );
  });
});

describe('landing in the project library', () => {
  const mv = (to: Pool, date: string, seq: number) => ({ from: null, to, date, seq });
  it('开工 and 投产 dates come from the pool moves; a start withdrawn takes the lead back', () => {
    expect(landingOf([mv('reserve', '2026-01-05', 1), mv('new_start', '2026-03-01', 2)])).toEqual({
      pool: 'new_start',
      startedOn: '2026-03-01',
      producingOn: null,
    });
    const back = landingOf([
      mv('reserve', '2026-01-05', 1),
      mv('new_start', '2026-03-01', 2),
      mv('preliminary', '2026-03-05', 3),
    ]);
    expect(back.startedOn).toBeNull();
    expect(effectiveStage('signed', back.pool)).toBe('signed');
    expect(effectiveStage('registered', 'continuing')).toBe('started');
    expect(effectiveStage('signed', 'in_production')).toBe('producing');
  });
});

describe('stall lights', () => {
  it('by days without follow-up at the stage', () => {
    expect(stallLight('negotiation', false, false, addDays(TODAY, -13), TODAY)).toBe('green');
    expect(stallLight('negotiation', false, false, addDays(TODAY, -14), TODAY)).toBe('yellow');
    expect(stallLight('negotiation', false, false, addDays(TODAY, -30), TODAY)).toBe('red');
    expect(stallLight('negotiation', true, false, addDays(TODAY, -300), TODAY)).toBe('none');
    expect(stallLight('started', false, true, addDays(TODAY, -300), TODAY)).toBe('none');
  });
});

describe('stall days a county sets', () => {
  const days = fc.record(
    Object.fromEntries(
      STALL_STAGES.map((s) => [
        s,
        fc.record({ yellow: fc.integer({ min: -5, max: 400 }), red: fc.integer({ min: -5, max: 800 }) }),
      ]),
    ) as Record<(typeof STALL_STAGES)[number], fc.Arbitrary<{ yellow: number; red: number }>>,
  );
  it('property: accepted days keep red after yellow after zero, and a lead idle longer never shows a milder light', () => {
    const rank = { none: 0, green: 1, yellow: 2, red: 3 } as const;
    fc.assert(
      fc.property(days, fc.constantFrom(...STALL_STAGES), fc.integer({ min: 0, max: 1000 }), (d, stage, idle) => {
        const ok = checkStallDays(d).length === 0;
        const eff = stallDaysOf(d);
        for (const s of STALL_STAGES)
          expect(eff[s].red).toBeGreaterThan(eff[s].yellow), expect(eff[s].yellow).toBeGreaterThan(0);
        if (ok) expect(eff[stage]).toEqual(d[stage]);
        const a = stallLight(stage, false, false, addDays(TODAY, -idle), TODAY, eff);
        const b = stallLight(stage, false, false, addDays(TODAY, -idle - 1), TODAY, eff);
        expect(rank[b]).toBeGreaterThanOrEqual(rank[a]);
      }),
    );
  });
  it('names the stage and the field it refuses', () => {
    expect(checkStallDays({ negotiation: { yellow: 20, red: 20 }, lead: { yellow: 0, red: 5 } })).toEqual([
      { field: 'body.days.lead.yellow', code: 'stall_yellow_positive' },
      { field: 'body.days.negotiation.red', code: 'stall_red_after_yellow', params: { yellow: '20' } },
    ]);
    expect(
      stallLight(
        'negotiation',
        false,
        false,
        addDays(TODAY, -10),
        TODAY,
        stallDaysOf({ negotiation: { yellow: 7, red: 10 } }),
      ),
    ).toBe('red');
  });
});

describe('matching sites', () => {
  const site = fc.record({
    id: fc.uuid(),
    kind: fc.constantFrom('land' as const, 'floor' as const),
    area: fc.double({ min: 0, max: 500, noNaN: true }),
    landUse: fc.constantFrom(...LAND_USES),
    powerKva: fc.option(fc.integer({ min: 0, max: 5000 })),
    waterTonsPerDay: fc.option(fc.integer({ min: 0, max: 500 })),
    parkUnitId: fc.option(fc.constantFrom('p1', 'p2')),
    state: fc.constantFrom('idle' as const, 'negotiating' as const, 'revitalised' as const),
  }) satisfies fc.Arbitrary<SiteForMatch>;
  const need = fc
    .record({
      kind: fc.constantFrom('land' as const, 'floor' as const),
      min: fc.double({ min: 0, max: 300, noNaN: true }),
      extra: fc.option(fc.double({ min: 0, max: 200, noNaN: true })),
      landUse: fc.option(fc.constantFrom(...LAND_USES)),
      powerKva: fc.option(fc.integer({ min: 0, max: 5000 })),
      waterTonsPerDay: fc.option(fc.integer({ min: 0, max: 500 })),
      parkUnitId: fc.option(fc.constantFrom('p1', 'p2')),
    })
    .map(({ extra, ...n }): SpaceNeed => ({ ...n, max: extra === null ? null : n.min + extra }));

  it('property: never a site smaller than the need’s lower bound, of another kind, or already 已盘活', () => {
    fc.assert(
      fc.property(need, fc.array(site, { maxLength: 40 }), (n, sites) => {
        const byId = new Map(sites.map((s) => [s.id, s]));
        for (const m of matchSites(n, sites, 100)) {
          const s = byId.get(m.siteId)!;
          expect(s.area).toBeGreaterThanOrEqual(n.min);
          expect(s.kind).toBe(n.kind);
          expect(s.state).not.toBe('revitalised');
        }
      }),
    );
  });

  it('property: reading sites nearest the target first and stopping when settled answers what ranking all answers', () => {
    fc.assert(
      fc.property(need, fc.array(site, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (n, all, limit) => {
        const w = areaWindow(n);
        fc.pre(w !== null);
        const sites = [...new Map(all.map((s) => [s.id, s])).values()];
        // As the server reads: candidates within the rule's bounds, above and below the target, a batch at a time.
        const fits = sites.filter(
          (s) =>
            s.kind === n.kind &&
            s.state !== 'revitalised' &&
            s.area >= w!.min &&
            s.area <= w!.max &&
            (!n.landUse || s.landUse === n.landUse || s.landUse === 'mixed'),
        );
        const cmp = (a: SiteForMatch, b: SiteForMatch) => a.area - b.area || (a.id < b.id ? -1 : 1);
        const ups = fits.filter((s) => s.area >= w!.target).sort(cmp);
        const downs = fits.filter((s) => s.area < w!.target).sort((a, b) => cmp(b, a));
        const batch = 2;
        let i = 0;
        let answer: ReturnType<typeof matchSites> | null = null;
        for (; answer === null; i += batch) {
          const read = [...ups.slice(0, i + batch), ...downs.slice(0, i + batch)];
          const unread = [
            ...(ups.length > i + batch ? [ups[i + batch - 1]!.area - w!.target] : []),
            ...(downs.length > i + batch ? [w!.target - downs[i + batch - 1]!.area] : []),
          ];
          const ranked = matchSites(n, read, limit);
          if (rankingSettled(n, ranked, unread.length ? Math.min(...unread) : null, limit)) answer = ranked;
        }
        expect(answer).toEqual(matchSites(n, sites, limit));
      }),
      { numRuns: 300 },
    );
  });

  it('property: what the bonuses add to the area’s score stays within bonusRange', () => {
    fc.assert(
      fc.property(need, site, (n, s) => {
        const m = matchSites(n, [s])[0];
        if (!m) return;
        const w = areaWindow(n)!;
        const extra = m.score - areaScore(n, Math.abs(s.area - w.target));
        const r = bonusRange(n);
        expect(extra).toBeGreaterThanOrEqual(r.min - 0.05);
        expect(extra).toBeLessThanOrEqual(r.max + 0.05);
      }),
    );
  });

  it('ranks the closer fit in the preferred park first, and leaves out one far too big', () => {
    const base = {
      kind: 'land' as const,
      landUse: 'industrial' as const,
      powerKva: null,
      waterTonsPerDay: null,
      state: 'idle' as const,
    };
    const sites: SiteForMatch[] = [
      { ...base, id: 'a', area: 55, parkUnitId: null },
      { ...base, id: 'b', area: 52, parkUnitId: 'kfq' },
      { ...base, id: 'c', area: 200, parkUnitId: 'kfq' },
      { ...base, id: 'd', area: 45, parkUnitId: 'kfq' },
    ];
    const n: SpaceNeed = {
      kind: 'land',
      min: 50,
      max: 60,
      landUse: 'industrial',
      powerKva: null,
      waterTonsPerDay: null,
      parkUnitId: 'kfq',
    };
    expect(matchSites(n, sites).map((m) => m.siteId)).toEqual(['b', 'a']);
  });

  it('property: leads read with targets nearest the site’s area first, stopping when settled, rank as all do', () => {
    // Areas on a coarse grid as well as anywhere, so that targets tie with each other and with the site.
    const area = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.double({ min: 0.5, max: 400, noNaN: true }));
    const lead = fc.record({
      leadId: fc.uuid(),
      serial: fc.integer({ min: 1, max: 1_000_000 }),
      // Relative to the site's area, so that most needs are near it: some fit, some just miss, some tie.
      minF: fc.oneof(fc.constantFrom(0.5, 0.8, 1, 1.25), fc.double({ min: 0.3, max: 1.3, noNaN: true })),
      extraF: fc.option(fc.oneof(fc.constantFrom(0, 0.25), fc.double({ min: 0, max: 1, noNaN: true }))),
      otherKind: fc.boolean(),
      landUse: fc.option(fc.constantFrom(...LAND_USES)),
      powerKva: fc.option(fc.integer({ min: 0, max: 5000 })),
      waterTonsPerDay: fc.option(fc.integer({ min: 0, max: 500 })),
      parkUnitId: fc.option(fc.constantFrom('p1', 'p2')),
    });
    const theSite = fc.record({
      id: fc.uuid(),
      kind: fc.constantFrom('land' as const, 'floor' as const),
      area,
      landUse: fc.constantFrom(...LAND_USES),
      powerKva: fc.option(fc.integer({ min: 0, max: 5000 })),
      waterTonsPerDay: fc.option(fc.integer({ min: 0, max: 500 })),
      parkUnitId: fc.option(fc.constantFrom('p1', 'p2')),
      state: fc.constantFrom('idle' as const, 'negotiating' as const),
    }) satisfies fc.Arbitrary<SiteForMatch>;
    fc.assert(
      fc.property(theSite, fc.array(lead, { maxLength: 80 }), fc.integer({ min: 1, max: 12 }), (s, raw, limit) => {
        const needs: NeedForMatch[] = [...new Map(raw.map((l) => [l.leadId, l])).values()].map(
          ({ leadId, serial, minF, extraF, otherKind, ...n }, i) => ({
            leadId,
            serial: serial * 100 + i,
            need: {
              ...n,
              kind: otherKind ? (s.kind === 'land' ? 'floor' : 'land') : s.kind,
              min: s.area * minF,
              max: extraF === null ? null : s.area * (minF + extraF),
            },
          }),
        );
        const target = (n: NeedForMatch) => n.need.max ?? n.need.min;
        // As the server reads: the leads the site could fit by kind, area window and land use, targets above the
        // site's area ascending and below it descending, a batch at a time.
        const fits = needs.filter((n) => {
          const w = areaWindow(n.need);
          return (
            w !== null &&
            n.need.kind === s.kind &&
            s.area >= w.min &&
            s.area <= w.max &&
            (!n.need.landUse || s.landUse === 'mixed' || n.need.landUse === s.landUse)
          );
        });
        const cmp = (a: NeedForMatch, b: NeedForMatch) => target(a) - target(b) || (a.leadId < b.leadId ? -1 : 1);
        const ups = fits.filter((n) => target(n) >= s.area).sort(cmp);
        const downs = fits.filter((n) => target(n) < s.area).sort((a, b) => cmp(b, a));
        const batch = 2;
        let answer: LeadMatch[] | null = null;
        for (let i = 0; answer === null; i += batch) {
          const read = [...ups.slice(0, i + batch), ...downs.slice(0, i + batch)];
          const unread = [
            ...(ups.length > i + batch ? [relativeDistance(s.area, target(ups[i + batch - 1]!))] : []),
            ...(downs.length > i + batch ? [relativeDistance(s.area, target(downs[i + batch - 1]!))] : []),
          ];
          const ranked = matchLeads(s, read, limit);
          if (leadRankingSettled(s, ranked, unread.length ? Math.min(...unread) : null, limit)) answer = ranked;
        }
        expect(answer).toEqual(matchLeads(s, needs, limit));
      }),
      { numRuns: 400 },
    );
  });

  it('property: a lead’s score for a site is the same from either side, and within the site’s bound', () => {
    fc.assert(
      fc.property(need, site, (n, s) => {
        const fromLead = matchSites(n, [s])[0];
        const fromSite = matchLeads(s, [{ leadId: 'l', serial: 1, need: n }])[0];
        expect(fromSite?.score).toBe(fromLead?.score);
        expect(fromSite?.reasons).toEqual(fromLead?.reasons);
        if (!fromSite) return;
        const distance = relativeDistance(s.area, n.max ?? n.min);
        expect(fromSite.score).toBeLessThanOrEqual(50 - Math.min(50, distance * 50) + siteBonusMax(s) + 0.05);
      }),
    );
  });

  it('the site’s bound: a far target cannot enter a full top; an unread lead at the same distance could', () => {
    const s: SiteForMatch = {
      id: 's',
      kind: 'land',
      area: 100,
      landUse: 'industrial',
      powerKva: null,
      waterTonsPerDay: null,
      parkUnitId: null,
      state: 'idle',
    };
    expect(siteBonusMax(s)).toBe(10);
    const top = [{ score: 55 }];
    // Unread at 20% from the area: at most 40 + 10 = 50 < 55, settled; at 0%: 60, not.
    expect(leadRankingSettled(s, top, 0.2, 1)).toBe(true);
    expect(leadRankingSettled(s, top, 0, 1)).toBe(false);
    expect(leadRankingSettled(s, [{ score: 50 }], 0.2, 1)).toBe(false);
    expect(leadRankingSettled(s, [], 0.2, 1)).toBe(false);
    expect(leadRankingSettled(s, [], null, 1)).toBe(true);
  });
});

describe('the year’s figures', () => {
  const lead = fc.record({
    id: fc.uuid(),
    stage: fc.constantFrom(...LEAD_STAGES),
    closed: fc.boolean(),
    signedOn: fc.array(fc.constantFrom('2025-03-01', '2026-02-01', '2026-06-30', '2026-09-09'), { maxLength: 4 }),
    amount: fc.integer({ min: 0, max: 1_000_000 }),
    fundsInPlace: fc.integer({ min: 0, max: 1_000_000 }),
    startedOn: fc.constant(null),
    producingOn: fc.constant(null),
  }) satisfies fc.Arbitrary<SummaryLead>;

  it('property: conversion rates lie between 0 and 1, and each signed lead counts once however often it was signed', () => {
    fc.assert(
      fc.property(fc.array(lead, { maxLength: 60 }), (leads) => {
        const s = summarize(leads, 2026);
        for (const r of Object.values(s.conversion)) if (r !== null) expect(r >= 0 && r <= 1).toBe(true);
        // Signing the same investment again changes neither the count nor the amount.
        const again = summarize(
          leads.map((l) => (l.signedOn.length ? { ...l, signedOn: [...l.signedOn, '2026-10-10'] } : l)),
          2026,
        );
        expect(again.signedCount).toBe(s.signedCount);
        expect(again.signedAmount).toBe(s.signedAmount);
        expect(s.signedCount).toBeLessThanOrEqual(leads.length);
      }),
    );
  });

  it('a lead whose project moved back and forth counts once, by its stage now', () => {
    const base: SummaryLead = {
      id: 'x',
      stage: effectiveStage('signed', 'new_start'),
      closed: false,
      signedOn: ['2026-02-01'],
      amount: 5000,
      fundsInPlace: 0,
      startedOn: null,
      producingOn: null,
    };
    const s = summarize([base], 2026);
    expect(s.started).toBe(1);
    expect(s.conversion.signedToStarted).toBe(1);
    expect(summarize([{ ...base, stage: effectiveStage('signed', 'preliminary') }], 2026).started).toBe(0);
  });

  it('amounts normalise to 万元; coverage none/weak/covered', () => {
    expect(toWan(1.5, '亿元')).toBe(15000);
    expect(toWan(800, '万元')).toBe(800);
    expect([coverageOf(0, 3), coverageOf(2, 3), coverageOf(3, 3)]).toEqual(['none', 'weak', 'covered']);
  });

  it('POOLS is what landingOf knows', () => {
    for (const p of POOLS) expect(landingOf([{ from: null, to: p, date: TODAY, seq: 1 }]).pool).toBe(p);
  });
});

describe('the agreement’s commitments (履约)', () => {
  it('refuses a tax rebate by type, and by what a county policy says (公平竞争审查条例)', () => {
    expect(checkCommitment('county', 'tax_rebate', '')).toEqual([
      { field: 'body.type', code: 'commitment_tax_rebate' },
    ]);
    expect(checkCommitment('investor', 'tax_rebate', '')[0]!.code).toBe('commitment_tax_rebate');
    for (const words of ['前三年税收返还', '增值税先征后返', '按纳税额给予奖励', '地方留成部分返还'])
      expect(checkCommitment('county', 'policy', words)[0]!.code).toBe('commitment_tax_rebate');
    expect(checkCommitment('county', 'policy', '人才公寓 20 套，按人才政策落实')).toEqual([]);
    expect(checkCommitment('investor', 'land', '')[0]!.code).toBe('commitment_type_of_side');
    for (const side of COMMITMENT_SIDES)
      for (const type of COMMITMENT_TYPES_OF[side]) expect(checkCommitment(side, type, '')).toEqual([]);
  });

  const row = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
    side: fc.constantFrom(...COMMITMENT_SIDES),
    due: fc.integer({ min: -200, max: 200 }).map((d) => addDays(TODAY, d)),
    state: fc.constantFrom('open' as const, 'fulfilled' as const, 'cancelled' as const),
    fulfilledOn: fc.option(fc.integer({ min: -300, max: 0 }).map((d) => addDays(TODAY, d))),
  });
  it('履约率 lies between 0 and 1 and counts each commitment once (property)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const f = fulfilmentOf([...rows, ...rows], TODAY);
        const once = fulfilmentOf(rows, TODAY);
        expect(f).toEqual(once);
        const ids = new Set<string>();
        let live = 0;
        for (const r of rows) {
          if (ids.has(r.id)) continue;
          ids.add(r.id);
          if (r.state !== 'cancelled') live++;
        }
        expect(f.investor.total + f.county.total).toBe(live);
        for (const side of COMMITMENT_SIDES) {
          const s = f[side];
          expect(s.fulfilled).toBeLessThanOrEqual(s.due);
          expect(s.onTime).toBeLessThanOrEqual(s.fulfilled);
          expect(s.overdue + s.fulfilled).toBeLessThanOrEqual(s.due);
          if (s.due === 0) expect(s.rate).toBeNull();
          else {
            expect(s.rate).toBeGreaterThanOrEqual(0);
            expect(s.rate).toBeLessThanOrEqual(1);
          }
        }
      }),
    );
  });
});

describe('targets on the trajectory and conversion by cohort', () => {
  it('expects nothing before the year, the whole target after it, and about half at mid-year on the calendar', () => {
    expect(expectedOn(100, 2026, '2025-12-31', null).expected).toBe(0);
    expect(expectedOn(100, 2026, '2027-01-01', null).expected).toBeCloseTo(100);
    const mid = expectedOn(100, 2026, '2026-07-01', null);
    expect(mid.method).toBe('calendar');
    expect(mid.expected).toBeGreaterThan(48);
    expect(mid.expected).toBeLessThan(53);
    // Last year signed everything in December: this year's path waits for December too.
    const ly = monthlyCumulative([{ date: '2025-12-10', value: 5 }], 2025);
    expect(expectedOn(100, 2026, '2026-07-01', ly)).toMatchObject({ method: 'seasonal', expected: 0 });
  });

  const lead = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    stage: fc.constantFrom(...LEAD_STAGES),
    closed: fc.boolean(),
    signedOn: fc.array(
      fc.integer({ min: 0, max: 800 }).map((d) => addDays('2024-06-01', d)),
      { maxLength: 3 },
    ),
    amount: fc.integer({ min: 0, max: 1e6 }),
    fundsInPlace: fc.constant(0),
    startedOn: fc.constant(null),
    producingOn: fc.constant(null),
    source: fc.constantFrom('merchant', 'fair', 'agent'),
  });
  it('conversion rates lie in [0, 1] and each signed lead is counted once, in one group (property)', () => {
    fc.assert(
      fc.property(fc.array(lead, { maxLength: 25 }), (leads) => {
        for (const keyOf of [
          (l: (typeof leads)[number]) => l.source,
          (l: (typeof leads)[number]) => [...l.signedOn].sort()[0]!.slice(0, 4),
        ]) {
          const rows = conversionBy([...leads, ...leads], keyOf);
          const signedIds = new Set(leads.filter((l) => l.signedOn.length > 0).map((l) => l.id));
          // The first of each id counts: duplicates (the same lead seen twice) never add.
          expect(rows.reduce((a, r) => a + r.signed, 0)).toBe(signedIds.size);
          for (const r of rows) {
            expect(r.started).toBeLessThanOrEqual(r.signed);
            expect(r.producing).toBeLessThanOrEqual(r.started);
            for (const x of [r.signedToStarted, r.startedToProducing, r.signedToProducing])
              if (x !== null) expect(x >= 0 && x <= 1).toBe(true);
          }
        }
      }),
    );
  });
});

describe('a chain link judged by the finer links under it', () => {
  it('a parent without enterprises of its own is covered when its finer links are, and no gap when one is', () => {
    const r = rolledUpCoverage([
      { id: 'cdmo', parentId: null, coverage: 'none', enterprises: 0 },
      { id: 'vial', parentId: 'cdmo', coverage: 'covered', enterprises: 2 },
      { id: 'gap', parentId: null, coverage: 'none', enterprises: 0 },
      { id: 'gap-a', parentId: 'gap', coverage: 'none', enterprises: 0 },
      { id: 'mixed', parentId: null, coverage: 'none', enterprises: 0 },
      { id: 'mixed-a', parentId: 'mixed', coverage: 'covered', enterprises: 3 },
      { id: 'mixed-b', parentId: 'mixed', coverage: 'none', enterprises: 0 },
    ]);
    expect(Object.fromEntries(r)).toEqual({
      cdmo: 'covered',
      vial: 'covered',
      gap: 'none',
      'gap-a': 'none',
      mixed: 'weak',
      'mixed-a': 'covered',
      'mixed-b': 'none',
    });
  });
  it('properties: leaves keep their coverage; a parent is a gap only when everything under it is', () => {
    const cov = fc.constantFrom<Coverage>('none', 'weak', 'covered');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), cov, fc.nat({ max: 3 })), { minLength: 1, maxLength: 25 }), (rows) => {
        const links = rows.map(([p, c, e], i) => ({
          id: `l${i}`,
          parentId: i === 0 || p % 3 === 0 ? null : `l${p % i}`,
          coverage: c,
          enterprises: e,
        }));
        const r = rolledUpCoverage(links);
        const hasKids = (id: string) => links.some((l) => l.parentId === id);
        for (const l of links) {
          if (!hasKids(l.id)) expect(r.get(l.id)).toBe(l.coverage);
          else if (r.get(l.id) === 'none')
            for (const k of links.filter((x) => x.parentId === l.id)) expect(r.get(k.id)).toBe('none');
        }
      }),
    );
  });
});
