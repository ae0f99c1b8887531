import type { AppDeps } from '../deps';
import type { Actor } from '../http/access';
import { createExtractionService } from '../modules/extraction/extraction.service';
import { PENDING_SPEECHES, readText } from './directives';

/**
 * The demo's 讲话任务分解: the speeches of the last days (the county's own texts under `texts/`), uploaded by the
 * supervision office and drafted by the extractor, left for review — the office opens the demo with drafts to correct
 * and issue. Nothing is issued here: the ledger holds the directives of the earlier speeches.
 */
export async function seedDemoExtraction(deps: AppDeps, opts: { log?: (m: string) => void }): Promise<number> {
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
  const extraction = createExtractionService({
    db: deps.database.db,
    audit: deps.audit,
    org: deps.org,
    tasks: deps.tasks,
    today: deps.supervision.today,
  });
  let n = 0;
  for (const f of PENDING_SPEECHES) {
    const doc = await extraction.create(
      office,
      { text: readText(f), sourceType: 'meeting', fileName: f, encoding: 'utf-8' },
      { requestId: 'seed-demo-extraction' },
    );
    n += doc.candidates.length;
  }
  opts.log?.(
    `讲话任务分解：${PENDING_SPEECHES.length} 篇讲话，${n} 条候选任务待审核 / speech extraction: ${PENDING_SPEECHES.length} speeches, \
${n} candidates to review`,
  );
  return PENDING_SPEECHES.length;
}
