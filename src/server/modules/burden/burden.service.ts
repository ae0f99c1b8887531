import type { Db } from '../../db/client';
import { visibleUnitIds, type Actor } from '../../http/access';
import { AppError } from '../../http/errors';
import type { OrgService } from '../org/org.service';
import { burdenFacts, type SupervisionService } from '../supervision/supervision.service';
import { burdenOf } from '../../../shared/domain/burden';
import { monthsIn } from '../../../shared/domain/burden';
import { daysBetween, type IsoDate } from '../../../shared/domain/dates';
import type { BurdenOut } from '../../../shared/burden';

export type BurdenService = ReturnType<typeof createBurdenService>;

/** Units the system asks things of: departments, townships and parks (not the party and government offices). */
const ASKED_KINDS = new Set(['department', 'township', 'park']);

/**
 * 减负: the burden of each unit in a period, from what the supervision core asked of it (burdenFacts) counted by
 * the pure `burdenOf`. Ranked among all the county's units; the office and the principals see every unit, a leader
 * the units he 分管 and his own, a unit's head (单位管理员) his own unit.
 */
export function createBurdenService(deps: {
  db: Db;
  org: Pick<OrgService, 'listUnits'>;
  supervision: Pick<SupervisionService, 'today'>;
}) {
  async function burden(actor: Actor, q: { from?: IsoDate; to?: IsoDate }): Promise<BurdenOut> {
    const today = deps.supervision.today();
    const to = q.to ?? today;
    const from = q.from ?? `${to.slice(0, 4)}-01-01`;
    if (from > to) throw new AppError('validation', {}, [{ field: 'query.to', code: 'end_date_before_start' }]);
    if (daysBetween(from, to) > 731)
      throw new AppError('validation', {}, [{ field: 'query.from', code: 'period_too_long', params: { max: 2 } }]);
    const units = (await deps.org.listUnits(actor)).filter((u) => u.active && ASKED_KINDS.has(u.kind));
    const names = new Map((await deps.org.listUnits(actor)).map((u) => [u.id, u.shortName ?? u.name]));
    const facts = await burdenFacts(deps.db, actor.jurisdictionId, from, to);
    const rows = burdenOf(
      facts.items.map((i) => ({ ...i, assignedOn: i.assignedOn, endedOn: i.endedOn })),
      facts.events,
      from,
      to,
      units.map((u) => u.id),
    );
    const kinds = new Map(units.map((u) => [u.id, u.kind]));
    const seen = visibleUnitIds(actor);
    const ask = (id: string) => names.get(id) ?? '';
    return {
      from,
      to,
      months: Math.round(monthsIn(from, to) * 10) / 10,
      units: rows
        .filter((r) => kinds.has(r.unitId) && (seen === null || seen.includes(r.unitId)))
        .map((r) => ({
          unitId: r.unitId,
          unitName: names.get(r.unitId) ?? '',
          unitKind: kinds.get(r.unitId)!,
          rank: r.rank,
          items: r.items,
          coItems: r.coItems,
          reportsDue: r.reportsDue,
          reportsPerMonth: r.reportsPerMonth,
          fieldsPerReport: r.fieldsPerReport,
          fieldsPerMonth: r.fieldsPerMonth,
          reminders: r.reminders,
          notices: r.notices,
          answerDays: r.answerDays,
          sources: r.sources.map((s) => ({
            kind: s.kind,
            askerUnitId: s.assignerUnitId,
            asker: ask(s.assignerUnitId),
            items: s.items,
            reportsDue: s.reportsDue,
            fields: s.fields,
          })),
          duplicates: r.duplicates.map((d) => ({
            a: { id: d.a.id, kind: d.a.kind, title: d.a.title, asker: ask(d.a.assignerUnitId) },
            b: { id: d.b.id, kind: d.b.kind, title: d.b.title, asker: ask(d.b.assignerUnitId) },
            similarity: d.similarity,
          })),
        })),
    };
  }
  return { burden };
}
