/**
 * The supervision flow (DESIGN.md §2): one state machine for everything assigned to a unit with a deadline and
 * supervised — tasks, project milestones, project blockers, enterprise demands. Pure: the services record each
 * transition as an event; this decides which transitions exist.
 *
 *   draft ─assign→ assigned ─accept→ accepted ─report→ in_progress ─requestClose→ close_requested ─close→ closed
 *                     │                 └────────────requestClose──────────────┘        │
 *                     └─return→ returned ─reassign→ assigned          close_requested ─reject→ in_progress
 *   any open state ─cancel→ cancelled;   extension requests and 催办 keep the state.
 */
export const STATES = [
  'draft',
  'assigned',
  'returned',
  'accepted',
  'in_progress',
  'close_requested',
  'closed',
  'cancelled',
] as const;
export type SupervisionState = (typeof STATES)[number];

export const ACTIONS = [
  'assign',
  'accept',
  'return',
  'reassign',
  'report',
  'requestClose',
  'close',
  'reject',
  'cancel',
  'requestExtension',
  'decideExtension',
  'urge',
  'replan',
] as const;
export type SupervisionAction = (typeof ACTIONS)[number];

/** Who may take an action: the assigning side (交办/督办) or the undertaking unit (承办). */
export type Side = 'assigner' | 'assignee';

interface ActionRule {
  from: readonly SupervisionState[];
  /** undefined = the state does not change (extension, urging). */
  to?: SupervisionState;
  by: Side;
  needsReason?: boolean;
  needsEvidence?: boolean;
}

const OPEN: readonly SupervisionState[] = [
  'draft',
  'assigned',
  'returned',
  'accepted',
  'in_progress',
  'close_requested',
];
/** The states in which an item is still open (not closed, not cancelled). */
export const OPEN_STATES = OPEN;
const WORKING: readonly SupervisionState[] = ['accepted', 'in_progress'];

export const RULES: Record<SupervisionAction, ActionRule> = {
  assign: { from: ['draft'], to: 'assigned', by: 'assigner' },
  accept: { from: ['assigned'], to: 'accepted', by: 'assignee' },
  return: { from: ['assigned'], to: 'returned', by: 'assignee', needsReason: true },
  reassign: { from: ['returned'], to: 'assigned', by: 'assigner' },
  report: { from: WORKING, to: 'in_progress', by: 'assignee' },
  requestClose: { from: WORKING, to: 'close_requested', by: 'assignee', needsEvidence: true },
  close: { from: ['close_requested'], to: 'closed', by: 'assigner' },
  reject: { from: ['close_requested'], to: 'in_progress', by: 'assigner', needsReason: true },
  cancel: { from: OPEN, to: 'cancelled', by: 'assigner', needsReason: true },
  requestExtension: { from: WORKING, by: 'assignee', needsReason: true },
  decideExtension: { from: [...WORKING, 'close_requested'], by: 'assigner' },
  urge: { from: ['assigned', 'accepted', 'in_progress'], by: 'assigner' },
  // The assigning side moves a date itself (a leader's decision, a re-planned project milestone), with a reason.
  replan: { from: ['draft', 'assigned', 'returned', 'accepted', 'in_progress'], by: 'assigner', needsReason: true },
};

export function isOpen(s: SupervisionState): boolean {
  return OPEN.includes(s);
}

/** The actions possible now, optionally for one side only: the 409 of an impossible action names these. */
export function availableActions(state: SupervisionState, side?: Side): SupervisionAction[] {
  return ACTIONS.filter((a) => RULES[a].from.includes(state) && (!side || RULES[a].by === side));
}

export type TransitionResult =
  | { ok: true; to: SupervisionState }
  | {
      ok: false;
      reason: 'not_possible' | 'wrong_side' | 'reason_required' | 'evidence_required';
      possible: SupervisionAction[];
    };

export function transition(
  state: SupervisionState,
  action: SupervisionAction,
  ctx: { side: Side; reason?: string | null; evidenceCount?: number },
): TransitionResult {
  const rule = RULES[action];
  const possible = availableActions(state, ctx.side);
  if (!rule.from.includes(state)) return { ok: false, reason: 'not_possible', possible };
  if (rule.by !== ctx.side) return { ok: false, reason: 'wrong_side', possible };
  if (rule.needsReason && !ctx.reason?.trim()) return { ok: false, reason: 'reason_required', possible };
  if (rule.needsEvidence && !(ctx.evidenceCount && ctx.evidenceCount > 0))
    return { ok: false, reason: 'evidence_required', possible };
  return { ok: true, to: rule.to ?? state };
}
