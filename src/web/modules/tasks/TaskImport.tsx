import { useState } from 'react';
import { Radio, Typography } from 'antd';
import { ImportDialog } from '../../components/ImportDialog';
import { useTasksT } from './i18n';

/**
 * Import of a ledger: new tasks to issue, or the ledger the county already keeps (导入历史台账: overdue rows come in
 * overdue, closed rows closed on their day, 进展情况 as the first report). Every row is checked and shown; nothing is
 * written until all rows are good; rows the ledger already holds (same 任务内容 and 牵头单位) are marked and skipped
 * unless the user asks to update them.
 */
export function TaskImport(props: { open: boolean; onClose: () => void; onDone: (created: number) => void }) {
  const t = useTasksT();
  const [mode, setMode] = useState<'new' | 'history'>('new');
  return (
    <ImportDialog<{ created: number; updated: number; skipped: number }>
      open={props.open}
      onClose={props.onClose}
      onDone={(r) => props.onDone(r.created)}
      endpoint="/api/v1/tasks/import"
      previewQuery={mode === 'history' ? 'mode=history' : undefined}
      before={
        <div>
          <Radio.Group
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            optionType="button"
            data-testid="task-import-mode"
          >
            <Radio.Button value="new">{t('importModeNew')}</Radio.Button>
            <Radio.Button value="history">{t('importModeHistory')}</Radio.Button>
          </Radio.Group>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {mode === 'history' ? t('importHistoryHint') : t('importNewHint')}
          </Typography.Paragraph>
        </div>
      }
      title={t('importTitle')}
      hint={t('importHint')}
      columns={[{ field: 'title', title: t('task') }]}
      unit={t('importUnit')}
      testId="task-import"
      duplicatesHint={{ found: (count) => t('importDuplicates', { count }), update: t('importUpdateDuplicates') }}
    />
  );
}
