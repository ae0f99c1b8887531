import type { Actor } from '../../http/access';
import type { SupervisionService } from '../supervision/supervision.service';
import type { OrgService } from '../org/org.service';
import type { ProjectService } from '../projects/projects.service';
import type { BlockerService } from '../projects/blockers.service';
import type { AccountabilityService } from '../accountability/accountability.service';
import type { InvestmentService } from '../investment/investment.service';
import type { IndicatorService } from '../indicators/indicators.service';
import type { VisitService } from '../enterprises/visits.service';
import type { DemandService } from '../enterprises/demands.service';
import type { LibraryService } from '../enterprises/libraries.service';
import type { ContactService } from '../enterprises/contacts.service';
import { hasAnyRole } from '../../http/access';
import { LIBRARY_CODES, type LibraryCode } from '../../../shared/domain/libraries';
import { addDays, weekday, type IsoDate } from '../../../shared/domain/dates';
import { POOLS, POOL_LABELS } from '../../../shared/domain/projects';
import { OPEN_STATES } from '../../../shared/domain/supervision-flow';
import type { CockpitOut, CockpitPeriodOut } from '../../../shared/cockpit';
import type { ItemForecastOut, ItemOut } from '../../../shared/supervision';

export type CockpitService = ReturnType<typeof createCockpitService>;

/**
 * 驾驶舱: what is late, where, and who owns it — for the caller's scope (the supervision core scopes every count:
 * a leader sees what he leads or 分管, a unit its own). Counts come from the core's stored lights, the lists from
 * its list function with the same filters the ledger page uses, so every number links to the rows behind it.
 */
export function createCockpitService(deps: {
  supervision: SupervisionService;
  org: OrgService;
  projects: Pick<ProjectService, 'rates' | 'forecastMisses'>;
  blockers: Pick<BlockerService, 'list'>;
  /** Case counts by unit (问责); the cases themselves stay with those they concern. */
  accountability?: Pick<AccountabilityService, 'counts'>;
  /** 招商引资: the pipeline's year and the chains' coverage (the investment service). */
  investment?: Pick<InvestmentService, 'summary' | 'coverage'>;
  /** The economy: the indicators' board as the caller reads it. */
  indicators?: Pick<IndicatorService, 'board'>;
  /** 企业服务: visits' coverage, demands' figures, the libraries and 无事不扰 (the enterprise module's services). */
  enterprise?: {
    visits: Pick<VisitService, 'coverage' | 'unvisited'>;
    demands: Pick<DemandService, 'figures' | 'overdue' | 'openCounts'>;
    libraries: Pick<LibraryService, 'list'>;
    contacts: Pick<ContactService, 'month'>;
  };
}) {
  const { supervision } = deps;

  async function get(actor: Actor): Promise<CockpitOut> {
    const today = supervision.today();
    // The slices are independent reads: run them side by side.
    const [
      summary,
      unitList,
      projects,
      blockers,
      trends,
      listed,
      accountability,
      taskMisses,
      projectMisses,
      investment,
      economy,
      enterprise,
    ] = await Promise.all([
      supervision.summarize(actor, 'task'),
      deps.org.listUnits(actor),
      projectSlice(actor),
      blockerSlice(actor),
      trendSlice(actor, today),
      supervision.listedItems(actor),
      deps.accountability?.counts(actor, `${today.slice(0, 4)}-01-01`, today),
      taskForecastMisses(actor, today),
      deps.projects.forecastMisses(actor),
      investmentSlice(actor),
      economySlice(actor),
      enterpriseSlice(actor, today),
    ]);
    const units = new Map(unitList.map((u) => [u.id, u]));
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
    const late = await supervision.listItems(actor, {
      kind: 'task',
      states: open,
      deadlineTo: addDays(today, -1),
      sort: 'deadline',
      page: 1,
      pageSize: 10,
    });
    const soon = await supervision.listItems(actor, {
      kind: 'task',
      states: open,
      deadlineFrom: today,
      deadlineTo: addDays(today, 14),
      sort: 'deadline',
      page: 1,
      pageSize: 10,
    });
    const row = (i: (typeof late.items)[number]) => ({
      id: i.id,
      title: i.title,
      unitId: i.assigneeUnitId,
      unitName: units.get(i.assigneeUnitId)?.name ?? '',
      deadline: i.deadline,
      light: i.light,
      progress: i.progress,
      leadLeaderId: i.leadLeaderId,
    });
    return {
      today,
      tasks: {
        byLight,
        overdue,
        byUnit: [...perUnit]
          .map(([unitId, c]) => ({
            unitId,
            unitName: units.get(unitId)?.shortName ?? units.get(unitId)?.name ?? '',
            unitKind: units.get(unitId)?.kind ?? '',
            ...c,
          }))
          .sort(
            (a, b) =>
              b.red - a.red ||
              b.yellow - a.yellow ||
              b.overdue - a.overdue ||
              a.unitName.localeCompare(b.unitName, 'zh'),
          ),
        overdueList: { total: late.total, items: late.items.map(row) },
        dueSoonList: { total: soon.total, items: soon.items.map(row) },
      },
      listed: {
        total: listed.total,
        // An item listed is overdue: red whatever its stored light (a cache that may be a day old).
        items: listed.items.map((i) => ({
          id: i.id,
          title: i.title,
          unitId: i.assigneeUnitId,
          unitName: units.get(i.assigneeUnitId)?.name ?? '',
          deadline: i.deadline,
          light: 'red' as const,
          progress: i.progress,
          leadLeaderId: i.leadLeaderId,
          kind: i.kind,
          listedOn: i.listedOn,
        })),
      },
      projects,
      blockers,
      trends,
      economy,
      forecasts: {
        tasks: {
          total: taskMisses.total,
          items: taskMisses.items.map((x) => ({ ...row(x.item), forecast: x.forecast })),
        },
        projects: {
          total: projectMisses.total,
          items: projectMisses.items.map((p) => ({
            id: p.id,
            name: p.name,
            unitId: p.responsibleUnitId,
            unitName: units.get(p.responsibleUnitId)?.name ?? '',
            forecast: p.forecast,
          })),
        },
      },
      ...(accountability ? { accountability } : {}),
      ...(investment ? { investment } : {}),
      ...(enterprise ? { enterprise } : {}),
    };
  }

  /** How many months without a visit make an enterprise forgotten on the cockpit (the visits page's default). */
  const UNVISITED_MONTHS = 6;

  /**
   * 企业服务 in the caller's scope, each figure from the service that owns it (and so scoped as its page is): the
   * coverage rows the caller may see, lowest first; the open demands the core shows the caller, by light, and the
   * overdue ones with the unit and the 分管 leader they are with; the honest figures of the caller's demands this
   * year; the libraries; 无事不扰 for the office and principals only.
   */
  async function enterpriseSlice(actor: Actor, today: IsoDate): Promise<CockpitOut['enterprise']> {
    const e = deps.enterprise;
    if (!e) return undefined;
    const yearStart = `${today.slice(0, 4)}-01-01`;
    const office = hasAnyRole(actor, ['supervision_office', 'principal']);
    const [coverage, unvisited, figures, libraries, contacts, summary, overdue, units, counts] = await Promise.all([
      e.visits.coverage(actor),
      e.visits.unvisited(actor, { months: UNVISITED_MONTHS, page: 1, pageSize: 1 }),
      e.demands.figures(actor, { from: yearStart, to: today }),
      e.libraries.list(actor),
      office ? e.contacts.month(actor, today.slice(0, 7)) : null,
      supervision.summarize(actor, 'demand'),
      // 超过办结时限 as the demand list's `overdue=true` filter has it (its figure opens that list).
      e.demands.overdue(actor, { page: 1, pageSize: 8 }),
      deps.org.listUnits(actor),
      // The open figure and 待分派 are the totals of the lists they open (status=open, status=unrouted).
      e.demands.openCounts(actor),
    ]);
    const unitName = new Map(units.map((u) => [u.id, u.shortName ?? u.name]));
    const byLight = { red: 0, yellow: 0, green: 0 };
    for (const r of summary)
      if (r.light === 'red' || r.light === 'yellow' || r.light === 'green') byLight[r.light] += r.count;
    // Who owns an overdue demand: its handling unit, and the leader whose attention it has (after 不满意) or else
    // the leader who 分管 that unit.
    const leaderOf = new Map<string, string | null>();
    for (const i of overdue.items) {
      const id = i.leadLeaderId ?? (await deps.org.leadersOf(i.assigneeUnitId))[0] ?? null;
      leaderOf.set(i.id, id ? ((await deps.org.accountById(id))?.displayName ?? null) : null);
    }
    const f = figures.scope;
    const worst = <R extends { share: number | null }>(rows: R[]) =>
      rows.filter((r) => r.share !== null && r.share < 1).slice(0, 5);
    return {
      quarter: coverage.quarter,
      coverage: {
        definition: coverage.definition,
        county: coverage.county,
        units: worst(coverage.units),
        leaders: worst(coverage.leaders),
      },
      unvisited: { months: UNVISITED_MONTHS, since: unvisited.since, total: unvisited.total },
      demands: {
        byLight,
        open: counts.open,
        unrouted: counts.unrouted,
        overdue: overdue.total,
        overdueList: {
          total: overdue.total,
          items: overdue.items.map((i) => ({
            id: i.id,
            title: i.title,
            unitId: i.assigneeUnitId,
            unitName: unitName.get(i.assigneeUnitId) ?? '',
            deadline: i.deadline,
            leaderName: leaderOf.get(i.id) ?? null,
          })),
        },
      },
      figures: {
        from: figures.from,
        to: figures.to,
        received: f.received,
        answered: f.answered,
        rated: f.rated,
        confirmed: f.confirmed,
        reopened: f.reopened,
        confirmedRate: f.confirmedRate,
        ratedShare: f.ratedShare,
        satisfiedOfRated: f.satisfiedOfRated,
        reopenRate: f.reopenRate,
        definitions: figures.definitions,
      },
      // In the order the county keeps them (拟上市, 科技型中小企业, 高新, 专精特新, 链主).
      libraries: [...libraries]
        .sort((a, b) => LIBRARY_CODES.indexOf(a.code as LibraryCode) - LIBRARY_CODES.indexOf(b.code as LibraryCode))
        .map((l) => ({
          id: l.id,
          code: l.code,
          name: l.name,
          members: l.members,
          entered: l.entered,
          advanced: l.advanced,
          left: l.left,
          target: l.target
            ? {
                newMembers: l.target.newMembers,
                actual: l.target.actual,
                expectedNow: l.target.expectedNow,
                light: l.target.light,
              }
            : null,
        })),
      contacts: contacts
        ? {
            month: contacts.month,
            limit: contacts.limit,
            flagged: contacts.flagged,
            items: contacts.items
              .filter((c) => c.flagged)
              .slice(0, 5)
              .map((c) => ({ enterpriseId: c.enterpriseId, enterpriseName: c.enterpriseName, total: c.total })),
          }
        : null,
    };
  }

  /** 招商引资 in the caller's scope: the year's pipeline against its targets, the chains' coverage, 盘活. */
  async function investmentSlice(actor: Actor) {
    if (!deps.investment) return undefined;
    const [s, c] = await Promise.all([deps.investment.summary(actor, undefined), deps.investment.coverage(actor)]);
    return {
      year: s.year,
      stages: s.stages,
      signedCount: s.signedCount,
      signedAmount: s.signedAmount,
      fundsInPlace: s.fundsInPlace,
      targets: s.targets,
      stalled: s.stalled,
      chains: c.chains,
      sites: s.sites,
    };
  }

  /**
   * Open tasks not yet past their deadline that are forecast to miss it (the core's `forecasts`, at their reports'
   * pace): stalled ones first, then the latest forecast completion.
   */
  async function taskForecastMisses(actor: Actor, today: IsoDate, limit = 10) {
    const open = [...OPEN_STATES].filter((s) => s !== 'draft');
    const misses: { item: ItemOut; forecast: ItemForecastOut }[] = [];
    for (let page = 1; ; page++) {
      const res = await supervision.listItems(actor, {
        kind: 'task',
        states: open,
        deadlineFrom: today,
        sort: 'deadline',
        page,
        pageSize: 500,
      });
      const f = await supervision.forecasts(res.items);
      for (const item of res.items) {
        const forecast = f.get(item.id);
        // Forecast after the deadline, or stalled; not those with nothing to forecast from yet.
        if (forecast && (forecast.method === 'stalled' || (forecast.misses && forecast.completion !== null)))
          misses.push({ item, forecast });
      }
      if (page * 500 >= res.total) break;
    }
    misses.sort(
      (a, b) =>
        (b.forecast.daysLate ?? Number.MAX_SAFE_INTEGER) - (a.forecast.daysLate ?? Number.MAX_SAFE_INTEGER) ||
        (a.item.deadline < b.item.deadline ? -1 : a.item.deadline > b.item.deadline ? 1 : 0),
    );
    return { total: misses.length, items: misses.slice(0, limit) };
  }

  /** The indicators the caller reads, his own first (he leads them or 分管 their responsible unit), then the board's order. */
  async function economySlice(actor: Actor): Promise<CockpitOut['economy']> {
    if (!deps.indicators) return { year: Number(supervision.today().slice(0, 4)), items: [] };
    const b = await deps.indicators.board(actor, {});
    const mine = (s: (typeof b.items)[number]) =>
      s.indicator.leaderId === actor.personId || actor.leaderUnitIds.includes(s.indicator.responsibleUnitId);
    const items = b.items.map((s, i) => ({ s, i, mine: mine(s) }));
    items.sort((a, b2) => Number(b2.mine) - Number(a.mine) || a.i - b2.i);
    return {
      year: b.year,
      items: items.map(({ s, mine: m }) => ({
        indicatorId: s.indicator.id,
        name: s.indicator.name,
        unit: s.indicator.unit,
        period: s.period,
        periodLabel: s.periodLabel,
        value: s.value,
        growth: s.growth,
        light: s.light,
        progress: s.progress,
        expectedProgress: s.expectedProgress,
        gapPoints: s.gapPoints,
        rank: s.rank,
        previousRank: s.previousRank,
        rankedCount: s.rankedCount,
        cityShare: s.cityShare,
        responsibleUnitName: s.indicator.responsibleUnitName,
        leaderName: s.indicator.leaderName,
        mine: m,
      })),
    };
  }

  /** Projects by pool and the year's rates against 序时进度, as the projects module computes them for the caller. */
  async function projectSlice(actor: Actor): Promise<CockpitOut['projects']> {
    const r = await deps.projects.rates(actor, 'pool', undefined, 'zh-CN');
    const count = new Map(r.groups.map((g) => [g.key, g.projects]));
    const t = r.total;
    return {
      asOf: r.asOf,
      year: r.year,
      expected: r.expected,
      total: t.projects,
      byPool: POOLS.map((pool) => ({ pool, label: POOL_LABELS[pool]['zh-CN'], count: count.get(pool) ?? 0 })),
      startPlanned: t.startPlanned,
      started: t.started,
      startRate: t.startRate,
      completionPlanned: t.completionPlanned,
      completed: t.completed,
      completionRate: t.completionRate,
      investmentPlanned: t.investmentPlanned,
      investmentCompleted: t.investmentCompleted,
      investmentRate: t.investmentRate,
    };
  }

  /** Open blockers by the leader they are with, through the blocker list (its scope and its filters). */
  async function blockerSlice(actor: Actor): Promise<CockpitOut['blockers']> {
    const per = new Map<
      string | null,
      { leaderId: string | null; leaderName: string | null; open: number; overdue: number }
    >();
    let open = 0;
    let overdue = 0;
    for (let page = 1; ; page++) {
      const res = await deps.blockers.list(actor, { state: 'open', page, pageSize: 500 });
      for (const b of res.items) {
        const row = per.get(b.leaderId) ?? { leaderId: b.leaderId, leaderName: b.leaderName, open: 0, overdue: 0 };
        row.open++;
        open++;
        if (b.light === 'red') {
          row.overdue++;
          overdue++;
        }
        per.set(b.leaderId, row);
      }
      if (page * 500 >= res.total) break;
    }
    const byLeader = [...per.values()].sort(
      (a, b) =>
        b.open - a.open || b.overdue - a.overdue || (a.leaderName ?? '').localeCompare(b.leaderName ?? '', 'zh'),
    );
    return { open, overdue, byLeader };
  }

  /** Twelve weeks, Monday to Sunday, the last one this week. */
  async function trendSlice(actor: Actor, today: IsoDate): Promise<CockpitOut['trends']> {
    const monday = addDays(today, -((weekday(today) + 6) % 7));
    return supervision.weeklyFlow(actor, 'task', addDays(monday, -7 * 11), 12);
  }

  /**
   * The tasks of a period in the caller's scope: in hand, closed, closed on time and overdue at the period's end,
   * in total and by lead unit, with the overdue tasks (the supervision core counts them; the bulletins print these).
   */
  async function period(actor: Actor, from: IsoDate, to: IsoDate): Promise<CockpitPeriodOut> {
    const p = await supervision.periodSummary(actor, 'task', from, to);
    const units = new Map((await deps.org.listUnits(actor)).map((u) => [u.id, u]));
    const name = (id: string) => units.get(id)?.shortName ?? units.get(id)?.name ?? '';
    const totals = { total: 0, closed: 0, closedOnTime: 0, overdue: 0 };
    for (const r of p.byUnit) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r[k];
    return {
      from,
      to,
      asOf: p.asOf,
      totals: { ...totals, onTimeRate: totals.closed ? totals.closedOnTime / totals.closed : null },
      byUnit: p.byUnit
        .map((r) => ({
          ...r,
          unitName: name(r.unitId),
          unitKind: units.get(r.unitId)?.kind ?? '',
          sortOrder: units.get(r.unitId)?.sortOrder ?? 0,
        }))
        .sort(
          (a, b) => b.overdue - a.overdue || a.sortOrder - b.sortOrder || a.unitName.localeCompare(b.unitName, 'zh'),
        )
        .map(({ sortOrder: _s, ...r }) => r),
      overdueList: p.overdueItems.map((i) => ({
        id: i.id,
        title: i.title,
        unitId: i.unitId,
        unitName: name(i.unitId),
        deadline: i.deadline,
        daysOverdue: i.daysOverdue,
        progress: i.progress,
        leadLeaderId: i.leadLeaderId,
      })),
    };
  }

  return { get, period };
}
