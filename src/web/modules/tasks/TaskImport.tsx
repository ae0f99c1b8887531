import { ImportDialog } from '../../components/ImportDialog';
import { useTasksT } from './i18n';

/** Import of an office's existing ledger: every row checked and shown; written only when all rows are good. */
export function TaskImport(props: { open: boolean; onClose: () => void; onDone: (created: number) => void }) {
  const t = useTasksT();
  return (
    <ImportDialog
      open={props.open}
      onClose={props.onClose}
      onDone={(r) => props.onDone(r.created)}
      endpoint="/api/v1/tasks/import"
      title={t('importTitle')}
      hint={t('importHint')}
      columns={[{ field: 'title', title: t('task') }]}
      unit={t('importUnit')}
      testId="task-import"
    />
  );
}
