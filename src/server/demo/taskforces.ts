import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { addDays, type IsoDate } from '../../shared/domain/dates';

/**
 * Two bodies across units, as the county's texts form them: a 工作专班 for the approvals of key projects (led by
 * 发改局 under the 常务副县长) and the 安全生产领导小组 (led by 应急管理局 under its 副县长), each with members who
 * keep their home units, and tasks assigned to each — their lead unit's to do, seen by every member.
 */
export const DEMO_TASK_FORCES = [
  {
    name: '重点项目审批服务专班',
    kind: 'task_force' as const,
    lead: 'fgj',
    head: 'zhaozhiqiang',
    duties: '重点项目前期手续并联审批、集中办公、一项目一清单',
    members: [
      ['fgj.admin', '副组长'],
      ['fgj.clerk', '联络员'],
      ['zrzyj.clerk', '成员'],
      ['zjj.clerk', '成员'],
      ['sthj.clerk', '成员'],
    ],
    tasks: [
      [
        '开工项目前期手续并联审批“一窗受理”',
        '立项、用地、规划、施工许可并联审批，一窗受理，审批时限较上年压缩一半以上',
      ],
      [
        '专班集中办公：每周会商未开工项目手续',
        '每周五集中会商一次，未开工项目手续问题逐项列清单，限时销号，周报县领导',
      ],
    ],
  },
  {
    name: '安全生产委员会（领导小组）',
    kind: 'leading_group' as const,
    lead: 'yjglj',
    head: 'linchong',
    duties: '统筹全县安全生产，组织冬季隐患排查整治',
    members: [
      ['yjglj.clerk', '联络员'],
      ['jtysj.clerk', '成员'],
      ['zjj.clerk', '成员'],
      ['cgz.clerk', '成员'],
      ['hxz.clerk', '成员'],
    ],
    tasks: [
      [
        '冬季安全生产隐患排查整治百日行动',
        '危化品、燃气、道路交通、建筑施工等重点行业领域隐患全覆盖排查，重大隐患整改率100%',
      ],
      ['道路交通和建筑施工安全联合检查', '每月联合检查一次，发现问题形成清单交办到乡镇和行业部门，逐项跟踪整改到位'],
    ],
  },
];

export async function seedDemoTaskForces(deps: AppDeps, opts: { today: IsoDate; log?: (m: string) => void }) {
  const { org } = deps;
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
  const meta = { requestId: 'seed-demo-task-forces' };
  const person = async (username: string) => (await org.accountByUsername(username))!;
  for (const f of DEMO_TASK_FORCES) {
    const lead = (await person(`${f.lead}.clerk`)).unitId;
    const members = [];
    for (const [username, duty] of f.members) members.push({ personId: (await person(username!)).id, duty: duty! });
    const force = await deps.taskForces.create(
      office,
      { name: f.name, kind: f.kind, duties: f.duties, leadUnitId: lead, headId: (await person(f.head)).id, members },
      meta,
    );
    for (const [i, [title, standard]] of f.tasks.entries()) {
      try {
        const task = await deps.tasks.create(
          office,
          {
            title: title!,
            content: `${f.name}：${title}`,
            standard: standard!,
            accountability: '专班每月通报，逾期纳入年度考核',
            category: f.kind === 'task_force' ? '项目建设' : '安全稳定',
            level: 'key',
            leadUnitId: lead,
            leadLeaderId: (await person(f.head)).id,
            taskForceId: force.id,
            deadline: addDays(opts.today, 45 + i * 30),
            cadence: 'monthly',
            coUnitIds: [],
            milestones: [],
            issue: true,
          },
          meta,
        );
        // The lead unit has signed for the first.
        if (i === 0) {
          const clerk = await person(`${f.lead}.clerk`);
          const clerkActor: Actor = {
            ...office,
            personId: clerk.id,
            username: clerk.username,
            displayName: clerk.displayName,
            unitId: clerk.unitId,
            roles: clerk.roles,
            leaderUnitIds: clerk.leaderUnitIds,
          };
          await deps.database.db.transaction((tx) =>
            deps.supervision.act(tx, clerkActor, task.id, task.version, 'accept', {}),
          );
        }
        // Done on the demo's day (the service's clock), not the machine's.
        await deps.database.pool.query(
          "UPDATE supervision_events SET at = ($1 || ' 09:00:00+08')::timestamptz WHERE item_id = $2 AND at > now() " +
            "- interval '10 minutes'",
          [opts.today, task.id],
        );
        await deps.database.pool.query(
          "UPDATE supervised_items SET created_at = ($1 || ' 09:00:00+08')::timestamptz WHERE id = $2",
          [opts.today, task.id],
        );
      } catch (e) {
        opts.log?.(`工作专班：${title}：${(e as Error).message}`);
      }
    }
  }
}
