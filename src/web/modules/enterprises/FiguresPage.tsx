import { useState } from 'react';
import { Card, Col, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countyNow } from '../../lib/time';
import type { FiguresOut } from '../../../shared/enterprises';
import { enterpriseApi } from './api';
import { useEnterpriseT, type EnterpriseKey } from './i18n';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);
const RATES = [
  'confirmedRate',
  'ratedShare',
  'satisfiedOfRated',
  'reopenRate',
  'withdrawalRate',
  'withdrawalCheckedShare',
] as const;
type UnitRow = FiguresOut['units'][number];

/** 诉求如实指标: each rate with its definition, per unit with the time lost giving demands back; 无事不扰 for the office. */
export default function FiguresPage() {
  const t = useEnterpriseT();
  const { data: me } = useMe();
  const office = hasRole(me, ['supervision_office', 'principal']);
  const year = countyNow().format('YYYY');
  const [range] = useState({ from: `${year}-01-01`, to: countyNow().format('YYYY-MM-DD') });
  const q = useQuery({ queryKey: ['demands', 'figures', range], queryFn: () => enterpriseApi.figures(range) });
  const month = countyNow().format('YYYY-MM');
  const contacts = useQuery({
    queryKey: ['contacts', month],
    queryFn: () => enterpriseApi.contacts(month),
    enabled: office,
  });
  const f = q.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card title={t('figuresTitle')} data-testid="figures-page" extra={`${range.from} ~ ${range.to}`}>
        <ErrorAlert error={q.error} />
        {f && (
          <>
            <Row gutter={[12, 12]}>
              <Col xs={12} md={6} xl={3}>
                <Statistic title={t('received')} value={f.county.received} />
              </Col>
              <Col xs={12} md={6} xl={3}>
                <Statistic title={t('answeredN')} value={f.county.answered} />
              </Col>
              <Col xs={12} md={6} xl={3}>
                <Statistic title={t('ratedN')} value={f.county.rated} />
              </Col>
              <Col xs={12} md={6} xl={3}>
                <Statistic title={t('withdrawalPressed')} value={f.county.withdrawalPressed} />
              </Col>
            </Row>
            <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
              {RATES.map((k) => (
                <Col key={k} xs={24} md={12} xl={8}>
                  <Card size="small">
                    <Statistic title={t(k as EnterpriseKey)} value={pct(f.county[k])} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {f.definitions[k]}
                    </Typography.Text>
                  </Card>
                </Col>
              ))}
            </Row>
            <Typography.Paragraph style={{ marginTop: 12 }}>
              {t('officeDecisions', {
                n: f.office.decisions,
                h: f.office.decisions ? Math.round((f.office.waitHours / f.office.decisions) * 10) / 10 : 0,
                w: f.office.waiting,
                late: f.office.late,
              })}
            </Typography.Paragraph>
            <Table<UnitRow>
              rowKey="unitId"
              size="small"
              dataSource={f.units}
              pagination={false}
              scroll={{ x: 1100 }}
              columns={[
                { title: t('handlingUnit'), dataIndex: 'unitName', fixed: 'left', width: 140 },
                { title: t('received'), dataIndex: 'received', width: 70 },
                ...RATES.map((k) => ({
                  title: <Tooltip title={f.definitions[k]}>{t(k as EnterpriseKey)}</Tooltip>,
                  dataIndex: k,
                  width: 120,
                  render: (x: number | null) => pct(x),
                })),
                {
                  title: t('returns'),
                  dataIndex: 'returns',
                  width: 90,
                  render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : 0),
                },
                { title: t('heldHours'), dataIndex: 'heldHours', width: 140 },
              ]}
            />
          </>
        )}
      </Card>
      {office && (
        <Card title={t('contactsTitle')} data-testid="contacts-card">
          <ErrorAlert error={contacts.error} />
          {contacts.data && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>
                {t('contactsFlagged', {
                  month: contacts.data.month,
                  limit: contacts.data.limit,
                  n: contacts.data.flagged,
                })}
              </Typography.Text>
              <Typography.Text type="secondary">{contacts.data.definition}</Typography.Text>
              <Table
                rowKey="enterpriseId"
                size="small"
                dataSource={contacts.data.items}
                pagination={{ pageSize: 10 }}
                scroll={{ x: 700 }}
                columns={[
                  {
                    title: t('colName'),
                    dataIndex: 'enterpriseName',
                    render: (n: string, r: { flagged: boolean }) => (
                      <>
                        {n} {r.flagged && <Tag color="red">{t('contactsTitle')}</Tag>}
                      </>
                    ),
                  },
                  { title: t('visitsN'), dataIndex: 'visits', width: 80 },
                  { title: t('demandContactsN'), dataIndex: 'demandContacts', width: 100 },
                  { title: t('recordedN'), dataIndex: 'recorded', width: 120 },
                  { title: t('totalN'), dataIndex: 'total', width: 80 },
                ]}
              />
            </Space>
          )}
        </Card>
      )}
    </Space>
  );
}
