import type { STATES } from './domain/supervision-flow';

/**
 * The words for the core's states and lights, apart from the schemas (src/shared/supervision.ts re-exports them):
 * a page that only shows a state or a light does not bring zod into the browser.
 */
export const STATE_LABELS: Record<(typeof STATES)[number], { 'zh-CN': string; 'en-US': string }> = {
  draft: { 'zh-CN': '草稿', 'en-US': 'Draft' },
  assigned: { 'zh-CN': '已交办', 'en-US': 'Assigned' },
  returned: { 'zh-CN': '已退回', 'en-US': 'Returned' },
  accepted: { 'zh-CN': '已签收', 'en-US': 'Accepted' },
  in_progress: { 'zh-CN': '推进中', 'en-US': 'In progress' },
  close_requested: { 'zh-CN': '申请办结', 'en-US': 'Close requested' },
  closed: { 'zh-CN': '已销账', 'en-US': 'Closed' },
  cancelled: { 'zh-CN': '已撤销', 'en-US': 'Cancelled' },
};

export const LIGHT_LABELS = {
  red: { 'zh-CN': '红灯', 'en-US': 'Red' },
  yellow: { 'zh-CN': '黄灯', 'en-US': 'Yellow' },
  green: { 'zh-CN': '绿灯', 'en-US': 'Green' },
  done: { 'zh-CN': '已完成', 'en-US': 'Done' },
  none: { 'zh-CN': '—', 'en-US': '—' },
} as const;
