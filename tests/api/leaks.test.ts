import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app';

/** Smaller leaks the security review (issue 13) found: each as it tried it (docs/SECURITY.md, "Smaller leaks"). */
const t = await createTestApp({}, { today: () => '2026-03-02' });

describe('extension requests of another unit', () => {
  it('a decided request of another unit answers 404, as a pending one and a made-up one do', async () => {
    const office = await t.login('sunli');
    const clerk = await t.login('fgj.clerk');
    const stranger = await t.login('czj.clerk');
    const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
    const fgj = units.find((u) => u.shortName === '发改局')!.id;
    const task = (
      await office.post('/api/v1/tasks', {
        title: '延期泄露测试',
        content: '内容',
        standard: '标准',
        accountability: '逾期未完成的约谈单位负责人',
        leadUnitId: fgj,
        deadline: '2026-06-30',
        issue: true,
      })
    ).json();
    await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, { 'if-match': `"${task.version}"` });
    const req = (
      await clerk.post(`/api/v1/tasks/${task.id}/extension-requests`, { deadline: '2026-08-31', reason: '征迁未完成' })
    ).json();
    expect(req.id, JSON.stringify([task, req])).toBeTruthy();
    const pending = await stranger.post(`/api/v1/tasks/${task.id}/extension-requests/${req.id}/approve`, {
      note: '同意',
    });
    expect(pending.statusCode).toBe(404);
    expect(
      (await office.post(`/api/v1/tasks/${task.id}/extension-requests/${req.id}/approve`, { note: '同意' })).statusCode,
    ).toBe(200);
    // What the review saw: 409 here told the stranger the request exists and was decided.
    for (const verb of ['approve', 'refuse']) {
      const decided = await stranger.post(`/api/v1/tasks/${task.id}/extension-requests/${req.id}/${verb}`, {
        note: '再批',
      });
      expect(decided.statusCode).toBe(404);
      expect(decided.json().code).toBe('not_found');
    }
    const madeUp = await stranger.post(`/api/v1/tasks/${task.id}/extension-requests/${crypto.randomUUID()}/approve`, {
      note: '同意',
    });
    expect(madeUp.statusCode).toBe(404);
    // The office, who can see the item, still learns that the request is decided already.
    expect(
      (await office.post(`/api/v1/tasks/${task.id}/extension-requests/${req.id}/approve`, { note: '同意' })).statusCode,
    ).toBe(409);
  });
});
