import type { Light } from './light';
import type { SupervisionState } from './supervision-flow';

/**
 * 专项行动与战线 (campaigns and their fronts): a campaign groups tasks and projects into fronts, each led by a county
 * leader. Its league — per front and per unit — is computed here from the items as the supervision core shows them
 * (state, light, progress): never stored, so it is the ledger's own figures cut by the campaign.
 */

/** One task of a campaign, as the league reads it. */
export interface CampaignEntry {
  /** The group it counts for (a front's id, a unit's id). */
  key: string;
  state: SupervisionState;
  light: Light;
  /** Reported progress (0–100), null before the first report. */
  progress: number | null;
  /** Past its deadline and not closed. */
  overdue: boolean;
}

export interface CampaignFigures {
  /** Tasks counted: issued (not drafts) and not cancelled. */
  tasks: number;
  closed: number;
  open: number;
  overdue: number;
  red: number;
  yellow: number;
  green: number;
  /** Average progress of the tasks counted (a closed task counts 100, one not yet reported 0); null without tasks. */
  progress: number | null;
  /**
   * 得分 (0–100): the share of tasks on track — closed, or open and green — so a red or yellow task, or an overdue one,
   * only ever lowers it. null without tasks.
   */
  score: number | null;
}

/** Drafts have not been asked of anyone yet and cancelled items were withdrawn: neither counts. */
export const counts = (e: Pick<CampaignEntry, 'state'>) => e.state !== 'draft' && e.state !== 'cancelled';

/** The figures of a set of tasks. */
export function figuresOf(entries: readonly CampaignEntry[]): CampaignFigures {
  const f: CampaignFigures = {
    tasks: 0,
    closed: 0,
    open: 0,
    overdue: 0,
    red: 0,
    yellow: 0,
    green: 0,
    progress: null,
    score: null,
  };
  let progressSum = 0;
  let onTrack = 0;
  for (const e of entries) {
    if (!counts(e)) continue;
    f.tasks++;
    const closed = e.state === 'closed';
    if (closed) f.closed++;
    else f.open++;
    if (!closed && e.overdue) f.overdue++;
    if (!closed && e.light === 'red') f.red++;
    if (!closed && e.light === 'yellow') f.yellow++;
    if (!closed && e.light === 'green') f.green++;
    progressSum += closed ? 100 : Math.min(100, Math.max(0, e.progress ?? 0));
    if (closed || (e.light !== 'red' && e.light !== 'yellow' && !e.overdue)) onTrack++;
  }
  if (f.tasks) {
    f.progress = Math.round(progressSum / f.tasks);
    f.score = Math.round((100 * onTrack) / f.tasks);
  }
  return f;
}

export interface LeagueRow<K extends string = string> {
  key: K;
  figures: CampaignFigures;
  /** 1 is best; groups with equal score and progress share a rank; a group without tasks has none. */
  rank: number | null;
}

/**
 * The league of groups (fronts or units): each group's figures, ranked by score, then average progress, then fewer
 * red tasks. `keys` lists the groups to show even when they have no task yet (a front just formed).
 */
export function leagueOf<K extends string>(entries: readonly CampaignEntry[], keys: readonly K[] = []): LeagueRow<K>[] {
  const groups = new Map<K, CampaignEntry[]>();
  for (const k of keys) groups.set(k, []);
  for (const e of entries) {
    const k = e.key as K;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(e);
  }
  const rows = [...groups].map(([key, es]) => ({ key, figures: figuresOf(es), rank: null as number | null }));
  const ranked = rows
    .filter((r) => r.figures.tasks > 0)
    .sort((a, b) => compareFigures(a.figures, b.figures) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  ranked.forEach((r, i) => {
    const prev = ranked[i - 1];
    r.rank = prev && compareFigures(prev.figures, r.figures) === 0 ? prev.rank : i + 1;
  });
  const unranked = rows.filter((r) => r.figures.tasks === 0);
  return [...ranked, ...unranked];
}

/** Better first: a higher score, then higher progress, then fewer red tasks. */
export function compareFigures(a: CampaignFigures, b: CampaignFigures): number {
  return (b.score ?? -1) - (a.score ?? -1) || (b.progress ?? -1) - (a.progress ?? -1) || a.red - b.red;
}
