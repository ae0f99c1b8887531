import { Card, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { hasRole, useMe } from '../../app/session';
import { useCaseT } from './i18n';

interface Counts {
  from: string;
  to: string;
  byUnit: { unitId: string; unitName: string; opened: number; measures: number; tolerated: number }[];
}

/**
 * 问责案件 by unit for a period, as the cockpit shows them: counts only. The office and the principals, who see
 * the cases, get each count as a link to them; a leader sees the counts of the units he 分管.
 */
export function CaseCountsCard({ counts }: { counts: Counts }) {
  const t = useCaseT();
  const { data: me } = useMe();
  const linked = hasRole(me, ['supervision_office', 'principal']);
  return (
    <Card title={t('countsTitle', { from: counts.from, to: counts.to })} size="small" style={{ marginTop: 16 }}>
      <Table
        rowKey="unitId"
        size="small"
        data-testid="cockpit-cases"
        pagination={counts.byUnit.length > 10 ? { pageSize: 10 } : false}
        dataSource={counts.byUnit}
        locale={{ emptyText: t('countsNone') }}
        columns={[
          { title: t('fieldUnit'), dataIndex: 'unitName' },
          {
            title: t('colCounts'),
            key: 'c',
            render: (_: unknown, r: Counts['byUnit'][number]) => {
              const text = t('countsCell', r);
              return linked ? (
                <Link to={`/accountability?unitId=${r.unitId}&from=${counts.from}&to=${counts.to}`}>{text}</Link>
              ) : (
                <Typography.Text>{text}</Typography.Text>
              );
            },
          },
        ]}
      />
    </Card>
  );
}
