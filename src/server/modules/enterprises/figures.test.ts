import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';
import { creditCodeCheckChar } from '../../../shared/domain/credit-code';

/**
 * Honest figures of demands through HTTP: the rates with their definitions, the time a unit lost giving a demand
 * back and the office's decision, the call-back check of a withdrawal, and 无事不扰 contact counts flagged to the
 * office — with who may see and do what.
 */
const t = await createTestApp();
const office = await t.login('sunli');
const jfj = await t.login('jfj.clerk');
const czj = await t.login('czj.clerk');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const unit = (s: string) => units.find((u) => u.shortName === s)!.id;
const today = t.deps.supervision.today();
const v = (x: { version: number }) => ({ 'if-match': `"${x.version}"` });

let serial = 700000;
async function enterprise() {
  const first = `91350100MD${String(serial++).padStart(7, '0')}`;
  return (
    await office.post('/api/v1/enterprises', {
      name: `指标测试企业${serial}`,
      creditCode: first + creditCodeCheckChar(first),
      industryDivision: '34',
      liaisonUnitId: unit('经发局'),
    })
  ).json();
}
async function demand(e: { id: string }) {
  const r = await office.post('/api/v1/demands', {
    enterpriseId: e.id,
    category: 'policy',
    text: '政策咨询',
    source: 'hotline',
  });
  return (await office.get(`/api/v1/demands/${r.json().id}`)).json();
}

describe('honest figures', () => {
  it('a withdrawn demand gets one call-back check; a pressed withdrawal is counted apart', async () => {
    const d = await demand(await enterprise());
    expect(
      (await office.request('POST', `/api/v1/demands/${d.id}/withdrawal-check`, { body: { voluntary: true } }))
        .statusCode,
    ).toBe(409);
    const w = await office.request('POST', `/api/v1/demands/${d.id}/withdraw`, {
      body: { reason: '企业来电撤回' },
      headers: v(d),
    });
    expect(w.statusCode, w.body).toBe(200);
    expect((await jfj.post(`/api/v1/demands/${d.id}/withdrawal-check`, { voluntary: true })).statusCode).toBe(403);
    const c = await office.post(`/api/v1/demands/${d.id}/withdrawal-check`, {
      voluntary: false,
      note: '企业称经办人要求撤回',
    });
    expect(c.statusCode, c.body).toBe(200);
    expect((await office.post(`/api/v1/demands/${d.id}/withdrawal-check`, { voluntary: true })).json().code).toBe(
      'withdrawal_checked',
    );
    const f = (await office.get('/api/v1/demands/figures')).json();
    expect(f.county.withdrawn).toBeGreaterThanOrEqual(1);
    expect(f.county.withdrawalPressed).toBeGreaterThanOrEqual(1);
    expect(f.county.withdrawalRate).toBe(f.county.withdrawn / f.county.received);
    for (const k of [
      'confirmedRate',
      'ratedShare',
      'satisfiedOfRated',
      'reopenRate',
      'withdrawalRate',
      'withdrawalCheckedShare',
    ])
      expect(f.definitions[k], k).toMatch(/=/);
  });

  it('a give-back is charged to the unit that held it; the office’s re-routing is measured', async () => {
    const d = await demand(await enterprise());
    const back = await jfj.request('POST', `/api/v1/demands/${d.id}/return`, {
      body: { reason: '不属于本单位职责' },
      headers: v(d),
    });
    expect(back.statusCode, back.body).toBe(200);
    let f = (await office.get('/api/v1/demands/figures')).json();
    expect(f.units.find((u: { unitId: string }) => u.unitId === unit('经发局')).returns).toBeGreaterThanOrEqual(1);
    expect(f.office.waiting).toBeGreaterThanOrEqual(1);
    const again = back.json();
    await office.request('POST', `/api/v1/demands/${d.id}/assign`, {
      body: { handlingUnitId: unit('财政局') },
      headers: v(again),
    });
    f = (await office.get(`/api/v1/demands/figures?from=${today.slice(0, 4)}-01-01&to=${today}`)).json();
    expect(f.office.decisions).toBeGreaterThanOrEqual(1);
    // A unit sees its own row only.
    const theirs = (await czj.get('/api/v1/demands/figures')).json();
    expect(theirs.units.every((u: { unitId: string }) => u.unitId === unit('财政局'))).toBe(true);
  });
});

describe('无事不扰', () => {
  it('counts contacts per enterprise and month and flags the over-contacted to the office', async () => {
    const e = await enterprise();
    for (let i = 0; i < 5; i++) {
      const r = await jfj.post(`/api/v1/enterprises/${e.id}/contacts`, {
        kind: 'data_request',
        on: today,
        note: `第 ${i + 1} 次要数`,
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().flagged).toBe(i >= 4);
    }
    const m = (await office.get(`/api/v1/enterprise-contacts?month=${today.slice(0, 7)}`)).json();
    const row = m.items.find((x: { enterpriseId: string }) => x.enterpriseId === e.id);
    expect(row).toMatchObject({ recorded: 5, flagged: true });
    expect(m.definition).toContain('无事不扰');
    const notes = (await office.get('/api/v1/notifications?pageSize=50')).json().items as { title: string }[];
    expect(notes.some((n) => n.title.includes('无事不扰') && n.title.includes(e.name))).toBe(true);
    expect((await jfj.get('/api/v1/enterprise-contacts')).statusCode).toBe(403);
    const future = await jfj.post(`/api/v1/enterprises/${e.id}/contacts`, { kind: 'call', on: '2999-01-01' });
    expect(future.json().errors[0]).toMatchObject({ field: 'body.on', code: 'date_in_future' });
  });
});
