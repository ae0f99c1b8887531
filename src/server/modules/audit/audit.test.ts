import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { readAnchors } from './audit.anchor';
import { createTestApp, DEMO_PASSWORD } from '../../../../tests/helpers/app';

const t = await createTestApp();

describe('audit trail', () => {
  it('records sign-in success and failure with time offset, user, unit, roles, IP and request id', async () => {
    await t.anonymous.post(
      '/api/v1/auth/login',
      { username: 'gongying', password: 'wrong' },
      { 'x-request-id': 'req-fail-1' },
    );
    await t.login('gongying');
    const auditor = await t.login('auditadmin');
    const res = await auditor.get('/api/v1/audit-events?action=auth.login&q=gongying');
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    const failure = items.find((e: { result: string }) => e.result === 'failure');
    const success = items.find((e: { result: string }) => e.result === 'success');
    expect(failure).toMatchObject({
      username: 'gongying',
      requestId: 'req-fail-1',
      ip: '127.0.0.1',
      detail: { reason: 'bad_credentials' },
    });
    expect(success.roles).toBe('leader');
    expect(success.unitId).toBeTruthy();
    expect(success.at).toMatch(/\+08:00$/);
  });

  it('records data changes with before and after, and the viewing of the log itself', async () => {
    const admin = await t.login('sysadmin');
    const u = (await admin.post('/api/v1/units', { name: '审计测试单位', kind: 'other' })).json();
    await admin.patch(`/api/v1/units/${u.id}`, { name: '审计测试单位（改）' }, { 'if-match': '"1"' });
    const auditor = await t.login('auditadmin');
    const items = (await auditor.get(`/api/v1/audit-events?q=${u.id}`)).json().items;
    const update = items.find((e: { action: string }) => e.action === 'unit.update');
    expect(update.detail.before.name).toBe('审计测试单位');
    expect(update.detail.after.name).toBe('审计测试单位（改）');
    expect(update.username).toBe('sysadmin');
    const views = (await auditor.get('/api/v1/audit-events?action=audit.view')).json().items;
    expect(views.length).toBeGreaterThan(0);
  });

  it('records role changes and exports', async () => {
    const sec = await t.login('secadmin');
    const p = (await sec.get('/api/v1/people?q=zhoumin')).json().items[0];
    await sec.put(
      `/api/v1/people/${p.id}/roles`,
      { roles: ['supervision_office', 'unit_clerk'] },
      { 'if-match': `"${p.version}"` },
    );
    await sec.get('/api/v1/people/export');
    const auditor = await t.login('auditadmin');
    const roles = (await auditor.get('/api/v1/audit-events?action=person.roles')).json().items[0];
    expect(roles.detail).toMatchObject({
      before: { roles: ['supervision_office'] },
      after: { roles: ['supervision_office', 'unit_clerk'] },
    });
    expect((await auditor.get('/api/v1/audit-events?action=person.export')).json().total).toBeGreaterThan(0);
  });

  it('verifies the chain, exports the log as .xlsx, and the database refuses changes to it', async () => {
    const auditor = await t.login('auditadmin');
    const v = await auditor.post('/api/v1/audit-events/verify');
    expect(v.json()).toMatchObject({ ok: true });
    expect(v.json().checked).toBeGreaterThan(10);
    const x = await auditor.get('/api/v1/audit-events/export?action=auth.login');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('审计日志')!.rowCount).toBeGreaterThan(1);
    // The export anchored the chain's head, its own row included, outside the database.
    const exported = (await auditor.get('/api/v1/audit-events?action=audit.export')).json().items[0];
    expect(readAnchors(t.deps.config.dataDir).anchors.at(-1)).toMatchObject({
      why: 'export',
      seq: exported.seq,
      hash: exported.hash,
    });
    // The app's own role may not change it either (audit.tamper.test.ts: the superuser with triggers on).
    for (const sql of [
      'UPDATE audit_events SET action = $1 WHERE seq = 1',
      'DELETE FROM audit_events WHERE seq = $1::int',
      'TRUNCATE audit_events',
    ]) {
      const params = sql.includes('$1') ? [sql.startsWith('UPDATE') ? 'forged' : 1] : [];
      await expect(t.deps.database.pool.query(sql, params)).rejects.toThrow(/append-only|permission denied/);
    }
  });

  it('finds the first altered row', async () => {
    const app = await createTestApp();
    await app.login('sunli');
    await app.login('sunli');
    const su = new pg.Client({ connectionString: app.superuserUrl });
    await su.connect();
    const { rows } = await su.query(`SELECT seq FROM audit_events WHERE action = 'auth.login' ORDER BY seq LIMIT 1`);
    await su.query('SET session_replication_role = replica');
    await su.query(`UPDATE audit_events SET ip = '6.6.6.6' WHERE seq = $1`, [rows[0].seq]);
    await su.end();
    const v = await app.deps.audit.verify();
    expect(v).toMatchObject({ ok: false, brokenAtSeq: rows[0].seq });
    // Through the API too, in both languages.
    const res = await (await app.login('auditadmin')).post('/api/v1/audit-events/verify');
    expect(res.json()).toMatchObject({
      ok: false,
      brokenAtSeq: rows[0].seq,
      problems: [
        { seq: rows[0].seq, kind: 'hash', message: { 'zh-CN': expect.stringContaining(`第 ${rows[0].seq} 条`) } },
      ],
    });
  });

  it('is for the audit administrator only: the system administrator cannot read it', async () => {
    const admin = await t.login('sysadmin');
    expect((await admin.get('/api/v1/audit-events')).statusCode).toBe(403);
    expect(DEMO_PASSWORD).toBeTruthy();
  });
});
