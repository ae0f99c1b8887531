import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { NotificationService } from '../notifications/notifications.service';
import type { EnterpriseService } from './enterprises.service';
import { enterpriseContacts, enterprises } from './enterprises.schema';
import type { IsoDate } from '../../../shared/domain/dates';

export type ContactService = ReturnType<typeof createContactService>;

/** 无事不扰: more contacts than this with one enterprise in a month are flagged to the office. */
export const DEFAULT_CONTACTS_PER_MONTH = 4;
export const CONTACT_KINDS = ['call', 'data_request', 'inspection', 'meeting', 'other'] as const;

/**
 * 无事不扰 (docs/ENTERPRISES.md): every contact with an enterprise counted per month — the visits that met it, the
 * contacts units record (calls, data requests, inspections), and the demand contacts (联系企业) — and the
 * enterprises contacted more than the limit flagged to the office (a notice the first time in a month).
 */
export function createContactService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  notifications: NotificationService;
  enterprises: EnterpriseService;
  today: () => IsoDate;
  limit?: number;
}) {
  const { db, org } = deps;
  const limit = deps.limit ?? DEFAULT_CONTACTS_PER_MONTH;

  /** Contacts per enterprise in a month ('YYYY-MM'), over all sources. */
  async function counts(jurisdictionId: string, month: string, enterpriseId?: string) {
    const from = `${month}-01`;
    const rows = (
      await db.execute<{ id: string; name: string; visits: number; recorded: number; demand_contacts: number }>(sql`
        WITH m AS (SELECT ${from}::date AS f, (${from}::date + interval '1 month')::date AS t)
        SELECT e.id, e.name,
          (SELECT count(*)::int FROM visit_enterprises ve, m WHERE ve.enterprise_id = e.id AND ve."on" >= m.f AND ve."on" < m.t) AS visits,
          (SELECT count(*)::int FROM enterprise_contacts c, m WHERE c.enterprise_id = e.id AND c."on" >= m.f AND c."on" < m.t) AS recorded,
          (SELECT count(*)::int FROM demands d, m WHERE d.enterprise_id = e.id AND d.contacted_at IS NOT NULL
             AND (d.contacted_at AT TIME ZONE 'Asia/Shanghai')::date >= m.f AND (d.contacted_at AT TIME ZONE
               'Asia/Shanghai')::date < m.t) AS demand_contacts
        FROM enterprises e
        WHERE e.jurisdiction_id = ${jurisdictionId} ${enterpriseId ? sql`AND e.id = ${enterpriseId}` : sql``}`)
    ).rows;
    return rows
      .map((r) => ({
        enterpriseId: r.id,
        enterpriseName: r.name,
        visits: r.visits,
        recorded: r.recorded,
        demandContacts: r.demand_contacts,
        total: r.visits + r.recorded + r.demand_contacts,
      }))
      .filter((r) => r.total > 0)
      .sort((a, b) => b.total - a.total || a.enterpriseName.localeCompare(b.enterpriseName));
  }

  /** A unit records a contact with an enterprise it 包联 (or any, for the office); over the limit, the office hears. */
  async function record(
    actor: Actor,
    enterpriseId: string,
    input: { kind: (typeof CONTACT_KINDS)[number]; on: string; note?: string | null },
    meta: RequestMeta,
  ) {
    if (input.on > deps.today()) throw new AppError('validation', {}, [{ field: 'body.on', code: 'date_in_future' }]);
    const [e] = await db
      .select({ id: enterprises.id, name: enterprises.name })
      .from(enterprises)
      .where(and(eq(enterprises.id, enterpriseId), eq(enterprises.jurisdictionId, actor.jurisdictionId)));
    if (!e) throw new AppError('not_found');
    await db.transaction(async (tx) => {
      await tx.insert(enterpriseContacts).values({
        jurisdictionId: actor.jurisdictionId,
        enterpriseId,
        unitId: actor.unitId,
        kind: input.kind,
        on: input.on,
        note: input.note ?? null,
        byPersonId: actor.personId,
      });
      await deps.audit.record(
        {
          ...org.auditAs(actor, meta),
          action: 'enterprise.contact',
          objectType: 'enterprise',
          objectId: enterpriseId,
          result: 'success',
          detail: input,
        },
        tx,
      );
    });
    const month = input.on.slice(0, 7);
    const [c] = await counts(actor.jurisdictionId, month, enterpriseId);
    if (c && c.total > limit) {
      const office = await org.peopleWithRole(actor.jurisdictionId, 'supervision_office');
      await db.transaction((tx) =>
        deps.notifications.notify(tx, {
          jurisdictionId: actor.jurisdictionId,
          recipients: office,
          kind: 'enterprise_over_contacted',
          itemId: null,
          title: `【无事不扰】${e.name} ${month} 已被联系 ${c.total} 次`,
          body: `走访 ${c.visits} 次、诉求联系 ${c.demandContacts} 次、单位登记联系 ${c.recorded} 次，超过每月 ${limit} 次。`,
          link: `/visits?tab=contacts&month=${month}`,
          dedupeKey: `over-contacted:${enterpriseId}:${month}`,
        }),
      );
    }
    return {
      ...(c ?? { enterpriseId, enterpriseName: e.name, visits: 0, recorded: 0, demandContacts: 0, total: 0 }),
      flagged: (c?.total ?? 0) > limit,
    };
  }

  /** The office's view of a month: every enterprise contacted, most first, those over the limit flagged. */
  async function month(actor: Actor, m: string) {
    if (!hasAnyRole(actor, ['supervision_office', 'principal'])) throw new AppError('forbidden');
    const rows = await counts(actor.jurisdictionId, m);
    return {
      month: m,
      limit,
      definition: `无事不扰：一家企业一个月内被走访、诉求办理联系和各单位登记的电话、要数、检查等联系合计超过 ${limit} 次即提示督查室。`,
      flagged: rows.filter((r) => r.total > limit).length,
      items: rows.map((r) => ({ ...r, flagged: r.total > limit })),
    };
  }

  return { record, month, counts };
}
