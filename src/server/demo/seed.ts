import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { seedDemoLedger } from './ledger';
import { seedDemoProjects } from './projects';
import { seedDemoIndicators } from './indicators';
import { seedDemoPublication } from './publication';
import { seedDemoExtraction } from './extraction';
import { seedDemoBulletins } from './bulletins';
import { seedDemoEnterprises } from './enterprises';
import { seedDemoMeetings } from './meetings';
import { seedDemoInvestment } from './investment';
import { seedDemoAccountability } from './accountability';
import { seedDemoFindings } from './findings';
import { seedDemoCampaigns } from './campaigns';
import { seedDemoTaskForces } from './taskforces';
import { DEMO_JURISDICTION, DEMO_PASSWORD, DEMO_PEOPLE, DEMO_UNITS } from './county';

/** The actor used by seeding and the CLI: a system process, recorded as such in the audit trail. */
export function systemActor(jurisdictionId: string): Actor {
  return {
    personId: '00000000-0000-0000-0000-000000000000',
    username: 'system',
    displayName: '系统',
    unitId: '00000000-0000-0000-0000-000000000000',
    jurisdictionId,
    roles: ['system_admin', 'security_admin'],
    leaderUnitIds: [],
    via: 'token',
    mustChangePassword: false,
    needsTotpSetup: false,
  };
}

/** Loads the demo county once; a second call finds it and does nothing. Returns whether it loaded. */
export async function seedDemo(
  deps: AppDeps,
  opts: { forcePasswordChange: boolean; ledger?: { today: string; log?: (m: string) => void } },
): Promise<boolean> {
  const { org, auth, database } = deps;
  const loaded = await database.db.transaction(async (tx) => {
    const j = await org.ensureJurisdiction(tx, DEMO_JURISDICTION.code, DEMO_JURISDICTION.name);
    const actor = systemActor(j.id);
    if ((await org.listUnits(actor, tx)).length > 0) return false;
    const meta = { requestId: 'seed-demo' };
    const ids = new Map<string, string>();
    let order = 0;
    for (const u of DEMO_UNITS) {
      const created = await org.createUnit(
        actor,
        {
          name: u.name,
          shortName: u.shortName,
          aliases: u.aliases,
          kind: u.kind,
          parentId: u.parent ? ids.get(u.parent) : null,
          sortOrder: (order += 10),
        },
        meta,
        tx,
      );
      ids.set(u.code, created.id);
    }
    const passwordHash = await auth.hashPassword(DEMO_PASSWORD);
    for (const p of DEMO_PEOPLE) {
      const person = await org.createPerson(
        actor,
        { username: p.username, displayName: p.displayName, unitId: ids.get(p.unit)!, title: p.title, passwordHash },
        meta,
        tx,
      );
      await org.setRoles(
        actor,
        person.id,
        person.version,
        { roles: p.roles, leaderUnitIds: (p.leads ?? []).map((c) => ids.get(c)!) },
        meta,
        tx,
      );
      await auth.markPasswordState(tx, person.id, { mustChange: opts.forcePasswordChange });
    }
    return true;
  });
  if (loaded && opts.ledger) await seedDemoLedger(deps, opts.ledger);
  if (loaded && opts.ledger) await seedDemoProjects(deps, opts.ledger);
  if (loaded && opts.ledger) await seedDemoIndicators(deps, opts.ledger);
  if (loaded && opts.ledger) await seedDemoPublication(deps, opts.ledger.log);
  if (loaded && opts.ledger) await seedDemoBulletins(deps, opts.ledger);
  if (loaded && opts.ledger) await seedDemoMeetings(deps, opts.ledger);
  if (loaded && opts.ledger) await seedDemoInvestment(deps, opts.ledger);
  // After the bulletins: an issued bulletin is frozen, and a case decided later must not reach back into it.
  if (loaded && opts.ledger) await seedDemoAccountability(deps, opts.ledger);
  if (loaded && opts.ledger) await seedDemoExtraction(deps, opts.ledger);
  if (loaded && opts.ledger) await seedDemoEnterprises(deps, opts.ledger);
  if (loaded && opts.ledger) await seedDemoFindings(deps, opts.ledger);
  // Last: the campaign's fronts hold the year's tasks and the library's projects as the other simulations left them.
  if (loaded && opts.ledger) await seedDemoCampaigns(deps, opts.ledger);
  if (loaded && opts.ledger) await seedDemoTaskForces(deps, opts.ledger);
  // The events it wrote, chained (they wait in audit_pending until then), before the caller closes its connections.
  if (loaded) await deps.audit.settle();
  return loaded;
}
