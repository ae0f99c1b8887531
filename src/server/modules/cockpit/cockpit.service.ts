import type { Actor } from '../../http/access';
import type { SupervisionService } from '../supervision/supervision.service';
import type { OrgService } from '../org/org.service';
import { addDays } from '../../../shared/domain/dates';
import { OPEN_STATES } from '../../../shared/domain/supervision-flow';
import type { CockpitOut } from '../../../shared/cockpit';

export type CockpitService = ReturnType<typeof createCockpitService>;

/**
 * 驾驶舱: what is late, where, and who owns it — for the caller's scope (the supervision core scopes every count:
 * a leader sees what he leads or 分管, a unit its own). Counts come from the core's stored lights, the lists from
 * its list function with the same filters the ledger page uses, so every number links to the rows behind it.
 */
export function createCockpitService(deps: { supervision: SupervisionService; org: OrgService }) {
  const { supervision } = deps;

  async function get(actor: Actor): Promise<CockpitOut> {
    const today = supervision.today();
    const summary = await supervision.summarize(actor, 'task');
    const units = new Map((await deps.org.listUnits(actor)).map((u) => [u.id, u]));
    const byLight = { red: 0, yellow: 0, green: 0, done: 0 };
    const perUnit = new Map<string, { red: number; yellow: number; green: number; done: number; overdue: number }>();
    let overdue = 0;
    for (const r of summary) {
      if (r.light in byLight) byLight[r.light as keyof typeof byLight] += r.count;
      overdue += r.overdue;
      const u = perUnit.get(r.unitId) ?? { red: 0, yellow: 0, green: 0, done: 0, overdue: 0 };
      if (r.light in u) u[r.light as 'red' | 'yellow' | 'green' | 'done'] += r.count;
      u.overdue += r.overdue;
      perUnit.set(r.unitId, u);
    }
    const open = [...OPEN_STATES].filter((s) => s !== 'draft');
    const late = await supervision.listItems(actor, { kind: 'task', states: open, deadlineTo: addDays(today, -1), sort: 'deadline', page: 1, pageSize: 10 });
    const soon = await supervision.listItems(actor, { kind: 'task', states: open, deadlineFrom: today, deadlineTo: addDays(today, 14), sort: 'deadline', page: 1, pageSize: 10 });
    const row = (i: (typeof late.items)[number]) => ({ id: i.id, title: i.title, unitId: i.assigneeUnitId, unitName: units.get(i.assigneeUnitId)?.name ?? '', deadline: i.deadline, light: i.light, progress: i.progress, leadLeaderId: i.leadLeaderId });
    return {
      today,
      tasks: {
        byLight,
        overdue,
        byUnit: [...perUnit]
          .map(([unitId, c]) => ({ unitId, unitName: units.get(unitId)?.shortName ?? units.get(unitId)?.name ?? '', unitKind: units.get(unitId)?.kind ?? '', ...c }))
          .sort((a, b) => b.red - a.red || b.yellow - a.yellow || b.overdue - a.overdue || a.unitName.localeCompare(b.unitName, 'zh')),
        overdueList: { total: late.total, items: late.items.map(row) },
        dueSoonList: { total: soon.total, items: soon.items.map(row) },
      },
    };
  }

  return { get };
}
