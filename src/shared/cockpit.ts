import { z } from 'zod';
import { IsoDateString, ItemForecastOut, LightEnum } from './supervision';
import { InvestmentForecastOut } from './projects';
import { LeadStageEnum, TargetLineOut } from './investment';

/** A 包联 leader's or unit's coverage line on the cockpit. */
const CoverageLine = z.object({
  id: z.string(),
  name: z.string(),
  total: z.number().int(),
  visited: z.number().int(),
  share: z.number().nullable(),
});

/** The cockpit's contract (GET /api/v1/cockpit): counts by light and unit, and the lists behind them. */
const Row = z.object({
  id: z.uuid(),
  title: z.string(),
  unitId: z.uuid(),
  unitName: z.string(),
  deadline: z.string(),
  light: LightEnum,
  progress: z.number().nullable(),
  leadLeaderId: z.uuid().nullable(),
});
export const CockpitOut = z.object({
  today: z.string(),
  tasks: z.object({
    byLight: z.object({ red: z.number(), yellow: z.number(), green: z.number(), done: z.number() }),
    overdue: z.number(),
    byUnit: z.array(
      z.object({
        unitId: z.uuid(),
        unitName: z.string(),
        unitKind: z.string(),
        red: z.number(),
        yellow: z.number(),
        green: z.number(),
        done: z.number(),
        overdue: z.number(),
      }),
    ),
    overdueList: z.object({ total: z.number(), items: z.array(Row) }),
    dueSoonList: z.object({ total: z.number(), items: z.array(Row) }),
  }),
  /**
   * 挂牌督办: open items of every kind (tasks, findings, milestones …) in the caller's scope that climbed to the
   * principals — overdue `listAfter` working days (src/shared/domain/escalation.ts) — the longest overdue first.
   */
  listed: z.object({
    total: z.number().int(),
    items: z.array(Row.extend({ kind: z.string(), listedOn: z.string() })),
  }),
  /** Key projects in the caller's scope: count per pool and the year's rates against 序时进度 (the projects module's `rates`). */
  projects: z.object({
    asOf: z.string(),
    year: z.number().int(),
    /** 序时进度, 0–1. */
    expected: z.number(),
    total: z.number().int(),
    byPool: z.array(z.object({ pool: z.string(), label: z.string(), count: z.number().int() })),
    startPlanned: z.number().int(),
    started: z.number().int(),
    startRate: z.number().nullable(),
    completionPlanned: z.number().int(),
    completed: z.number().int(),
    completionRate: z.number().nullable(),
    /** 万元 */
    investmentPlanned: z.number(),
    investmentCompleted: z.number(),
    investmentRate: z.number().nullable(),
  }),
  /** Open blockers (卡点) in the caller's scope by the leader they are with now (the projects module's blocker list). */
  blockers: z.object({
    open: z.number().int(),
    /** Open and past the deadline of their level (red: time to escalate). */
    overdue: z.number().int(),
    byLeader: z.array(
      z.object({
        leaderId: z.uuid().nullable(),
        leaderName: z.string().nullable(),
        open: z.number().int(),
        overdue: z.number().int(),
      }),
    ),
  }),
  /**
   * The last twelve weeks (Monday to Sunday): tasks opened and closed in each, overdue at its end (the supervision
   * core's `weeklyFlow`).
   */
  trends: z.array(
    z.object({ week: z.string(), opened: z.number().int(), closed: z.number().int(), overdue: z.number().int() }),
  ),
  /**
   * 预计完不成: open tasks not yet past their deadline whose reports' pace finishes them after it (or has stalled), the
   * latest first; and projects under way whose year-end investment is forecast short of the plan, the largest
   * shortfall first (src/shared/domain/forecast.ts, on the one trajectory).
   */
  forecasts: z.object({
    tasks: z.object({ total: z.number().int(), items: z.array(Row.extend({ forecast: ItemForecastOut })) }),
    projects: z.object({
      total: z.number().int(),
      items: z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          unitId: z.uuid(),
          unitName: z.string(),
          forecast: InvestmentForecastOut,
        }),
      ),
    }),
  }),
  /**
   * 经济运行: the indicators the caller reads (the indicators module's board), each with its light against the trajectory
   * (序时进度), its rank among the peer counties and the rank before, and the county's share of the city; a leader's
   * own (he leads them or 分管 their responsible unit) first (`mine`).
   */
  economy: z.object({
    year: z.number().int(),
    items: z.array(
      z.object({
        indicatorId: z.uuid(),
        name: z.string(),
        unit: z.string(),
        period: z.string().nullable(),
        periodLabel: z.string().nullable(),
        value: z.number().nullable(),
        growth: z.number().nullable(),
        light: LightEnum,
        progress: z.number().nullable(),
        expectedProgress: z.number().nullable(),
        gapPoints: z.number().nullable(),
        rank: z.number().int().nullable(),
        previousRank: z.number().int().nullable(),
        rankedCount: z.number().int(),
        cityShare: z.number().nullable(),
        responsibleUnitName: z.string(),
        leaderName: z.string().nullable(),
        mine: z.boolean(),
      }),
    ),
  }),
  /** 问责: cases opened this year by unit concerned (opened, decided with a measure, 容错免责), in the caller's scope. */
  accountability: z
    .object({
      from: z.string(),
      to: z.string(),
      byUnit: z.array(
        z.object({
          unitId: z.string(),
          unitName: z.string(),
          opened: z.number().int(),
          measures: z.number().int(),
          tolerated: z.number().int(),
        }),
      ),
    })
    .optional(),
  /**
   * 招商引资 (the caller's leads): open leads per stage, 签约额 and 到位资金 (and the other targets) against 序时进度,
   * stalled leads; each chain's coverage and its gaps with open leads; the 盘活 figures.
   */
  investment: z
    .object({
      year: z.number().int(),
      stages: z.record(LeadStageEnum, z.number().int()),
      signedCount: z.number().int(),
      signedAmount: z.number(),
      fundsInPlace: z.number(),
      targets: z.array(TargetLineOut),
      stalled: z.object({ yellow: z.number().int(), red: z.number().int() }),
      chains: z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          links: z.number().int(),
          covered: z.number().int(),
          weak: z.number().int(),
          gaps: z.number().int(),
          gapsWithLeads: z.number().int(),
        }),
      ),
      sites: z.object({
        idle: z.number().int(),
        negotiating: z.number().int(),
        revitalised: z.number().int(),
        revitalisedThisYear: z.number().int(),
        revitalisedAreaMu: z.number(),
      }),
    })
    .optional(),
  /**
   * 企业服务 in the caller's scope (the enterprise module's services): 包联 visit coverage this quarter (the county
   * and the lowest units and leaders), enterprises no one visited for six months, open demands by light and the
   * overdue ones with who owns them, the honest figures of the year with their definitions, the libraries' counts
   * and the year's entries against each one's target on the one trajectory, and (office, principals) the
   * enterprises contacted too often this month (无事不扰).
   */
  enterprise: z
    .object({
      quarter: z.string(),
      coverage: z.object({
        definition: z.string(),
        county: z.object({ total: z.number().int(), visited: z.number().int(), share: z.number().nullable() }),
        units: z.array(CoverageLine),
        leaders: z.array(CoverageLine),
      }),
      unvisited: z.object({ months: z.number().int(), since: z.string(), total: z.number().int() }),
      demands: z.object({
        byLight: z.object({ red: z.number().int(), yellow: z.number().int(), green: z.number().int() }),
        /** Open demands (the list's status=open), those waiting with the office to be routed included. */
        open: z.number().int(),
        /** Of them, waiting with the office to be routed (待分派: the list's status=unrouted). */
        unrouted: z.number().int(),
        overdue: z.number().int(),
        overdueList: z.object({
          total: z.number().int(),
          items: z.array(
            z.object({
              id: z.uuid(),
              title: z.string(),
              unitId: z.uuid(),
              unitName: z.string(),
              deadline: z.string(),
              leaderName: z.string().nullable(),
            }),
          ),
        }),
      }),
      figures: z.object({
        from: z.string(),
        to: z.string(),
        received: z.number().int(),
        answered: z.number().int(),
        rated: z.number().int(),
        confirmed: z.number().int(),
        reopened: z.number().int(),
        confirmedRate: z.number().nullable(),
        ratedShare: z.number().nullable(),
        satisfiedOfRated: z.number().nullable(),
        reopenRate: z.number().nullable(),
        definitions: z.record(z.string(), z.string()),
      }),
      libraries: z.array(
        z.object({
          id: z.uuid(),
          code: z.string(),
          name: z.string(),
          members: z.number().int(),
          entered: z.number().int(),
          advanced: z.number().int(),
          left: z.number().int(),
          target: z
            .object({
              newMembers: z.number().int(),
              actual: z.number(),
              expectedNow: z.number(),
              light: z.string(),
            })
            .nullable(),
        }),
      ),
      contacts: z
        .object({
          month: z.string(),
          limit: z.number().int(),
          flagged: z.number().int(),
          items: z.array(z.object({ enterpriseId: z.uuid(), enterpriseName: z.string(), total: z.number().int() })),
        })
        .nullable(),
    })
    .optional(),
});
export type CockpitOut = z.infer<typeof CockpitOut>;

/** The tasks of a period (GET /api/v1/cockpit/period): the figures the bulletins print, counted by the supervision core. */
export const CockpitPeriodQuery = z.strictObject({ from: IsoDateString, to: IsoDateString });
const PeriodCounts = {
  total: z.number().int(),
  closed: z.number().int(),
  closedOnTime: z.number().int(),
  overdue: z.number().int(),
};
export const CockpitPeriodOut = z.object({
  from: z.string(),
  to: z.string(),
  /** Overdue is counted as of this day: the period's end, or today if the period has not ended. */
  asOf: z.string(),
  totals: z.object({ ...PeriodCounts, onTimeRate: z.number().nullable() }),
  byUnit: z.array(z.object({ unitId: z.uuid(), unitName: z.string(), unitKind: z.string(), ...PeriodCounts })),
  overdueList: z.array(
    z.object({
      id: z.uuid(),
      title: z.string(),
      unitId: z.uuid(),
      unitName: z.string(),
      deadline: z.string(),
      daysOverdue: z.number().int(),
      progress: z.number().nullable(),
      leadLeaderId: z.uuid().nullable(),
    }),
  ),
});
export type CockpitPeriodOut = z.infer<typeof CockpitPeriodOut>;
