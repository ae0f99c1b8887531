import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../../../../tests/helpers/app';
import { systemActor } from '../../demo/seed';
import { DEMO_JURISDICTION } from '../../demo/county';
import { creditCodeCheckChar } from '../../../shared/domain/credit-code';

/**
 * 企业诉求直通车 on a platform of several counties: each county's page and API address it by its code; a demand lands
 * in its own county's office list, received by that county's system actor, and never in another's; a link's token
 * shows its own county's demand only, and under another county's address it is not found.
 */
const t = await createTestApp();
const db = t.deps.database.db;
const office1 = await t.login('sunli');
const C1 = DEMO_JURISDICTION.code;
const C2 = 'test-county-2';

let ip = 1;
const pub = (method: 'GET' | 'POST', url: string, body?: unknown) =>
  t.app.inject({
    method,
    url,
    remoteAddress: `198.51.100.${ip++}`,
    headers: { 'accept-language': 'zh-CN' },
    ...(body ? { payload: body as Record<string, unknown> } : {}),
  });
const first = '91350100MF0000001'.slice(0, 17);
const CODE = first + creditCodeCheckChar(first);
async function submit(jurisdiction: string | undefined, text: string) {
  const c = (await pub('GET', '/api/public/demands/challenge')).json();
  const [a, b] = /(\d+) \+ (\d+) = \?/.exec(c.question)!.slice(1).map(Number);
  return pub('POST', '/api/public/demands', {
    creditCode: CODE,
    enterpriseName: '两县测试机械有限公司',
    contactName: '赵经理',
    contactMobile: '13912340000',
    category: 'policy',
    text,
    challenge: c.challenge,
    answer: String(a! + b!),
    ...(jurisdiction ? { jurisdiction } : {}),
  });
}

describe('the enterprise channel on a platform of several counties', () => {
  let d1: { token: string; trackingCode: string; link: string };

  it('with one county: the page and the API need no code, and an unknown code is 404 in Chinese', async () => {
    expect((await pub('GET', '/api/public/jurisdictions')).json().items).toEqual([
      { code: C1, name: DEMO_JURISDICTION.name },
    ]);
    const res = await submit(undefined, '咨询技术改造补助政策的申报条件。');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().link).toBe(`/public/enterprise/${C1}/d/${res.json().token}`);
    const unknown = await submit('no-such-county', '咨询技术改造补助政策的申报条件。');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json()).toMatchObject({ code: 'jurisdiction_unknown' });
    expect(unknown.json().detail).toContain('no-such-county');
    expect(unknown.json().detail).toMatch(/县（市、区）/);
  });

  it('with two: a demand to each lands in its own county’s office list, received by its own system actor', async () => {
    // A second county with its office and one officer.
    const j2 = await db.transaction((tx) => t.deps.org.ensureJurisdiction(tx, C2, '测试二县'));
    const actor = systemActor(j2.id);
    const meta = { requestId: 'test-two-counties' };
    const office = await t.deps.org.createUnit(
      actor,
      { name: '测试二县委督查室', kind: 'supervision', aliases: [], sortOrder: 0 },
      meta,
    );
    await t.deps.org.createUnit(actor, { name: '测试二县发改局', kind: 'department', aliases: [], sortOrder: 1 }, meta);
    const passwordHash = await t.deps.auth.hashPassword('Office@2026!');
    await db.transaction(async (tx) => {
      const p = await t.deps.org.createPerson(
        actor,
        { username: 'office2', displayName: '二县督查员', unitId: office.id, passwordHash },
        meta,
        tx,
      );
      await t.deps.org.setRoles(actor, p.id, p.version, { roles: ['supervision_office'], leaderUnitIds: [] }, meta, tx);
      await t.deps.auth.markPasswordState(tx, p.id, { mustChange: false });
    });
    const office2 = await t.login('office2', 'Office@2026!');

    expect((await pub('GET', '/api/public/jurisdictions')).json().items).toEqual([
      { code: C1, name: DEMO_JURISDICTION.name },
      { code: C2, name: '测试二县' },
    ]);
    // Without a code the platform cannot tell: the field is named.
    const none = await submit(undefined, '咨询用工补贴政策。');
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toMatchObject({
      field: 'body.jurisdiction',
      code: 'jurisdiction_required',
      label: '所在县（市、区）',
    });

    // The same enterprise writes to each county.
    const r1 = await submit(C1, '一县：厂区道路破损，请协调修复。');
    const r2 = await submit(C2, '二县：申请用电增容，请协调。');
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r2.statusCode, r2.body).toBe(201);
    d1 = r1.json();
    const d2 = r2.json() as { token: string; trackingCode: string; link: string };
    expect(d2.link).toBe(`/public/enterprise/${C2}/d/${d2.token}`);
    const inList = async (who: typeof office1, code: string) =>
      ((await who.get(`/api/v1/demands?q=${code}&pageSize=50`)).json().items as { trackingCode: string }[]).some(
        (x) => x.trackingCode === code,
      );
    expect(await inList(office1, d1.trackingCode)).toBe(true);
    expect(await inList(office1, d2.trackingCode)).toBe(false);
    expect(await inList(office2, d2.trackingCode)).toBe(true);
    expect(await inList(office2, d1.trackingCode)).toBe(false);
    // Received in its county by that county's system actor; the enterprise a new record for county 2's office.
    const rows = (
      await db.execute<{ tracking_code: string; code: string; username: string; confirmed: boolean }>(
        sql`SELECT d.tracking_code, j.code, p.username, e.confirmed FROM demands d
          JOIN supervised_items i ON i.id = d.id JOIN jurisdictions j ON j.id = d.jurisdiction_id
          JOIN people p ON p.id = i.created_by JOIN enterprises e ON e.id = d.enterprise_id
          WHERE d.tracking_code IN (${d1.trackingCode}, ${d2.trackingCode}) ORDER BY j.code`,
      )
    ).rows;
    expect(rows).toEqual([
      { tracking_code: d1.trackingCode, code: C1, username: `system:demand-channel:${C1}`, confirmed: false },
      { tracking_code: d2.trackingCode, code: C2, username: `system:demand-channel:${C2}`, confirmed: false },
    ]);
    const enterprises = (
      await db.execute<{ n: number }>(
        sql`SELECT count(DISTINCT jurisdiction_id)::int AS n FROM enterprises WHERE credit_code = ${CODE}`,
      )
    ).rows[0]!;
    expect(enterprises.n).toBe(2);

    // Each token shows its own county's demand only; under the other county's address it is not found.
    const v2 = await pub('GET', `/api/public/demands/${d2.token}`);
    expect(v2.statusCode).toBe(200);
    expect(v2.json()).toMatchObject({ county: { code: C2, name: '测试二县' }, trackingCode: d2.trackingCode });
    expect(v2.body).not.toContain(d1.trackingCode);
    expect(v2.body).not.toContain('云溪');
    expect(v2.body).not.toContain('一县');
    const v1 = await pub('GET', `/api/public/demands/${d1.token}`);
    expect(v1.json().county.code).toBe(C1);
    expect(v1.body).not.toContain('测试二县');
    expect((await pub('GET', `/api/public/demands/${d2.token}?jurisdiction=${C2}`)).statusCode).toBe(200);
    const crossed = await pub('GET', `/api/public/demands/${d2.token}?jurisdiction=${C1}`);
    expect(crossed.statusCode).toBe(404);
    expect(crossed.json().code).toBe('not_found');
    expect(
      (await pub('POST', `/api/public/demands/${d1.token}/rating?jurisdiction=${C2}`, { rating: 'satisfied' }))
        .statusCode,
    ).toBe(404);
    expect((await pub('GET', `/api/public/demands/${d1.token}?jurisdiction=nowhere`)).json().code).toBe(
      'jurisdiction_unknown',
    );
  });

  it('the limits are the channel’s whichever county is addressed: a fourth demand of the code today is refused', async () => {
    // Three accepted today (one without a code, one to each county); a refused county or answer does not count.
    const over = await submit(C2, '再次咨询用电增容进度。');
    expect(over.statusCode).toBe(429);
    expect(over.json().code).toBe('demand_flood');
  });
});
