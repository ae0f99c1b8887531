import { sql } from 'drizzle-orm';
import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createServices } from '../app';
import { createBulletinService } from '../modules/bulletins/bulletins.service';
import { createCockpitService } from '../modules/cockpit/cockpit.service';
import { createScoringService } from '../modules/scoring/scoring.service';
import { createProjectService } from '../modules/projects/projects.service';
import { createBlockerService } from '../modules/projects/blockers.service';
import type { IsoDate } from '../../shared/domain/dates';
import { DEMO_YEAR } from './directives';

/**
 * The demo's 督查通报: a quarterly bulletin issued by the office in the days after each quarter (第1期 for the first
 * quarter, 第2期 for the half year, 第3期 for January to September), each drafted on its issue day from the ledger as
 * it then stood, and issued; the demo opens with the year's bulletins in the archive.
 */
const PERIODS: { to: string; issue: string }[] = [
  { to: '03-31', issue: '04-09' },
  { to: '06-30', issue: '07-09' },
  { to: '09-30', issue: '10-13' },
];

export async function seedDemoBulletins(
  base: AppDeps,
  opts: { today: IsoDate; log?: (m: string) => void },
): Promise<number> {
  let sim: IsoDate = opts.today;
  const deps = createServices(base.config, base.database, base.demo, { today: () => sim });
  const { org, supervision, attachments, database } = deps;
  const db = database.db;
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
  const projects = createProjectService({ db, audit: deps.audit, org, supervision, attachments });
  const blockers = createBlockerService({
    db,
    audit: deps.audit,
    org,
    supervision,
    attachments,
    calendar: deps.calendar,
    notifications: deps.notifications,
    projects,
  });
  const bulletins = createBulletinService({
    db,
    audit: deps.audit,
    org,
    projects,
    cockpit: createCockpitService({ supervision, org, projects, blockers }),
    scoring: createScoringService({ db, audit: deps.audit, org, calendar: deps.calendar, today: () => sim }),
    today: () => sim,
  });
  const meta = { requestId: 'seed-demo-bulletins' };
  let n = 0;
  for (const p of PERIODS) {
    const issueDate = `${DEMO_YEAR}-${p.issue}` as IsoDate;
    if (issueDate > opts.today) break;
    sim = issueDate;
    const draft = await bulletins.create(
      office,
      { from: `${DEMO_YEAR}-01-01`, to: `${DEMO_YEAR}-${p.to}`, issueDate },
      meta,
    );
    // Drafted on its day (an issued bulletin is frozen by the database, so the day is set before issuing; the
    // issue's own timestamp is the real one, its 印发日期 the day above).
    await db.execute(
      sql`UPDATE bulletins SET created_at = ${`${issueDate} 09:30:00+08`}::timestamptz,
        updated_at = ${`${issueDate} 09:30:00+08`}::timestamptz WHERE id = ${draft.id}`,
    );
    await bulletins.issue(office, draft.id, draft.version, meta);
    n++;
  }
  opts.log?.(`督查通报：已印发 ${n} 期 / bulletins: ${n} issued`);
  return n;
}
