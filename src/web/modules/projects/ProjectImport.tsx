import { ImportDialog } from '../../components/ImportDialog';
import { useProjectsT } from './i18n';

/** Import of the office's key-project table: every row checked and shown by row and column; written only when all rows are good. */
export function ProjectImport(props: { open: boolean; onClose: () => void; onDone: (created: number) => void }) {
  const tr = useProjectsT();
  return (
    <ImportDialog
      open={props.open}
      onClose={props.onClose}
      onDone={(r) => props.onDone(r.created)}
      endpoint="/api/v1/projects/import"
      title={tr('importTitle')}
      hint={tr('importHint')}
      columns={[{ field: 'name', title: tr('colName') }]}
      unit={tr('importUnit')}
      testId="project-import"
      width={960}
    />
  );
}
