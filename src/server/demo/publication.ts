import zlib from 'node:zlib';
import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createProjectService } from '../modules/projects/projects.service';
import { createPublicationService } from '../modules/publication/publication.service';
import type { PublicField } from '../../shared/domain/publication';

/**
 * The demo's public 民生实事 page: the office publishes most of the year's livelihood projects that are under way or
 * done, each with sensible fields (content, responsible unit, township, milestones; investment for some; a note for
 * the public for some) and one generated illustration marked as such. A few stay unpublished, as in a real office.
 */
const NOTE = '施工期间给周边群众带来的不便，敬请谅解；项目进展按月更新，欢迎监督。';

export async function seedDemoPublication(deps: AppDeps, log?: (m: string) => void): Promise<number> {
  const a = await deps.org.accountByUsername('sunli');
  if (!a) return 0;
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
  const projects = createProjectService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    supervision: deps.supervision,
    attachments: deps.attachments,
  });
  const publication = createPublicationService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    projects,
    attachments: deps.attachments,
    today: deps.supervision.today,
  });
  const year = Number(deps.supervision.today().slice(0, 4));
  const meta = { requestId: 'seed-demo-publication' };
  const { items } = await projects.list(office, { livelihood: 'true', page: 1, pageSize: 500, sort: 'serial' });
  const candidates = items.filter((p) => p.startYear <= year && p.endYear >= year && p.pool !== 'reserve');
  let n = 0;
  for (const [i, p] of candidates.entries()) {
    // One in five is left unpublished (the office has not decided yet).
    if (i % 5 === 4) continue;
    const fields: PublicField[] = ['content', 'responsibleUnit', 'township', 'progress', 'photos'];
    if (i % 2 === 0) fields.push('investment');
    if (i % 3 !== 1) fields.push('description');
    await publication.put(office, p.id, 0, { published: true, fields, description: NOTE }, meta);
    const file = await deps.attachments.upload(office, `${p.name}-示意图.png`, illustration(i));
    await publication.addPhoto(
      office,
      p.id,
      { attachmentId: file.id, caption: '施工现场示意图（演示数据，程序生成）', published: true },
      meta,
    );
    n++;
  }
  log?.(`民生实事公开页：公开 ${n} 个项目 / public livelihood page: ${n} projects published`);
  return n;
}

/** A small generated picture (sky, ground, buildings) so the demo page shows how photos look; not a photograph. */
export function illustration(seed: number, width = 320, height = 200): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  const horizon = Math.round(height * 0.68);
  const blocks = Array.from({ length: 4 }, (_, k) => ({
    x: 20 + k * 75 + ((seed * 13 + k * 7) % 20),
    w: 50,
    h: 40 + ((seed * 29 + k * 31) % 70),
  }));
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      let rgb: [number, number, number];
      const block = blocks.find((b) => x >= b.x && x < b.x + b.w && y < horizon && y >= horizon - b.h);
      if (block) rgb = (x - block.x) % 12 < 6 && (horizon - y) % 14 < 7 ? [120, 160, 200] : [215, 205, 190];
      else if (y >= horizon) rgb = [110 + ((seed * 17) % 40), 140, 90];
      else rgb = [150 + Math.round((y / horizon) * 60), 190 + Math.round((y / horizon) * 40), 235];
      raw.set(rgb, row + 1 + x * 3);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function chunk(type: string, data: Buffer) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  let c = 0xffffffff;
  for (const x of body) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0, 8 + data.length);
  return out;
}
