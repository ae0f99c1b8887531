import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../../tests/helpers/app';
import { remindNextYear } from '../../app';

/** Issue 11: next year's calendar, and working-day sums reaching into a year without one. */
let today = '2026-12-06';
const t = await createTestApp({}, { today: () => today });
const admin = await t.login('sysadmin');
const office = await t.login('sunli');

function xlsx(rows: string[][]) {
  return rows.map((r) => r.join(',')).join('\n');
}
async function importCsv(csv: string) {
  const boundary = '----luoshi-test';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; \
filename="2027.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return admin.request('POST', '/api/v1/calendar/import', {
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

describe('the 2027 calendar', () => {
  it('ships 2027: three working days after 2027-02-05 do not run through the Spring Festival', async () => {
    const r = (await office.get('/api/v1/calendar/working-days?from=2027-02-04&add=3')).json();
    expect(r.date).toBe('2027-02-17');
    // Shipped before the notice could be checked: the answer says so, in the caller's language.
    expect(r.warnings).toEqual([expect.objectContaining({ year: 2027, status: 'provisional' })]);
    expect(r.warnings[0].message).toContain('2027 年节假日安排为系统推算');
    const en = (
      await office.get('/api/v1/calendar/working-days?from=2027-02-04&add=3', { 'accept-language': 'en' })
    ).json();
    expect(en.warnings[0].message).toContain('The 2027 holiday calendar is provisional');
    // Within a loaded year: no warning.
    expect((await office.get('/api/v1/calendar/working-days?from=2026-02-13&add=3')).json().warnings).toEqual([]);
  });

  it('a sum reaching into a year without any calendar says the holidays are not counted', async () => {
    const r = (await office.get('/api/v1/calendar/working-days?from=2027-12-28&add=5')).json();
    expect(r.date).toBe('2028-01-04');
    expect(r.warnings).toEqual([
      expect.objectContaining({ year: 2027, status: 'provisional' }),
      expect.objectContaining({ year: 2028, status: 'missing' }),
    ]);
    expect(r.warnings[1].message).toContain('2028 年节假日安排尚未载入');
    const year = (await office.get('/api/v1/calendar?year=2028')).json();
    expect(year.status).toBe('missing');
    expect(year.warning).toContain('尚未载入');
  });

  it('reminds the system administrator from November on, once, until the notice is imported', async () => {
    today = '2026-10-30';
    expect((await admin.get('/api/v1/calendar/next-year')).json()).toMatchObject({
      year: 2027,
      status: 'provisional',
      remind: false,
    });
    expect(await remindNextYear(t.deps, (await t.deps.org.jurisdictionIds())[0]!)).toBe(0);
    today = '2026-11-02';
    expect((await admin.get('/api/v1/calendar/next-year')).json()).toMatchObject({
      year: 2027,
      status: 'provisional',
      remind: true,
    });
    const j = (await t.deps.org.jurisdictionIds())[0]!;
    expect(await remindNextYear(t.deps, j)).toBe(1);
    expect(await remindNextYear(t.deps, j)).toBe(0); // once
    const inbox = (await admin.get('/api/v1/notifications?pageSize=50')).json().items as {
      title: string;
      link: string;
    }[];
    expect(inbox.filter((n) => n.title.includes('2027 年节假日安排'))).toHaveLength(1);
    // Nobody else is told.
    const others = (await office.get('/api/v1/notifications?pageSize=50')).json().items as { title: string }[];
    expect(others.some((n) => n.title.includes('节假日安排'))).toBe(false);
    expect((await office.get('/api/v1/calendar/next-year')).statusCode).toBe(403);

    // The administrator imports the notice: the year is loaded, the warnings and the reminder end.
    const res = await importCsv(
      xlsx([
        ['日期', '类型', '名称'],
        ['2027-02-05', '放假', '春节'],
        ['2027-02-20', '上班', '春节调休上班'],
      ]),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect((await admin.get('/api/v1/calendar/next-year')).json()).toMatchObject({
      year: 2027,
      status: 'loaded',
      remind: false,
      warning: null,
    });
    expect((await office.get('/api/v1/calendar/working-days?from=2027-02-04&add=3')).json().warnings).toEqual([]);
  });
});
