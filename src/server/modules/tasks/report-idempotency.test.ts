import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';

/**
 * A report sent from a phone whose connection dropped before the answer arrived is sent again with the same
 * Idempotency-Key: the server answers with the first report and files no second one (掌上督办, issue 14).
 */
const t = await createTestApp();
const office = await t.login('sunli');
const clerk = await t.login('fgj.clerk');
const units = (await office.get('/api/v1/units')).json().items as { id: string; shortName: string }[];
const ifm = (v: number) => ({ 'if-match': `"${v}"` });

async function acceptedTask(title: string) {
  const task = (
    await office.post('/api/v1/tasks', {
      title,
      content: '内容',
      standard: '标准',
      accountability: '纳入年度目标考核',
      leadUnitId: units.find((u) => u.shortName === '发改局')!.id,
      deadline: '2099-12-31',
      issue: true,
    })
  ).json();
  return (await clerk.post(`/api/v1/tasks/${task.id}/accept`, {}, ifm(task.version))).json() as {
    id: string;
    version: number;
  };
}

const reportsOf = async (id: string) =>
  (await clerk.get(`/api/v1/tasks/${id}/reports`)).json().items as { id: string }[];

describe('a report re-sent with its Idempotency-Key', () => {
  it('answers with the first report and files one report, even with the version read before the first', async () => {
    const task = await acceptedTask('幂等报送任务');
    const body = { progress: 30, text: '现场已开工' };
    const key = { ...ifm(task.version), 'idempotency-key': 'phone-7f3a9c2e-0001' };
    const first = await clerk.post(`/api/v1/tasks/${task.id}/reports`, body, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The same request again: the If-Match it carries is now stale, and the period already has its report.
    const again = await clerk.post(`/api/v1/tasks/${task.id}/reports`, body, key);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await reportsOf(task.id)).toHaveLength(1);
    const events = (await clerk.get(`/api/v1/tasks/${task.id}/events`)).json().items as { action: string }[];
    expect(events.filter((e) => e.action === 'report')).toHaveLength(1);
  });

  it('two copies sent at once file one report and both are answered with it', async () => {
    const task = await acceptedTask('幂等并发任务');
    const body = { progress: 50, text: '过半' };
    const key = { ...ifm(task.version), 'idempotency-key': 'phone-7f3a9c2e-0002' };
    const [a, b] = await Promise.all([
      clerk.post(`/api/v1/tasks/${task.id}/reports`, body, key),
      clerk.post(`/api/v1/tasks/${task.id}/reports`, body, key),
    ]);
    expect([a.statusCode, b.statusCode], `${a.body} ${b.body}`).toEqual([201, 201]);
    expect(a.json().id).toBe(b.json().id);
    expect(await reportsOf(task.id)).toHaveLength(1);
  });

  it('without a key a second report is refused as before; the key on a different report is refused too', async () => {
    const task = await acceptedTask('幂等对照任务');
    const first = await clerk.post(
      `/api/v1/tasks/${task.id}/reports`,
      { progress: 20, text: '第一次' },
      { ...ifm(task.version), 'idempotency-key': 'phone-7f3a9c2e-0003' },
    );
    expect(first.statusCode).toBe(201);
    const noKey = await clerk.post(
      `/api/v1/tasks/${task.id}/reports`,
      { progress: 20, text: '第一次' },
      ifm(task.version + 1),
    );
    expect(noKey.statusCode).toBe(409);
    expect(noKey.json().code).toBe('duplicate_report');
    const other = await acceptedTask('幂等他用任务');
    const reused = await clerk.post(
      `/api/v1/tasks/${other.id}/reports`,
      { progress: 20, text: '第一次' },
      { ...ifm(other.version), 'idempotency-key': 'phone-7f3a9c2e-0003' },
    );
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency_key_reused');
    expect(await reportsOf(other.id)).toHaveLength(0);
    // A key not of the allowed form (8–128 visible ASCII characters) is refused before anything is filed.
    const bad = await clerk.post(
      `/api/v1/tasks/${other.id}/reports`,
      { progress: 20, text: '第一次' },
      { ...ifm(other.version), 'idempotency-key': 'short' },
    );
    expect(bad.statusCode).toBe(400);
    expect(await reportsOf(other.id)).toHaveLength(0);
  });
});
