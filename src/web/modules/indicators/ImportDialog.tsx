import { App } from 'antd';
import { ImportDialog as SharedImportDialog } from '../../components/ImportDialog';
import { useIndicatorsT } from './i18n';

/**
 * Import of indicator values (the shared import dialog): every row checked and shown with its errors and warnings;
 * written only when no row has an error, and only once the person has confirmed the warnings.
 */
export function ImportDialog({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useIndicatorsT();
  const { message } = App.useApp();
  return (
    <SharedImportDialog<{ created: number; corrected: number }>
      open={open}
      onClose={onClose}
      onDone={(r) => {
        message.success(t('imported', { created: r.created, corrected: r.corrected }));
        onDone();
      }}
      endpoint="/api/v1/indicators/import"
      title={t('importTitle')}
      hint={t('importHint')}
      columns={[
        { field: 'indicator', title: t('indicator'), width: 180 },
        { field: 'period', title: t('period'), width: 100 },
        { field: 'county', title: t('county'), width: 100 },
      ]}
      unit={t('rowsUnit')}
      templateUrl="/api/v1/indicators/import/template"
      again={t('againVersions')}
      testId="indicator-import"
      width={960}
    />
  );
}
