import type { IsoDate } from './dates';
import { POOL_LABELS, type Pool } from './projects';

/**
 * The public page of 民生实事 (docs/PUBLIC.md). Pure: what one published project shows, built field by field from an
 * explicit allow-list. The name is always shown; every other field only when the office put it in the project's
 * `fields`. Internal data (people, notes, blockers, lights, evidence, ids of internal records) is not even an input
 * here, so it cannot leak through this function.
 */
export const PUBLIC_FIELDS = [
  'content',
  'responsibleUnit',
  'township',
  'progress',
  'investment',
  'description',
  'photos',
] as const;
export type PublicField = (typeof PUBLIC_FIELDS)[number];

export const PUBLIC_FIELD_LABELS: Record<PublicField, { 'zh-CN': string; 'en-US': string }> = {
  content: { 'zh-CN': '建设内容', 'en-US': 'Content' },
  responsibleUnit: { 'zh-CN': '责任单位', 'en-US': 'Responsible unit' },
  township: { 'zh-CN': '所在乡镇', 'en-US': 'Township' },
  progress: { 'zh-CN': '计划与实际进度（节点）', 'en-US': 'Planned and actual progress (milestones)' },
  investment: { 'zh-CN': '年度投资完成', 'en-US': 'Investment this year' },
  description: { 'zh-CN': '面向群众的说明', 'en-US': 'Note for the public' },
  photos: { 'zh-CN': '现场照片', 'en-US': 'Photos' },
};

/** The fields a newly published project shows unless the office changes them. */
export const DEFAULT_PUBLIC_FIELDS: PublicField[] = ['content', 'responsibleUnit', 'progress', 'photos'];

export type PublicMilestoneStatus = 'done' | 'pending' | 'overdue';

/** What the publication service gathers for one project (internal names resolved to what may be shown). */
export interface PublicationSource {
  publicId: string;
  name: string;
  content: string;
  responsibleUnitName: string;
  townshipName: string | null;
  pool: Pool;
  startYear: number;
  endYear: number;
  /** The project's milestones with the supervision core's state ('closed' = confirmed done by the office). */
  milestones: { name: string; plannedDate: IsoDate; actualDate: IsoDate | null; state: string }[];
  investment: { year: number; planned: number; completed: number };
  fields: readonly string[];
  description: string | null;
  photos: { id: string; caption: string }[];
  updatedAt: string;
}

export interface PublicMilestone {
  name: string;
  plannedDate: IsoDate;
  /** Shown only once the office confirmed the milestone done; a report awaiting confirmation is not yet public. */
  actualDate: IsoDate | null;
  status: PublicMilestoneStatus;
}

export interface PublicProjectView {
  id: string;
  name: string;
  years: string;
  stage: string;
  content: string | null;
  responsibleUnit: string | null;
  township: string | null;
  description: string | null;
  progress: { milestones: PublicMilestone[]; done: number; total: number; percent: number | null } | null;
  investment: { year: number; planned: number; completed: number; percent: number | null } | null;
  photos: { id: string; caption: string; url: string }[];
  updatedAt: string;
}

export function publicMilestone(m: PublicationSource['milestones'][number], today: IsoDate): PublicMilestone | null {
  if (m.state === 'cancelled') return null;
  const done = m.state === 'closed';
  return {
    name: m.name,
    plannedDate: m.plannedDate,
    actualDate: done ? m.actualDate : null,
    status: done ? 'done' : m.plannedDate < today ? 'overdue' : 'pending',
  };
}

const pct = (n: number, d: number) => (d > 0 ? Math.round((Math.min(n, d) / d) * 100) : null);

/** One project as the public sees it. */
export function publicProjectView(
  src: PublicationSource,
  today: IsoDate,
  photoUrl: (id: string) => string,
): PublicProjectView {
  const on = (f: PublicField) => src.fields.includes(f);
  const milestones = src.milestones
    .map((m) => publicMilestone(m, today))
    .filter((m): m is PublicMilestone => m !== null);
  const done = milestones.filter((m) => m.status === 'done').length;
  return {
    id: src.publicId,
    name: src.name,
    years: src.startYear === src.endYear ? `${src.startYear}` : `${src.startYear}—${src.endYear}`,
    stage: POOL_LABELS[src.pool]['zh-CN'],
    content: on('content') ? src.content : null,
    responsibleUnit: on('responsibleUnit') ? src.responsibleUnitName : null,
    township: on('township') ? src.townshipName : null,
    description: on('description') && src.description ? src.description : null,
    progress: on('progress')
      ? { milestones, done, total: milestones.length, percent: pct(done, milestones.length) }
      : null,
    investment: on('investment')
      ? {
          year: src.investment.year,
          planned: src.investment.planned,
          completed: src.investment.completed,
          percent: pct(src.investment.completed, src.investment.planned),
        }
      : null,
    photos: on('photos') ? src.photos.map((p) => ({ id: p.id, caption: p.caption, url: photoUrl(p.id) })) : [],
    updatedAt: src.updatedAt,
  };
}
