import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import type { Actor } from '../../http/access';
import { AppError, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { OrgService, RequestMeta } from '../org/org.service';
import type { ProjectService } from '../projects/projects.service';
import type { AttachmentService } from '../attachments/attachments.service';
import { projectPublications, publicationPhotos } from './publication.schema';
import { stripImageMetadata } from './image-meta';
import { PUBLIC_FIELDS, publicProjectView, type PublicField } from '../../../shared/domain/publication';
import {
  PublicLivelihoodOut,
  PublicProject,
  type PublicationOut,
  type PublicationPut,
} from '../../../shared/publication';
import type { IsoDate } from '../../../shared/domain/dates';
import type { ProjectOut } from '../../../shared/projects';

const IMAGE_TYPES = ['image/jpeg', 'image/png'];
const NIL = '00000000-0000-0000-0000-000000000000';

export const publicPhotoUrl = (id: string) => `/api/public/livelihood/photos/${id}`;

export type PublicationService = ReturnType<typeof createPublicationService>;

/**
 * The public 民生实事 page (docs/PUBLIC.md): the office's publication settings per project, and the public list built
 * from them. The public list reads projects and milestones through the projects service as a read-only reader with
 * the office's scope (the whole jurisdiction) and keeps, per published project, only what the allow-list names.
 */
export function createPublicationService(deps: {
  db: Db;
  audit: AuditService;
  org: OrgService;
  projects: ProjectService;
  attachments: AttachmentService;
  today: () => IsoDate;
}) {
  const { db, projects, attachments } = deps;

  /** Never used for writes; it carries no person and exists only for reading what may then be published. */
  const reader = (jurisdictionId: string): Actor => ({
    personId: NIL,
    username: 'public-page',
    displayName: '公开页',
    unitId: NIL,
    jurisdictionId,
    roles: ['supervision_office'],
    leaderUnitIds: [],
    via: 'token',
    mustChangePassword: false,
    needsTotpSetup: false,
  });

  // ---------- the office's settings ----------

  async function settingsRow(projectId: string, tx: Tx = db) {
    return (await tx.select().from(projectPublications).where(eq(projectPublications.projectId, projectId)))[0];
  }

  async function photoRows(projectIds: string[], onlyPublished: boolean, tx: Tx = db) {
    if (projectIds.length === 0) return [];
    const conds = [inArray(publicationPhotos.projectId, projectIds)];
    if (onlyPublished) conds.push(eq(publicationPhotos.published, true));
    return tx
      .select()
      .from(publicationPhotos)
      .where(and(...conds))
      .orderBy(asc(publicationPhotos.sortOrder), asc(publicationPhotos.addedAt));
  }

  /** Image evidence of the project's milestones (what the office may choose as photos). */
  async function milestoneImages(actor: Actor, projectId: string) {
    const ms = await projects.milestones(actor, projectId);
    const out: { attachmentId: string; fileName: string; milestone: string; itemId: string }[] = [];
    for (const m of ms)
      for (const a of await attachments.listForItem(m.id))
        if (IMAGE_TYPES.includes(a.mediaType))
          out.push({ attachmentId: a.id, fileName: a.fileName, milestone: m.name, itemId: m.id });
    return out;
  }

  async function get(actor: Actor, projectId: string): Promise<PublicationOut> {
    const project = await projects.get(actor, projectId);
    const s = await settingsRow(projectId);
    const photos = await photoRows([projectId], false);
    const metas = new Map(
      (
        await attachments.metaOf(
          actor.jurisdictionId,
          photos.map((p) => p.attachmentId),
        )
      ).map((m) => [m.id, m]),
    );
    const chosen = new Set(photos.map((p) => p.attachmentId));
    const candidates = (await milestoneImages(actor, projectId))
      .filter((c) => !chosen.has(c.attachmentId))
      .map(({ attachmentId, fileName, milestone }) => ({ attachmentId, fileName, milestone }));
    return {
      projectId,
      livelihood: project.livelihood,
      published: s?.published ?? false,
      fields: (s?.fields ?? []).filter((f): f is PublicField => (PUBLIC_FIELDS as readonly string[]).includes(f)),
      description: s?.description ?? null,
      version: s?.version ?? 0,
      updatedAt: s?.updatedAt.toISOString() ?? null,
      photos: photos.map((p) => ({
        id: p.id,
        attachmentId: p.attachmentId,
        fileName: metas.get(p.attachmentId)?.fileName ?? '',
        caption: p.caption,
        published: p.published,
        version: p.version,
      })),
      candidates,
    };
  }

  const audit = (actor: Actor, meta: RequestMeta, action: string, projectId: string, detail: unknown, tx: Tx) =>
    deps.audit.record(
      {
        ...deps.org.auditAs(actor, meta),
        action: `publication.${action}`,
        objectType: 'project',
        objectId: projectId,
        result: 'success',
        detail,
      },
      tx,
    );

  /** Sets what is published; `version` is 0 for the first save. */
  async function put(
    actor: Actor,
    projectId: string,
    version: number,
    input: PublicationPut,
    meta: RequestMeta,
  ): Promise<PublicationOut> {
    const project = await projects.get(actor, projectId);
    if (input.published && !project.livelihood) throw new AppError('not_livelihood');
    const fields = PUBLIC_FIELDS.filter((f) => input.fields.includes(f));
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`publication:${projectId}`}))`);
      const before = await settingsRow(projectId, tx);
      const current = before?.version ?? 0;
      if (current !== version) throw new AppError('version_conflict', { current }, [], { currentVersion: current });
      const values = {
        published: input.published,
        fields,
        description: input.description ?? null,
        version: current + 1,
        updatedBy: actor.personId,
        updatedAt: new Date(),
      };
      if (before) await tx.update(projectPublications).set(values).where(eq(projectPublications.projectId, projectId));
      else await tx.insert(projectPublications).values({ projectId, jurisdictionId: actor.jurisdictionId, ...values });
      await audit(
        actor,
        meta,
        'update',
        projectId,
        {
          before: before
            ? { published: before.published, fields: before.fields, description: before.description }
            : null,
          after: { published: input.published, fields, description: values.description },
        },
        tx,
      );
    });
    return get(actor, projectId);
  }

  /** Marks a photo for publication: an image the caller uploaded (not yet used) or image evidence of one of the project's milestones. */
  async function addPhoto(
    actor: Actor,
    projectId: string,
    input: { attachmentId: string; caption: string; published: boolean },
    meta: RequestMeta,
  ): Promise<PublicationOut> {
    await projects.get(actor, projectId);
    const [a] = await attachments.metaOf(actor.jurisdictionId, [input.attachmentId]);
    const ownUpload = a && a.itemId === null && a.uploadedBy === actor.personId;
    const evidence =
      a && a.itemId !== null && (await milestoneImages(actor, projectId)).some((c) => c.attachmentId === a.id);
    if (!a || !(ownUpload || evidence))
      throw new AppError('validation', {}, [{ field: 'body.attachmentId', code: 'unknown_reference' }]);
    if (!IMAGE_TYPES.includes(a.mediaType)) throw new AppError('photo_not_image');
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`publication:${projectId}`}))`);
      const existing = await photoRows([projectId], false, tx);
      if (existing.some((p) => p.attachmentId === a.id)) throw new AppError('duplicate', { what: '该照片' });
      const [row] = await tx
        .insert(publicationPhotos)
        .values({
          projectId,
          jurisdictionId: actor.jurisdictionId,
          attachmentId: a.id,
          caption: input.caption,
          published: input.published,
          sortOrder: existing.length,
          addedBy: actor.personId,
        })
        .returning();
      await audit(
        actor,
        meta,
        'photo.add',
        projectId,
        { after: { photoId: row!.id, attachmentId: a.id, caption: input.caption, published: input.published } },
        tx,
      );
    });
    return get(actor, projectId);
  }

  async function patchPhoto(
    actor: Actor,
    projectId: string,
    photoId: string,
    version: number,
    input: { caption?: string; published?: boolean },
    meta: RequestMeta,
  ): Promise<PublicationOut> {
    await projects.get(actor, projectId);
    await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(publicationPhotos)
        .where(and(eq(publicationPhotos.id, photoId), eq(publicationPhotos.projectId, projectId)))
        .for('update');
      if (!before) throw notFound();
      if (before.version !== version)
        throw new AppError('version_conflict', { current: before.version }, [], { currentVersion: before.version });
      const set = {
        caption: input.caption ?? before.caption,
        published: input.published ?? before.published,
        version: before.version + 1,
        updatedAt: new Date(),
      };
      await tx.update(publicationPhotos).set(set).where(eq(publicationPhotos.id, photoId));
      await audit(
        actor,
        meta,
        'photo.update',
        projectId,
        {
          photoId,
          before: { caption: before.caption, published: before.published },
          after: { caption: set.caption, published: set.published },
        },
        tx,
      );
    });
    return get(actor, projectId);
  }

  /** A chosen photo for the office's preview (published or not). */
  async function photoFile(actor: Actor, projectId: string, photoId: string) {
    await projects.get(actor, projectId);
    const [p] = await db
      .select()
      .from(publicationPhotos)
      .where(and(eq(publicationPhotos.id, photoId), eq(publicationPhotos.projectId, projectId)));
    if (!p) throw notFound();
    return attachments.read(actor.jurisdictionId, p.attachmentId);
  }

  // ---------- the public side ----------

  /** The jurisdictions (code, name), read again after a minute: an anonymous request should not cost one query per county. */
  let known: { at: number; list: { id: string; code: string; name: string }[] } | null = null;
  async function jurisdictions() {
    if (!known || Date.now() - known.at > 60_000) {
      const list = (
        await Promise.all((await deps.org.jurisdictionIds()).map((id) => deps.org.getJurisdiction(id)))
      ).filter((j): j is NonNullable<typeof j> => !!j);
      known = { at: Date.now(), list: list.map((j) => ({ id: j.id, code: j.code, name: j.name })) };
    }
    return known.list;
  }

  async function jurisdictionFor(code: string | undefined): Promise<{ id: string; name: string }> {
    let all = await jurisdictions();
    if (code) {
      let j = all.find((x) => x.code === code);
      if (!j) {
        // A county added in the last minute: look once more (the route's rate limit bounds the cost of bad codes).
        known = null;
        all = await jurisdictions();
        j = all.find((x) => x.code === code);
      }
      if (!j) throw notFound();
      return j;
    }
    if (all.length === 1) return all[0]!;
    throw new AppError('validation', {}, [{ field: 'query.county', code: 'required' }]);
  }

  /** The published livelihood projects of a year, each with only its published fields. */
  async function publicList(q: { county?: string; year?: number }): Promise<PublicLivelihoodOut> {
    const j = await jurisdictionFor(q.county);
    const today = deps.today();
    const year = q.year ?? Number(today.slice(0, 4));
    const settings = await db
      .select()
      .from(projectPublications)
      .where(and(eq(projectPublications.jurisdictionId, j.id), eq(projectPublications.published, true)));
    const actor = reader(j.id);
    const bySettings = new Map(settings.map((s) => [s.projectId, s]));
    // One read of the jurisdiction's livelihood projects (ordered by serial), then those published for the year.
    const chosen: ProjectOut[] = [];
    for (let page = 1, more = settings.length > 0; more; page++) {
      const r = await projects.list(actor, { livelihood: 'true', page, pageSize: 500, sort: 'serial' });
      chosen.push(...r.items.filter((p) => bySettings.has(p.id) && p.startYear <= year && p.endYear >= year));
      more = page * 500 < r.total;
    }
    const units = new Map((await deps.org.listUnits(actor)).map((u) => [u.id, u.name]));
    const photos = await photoRows(
      chosen.map((p) => p.id),
      true,
    );
    const out: PublicProject[] = [];
    for (const p of chosen) {
      const s = bySettings.get(p.id)!;
      const own = photos.filter((ph) => ph.projectId === p.id);
      const ms = await projects.milestones(actor, p.id);
      const updated = [s.updatedAt, ...own.map((ph) => ph.updatedAt)].reduce((a, b) => (b > a ? b : a));
      const view = publicProjectView(
        {
          publicId: s.projectId,
          name: p.name,
          content: p.content,
          responsibleUnitName: units.get(p.responsibleUnitId) ?? '',
          townshipName: p.townshipUnitId ? (units.get(p.townshipUnitId) ?? null) : null,
          pool: p.pool,
          startYear: p.startYear,
          endYear: p.endYear,
          milestones: ms.map((m) => ({
            name: m.name,
            plannedDate: m.plannedDate as IsoDate,
            actualDate: m.actualDate as IsoDate | null,
            state: m.state,
          })),
          investment: { year: p.investment.year, planned: p.investment.planned, completed: p.investment.completed },
          fields: s.fields,
          description: s.description,
          photos: own.map((ph) => ({ id: ph.id, caption: ph.caption })),
          updatedAt: updated.toISOString(),
        },
        today,
        publicPhotoUrl,
      );
      // Parsed against the strict public contract: a field not in it is an error, never passed on.
      out.push(PublicProject.parse(view));
    }
    // Computed on each request (a flag or milestone changed elsewhere shows at once); browsers and proxies may
    // keep it for a minute (Cache-Control), and the route is rate-limited per address.
    return PublicLivelihoodOut.parse({ county: j.name, year, asOf: today, projects: out });
  }

  /**
   * A photo for the public: only one marked for publication, of a project published with its photos, a livelihood
   * project; served without its metadata.
   */
  async function publicPhoto(photoId: string): Promise<{ mediaType: string; data: Buffer }> {
    const [ph] = await db
      .select()
      .from(publicationPhotos)
      .where(and(eq(publicationPhotos.id, photoId), eq(publicationPhotos.published, true)));
    if (!ph) throw notFound();
    const s = await settingsRow(ph.projectId);
    if (!s?.published || !s.fields.includes('photos')) throw notFound();
    const p = await projects.get(reader(ph.jurisdictionId), ph.projectId).catch(() => null);
    if (!p?.livelihood) throw notFound();
    const { meta, data } = await attachments.read(ph.jurisdictionId, ph.attachmentId);
    const clean = stripImageMetadata(data, meta.mediaType);
    if (!clean) throw notFound();
    return { mediaType: meta.mediaType, data: clean };
  }

  return { get, put, addPhoto, patchPhoto, photoFile, publicList, publicPhoto };
}
