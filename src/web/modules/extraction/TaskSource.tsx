import { Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { hasRole, useMe } from '../../app/session';
import { extractionApi, extractionKeys } from './api';
import { useExtractionT } from './i18n';

/**
 * On a ledger task drafted from a speech: the paragraph it came from, and (for those who may open the review
 * screen) a link to the document with the quote highlighted. Nothing for tasks created by hand.
 */
export function TaskSource({ taskId }: { taskId: string }) {
  const navigate = useNavigate();
  const t = useExtractionT();
  const { data: me } = useMe();
  const q = useQuery({ queryKey: extractionKeys.source(taskId), queryFn: () => extractionApi.taskSource(taskId) });
  if (!q.data) return null;
  const s = q.data;
  const canOpen = hasRole(me, ['supervision_office', 'principal', 'leader']);
  return (
    <span data-testid="task-source">
      {' '}
      <Typography.Text type="secondary">{t('taskSource', { paragraph: s.paragraph + 1 })}</Typography.Text>{' '}
      {canOpen && (
        <Typography.Link
          onClick={() => navigate(`/extractions/${s.documentId}?candidate=${s.candidateId}`)}
          data-testid="task-source-link"
        >
          {t('taskSourceLink')}
        </Typography.Link>
      )}
    </span>
  );
}
