import crypto from 'node:crypto';
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { hasAnyRole, type Actor } from '../../http/access';
import { AppError, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { CockpitService } from '../cockpit/cockpit.service';
import type { ScoringService } from '../scoring/scoring.service';
import type { ProjectService } from '../projects/projects.service';
import type { AccountabilityService } from '../accountability/accountability.service';
import { bulletins } from './bulletins.schema';
import { officialDocx } from '../../files/official-docx';
import { annexWorkbook } from './bulletins.excel';
import {
  bulletinBlocks,
  bulletinTitle,
  DEFAULT_REQUIREMENTS,
  nextIssueNumber,
  proposeLists,
  type BulletinModel,
} from '../../../shared/domain/bulletin';
import { daysBetween, type IsoDate } from '../../../shared/domain/dates';
import type { BulletinContent, BulletinOut, BulletinPatch, PublishedCase } from '../../../shared/bulletins';

type Row = typeof bulletins.$inferSelect;

export type BulletinService = ReturnType<typeof createBulletinService>;

/** Who drafts and issues (the supervision office); principals and leaders read what was issued. */
const DRAFTERS = ['supervision_office'] as const;
/** Units proposed for praise and for criticism from each league (units, townships). */
const PROPOSED_PER_LEAGUE = 3;

/**
 * 督查通报. A draft takes its figures from the services that own them — the tasks of the period from the cockpit
 * (the supervision core counts them), the projects behind schedule from the project library (red and yellow
 * lights), the league from scoring — and proposes the praise and criticism lists from the league; the office edits
 * the lists and the requirements (versions, If-Match). Issuing numbers it (第N期 of the year), renders the .docx and
 * the .xlsx annex once, stores them with their sha256, and freezes the row: downloads return exactly those bytes.
 */
export function createBulletinService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  cockpit: CockpitService;
  scoring: ScoringService;
  projects: ProjectService;
  /** The cases the office chooses to print (问责情况): read through the accountability service, as the office sees them. */
  accountability?: Pick<AccountabilityService, 'get'>;
  today: () => IsoDate;
}) {
  const { db, org } = deps;
  const isDrafter = (actor: Actor) => hasAnyRole(actor, DRAFTERS);
  const audit = (actor: Actor, meta: RequestMeta, action: string, id: string, detail: unknown, tx: Tx) =>
    deps.audit.record(
      {
        ...org.auditAs(actor, meta),
        action: `bulletin.${action}`,
        objectType: 'bulletin',
        objectId: id,
        result: 'success',
        detail,
      },
      tx,
    );

  function checkPeriod(from: IsoDate, to: IsoDate) {
    if (from > to || daysBetween(from, to) > 366)
      throw new AppError('validation', {}, [{ field: 'body.to', code: 'invalid_value' }]);
  }

  /** The issuing office's name: the jurisdiction's 督查室 unit, with the county's name in front of a bare 县…. */
  async function officeName(actor: Actor): Promise<string> {
    const units = await org.listUnits(actor);
    const office = units.find((u) => u.kind === 'supervision' && u.active) ?? units.find((u) => u.id === actor.unitId);
    const name = office?.name ?? '督查室';
    const county = ((await org.getJurisdiction(actor.jurisdictionId))?.name ?? '').replace(/[（(].*?[）)]/g, '').trim();
    return county.endsWith('县') && name.startsWith('县') ? county + name.slice(1) : name;
  }

  /** What the services that own the figures say about a period, and the lists proposed from the league. */
  async function gather(actor: Actor, from: IsoDate, to: IsoDate) {
    const projectsAsOf = [to, deps.today()].sort()[0]!;
    // Independent reads: side by side.
    const [tasks, { items }, unitList, ...leagues] = await Promise.all([
      deps.cockpit.period(actor, from, to),
      deps.projects.list(actor, { light: ['red', 'yellow'], sort: 'light', page: 1, pageSize: 100_000 }),
      org.listUnits(actor),
      deps.scoring.leagueFor(actor, { from, to, kind: 'unit' }),
      deps.scoring.leagueFor(actor, { from, to, kind: 'township' }),
    ]);
    const unitNames = new Map(unitList.map((u) => [u.id, u.shortName ?? u.name]));
    const behindProjects = items.map((p) => ({
      id: p.id,
      name: p.name,
      unitName: unitNames.get(p.responsibleUnitId) ?? '',
      pool: p.pool,
      light: p.light,
      investmentRate: p.investment.rate,
      expected: p.investment.expected,
      milestonesDone: p.milestonesDone,
      milestoneCount: p.milestoneCount,
    }));
    const praise = [];
    const criticism = [];
    for (const l of leagues) {
      const p = proposeLists(l.rows, PROPOSED_PER_LEAGUE);
      praise.push(...p.praise);
      criticism.push(...p.criticism);
    }
    const league = leagues.flatMap((l) =>
      l.rows.map((r) => {
        const groups = { tasks: 0, projects: 0, enterprises: 0, commendations: 0 };
        for (const g of r.groups) groups[g.group] = g.points;
        return { rank: r.rank, unitId: r.unitId, name: r.name, kind: l.kind, score: r.score, base: r.base, groups };
      }),
    );
    return { tasks, behindProjects, projectsAsOf, league, rulesVersion: leagues[0]!.rulesVersion, praise, criticism };
  }

  async function load(tx: Tx, actor: Actor, id: string, lock = false): Promise<Row> {
    const q = tx
      .select()
      .from(bulletins)
      .where(and(eq(bulletins.id, id), eq(bulletins.jurisdictionId, actor.jurisdictionId)));
    const [row] = lock ? await q.for('update') : await q;
    // Drafts are the office's working papers: to anyone else they do not exist.
    if (!row || (row.state !== 'issued' && !isDrafter(actor))) throw notFound();
    return row;
  }

  async function issuedNumbers(tx: Tx, jurisdictionId: string, year: number): Promise<number[]> {
    const rows = await tx
      .select({ n: bulletins.number })
      .from(bulletins)
      .where(and(eq(bulletins.jurisdictionId, jurisdictionId), eq(bulletins.year, year), isNotNull(bulletins.number)));
    return rows.map((r) => r.n!);
  }

  // Read each time (by key): a person renamed since shows under the new name, as everywhere else.
  async function personName(id: string | null, tx: Tx = db): Promise<string | null> {
    return id ? ((await org.accountById(id, tx))?.displayName ?? null) : null;
  }

  /** The number a row has, or would get if issued now. */
  async function numberOf(row: Row, tx: Tx = db, next?: Map<number, number>): Promise<number> {
    if (row.number !== null) return row.number;
    if (!next?.has(row.year)) {
      const n = nextIssueNumber(await issuedNumbers(tx, row.jurisdictionId, row.year));
      if (!next) return n;
      next.set(row.year, n);
    }
    return next.get(row.year)!;
  }

  /** `next` caches each year's next number over a list (one query per year, not per draft). */
  async function present(row: Row, tx: Tx = db, next?: Map<number, number>): Promise<BulletinOut> {
    const content = row.content as BulletinContent;
    return {
      id: row.id,
      state: row.state as 'draft' | 'issued',
      year: row.year,
      number: await numberOf(row, tx, next),
      periodFrom: row.periodFrom,
      periodTo: row.periodTo,
      issueDate: row.issueDate,
      totals: content.tasks.totals,
      version: row.version,
      createdByName: await personName(row.createdBy, tx),
      updatedAt: row.updatedAt.toISOString(),
      issuedAt: row.issuedAt?.toISOString() ?? null,
      issuedByName: await personName(row.issuedBy, tx),
      docxSha256: row.docxSha256,
      annexSha256: row.annexSha256,
      content,
    };
  }

  const model = (
    b: Pick<BulletinOut, 'year' | 'number' | 'periodFrom' | 'periodTo' | 'issueDate' | 'content'>,
  ): BulletinModel => b;
  const yearOf = (d: IsoDate) => Number(d.slice(0, 4));

  async function list(actor: Actor, q: { state?: 'draft' | 'issued'; year?: number }) {
    const conds = [eq(bulletins.jurisdictionId, actor.jurisdictionId)];
    if (!isDrafter(actor)) conds.push(eq(bulletins.state, 'issued'));
    if (q.state) conds.push(eq(bulletins.state, q.state));
    if (q.year) conds.push(eq(bulletins.year, q.year));
    const rows = await db
      .select()
      .from(bulletins)
      .where(and(...conds))
      .orderBy(desc(bulletins.year), sql`${bulletins.number} DESC NULLS FIRST`, desc(bulletins.createdAt));
    const items = [];
    const next = new Map<number, number>();
    for (const r of rows) {
      const { content: _c, ...summary } = await present(r, db, next);
      items.push(summary);
    }
    return { items };
  }

  async function get(actor: Actor, id: string) {
    return present(await load(db, actor, id));
  }

  async function create(
    actor: Actor,
    input: { from: IsoDate; to: IsoDate; issueDate?: IsoDate },
    meta: RequestMeta,
  ): Promise<BulletinOut> {
    checkPeriod(input.from, input.to);
    const issueDate = input.issueDate ?? deps.today();
    const g = await gather(actor, input.from, input.to);
    const content: BulletinContent = {
      officeName: await officeName(actor),
      addressee: '各乡镇（园区）、县直各单位',
      ...g,
      requirements: DEFAULT_REQUIREMENTS,
    };
    return db.transaction(async (tx) => {
      const [row] = await tx
        .insert(bulletins)
        .values({
          jurisdictionId: actor.jurisdictionId,
          year: yearOf(issueDate),
          periodFrom: input.from,
          periodTo: input.to,
          issueDate,
          content,
          createdBy: actor.personId,
        })
        .returning();
      await audit(
        actor,
        meta,
        'create',
        row!.id,
        { periodFrom: input.from, periodTo: input.to, issueDate, totals: g.tasks.totals },
        tx,
      );
      return present(row!, tx);
    });
  }

  /**
   * The chosen cases as the bulletin prints them: decided with a measure (not withdrawn, not 容错免责, not still open),
   * by the unit concerned (or the unit of the people it names) and the measure; no person's name.
   */
  async function casesToPrint(actor: Actor, ids: string[]): Promise<PublishedCase[]> {
    const out: PublishedCase[] = [];
    const problems: { field: string; code: string }[] = [];
    for (const [i, id] of [...new Set(ids)].entries()) {
      const k = deps.accountability ? await deps.accountability.get(actor, id).catch(() => null) : null;
      if (!k || k.state !== 'decided' || k.outcome !== 'measure' || !k.measure || !k.decidedOn) {
        problems.push({ field: `body.caseIds.${i}`, code: 'case_not_publishable' });
        continue;
      }
      const unitName = k.unit?.name ?? [...new Set(k.persons.map((p) => p.unitName))].join('、');
      out.push({ caseId: k.id, number: k.number, unitName, measure: k.measure, decidedOn: k.decidedOn });
    }
    if (problems.length) throw new AppError('validation', {}, problems);
    return out.sort((a, b) => (a.decidedOn < b.decidedOn ? -1 : a.decidedOn > b.decidedOn ? 1 : 0));
  }

  async function patch(
    actor: Actor,
    id: string,
    version: number,
    input: BulletinPatch,
    meta: RequestMeta,
  ): Promise<BulletinOut> {
    const before = await load(db, actor, id);
    if (before.state === 'issued') throw new AppError('bulletin_issued');
    const from = input.from ?? before.periodFrom;
    const to = input.to ?? before.periodTo;
    checkPeriod(from, to);
    const periodChanged = from !== before.periodFrom || to !== before.periodTo;
    let content = before.content as BulletinContent;
    // Figures are taken again for a new period (with freshly proposed lists) or on request (keeping the lists).
    if (periodChanged || input.refresh) {
      const g = await gather(actor, from, to);
      content = {
        ...content,
        ...g,
        ...(periodChanged ? {} : { praise: content.praise, criticism: content.criticism }),
      };
    }
    content = {
      ...content,
      ...(input.addressee !== undefined ? { addressee: input.addressee } : {}),
      ...(input.praise ? { praise: input.praise } : {}),
      ...(input.criticism ? { criticism: input.criticism } : {}),
      ...(input.requirements !== undefined ? { requirements: input.requirements } : {}),
    };
    if (input.caseIds) content = { ...content, cases: await casesToPrint(actor, input.caseIds) };
    const issueDate = input.issueDate ?? before.issueDate;
    return db.transaction(async (tx) => {
      const [row] = await tx
        .update(bulletins)
        .set({
          periodFrom: from,
          periodTo: to,
          issueDate,
          year: yearOf(issueDate),
          content,
          version: sql`${bulletins.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(bulletins.id, id), eq(bulletins.version, version), eq(bulletins.state, 'draft')))
        .returning();
      if (!row) {
        const [cur] = await tx
          .select({ version: bulletins.version, state: bulletins.state })
          .from(bulletins)
          .where(eq(bulletins.id, id));
        if (cur?.state === 'issued') throw new AppError('bulletin_issued');
        throw new AppError('version_conflict', { current: cur?.version ?? 0 }, [], {
          currentVersion: cur?.version ?? 0,
        });
      }
      const b = before.content as BulletinContent;
      await audit(
        actor,
        meta,
        'edit',
        id,
        {
          version: row.version,
          before: {
            periodFrom: before.periodFrom,
            periodTo: before.periodTo,
            issueDate: before.issueDate,
            addressee: b.addressee,
            praise: b.praise,
            criticism: b.criticism,
            requirements: b.requirements,
            totals: b.tasks.totals,
          },
          after: {
            periodFrom: from,
            periodTo: to,
            issueDate,
            addressee: content.addressee,
            praise: content.praise,
            criticism: content.criticism,
            requirements: content.requirements,
            totals: content.tasks.totals,
          },
          refreshed: periodChanged || !!input.refresh,
        },
        tx,
      );
      return present(row, tx);
    });
  }

  const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
  const fileTitle = (b: Pick<BulletinOut, 'year' | 'number'>) => `督查通报（${b.year}年第${b.number}期）`;

  /**
   * A bulletin's .docx or its annex .xlsx as it stands: a draft's is made on the fly, an issued one's is the
   * archived file, and its download is audited.
   */
  async function file(
    actor: Actor,
    id: string,
    meta: RequestMeta,
    which: 'docx' | 'annex',
  ): Promise<{ bytes: Buffer; fileName: string; sha256: string }> {
    const row = await load(db, actor, id);
    const b = await present(row);
    const issued = row.state === 'issued';
    const bytes =
      which === 'docx'
        ? (row.docx ?? (await render(b)).docx)
        : (row.annex ?? (await annexWorkbook(b.content, fileTitle(b))));
    if (issued)
      await deps.audit.record({
        ...org.auditAs(actor, meta),
        action: 'bulletin.download',
        objectType: 'bulletin',
        objectId: id,
        result: 'success',
        detail: { file: which, sha256: which === 'docx' ? row.docxSha256 : row.annexSha256 },
      });
    const [suffix, ext] = which === 'docx' ? ['', 'docx'] : ['附件', 'xlsx'];
    return {
      bytes,
      fileName: `${fileTitle(b)}${suffix}${issued ? '' : '（草稿）'}.${ext}`,
      sha256: sha256(bytes),
    };
  }
  const docx = (actor: Actor, id: string, meta: RequestMeta) => file(actor, id, meta, 'docx');
  const annex = (actor: Actor, id: string, meta: RequestMeta) => file(actor, id, meta, 'annex');

  async function render(b: BulletinOut) {
    const m = model(b);
    return {
      docx: await officialDocx(bulletinBlocks(m), `${fileTitle(b)} ${bulletinTitle(m)}`),
      annex: await annexWorkbook(b.content, fileTitle(b)),
    };
  }

  /**
   * Issues a draft: 第N期 (one past the year's highest, under a lock per jurisdiction so two issues never take the
   * same number), the .docx and annex rendered once and stored with their sha256, the row frozen from then on.
   */
  async function issue(actor: Actor, id: string, version: number, meta: RequestMeta): Promise<BulletinOut> {
    return db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bulletins:${actor.jurisdictionId}`}))`);
      const row = await load(tx, actor, id, true);
      if (row.state === 'issued') throw new AppError('bulletin_issued');
      if (row.version !== version)
        throw new AppError('version_conflict', { current: row.version }, [], { currentVersion: row.version });
      const number = nextIssueNumber(await issuedNumbers(tx, row.jurisdictionId, row.year));
      const b = { ...(await present(row, tx)), number };
      const files = await render(b);
      const docxSha256 = sha256(files.docx);
      const annexSha256 = sha256(files.annex);
      const [after] = await tx
        .update(bulletins)
        .set({
          state: 'issued',
          number,
          docx: files.docx,
          docxSha256,
          annex: files.annex,
          annexSha256,
          issuedBy: actor.personId,
          issuedAt: new Date(),
          version: row.version + 1,
          updatedAt: new Date(),
        })
        .where(eq(bulletins.id, id))
        .returning();
      await audit(
        actor,
        meta,
        'issue',
        id,
        {
          year: row.year,
          number,
          docxSha256,
          annexSha256,
          docxBytes: files.docx.length,
          annexBytes: files.annex.length,
        },
        tx,
      );
      return present(after!, tx);
    });
  }

  return { list, get, create, patch, issue, docx, annex };
}
