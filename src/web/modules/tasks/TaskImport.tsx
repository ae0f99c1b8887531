import { ImportDialog } from '../../components/ImportDialog';

/** Import of an office's existing ledger: every row checked and shown; written only when all rows are good. */
export function TaskImport(props: { open: boolean; onClose: () => void; onDone: (created: number) => void }) {
  return (
    <ImportDialog
      open={props.open}
      onClose={props.onClose}
      onDone={(r) => props.onDone(r.created)}
      endpoint="/api/v1/tasks/import"
      title="导入台账（.xlsx / .csv）"
      hint="表头须含“任务内容、工作标准、牵头单位、完成时限”，可含牵头领导、配合单位、责任人、报送频次、级别、类别"
      columns={[{ field: 'title', title: '任务' }]}
      unit="项"
      testId="task-import"
    />
  );
}
