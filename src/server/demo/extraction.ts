import fs from 'node:fs';
import path from 'node:path';
import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createExtractionService } from '../modules/extraction/extraction.service';

/**
 * The demo's 讲话任务分解: the corpus speeches (read at run time from `../shared/corpus/`, never copied) uploaded by
 * the supervision office and drafted by the extractor, left for review — the office opens the demo with drafts
 * to correct and issue. Nothing is issued here: the demo ledger already holds these directives.
 */
export async function seedDemoExtraction(deps: AppDeps, opts: { sharedDir: string; log?: (m: string) => void }): Promise<number> {
  const dir = path.join(opts.sharedDir, 'corpus');
  if (!fs.existsSync(dir)) return 0;
  const a = await deps.org.accountByUsername('sunli');
  if (!a) return 0;
  const office: Actor = { personId: a.id, username: a.username, displayName: a.displayName, unitId: a.unitId, jurisdictionId: a.jurisdictionId, roles: a.roles, leaderUnitIds: a.leaderUnitIds, via: 'token', mustChangePassword: false, needsTotpSetup: false };
  const extraction = createExtractionService({ db: deps.database.db, audit: deps.audit, org: deps.org, tasks: deps.tasks, today: deps.supervision.today });
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  let n = 0;
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    if (!text.trim()) continue;
    const doc = await extraction.create(office, { text, sourceType: 'meeting', fileName: f, encoding: 'utf-8' }, { requestId: 'seed-demo-extraction' });
    n += doc.candidates.length;
  }
  opts.log?.(`讲话任务分解：${files.length} 篇讲话，${n} 条候选任务待审核 / speech extraction: ${files.length} speeches, ${n} candidates to review`);
  return files.length;
}
