import { ImportDialog } from '../../components/ImportDialog';

/** Import of the office's key-project table: every row checked and shown by row and column; written only when all rows are good. */
export function ProjectImport(props: { open: boolean; onClose: () => void; onDone: (created: number) => void }) {
  return (
    <ImportDialog
      open={props.open}
      onClose={props.onClose}
      onDone={(r) => props.onDone(r.created)}
      endpoint="/api/v1/projects/import"
      title="导入重点项目表（.xlsx / .csv）"
      hint="表头须含“项目名称、类型、建设内容、总投资、责任单位、建设年限”，可含年度计划投资、建设单位、包联领导、所在乡镇、所在库、标记、经纬度；金额注明万元或亿元"
      columns={[{ field: 'name', title: '项目名称' }]}
      unit="个项目"
      testId="project-import"
      width={960}
    />
  );
}
