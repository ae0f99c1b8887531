import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PUBLIC_FIELDS, publicMilestone, publicProjectView, type PublicationSource } from './publication';
import { POOLS } from './projects';

const STATES = ['draft', 'assigned', 'accepted', 'close_requested', 'closed', 'cancelled'];
const day = fc.integer({ min: 0, max: 364 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
/** Field values are tagged so a leak is recognisable in the output. */
const tagged = (tag: string) => fc.string({ minLength: 1, maxLength: 8 }).map((s) => `«${tag}:${s}»`);

/** Every string in a value, however deep. */
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

const source = fc.record({
  publicId: fc.uuid(),
  name: tagged('name'),
  content: tagged('content'),
  responsibleUnitName: tagged('responsibleUnit'),
  townshipName: fc.option(tagged('township'), { nil: null }),
  pool: fc.constantFrom(...POOLS),
  startYear: fc.constant(2026),
  endYear: fc.integer({ min: 2026, max: 2028 }),
  milestones: fc.array(
    fc.record({
      name: tagged('progress'),
      plannedDate: day,
      actualDate: fc.option(day, { nil: null }),
      state: fc.constantFrom(...STATES),
    }),
    { maxLength: 6 },
  ),
  investment: fc.record({
    year: fc.constant(2026),
    planned: fc.integer({ min: 0, max: 1e6 }),
    completed: fc.integer({ min: 0, max: 2e6 }),
  }),
  fields: fc.subarray([...PUBLIC_FIELDS]),
  description: fc.option(tagged('description'), { nil: null }),
  photos: fc.array(fc.record({ id: fc.uuid(), caption: tagged('photos') }), { maxLength: 3 }),
  updatedAt: fc.constant('2026-06-01T00:00:00.000Z'),
}) as fc.Arbitrary<PublicationSource>;

describe('publicProjectView', () => {
  it('shows a field only when the office published it; the name always', () => {
    fc.assert(
      fc.property(source, day, (src, today) => {
        const out = strings(publicProjectView(src, today as never, (id) => `/p/${id}`));
        expect(out).toContain(src.name);
        for (const f of PUBLIC_FIELDS)
          if (!src.fields.includes(f)) expect(out.filter((x) => x.includes(`«${f}:`))).toEqual([]);
      }),
    );
  });

  it('has exactly the public keys, whatever the input carries', () => {
    fc.assert(
      fc.property(source, (src) => {
        const v = publicProjectView({ ...src, leader: 'x', notes: 'y' } as PublicationSource, '2026-06-01', (id) => id);
        expect(Object.keys(v).sort()).toEqual([
          'content',
          'description',
          'id',
          'investment',
          'name',
          'photos',
          'progress',
          'responsibleUnit',
          'stage',
          'township',
          'updatedAt',
          'years',
        ]);
      }),
    );
  });

  it('progress: done ≤ total, percent in 0..100; an actual date only for a confirmed milestone; cancelled ones left out', () => {
    fc.assert(
      fc.property(source, day, (src, today) => {
        const v = publicProjectView({ ...src, fields: ['progress', 'investment'] }, today as never, (id) => id);
        const p = v.progress!;
        expect(p.total).toBe(src.milestones.filter((m) => m.state !== 'cancelled').length);
        expect(p.done).toBeLessThanOrEqual(p.total);
        if (p.percent !== null) expect(p.percent).toBeGreaterThanOrEqual(0);
        if (p.percent !== null) expect(p.percent).toBeLessThanOrEqual(100);
        for (const m of p.milestones) if (m.status !== 'done') expect(m.actualDate).toBeNull();
        const inv = v.investment!;
        if (inv.percent !== null) expect(inv.percent).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('a milestone not confirmed is overdue once its planned day has passed, pending before', () => {
    expect(
      publicMilestone(
        { name: 'a', plannedDate: '2026-05-01', actualDate: '2026-04-30', state: 'close_requested' },
        '2026-05-02',
      ),
    ).toEqual({ name: 'a', plannedDate: '2026-05-01', actualDate: null, status: 'overdue' });
    expect(
      publicMilestone({ name: 'a', plannedDate: '2026-05-01', actualDate: null, state: 'assigned' }, '2026-05-01')
        ?.status,
    ).toBe('pending');
    expect(
      publicMilestone(
        { name: 'a', plannedDate: '2026-05-01', actualDate: '2026-05-03', state: 'closed' },
        '2026-06-01',
      ),
    ).toEqual({ name: 'a', plannedDate: '2026-05-01', actualDate: '2026-05-03', status: 'done' });
    expect(
      publicMilestone({ name: 'a', plannedDate: '2026-05-01', actualDate: null, state: 'cancelled' }, '2026-06-01'),
    ).toBeNull();
  });
});
