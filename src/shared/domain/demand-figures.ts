/**
 * Honest figures of demands (docs/ENTERPRISES.md, "Honest figures"): every rate says what it counts over, so a
 * 满意率 is never shown without the share that rated, and withdrawals are counted, not hidden. Pure; the service
 * reads the rows.
 */
export interface FigureRow {
  unitId: string;
  state: string;
  /** A final answer was given (the enterprise was asked to rate). */
  answered: boolean;
  /** The final rating (after a reopening, the second). */
  rating: string | null;
  firstRating: string | null;
  reopenCount: number;
  withdrawn: boolean;
  withdrawalChecked: boolean;
  withdrawalVoluntary: boolean | null;
}

export interface Figures {
  received: number;
  answered: number;
  rated: number;
  closed: number;
  /** Closed with the enterprise's 满意 or 基本满意. */
  confirmed: number;
  reopened: number;
  withdrawn: number;
  withdrawalChecked: number;
  withdrawalPressed: number;
  /** confirmed ÷ received. */
  confirmedRate: number | null;
  /** rated ÷ answered. */
  ratedShare: number | null;
  /** (满意 + 基本满意) ÷ rated: shown only beside ratedShare. */
  satisfiedOfRated: number | null;
  /** reopened ÷ rated. */
  reopenRate: number | null;
  /** withdrawn ÷ received. */
  withdrawalRate: number | null;
  /** withdrawalChecked ÷ withdrawn. */
  withdrawalCheckedShare: number | null;
}

export const FIGURE_DEFINITIONS: Record<
  'confirmedRate' | 'ratedShare' | 'satisfiedOfRated' | 'reopenRate' | 'withdrawalRate' | 'withdrawalCheckedShare',
  string
> = {
  confirmedRate: '企业确认解决率 = 企业评价满意或基本满意后办结的诉求 ÷ 期内受理的全部诉求（含在办、撤回、未评价）',
  ratedShare: '评价率 = 企业作出评价的诉求 ÷ 已作办结答复、请企业评价的诉求',
  satisfiedOfRated: '满意率（仅计已评价）= 满意和基本满意 ÷ 企业作出评价的诉求；须与评价率一并看',
  reopenRate: '重办率 = 因企业不满意而重新办理的诉求 ÷ 企业作出评价的诉求',
  withdrawalRate: '撤单率 = 撤回的诉求 ÷ 期内受理的全部诉求',
  withdrawalCheckedShare: '撤单回访率 = 督查室回访核实过的撤单 ÷ 撤回的诉求（回访中企业表示非自愿撤回的另计）',
};

const share = (a: number, b: number) => (b > 0 ? a / b : null);
const GOOD = ['satisfied', 'basically_satisfied'];

export function demandFigures(rows: readonly FigureRow[]): Figures {
  const received = rows.length;
  const answered = rows.filter((r) => r.answered).length;
  const ratedRows = rows.filter((r) => r.rating !== null || r.firstRating !== null);
  const rated = ratedRows.length;
  const closed = rows.filter((r) => r.state === 'closed').length;
  const confirmed = rows.filter((r) => r.state === 'closed' && r.rating !== null && GOOD.includes(r.rating)).length;
  const reopened = rows.filter((r) => r.reopenCount > 0).length;
  const satisfied = ratedRows.filter((r) => r.rating !== null && GOOD.includes(r.rating)).length;
  const withdrawn = rows.filter((r) => r.withdrawn).length;
  const withdrawalChecked = rows.filter((r) => r.withdrawn && r.withdrawalChecked).length;
  const withdrawalPressed = rows.filter((r) => r.withdrawn && r.withdrawalVoluntary === false).length;
  return {
    received,
    answered,
    rated,
    closed,
    confirmed,
    reopened,
    withdrawn,
    withdrawalChecked,
    withdrawalPressed,
    confirmedRate: share(confirmed, received),
    ratedShare: share(rated, answered),
    satisfiedOfRated: share(satisfied, rated),
    reopenRate: share(reopened, rated),
    withdrawalRate: share(withdrawn, received),
    withdrawalCheckedShare: share(withdrawalChecked, withdrawn),
  };
}

export interface HandOverEvent {
  itemId: string;
  action: string;
  /** Epoch ms. */
  at: number;
  actorUnitId: string | null;
  /** The unit it was assigned to by an assign/reassign. */
  toUnitId: string | null;
}

export interface TimeLost {
  /** The unit that gave a demand back (disputed ownership): how often, and the hours it held it before. */
  byUnit: Map<string, { returns: number; heldHours: number }>;
  /** The office's decisions on disputes: how many, their hours, and how many are still waiting. */
  office: { decisions: number; waitHours: number; waiting: number; waitingSinceMs: number[] };
}

/**
 * Time lost between units (转办, 退回): for each give-back, the hours the unit held the demand since it was issued
 * to it (charged to that unit), and the hours until the office routed it again (the office's decision; still
 * waiting when it has not). Events in order per item.
 */
export function timeLost(events: readonly HandOverEvent[]): TimeLost {
  const byUnit = new Map<string, { returns: number; heldHours: number }>();
  const office = { decisions: 0, waitHours: 0, waiting: 0, waitingSinceMs: [] as number[] };
  const byItem = new Map<string, HandOverEvent[]>();
  for (const e of events) byItem.set(e.itemId, [...(byItem.get(e.itemId) ?? []), e]);
  for (const list of byItem.values()) {
    list.sort((a, b) => a.at - b.at);
    let issuedAt: number | null = null;
    let returnedAt: number | null = null;
    for (const e of list) {
      if (e.action === 'assign' || e.action === 'reassign') {
        if (returnedAt !== null) {
          office.decisions++;
          office.waitHours += (e.at - returnedAt) / 3_600_000;
          returnedAt = null;
        }
        issuedAt = e.at;
      } else if (e.action === 'return' && e.actorUnitId && returnedAt === null) {
        // (A second give-back before the office decided cannot happen in the flow; it would not be counted.)
        const u = byUnit.get(e.actorUnitId) ?? { returns: 0, heldHours: 0 };
        u.returns++;
        if (issuedAt !== null) u.heldHours += (e.at - issuedAt) / 3_600_000;
        byUnit.set(e.actorUnitId, u);
        returnedAt = e.at;
        issuedAt = null;
      }
    }
    if (returnedAt !== null) {
      office.waiting++;
      office.waitingSinceMs.push(returnedAt);
    }
  }
  return { byUnit, office };
}

/** A demand as a unit's scoring rates read it (the handling unit's; times in epoch ms, days 'YYYY-MM-DD'). */
export interface RateRow {
  unitId: string;
  state: string;
  rating: string | null;
  firstRating: string | null;
  contactDueAt: number;
  contactedAt: number | null;
  replyDueAt: number;
  firstRepliedAt: number | null;
  resolveDue: string;
}

export interface UnitRates {
  /** Contacted and first answered within the limits ÷ demands answered or past their reply limit. */
  response: { numerator: number; denominator: number };
  /** Closed on a 满意/基本满意 ÷ demands closed, withdrawn or past their resolve limit. */
  confirmed: { numerator: number; denominator: number };
  /** 满意/基本满意 ÷ rated. */
  satisfaction: { numerator: number; denominator: number };
}

/**
 * Each handling unit's three demand rates for the scoring rules, as of a moment (`nowMs`, `today`): a demand counts
 * for response once answered or once its reply limit has passed, and for resolution once closed, withdrawn or past
 * its resolve limit — so a demand received yesterday neither helps nor costs before its time.
 */
export function unitDemandRates(rows: readonly RateRow[], nowMs: number, today: string): Map<string, UnitRates> {
  const out = new Map<string, UnitRates>();
  for (const r of rows) {
    const u = out.get(r.unitId) ?? {
      response: { numerator: 0, denominator: 0 },
      confirmed: { numerator: 0, denominator: 0 },
      satisfaction: { numerator: 0, denominator: 0 },
    };
    if (r.firstRepliedAt !== null || r.replyDueAt < nowMs) {
      u.response.denominator++;
      // A first answer is a contact too (a policy question answered outright).
      const contacted = r.contactedAt ?? r.firstRepliedAt;
      if (
        contacted !== null &&
        contacted <= r.contactDueAt &&
        r.firstRepliedAt !== null &&
        r.firstRepliedAt <= r.replyDueAt
      )
        u.response.numerator++;
    }
    const good = r.rating !== null && GOOD.includes(r.rating);
    if (r.state === 'closed' || r.state === 'cancelled' || r.resolveDue < today) {
      u.confirmed.denominator++;
      if (r.state === 'closed' && good) u.confirmed.numerator++;
    }
    if (r.rating !== null || r.firstRating !== null) {
      u.satisfaction.denominator++;
      if (good) u.satisfaction.numerator++;
    }
    out.set(r.unitId, u);
  }
  return out;
}
