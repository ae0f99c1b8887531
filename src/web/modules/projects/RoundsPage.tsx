import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Modal, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { countyNow } from '../../lib/time';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { projectApi, projectKeys, type Round } from './api';
import { useRoundsT } from './i18n-rounds';

/** 周调度: the rounds, newest first; the office opens one a week. */
export default function RoundsPage() {
  const tr = useRoundsT();
  const { t } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isIssuer = hasRole(me, ['supervision_office', 'principal']);
  const rounds = useQuery({ queryKey: projectKeys.rounds, queryFn: projectApi.rounds });
  const open = useMutation({
    mutationFn: (v: { weekOf: Dayjs; cutoff?: Dayjs }) =>
      projectApi.openRound({ weekOf: v.weekOf.format('YYYY-MM-DD'), cutoff: v.cutoff?.format('YYYY-MM-DD') }),
    onSuccess: (r) => {
      message.success(tr('roundOpened', { title: r.title }));
      setOpening(false);
      qc.invalidateQueries({ queryKey: projectKeys.rounds });
      navigate(`/rounds/${r.id}`);
    },
    onError: (e) => {
      if (!applyServerErrors(form, e)) setError(e);
    },
  });
  return (
    <Card
      title={tr('roundsTitle')}
      extra={
        isIssuer && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => (form.resetFields(), setError(null), setOpening(true))}
            data-testid="round-open"
          >
            {tr('openRoundButton')}
          </Button>
        )
      }
    >
      <ErrorAlert error={rounds.error} />
      <Table
        rowKey="id"
        size="middle"
        loading={rounds.isLoading}
        dataSource={rounds.data ?? []}
        locale={{ emptyText: tr('noRounds') }}
        data-testid="rounds-table"
        columns={[
          {
            title: tr('colRound'),
            key: 'title',
            render: (_: unknown, r: Round) => (
              <Typography.Link onClick={() => navigate(`/rounds/${r.id}`)} data-testid="round-link">
                {r.title}
              </Typography.Link>
            ),
          },
          { title: tr('colMonday'), dataIndex: 'weekStart', width: 110 },
          { title: tr('colCutoff'), dataIndex: 'cutoff', width: 110 },
          {
            title: tr('colReportedExpected'),
            key: 'n',
            width: 110,
            render: (_: unknown, r: Round) => `${r.reported}/${r.expected}`,
          },
          { title: tr('late'), dataIndex: 'late', width: 70 },
          {
            title: t('status'),
            key: 'state',
            width: 90,
            render: (_: unknown, r: Round) =>
              r.state === 'open' ? <Tag color="blue">{tr('stateOpen')}</Tag> : <Tag>{tr('stateClosed')}</Tag>,
          },
        ]}
      />
      <Modal
        open={opening}
        title={tr('openRoundTitle')}
        onCancel={() => setOpening(false)}
        onOk={() => form.submit()}
        okButtonProps={{ loading: open.isPending, ...({ 'data-testid': 'dialog-ok' } as object) }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{tr('openRoundHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => (setError(null), open.mutate(v))}>
          <Form.Item
            name="weekOf"
            label={tr('weekOfLabel')}
            rules={[{ required: true, message: tr('selectDate') }]}
            initialValue={countyNow()}
          >
            <DatePicker data-testid="round-week" />
          </Form.Item>
          <Form.Item name="cutoff" label={tr('cutoffLabel')}>
            <DatePicker />
          </Form.Item>
        </Form>
        <ErrorAlert error={error} />
      </Modal>
    </Card>
  );
}
