import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createServices } from '../app';
import { createAccountabilityService } from '../modules/accountability/accountability.service';
import { addDays, type IsoDate } from '../../shared/domain/dates';
import { OPEN_STATES } from '../../shared/domain/supervision-flow';

/** Units whose 单位管理员 (the demo's unit heads) can answer for a case against the unit. */
const UNITS_WITH_HEAD = ['fgj', 'jfj', 'zjj', 'cgz', 'kfq'];

/**
 * The demo's 问责与容错, on the ledger's own late tasks and through the same service the API uses, with a clock
 * that moves: a case decided 提醒谈话; one whose 容错 request (改革探索, 未谋取私利) the office accepted, so the
 * task's deductions count 0 in the league (容错免责); one against a unit whose head has asked for 容错 and waits
 * for the office; and one just opened. Deterministic from `today` (the ledger is).
 */
export async function seedDemoAccountability(
  base: AppDeps,
  opts: { today: IsoDate; log?: (m: string) => void },
): Promise<number> {
  let sim: IsoDate = opts.today;
  const deps = createServices(base.config, base.database, base.demo, { today: () => sim });
  const { org, supervision } = deps;
  const cases = createAccountabilityService({
    db: deps.database.db,
    audit: deps.audit,
    org,
    supervision,
    notifications: deps.notifications,
  });
  const actor = async (username: string): Promise<Actor> => {
    const a = (await org.accountByUsername(username))!;
    return {
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
  };
  const office = await actor('sunli');
  const units = await org.listUnits(office);
  const codeOf = new Map<string, string>();
  for (const p of (await org.listPeople(office, { active: 'true', page: 1, pageSize: 10000 })).items)
    if (p.username.endsWith('.clerk')) codeOf.set(p.unitId, p.username.replace(/\.clerk$/, ''));
  // The ledger's troubled tasks: those open past their deadline first, then those red against 序时进度 (their
  // record has the urgings, late and returned reports that give rise to a case).
  const open = [...OPEN_STATES].filter((s) => s !== 'draft');
  const overdue = await supervision.listItems(office, {
    kind: 'task',
    states: open,
    deadlineTo: addDays(opts.today, -7),
    sort: 'deadline',
    page: 1,
    pageSize: 500,
  });
  const red = await supervision.listItems(office, {
    kind: 'task',
    states: open,
    lights: ['red'],
    page: 1,
    pageSize: 500,
  });
  const seen = new Set<string>();
  const late = [...overdue.items, ...red.items].filter(
    (i) => codeOf.has(i.assigneeUnitId) && !seen.has(i.id) && seen.add(i.id),
  );
  const isLate = (i: { deadline: string }) => i.deadline < sim;
  const lateness = (i: { deadline: string }) =>
    isLate(i) ? `时限为 ${i.deadline}，逾期至今未办结` : `时限为 ${i.deadline}，进度明显落后于序时进度`;
  const used = new Set<string>();
  const taken = new Set<string>();
  // Another unit each time while there is one; otherwise another task of a unit already named.
  const pick = (want: (code: string) => boolean) => {
    const free = late.filter((x) => !taken.has(x.id) && want(codeOf.get(x.assigneeUnitId)!));
    const i = free.find((x) => !used.has(x.assigneeUnitId)) ?? free[0];
    if (i) {
      used.add(i.assigneeUnitId);
      taken.add(i.id);
    }
    return i;
  };
  // A unit with a head if one has a late task (its head asks for 容错), else any unit (the case then waits as opened).
  // The tolerated one first: the most overdue task, whose deductions the league then shows as 容错免责.
  const tolerated = pick(() => true);
  const unitCaseItem = pick((c) => UNITS_WITH_HEAD.includes(c)) ?? pick(() => true);
  const [decided, fresh] = [pick(() => true), pick(() => true)];
  if (!unitCaseItem || !tolerated || !decided || !fresh) {
    opts.log?.(`未生成问责案件：台账中逾期任务仅 ${late.length} 项 / accountability: too few late tasks, no cases`);
    return 0;
  }
  const meta = { requestId: 'seed-demo-accountability' };
  const unitName = (id: string) => units.find((u) => u.id === id)?.shortName ?? '';
  const at = (days: number) => {
    sim = addDays(opts.today, -days);
    return sim;
  };
  let n = 0;

  // 1. Decided: 提醒谈话 for the clerk who answers for a task long overdue.
  at(4);
  const clerk1 = await actor(`${codeOf.get(decided.assigneeUnitId)}.clerk`);
  let c = await cases.open(
    office,
    {
      title: `${decided.title}推进不力`,
      facts: `该任务${lateness(decided)}，${unitName(decided.assigneeUnitId)}经办人对推进不力负直接责任。`,
      personIds: [clerk1.personId],
      itemIds: [decided.id],
      proposedMeasure: '提醒谈话',
    },
    meta,
  );
  at(2);
  await cases.decide(
    office,
    c.id,
    c.version,
    { measure: '提醒谈话', decidedOn: sim, reason: '逾期未办结且未说明原因，经督查室集体研究，予以提醒谈话。' },
    meta,
  );
  n++;

  // 2. Tolerated: the clerk invokes 改革探索 and 未谋取私利; the office accepts — 容错免责.
  at(4);
  const clerk2 = await actor(`${codeOf.get(tolerated.assigneeUnitId)}.clerk`);
  c = await cases.open(
    office,
    {
      title: `${tolerated.title}推进滞后`,
      facts: `该任务${lateness(tolerated)}。`,
      personIds: [clerk2.personId],
      itemIds: [tolerated.id],
      proposedMeasure: '通报批评',
    },
    meta,
  );
  at(3);
  c = await cases.requestTolerance(
    clerk2,
    c.id,
    c.version,
    {
      conditions: ['属于改革创新、先行先试的探索性工作', '未谋取私利'],
      reasons:
        '该项工作为全县首次试行，无先例可循；推进中发现原方案与上级新规不符，已主动调整方案并报告，未谋取任何私利。',
    },
    meta,
  );
  at(1);
  await cases.decideTolerance(
    office,
    c.id,
    c.version,
    {
      decision: 'accepted',
      reason: '经核实，属改革探索中的先行先试，未谋取私利且已及时纠正，符合容错情形，予以免责。',
    },
    meta,
  );
  n++;

  // 3. Against a unit: its head asks for 容错; the request waits for the office.
  at(3);
  c = await cases.open(
    office,
    {
      title: `${unitName(unitCaseItem.assigneeUnitId)}承办事项推进滞后`,
      facts: `${unitCaseItem.title}：${lateness(unitCaseItem)}，单位统筹推进不力。`,
      unitId: unitCaseItem.assigneeUnitId,
      personIds: [],
      itemIds: [unitCaseItem.id],
      proposedMeasure: '责令检查',
    },
    meta,
  );
  at(2);
  const head = UNITS_WITH_HEAD.includes(codeOf.get(unitCaseItem.assigneeUnitId)!)
    ? await actor(`${codeOf.get(unitCaseItem.assigneeUnitId)}.admin`)
    : null;
  if (head)
    await cases.requestTolerance(
      head,
      c.id,
      c.version,
      {
        conditions: ['因不可抗力或难以预见的客观因素', '及时纠正、主动挽回损失或消除影响'],
        reasons: '受上级政策调整影响，项目前置审批暂停两个月；恢复后单位已倒排工期、加派人员推进。',
      },
      meta,
    );
  n++;

  // 4. Just opened: the office proposes 诫勉谈话; nothing filed yet.
  at(1);
  const clerk4 = await actor(`${codeOf.get(fresh.assigneeUnitId)}.clerk`);
  const opened = await cases.open(
    office,
    {
      title: `${fresh.title}推进滞后`,
      facts: `该任务${lateness(fresh)}，多次督促未见实质进展。`,
      personIds: [clerk4.personId],
      itemIds: [fresh.id],
      proposedMeasure: '诫勉谈话',
    },
    meta,
  );
  // Without a unit head to ask above, the clerk here asks instead: the office always has one request to decide.
  if (!head)
    await cases.requestTolerance(
      clerk4,
      opened.id,
      opened.version,
      {
        conditions: ['经集体决策或按规定程序决策'],
        reasons: '该事项推进方案经单位党组会集体研究决定，逾期系等待上级批复所致。',
      },
      meta,
    );
  n++;
  opts.log?.(`问责演示：${n} 件问责案件（1 件容错免责）/ accountability: ${n} cases, 1 tolerated`);
  return n;
}
