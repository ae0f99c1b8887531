import { useState } from 'react';
import { App, Button, Form, InputNumber, Modal, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { LEAD_STAGE_LABELS, STALL_STAGES } from '../../../shared/domain/investment';
import { invApi, invKeys } from './api';
import { useInvT } from './i18n';

type Days = Record<string, { yellow: number; red: number }>;

/**
 * 久未跟进提醒: the county's days without follow-up before a lead turns yellow and red, by stage. Everyone reads
 * them; the office and principals set them (the server checks red > yellow > 0 and names the stage's field).
 */
export function StallDaysButton() {
  const tr = useInvT();
  const { label } = useI18n();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const office = hasRole(me, ['supervision_office', 'principal']);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ days: Days }>();
  const q = useQuery({ queryKey: invKeys.stallDays, queryFn: invApi.stallDays, enabled: open });
  const save = useMutation({
    // Only the stages a county sets (a lead in production has no light).
    mutationFn: (days: Days) =>
      invApi.setStallDays(q.data!.version, Object.fromEntries(STALL_STAGES.map((s) => [s, days[s]!]))),
    onSuccess: (d) => {
      message.success(tr('saved'));
      qc.setQueryData(invKeys.stallDays, d);
      // Lights, the summary and the cockpit read the new days.
      qc.invalidateQueries({ queryKey: ['leads'] });
      qc.invalidateQueries({ queryKey: ['investment'] });
      qc.invalidateQueries({ queryKey: ['cockpit'] });
      setOpen(false);
    },
    onError: (e) => (applyServerErrors(form, e) ? setError(null) : setError(e)),
  });
  const d = q.data;
  return (
    <>
      <Button
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        data-testid="stall-days-open"
      >
        {tr('stallDays')}
      </Button>
      <Modal
        open={open}
        width={620}
        title={
          <>
            {tr('stallDays')}{' '}
            {d && <Tag color={d.custom ? 'blue' : 'default'}>{d.custom ? tr('stallCustom') : tr('stallShipped')}</Tag>}
          </>
        }
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okButtonProps={{
          disabled: !office || !d,
          loading: save.isPending,
          ...({ 'data-testid': 'stall-days-save' } as object),
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{tr('stallDaysHelp')}</Typography.Paragraph>
        <ErrorAlert error={error ?? q.error} style={{ marginBottom: 12 }} />
        {d && (
          <Form
            form={form}
            initialValues={{ days: d.days }}
            onFinish={(v) => {
              setError(null);
              save.mutate(v.days);
            }}
            disabled={!office}
          >
            <Table
              size="small"
              rowKey={(s) => s}
              pagination={false}
              dataSource={[...STALL_STAGES]}
              columns={[
                { title: '', render: (_, s) => label(LEAD_STAGE_LABELS[s]) },
                ...(['yellow', 'red'] as const).map((k) => ({
                  title: k === 'yellow' ? tr('stallYellow') : tr('stallRed'),
                  render: (_: unknown, s: string) => (
                    <Form.Item
                      name={['days', s, k]}
                      style={{ margin: 0 }}
                      rules={[{ required: true, message: tr('required') }]}
                    >
                      <InputNumber min={0} max={3650} precision={0} data-testid={`stall-${s}-${k}`} />
                    </Form.Item>
                  ),
                })),
                {
                  title: '',
                  render: (_, s) => (
                    <Typography.Text type="secondary">
                      {tr('stallDefault', { y: d.defaults[s]?.yellow ?? '', r: d.defaults[s]?.red ?? '' })}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </Form>
        )}
      </Modal>
    </>
  );
}
