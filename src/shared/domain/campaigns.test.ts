import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareFigures, counts, figuresOf, leagueOf, type CampaignEntry } from './campaigns';
import { STATES } from './supervision-flow';
import type { Light } from './light';

const LIGHTS: Light[] = ['red', 'yellow', 'green', 'done', 'none'];
const arbEntry = (keys: string[]) =>
  fc.record({
    key: fc.constantFrom(...keys),
    state: fc.constantFrom(...STATES),
    light: fc.constantFrom(...LIGHTS),
    progress: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    overdue: fc.boolean(),
  }) as fc.Arbitrary<CampaignEntry>;
const arbEntries = fc.array(arbEntry(['a', 'b', 'c', 'd']), { maxLength: 40 });

describe('a campaign’s figures', () => {
  it('add up: closed + open = tasks; lights and overdue only among the open; progress and score within 0–100', () => {
    fc.assert(
      fc.property(arbEntries, (es) => {
        const f = figuresOf(es);
        expect(f.tasks).toBe(es.filter(counts).length);
        expect(f.closed + f.open).toBe(f.tasks);
        expect(f.red + f.yellow + f.green).toBeLessThanOrEqual(f.open);
        expect(f.overdue).toBeLessThanOrEqual(f.open);
        if (f.tasks === 0) expect([f.progress, f.score]).toEqual([null, null]);
        else {
          expect(f.progress!).toBeGreaterThanOrEqual(0);
          expect(f.progress!).toBeLessThanOrEqual(100);
          expect(f.score!).toBeGreaterThanOrEqual(0);
          expect(f.score!).toBeLessThanOrEqual(100);
        }
      }),
    );
  });

  it('a red, yellow or overdue task never raises the score; closing a task never lowers it', () => {
    fc.assert(
      fc.property(arbEntries, fc.constantFrom<Light>('red', 'yellow'), fc.boolean(), (es, light, overdue) => {
        const before = figuresOf(es).score ?? 100;
        const late = figuresOf([...es, { key: 'a', state: 'in_progress', light, progress: 50, overdue }]).score!;
        expect(late).toBeLessThanOrEqual(before);
        const open = es.findIndex((e) => counts(e) && e.state !== 'closed');
        if (open >= 0) {
          const closed = es.map((e, i) => (i === open ? { ...e, state: 'closed' as const } : e));
          expect(figuresOf(closed).score!).toBeGreaterThanOrEqual(figuresOf(es).score!);
          expect(figuresOf(closed).progress!).toBeGreaterThanOrEqual(figuresOf(es).progress!);
        }
      }),
    );
  });

  it('drafts and cancelled tasks count for nothing', () => {
    fc.assert(
      fc.property(arbEntries, (es) => {
        const withDrafts = [
          ...es,
          { key: 'a', state: 'draft', light: 'red', progress: 0, overdue: true },
          { key: 'b', state: 'cancelled', light: 'red', progress: 0, overdue: true },
        ] as CampaignEntry[];
        expect(figuresOf(withDrafts)).toEqual(figuresOf(es));
      }),
    );
  });
});

describe('a campaign’s league', () => {
  it('lists every group once (those asked for too), each group’s figures are its own tasks’, and the totals add up', () => {
    fc.assert(
      fc.property(arbEntries, (es) => {
        const rows = leagueOf(es, ['a', 'z']);
        const keys = rows.map((r) => r.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys).toContain('z');
        for (const r of rows) expect(r.figures).toEqual(figuresOf(es.filter((e) => e.key === r.key)));
        expect(rows.reduce((n, r) => n + r.figures.tasks, 0)).toBe(figuresOf(es).tasks);
      }),
    );
  });

  it('ranks better figures first, equal figures share a rank, groups without tasks have none and come last', () => {
    fc.assert(
      fc.property(arbEntries, (es) => {
        const rows = leagueOf(es, ['e']);
        const ranked = rows.filter((r) => r.rank !== null);
        expect(ranked.every((r) => r.figures.tasks > 0)).toBe(true);
        expect(rows.slice(ranked.length).every((r) => r.rank === null && r.figures.tasks === 0)).toBe(true);
        ranked.forEach((r, i) => {
          if (i === 0) return expect(r.rank).toBe(1);
          const prev = ranked[i - 1]!;
          expect(compareFigures(prev.figures, r.figures)).toBeLessThanOrEqual(0);
          expect(r.rank).toBe(compareFigures(prev.figures, r.figures) === 0 ? prev.rank : i + 1);
        });
      }),
    );
  });

  it('an example: the front with its tasks on track leads', () => {
    const rows = leagueOf([
      { key: 'projects', state: 'in_progress', light: 'red', progress: 20, overdue: true },
      { key: 'projects', state: 'closed', light: 'done', progress: 100, overdue: false },
      { key: 'rural', state: 'in_progress', light: 'green', progress: 60, overdue: false },
    ]);
    expect(rows.map((r) => [r.key, r.rank, r.figures.score, r.figures.progress])).toEqual([
      ['rural', 1, 100, 60],
      ['projects', 2, 50, 60],
    ]);
  });
});
