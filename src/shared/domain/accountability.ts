import type { IsoDate } from './dates';

/**
 * 问责与容错 (accountability of people, with due process): the rules, no I/O. A case (问责案件) is opened by the
 * supervision office against named people and/or a unit, on the evidence of the record (lateness, missing reports,
 * returned work of the ledger items, milestones and blockers that gave rise to it); it ends in a decision (决定:
 * a measure, or 容错免责 when a 容错 request is accepted) or is withdrawn (撤销).
 */

/** The measures the county's rules name (configurable per jurisdiction; these are the defaults). */
export const DEFAULT_MEASURES = ['提醒谈话', '通报批评', '诫勉谈话', '责令检查', '组织处理'] as const;

/** The conditions under which an error is tolerated (容错情形), as the county's rules name them (configurable). */
export const DEFAULT_TOLERANCE_CONDITIONS = [
  '属于改革创新、先行先试的探索性工作',
  '未谋取私利',
  '及时纠正、主动挽回损失或消除影响',
  '经集体决策或按规定程序决策',
  '因不可抗力或难以预见的客观因素',
  '政策规定不明确或尚无明确规定',
] as const;

export const CASE_STATES = ['open', 'decided', 'withdrawn'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export const CASE_STATE_LABELS: Record<CaseState, string> = { open: '已立案', decided: '已决定', withdrawn: '已撤销' };

/** How a decided case ended: a measure taken, or exempted by an accepted 容错 request. */
export const CASE_OUTCOMES = ['measure', 'exempted'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

export const TOLERANCE_STATES = ['pending', 'accepted', 'rejected'] as const;
export type ToleranceState = (typeof TOLERANCE_STATES)[number];
export const TOLERANCE_STATE_LABELS: Record<ToleranceState, string> = {
  pending: '容错申请待决定',
  accepted: '容错免责',
  rejected: '不予容错',
};

/** What the trail of a score says of an event a 容错 decision exempted. */
export const TOLERATED_LABEL = '容错免责';

export const CASE_ACTIONS = ['decide', 'withdraw', 'requestTolerance', 'decideTolerance'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The case number as written on documents: 问责〔2026〕3号. */
export function caseNumber(year: number, serial: number): string {
  return `问责〔${year}〕${serial}号`;
}

// ---------- who sees and who acts ----------

export interface CaseViewer {
  personId: string;
  unitId: string;
  roles: readonly string[];
}

export interface CaseSubjects {
  personIds: readonly string[];
  unitId: string | null;
}

/** The office and the principal leaders see every case of their jurisdiction. */
export function seesAllCases(v: Pick<CaseViewer, 'roles'>): boolean {
  return v.roles.includes('supervision_office') || v.roles.includes('principal');
}

/** The head of a unit, for a case against the unit: its 单位管理员 (the account that answers for the unit). */
export function isUnitHead(v: CaseViewer, unitId: string | null): boolean {
  return unitId !== null && v.unitId === unitId && v.roles.includes('unit_admin');
}

/**
 * Who may see a case: the office and the principals; a person it names; for a case against a unit, that unit's
 * head. Nobody else — not a colleague in the same unit, not the leader who 分管 it.
 */
export function maySeeCase(v: CaseViewer, c: CaseSubjects): boolean {
  return seesAllCases(v) || c.personIds.includes(v.personId) || isUnitHead(v, c.unitId);
}

/** Who may file a 容错 request: a person the case names, or the head of the unit it is against. */
export function mayRequestTolerance(v: CaseViewer, c: CaseSubjects): boolean {
  return c.personIds.includes(v.personId) || isUnitHead(v, c.unitId);
}

/**
 * The actions open on a case now, for this viewer. A decision waits while a 容错 request is pending (the office
 * decides the request first); one request per case; nothing changes once decided or withdrawn.
 */
export function caseActions(
  v: CaseViewer,
  c: CaseSubjects & { state: CaseState; tolerance: ToleranceState | null },
): CaseAction[] {
  if (c.state !== 'open') return [];
  const out: CaseAction[] = [];
  const office = v.roles.includes('supervision_office');
  if (office && c.tolerance !== 'pending') out.push('decide');
  if (office) out.push('withdraw');
  if (c.tolerance === null && mayRequestTolerance(v, c)) out.push('requestTolerance');
  if (office && c.tolerance === 'pending') out.push('decideTolerance');
  return out;
}

// ---------- evidence from the record ----------

export const EVIDENCE_KINDS = [
  'overdue', // 逾期未办结
  'closedLate', // 逾期办结
  'reportMissing', // 进展未按期报送（系统催办）
  'notice', // 督办单
  'reportLate', // 进展迟报
  'reportReturned', // 进展被退回
  'closeRejected', // 办结申请被退回
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_LABELS: Record<EvidenceKind, string> = {
  overdue: '逾期未办结',
  closedLate: '逾期办结',
  reportMissing: '进展未按期报送',
  notice: '督办单',
  reportLate: '进展迟报',
  reportReturned: '进展被退回',
  closeRejected: '办结申请被退回',
};

export interface EvidenceFact {
  itemId: string;
  kind: EvidenceKind;
  on: IsoDate;
  text: string;
  /** The record it was taken from (the same references the scoring trail uses). */
  ref: string;
}

export interface EvidenceItem {
  id: string;
  title: string;
  deadline: IsoDate;
  state: string;
}
export interface EvidenceEvent {
  seq: number;
  action: string;
  on: IsoDate;
  reason: string | null;
  data: unknown;
}
export interface EvidenceReport {
  id: string;
  period: string;
  lateDays: number;
  on: IsoDate;
}

/**
 * The facts of one item that can give rise to a case, taken from its record as of `today`: overdue (open past the
 * deadline) or closed late, the automatic urgings for missing reports, 督办单, late and returned reports, close
 * requests sent back. Oldest first; nothing else (an on-time closure is no evidence).
 */
export function evidenceOf(
  item: EvidenceItem,
  events: readonly EvidenceEvent[],
  reports: readonly EvidenceReport[],
  today: IsoDate,
): EvidenceFact[] {
  const out: EvidenceFact[] = [];
  const close = events.filter((e) => e.action === 'close').at(-1);
  const closedOn = item.state === 'closed' ? (close?.on ?? null) : null;
  if (closedOn && closedOn > item.deadline)
    out.push({
      itemId: item.id,
      kind: 'closedLate',
      on: closedOn,
      text: `时限 ${item.deadline}，${closedOn} 办结`,
      ref: `closed:${item.id}`,
    });
  if (!closedOn && item.state !== 'cancelled' && item.state !== 'draft' && today > item.deadline)
    out.push({
      itemId: item.id,
      kind: 'overdue',
      on: today,
      text: `时限 ${item.deadline}，至 ${today} 仍未办结`,
      ref: `overdue:${item.id}`,
    });
  for (const e of events) {
    const data = (e.data ?? {}) as { automatic?: boolean };
    const kind: EvidenceKind | null =
      e.action === 'urge' && data.automatic
        ? 'reportMissing'
        : e.action === 'notice'
          ? 'notice'
          : e.action === 'returnReport'
            ? 'reportReturned'
            : e.action === 'reject'
              ? 'closeRejected'
              : null;
    if (!kind) continue;
    out.push({
      itemId: item.id,
      kind,
      on: e.on,
      text: e.reason ? `${EVIDENCE_LABELS[kind]}：${e.reason}` : EVIDENCE_LABELS[kind],
      ref: `event:${e.seq}`,
    });
  }
  for (const r of reports)
    if (r.lateDays > 0)
      out.push({
        itemId: item.id,
        kind: 'reportLate',
        on: r.on,
        text: `${r.period} 期进展迟报 ${r.lateDays} 天`,
        ref: `report:${r.id}`,
      });
  return out.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}
