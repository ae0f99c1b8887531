import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';
import { creditCodeCheckChar } from '../../../shared/domain/credit-code';
import { addDays, todayInShanghai } from '../../../shared/domain/dates';

/**
 * The cockpit's 企业服务 section: every figure is the owning service's (the visits' coverage, the demands' honest
 * figures, the libraries), scoped as those pages are; an overdue demand is listed with its unit and leader; 无事不扰
 * goes to the office and principals only.
 */
let today = todayInShanghai();
const t = await createTestApp({}, { today: () => today });
const office = await t.login('sunli');
const leader = await t.login('gongying'); // 分管 the 经发局
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;

type Section = {
  quarter: string;
  coverage: {
    county: { total: number; visited: number; share: number | null };
    units: { id: string; share: number | null }[];
    leaders: { id: string }[];
  };
  unvisited: { total: number; months: number };
  demands: {
    byLight: { red: number; yellow: number; green: number };
    open: number;
    overdue: number;
    overdueList: { total: number; items: { id: string; unitName: string; leaderName: string | null }[] };
  };
  figures: Record<string, number | null> & { definitions: Record<string, string> };
  libraries: { id: string; members: number; entered: number; target: { newMembers: number } | null }[];
  contacts: { flagged: number } | null;
};
const section = async (c: typeof office) => {
  const res = await c.get('/api/v1/cockpit');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().enterprise as Section;
};

describe('cockpit: enterprise service', () => {
  it('shows the services’ own figures; an overdue demand with its unit and 分管 leader; 无事不扰 for the office only', async () => {
    const first = '91350100MD0800001'.slice(0, 17);
    const e = (
      await office.post('/api/v1/enterprises', {
        name: '驾驶舱企业服务测试企业',
        creditCode: first + creditCodeCheckChar(first),
        industryDivision: '34',
        liaisonUnitId: unit('经发局'),
        contacts: [{ name: '赵经理', mobile: '13800000004' }],
      })
    ).json();
    const d = await office.post('/api/v1/demands', {
      enterpriseId: e.id,
      category: 'land',
      text: '厂区扩建用地指标',
      source: 'office',
    });
    expect(d.statusCode, d.body).toBe(201);
    // A month later the demand is past its 15 working days.
    today = addDays(today, 35);

    const c = await section(office);
    const cov = (await office.get('/api/v1/visits/coverage')).json();
    expect(c.quarter).toBe(cov.quarter);
    expect(c.coverage.county).toEqual(cov.county);
    for (const u of c.coverage.units) expect(u.share === null || u.share < 1).toBe(true);
    expect(c.unvisited.total).toBe((await office.get('/api/v1/visits/unvisited?months=6&pageSize=1')).json().total);

    const listed = c.demands.overdueList.items.find((i) => i.id === d.json().id);
    expect(listed).toMatchObject({ unitName: '经发局' });
    expect(listed!.leaderName).toBeTruthy();
    expect(c.demands.overdue).toBeGreaterThanOrEqual(c.demands.overdueList.total);
    expect(c.demands.open).toBe(c.demands.byLight.red + c.demands.byLight.yellow + c.demands.byLight.green);
    // (The lights are the core's stored ones, refreshed in the background on a new day: not asserted here.)

    const figs = (await office.get(`/api/v1/demands/figures?from=${today.slice(0, 4)}-01-01&to=${today}`)).json();
    for (const k of ['received', 'rated', 'confirmedRate', 'ratedShare', 'satisfiedOfRated', 'reopenRate'])
      expect(c.figures[k], k).toBe(figs.county[k]);
    expect(c.figures.definitions.confirmedRate).toContain('企业确认解决率');

    const libs = (await office.get('/api/v1/enterprise-libraries')).json() as Section['libraries'];
    const byId = (ls: Section['libraries']) =>
      ls.map((l) => [l.id, l.members, l.entered] as const).sort((a, b) => a[0].localeCompare(b[0]));
    expect(byId(c.libraries)).toEqual(byId((libs as unknown as { items: Section['libraries'] }).items));
    expect(c.contacts).not.toBeNull();

    // The leader: his 分管 units' rows only, and no 无事不扰 list.
    const l = await section(leader);
    expect(l.contacts).toBeNull();
    const mine = (await leader.get('/api/v1/visits/coverage')).json();
    const allowed = new Set(mine.units.map((u: { id: string }) => u.id));
    for (const u of l.coverage.units) expect(allowed.has(u.id)).toBe(true);
    expect(l.demands.overdueList.items.some((i) => i.id === d.json().id)).toBe(true);
  });
});
