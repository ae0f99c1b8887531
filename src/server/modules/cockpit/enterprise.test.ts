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
    unrouted: number;
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
    expect(c.demands.overdue).toBe(c.demands.overdueList.total);
    // The open figure and 待分派 are the totals of the lists they open.
    expect(c.demands.open).toBe((await office.get('/api/v1/demands?status=open&pageSize=1')).json().total);
    expect(c.demands.unrouted).toBe((await office.get('/api/v1/demands?status=unrouted&pageSize=1')).json().total);
    expect(c.demands.open).toBeGreaterThanOrEqual(c.demands.unrouted);
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

describe('cockpit: overdue demands are the demand list with overdue=true', () => {
  it(`the figure is the filtered list’s total for the office, a leader and a unit; answered-not-resolved in, \
overdue-then-closed out`, async () => {
    const jfj = await t.login('jfj.clerk');
    const people = (await office.get('/api/v1/people?pageSize=500')).json().items as { id: string; username: string }[];
    let serial = 900;
    const register = async (body: Record<string, unknown>) => {
      const first = `91350100MD08${String(serial++).padStart(5, '0')}`;
      const res = await office.post('/api/v1/enterprises', {
        name: `超期口径测试企业${serial}`,
        creditCode: first + creditCodeCheckChar(first),
        industryDivision: '34',
        contacts: [{ name: '钱经理', mobile: '13800000005' }],
        ...body,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    };
    const e = await register({ liaisonUnitId: unit('经发局') });
    // A key enterprise with a county leader and no unit: its demand waits with the office (待分派).
    const key = await register({
      key: true,
      liaisonLeaderId: people.find((p) => p.username === 'gongying')!.id,
      liaisonUnitId: null,
    });
    const record = async (enterpriseId: string, text: string, receivedAt?: string) => {
      const res = await office.post('/api/v1/demands', {
        enterpriseId,
        category: 'finance',
        text,
        source: 'office',
        ...(receivedAt ? { receivedAt } : {}),
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const act = async (c: typeof office, id: string, path: string, body: Record<string, unknown>) => {
      const cur = await c.get(`/api/v1/demands/${id}`);
      const res = await c.post(`/api/v1/demands/${id}/${path}`, body, { 'if-match': cur.headers.etag as string });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    const untouched = await record(e.id, '流动资金贷款贴息');
    const answered = await record(e.id, '担保费补助政策');
    // Answered at once (on time), but the enterprise never confirmed it resolved.
    await act(jfj, answered, 'reply', { text: '已答复政策口径，请按通知申报。', final: true });
    const closedLate = await record(e.id, '应收账款融资对接');
    const unrouted = await record(key.id, '上市辅导费用补助');
    expect((await office.get(`/api/v1/demands/${unrouted}`)).json().state).toBe('draft');

    today = addDays(today, 35);
    // Overdue, then answered and rated 满意: closed late — past a limit, but no longer past the resolve date.
    await act(jfj, closedLate, 'reply', { text: '已对接银行放款。', final: true });
    await act(office, closedLate, 'rating', { rating: 'satisfied' });
    // Received on a working day of the last two weeks (not today) at 09:00: its contact limit (2 office hours) is
    // missed, its resolve date (15 working days) not reached.
    const day = (await office.get(`/api/v1/calendar/working-days?from=${addDays(today, -12)}&add=1`)).json().date;
    expect(day < today).toBe(true);
    const contactLate = await record(e.id, '技改贷款', `${day}T09:00:00+08:00`);

    const ids = async (c: typeof office, q: string) => {
      const res = await c.get(`/api/v1/demands?${q}&pageSize=100`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { total: number; items: { id: string; clocks: Record<string, string> }[] };
      return { total: body.total, ids: new Set(body.items.map((i) => i.id)), items: body.items };
    };

    // The office: the cockpit's figure is the list's total, as the card's link opens it.
    const o = await ids(office, 'status=open&overdue=true');
    expect((await section(office)).demands.overdue).toBe(o.total);
    expect((await ids(office, 'overdue=true')).total).toBe(o.total);
    for (const id of [untouched, answered, unrouted]) expect(o.ids.has(id), id).toBe(true);
    for (const id of [closedLate, contactLate]) expect(o.ids.has(id), id).toBe(false);
    const a = o.items.find((i) => i.id === answered)!;
    expect(a.clocks).toMatchObject({ reply: 'on_time', resolve: 'overdue' });
    // 超时限 (any missed limit) is wider: it also holds the one closed late and the one contacted late.
    const late = await ids(office, `status=all&late=true&q=${encodeURIComponent('超期口径测试企业')}`);
    for (const id of [closedLate, contactLate, untouched]) expect(late.ids.has(id), id).toBe(true);
    expect((await ids(office, 'status=closed&overdue=true')).total).toBe(0);
    expect((await office.get('/api/v1/demands?overdue=maybe')).statusCode).toBe(400);

    // A leader (分管 the 经发局): the figure in his scope is his list's total.
    const l = await ids(leader, 'status=open&overdue=true');
    expect((await section(leader)).demands.overdue).toBe(l.total);
    expect(l.ids.has(untouched) && l.ids.has(answered)).toBe(true);

    // A unit: its own overdue demands (not the one waiting with the office), the same count as the office's list of
    // that unit.
    const u = await ids(jfj, 'status=open&overdue=true');
    expect(u.ids.has(untouched) && u.ids.has(answered)).toBe(true);
    expect(u.ids.has(unrouted) || u.ids.has(closedLate) || u.ids.has(contactLate)).toBe(false);
    expect(u.total).toBe((await ids(office, `status=open&overdue=true&unitId=${unit('经发局')}`)).total);
  });
});
