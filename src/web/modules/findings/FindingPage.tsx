import { Descriptions, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { FINDING_SEVERITY_LABELS, FINDING_SOURCE_LABELS, type FindingOut } from '../../../shared/findings';
import { ItemPage, type ItemLedger } from '../tasks/ItemPage';
import { findingApi, findingKeys } from './api';
import { useFindingsT } from './i18n';
import { SEVERITY_COLORS } from './FindingsPage';

/**
 * A finding: the supervised item's page (ItemPage: 签收, 整改进展 with evidence, 申请销号, the office's 销号 or
 * 退回, 延期, 调整时限; timeline, reports, evidence) in the words of 整改, with what a finding adds — the problem as
 * written, where and when it was found, its severity, the measures required and the 责任人.
 */
export default function FindingPage() {
  const { id = '' } = useParams();
  const { label } = useI18n();
  const tr = useFindingsT();
  const ledger: ItemLedger<FindingOut> = {
    api: findingApi,
    keys: findingKeys,
    testId: 'finding',
    back: { to: '/findings', label: tr('back') },
    words: {
      accept: tr('accept'),
      return: tr('returnIt'),
      returnTitle: tr('returnTitle'),
      returnReason: tr('returnReason'),
      report: tr('report'),
      reportTitle: tr('reportTitle'),
      reportProgress: tr('reportProgress'),
      reportText: tr('reportText'),
      reportProblems: tr('reportProblems'),
      requestClose: tr('requestClose'),
      requestCloseTitle: tr('requestCloseTitle'),
      closeSummary: tr('closeSummary'),
      evidenceChoose: tr('evidenceChoose'),
      evidenceOnTask: tr('evidenceOnItem'),
      evidenceMissing: tr('evidenceMissing'),
      closeReviewTitle: tr('closeReviewTitle'),
      cancelTitle: tr('cancelTitle'),
      cancelReason: tr('cancelReason'),
      reports: tr('reports'),
      noReports: tr('noReports'),
      reviewReturnTitle: tr('reviewReturnTitle'),
      reviewComment: tr('reviewComment'),
    },
    eventWords: { close: tr('closedOn') },
  };

  return (
    <ItemPage<FindingOut>
      id={id}
      ledger={ledger}
      details={({ item: f, cols, phone, unitName, progress }) => (
        <Descriptions column={cols} size="small" bordered layout={phone ? 'vertical' : 'horizontal'}>
          <Descriptions.Item label={tr('source')}>
            {label(FINDING_SOURCE_LABELS[f.source])}
            {f.sourceTitle ? ` · ${f.sourceTitle}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={tr('foundOn')}>{f.foundOn}</Descriptions.Item>
          <Descriptions.Item label={tr('problem')} span={cols}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }} data-testid="finding-problem">
              {f.problem}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={tr('severity')}>
            <Tag color={SEVERITY_COLORS[f.severity]}>{label(FINDING_SEVERITY_LABELS[f.severity])}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={tr('deadline')}>{f.deadline}</Descriptions.Item>
          <Descriptions.Item label={tr('measures')} span={cols}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {f.measures}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={tr('unit')}>{unitName(f.assigneeUnitId)}</Descriptions.Item>
          <Descriptions.Item label={tr('responsible')}>{f.responsible ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={tr('colProgress')} span={cols}>
            {progress}
          </Descriptions.Item>
        </Descriptions>
      )}
    />
  );
}
