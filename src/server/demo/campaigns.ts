import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createCampaignService } from '../modules/campaigns/campaigns.service';
import { createProjectService } from '../modules/projects/projects.service';
import type { ProjectQuery } from '../../shared/projects';
import { DEMO_DIRECTIVES, DEMO_YEAR } from './directives';

/**
 * 执行力亮剑 and its 八条战线: the county's year divided into eight fronts, each led by the county leader who 分管
 * its work, holding the directives of the county's own speeches and work report by their category (the ledger's
 * tasks, not their township sub-tasks) and the project library's projects (major ones on the project front,
 * attracted ones on the investment front, livelihood ones on the livelihood front).
 */
export const DEMO_FRONTS: { name: string; leader: string; lead: string; categories: string[]; duties: string }[] = [
  {
    name: '项目建设战线',
    leader: 'zhaozhiqiang',
    lead: 'fgj',
    categories: ['项目建设'],
    duties: '重点项目前期、开工、投资和要素保障',
  },
  {
    name: '招商引资战线',
    leader: 'zhaozhiqiang',
    lead: 'zsfw',
    categories: ['招商引资'],
    duties: '产业链招商、签约项目落地',
  },
  {
    name: '产业发展与科技创新战线',
    leader: 'gongying',
    lead: 'jfj',
    categories: ['产业发展', '科技创新'],
    duties: '工业稳增长、技术改造、高新技术企业培育',
  },
  {
    name: '营商环境与经济运行战线',
    leader: 'zhaozhiqiang',
    lead: 'zfb',
    categories: ['营商环境', '经济运行', '财政', '金融'],
    duties: '一网通办、清欠、财政收支和金融服务',
  },
  {
    name: '乡村振兴战线',
    leader: 'liuyang',
    lead: 'nyncj',
    categories: ['乡村振兴'],
    duties: '高标准农田、防止返贫、集体经济',
  },
  {
    name: '民生实事战线',
    leader: 'chenhui',
    lead: 'wjj',
    categories: ['民生实事'],
    duties: '医院、学校、养老和老旧小区改造',
  },
  {
    name: '城乡建设与生态环保战线',
    leader: 'gongying',
    lead: 'zjj',
    categories: ['城市建设', '生态环保'],
    duties: '县城提质、污水治理和人居环境',
  },
  {
    name: '安全稳定战线',
    leader: 'linchong',
    lead: 'yjglj',
    categories: ['安全稳定'],
    duties: '安全生产治本攻坚、防汛和风险防范',
  },
];

export const DEMO_CAMPAIGN = '执行力亮剑';

export async function seedDemoCampaigns(deps: AppDeps, opts: { log?: (m: string) => void } = {}): Promise<string> {
  const { org, supervision } = deps;
  const a = (await org.accountByUsername('sunli'))!;
  const office: Actor = {
    personId: a.id,
    username: a.username,
    displayName: a.displayName,
    unitId: a.unitId,
    jurisdictionId: a.jurisdictionId,
    roles: a.roles,
    leaderUnitIds: a.leaderUnitIds,
    via: 'token',
    mustChangePassword: false,
    needsTotpSetup: false,
  };
  const projects = createProjectService({
    db: deps.database.db,
    audit: deps.audit,
    org,
    supervision,
    attachments: deps.attachments,
  });
  const campaigns = createCampaignService({ db: deps.database.db, audit: deps.audit, org, supervision, projects });
  const units = new Map<string, string>();
  for (const p of (await org.listPeople(office, { active: 'true', page: 1, pageSize: 10000 })).items)
    if (p.username.endsWith('.clerk')) units.set(p.username.replace(/\.clerk$/, ''), p.unitId);
  const leaderId = async (username: string) => (await org.accountByUsername(username))!.id;
  const meta = { requestId: 'seed-demo-campaigns' };
  let c = await campaigns.create(
    office,
    {
      name: DEMO_CAMPAIGN,
      goal: '以亮剑精神盯住不落实的事：全县重点工作划分八条战线，每条战线由一名县领导牵头，一办十组八个工作专班抓推进，每月排名通报。',
      startDate: `${DEMO_YEAR}-02-01`,
      endDate: `${DEMO_YEAR}-12-31`,
      fronts: await Promise.all(
        DEMO_FRONTS.map(async (f) => ({
          name: f.name,
          duties: f.duties,
          leaderId: await leaderId(f.leader),
          leadUnitId: units.get(f.lead) ?? null,
        })),
      ),
    },
    meta,
  );
  // The directives of the year's texts (not the recent 批示), as the ledger holds them (top-level tasks).
  const titles = new Map(DEMO_DIRECTIVES.filter((d) => d.source !== 'instruction').map((d) => [d.title, d.category]));
  const tasks = (
    await supervision.listItems(office, { kind: 'task', parentId: null, page: 1, pageSize: 10000 })
  ).items.filter((t) => titles.has(t.title));
  const library = (await projects.list(office, { page: 1, pageSize: 10000, sort: 'serial' } as ProjectQuery)).items;
  for (const f of DEMO_FRONTS) {
    const front = c.fronts.find((x) => x.name === f.name)!;
    const taskIds = tasks.filter((t) => f.categories.includes(titles.get(t.title)!)).map((t) => t.id);
    const projectIds = library
      .filter((p) =>
        f.name === '项目建设战线'
          ? p.major && !p.attracted && !p.livelihood
          : f.name === '招商引资战线'
            ? p.attracted
            : f.name === '民生实事战线'
              ? p.livelihood
              : false,
      )
      .map((p) => p.id);
    if (!taskIds.length && !projectIds.length) {
      opts.log?.(`专项行动：${f.name}没有任务`);
      continue;
    }
    c = await campaigns.addItems(office, c.id, c.version, { frontId: front.id, taskIds, projectIds }, meta);
  }
  return c.id;
}
