import { useState } from 'react';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { orgApi } from '../org/api';
import { campaignApi, campaignKeys } from './api';
import { FrontLeague } from './FrontLeague';
import { useCampaignT } from './i18n';

/** The county's leaders (and principals), for a front's 牵头县领导. */
export function useLeaderOptions() {
  const leaders = useQuery({
    queryKey: ['people', 'leaders'],
    queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }),
  });
  const principals = useQuery({
    queryKey: ['people', 'principals'],
    queryFn: () => orgApi.people({ role: 'principal', pageSize: 50 }),
  });
  return [...(principals.data?.items ?? []), ...(leaders.data?.items ?? [])].map((p) => ({
    value: p.id,
    label: p.title ? `${p.displayName}（${p.title}）` : p.displayName,
  }));
}

/**
 * 专项行动: the campaigns (执行力亮剑 with its 八条战线, 项目攻坚年 …), each with its fronts' league over the tasks the
 * reader sees; the office forms a campaign here.
 */
export default function CampaignsPage() {
  const t = useCampaignT();
  const { data: me } = useMe();
  const office = hasRole(me, ['supervision_office']);
  const [state, setState] = useState<'active' | 'closed' | 'all'>('active');
  const list = useQuery({
    queryKey: campaignKeys.list(state),
    queryFn: () => campaignApi.list(state === 'all' ? undefined : state),
  });
  const [creating, setCreating] = useState(false);

  return (
    <Card
      title={t('title')}
      extra={
        <Space wrap>
          <Segmented
            value={state}
            onChange={(v) => setState(v as typeof state)}
            options={[
              { value: 'active', label: t('active') },
              { value: 'closed', label: t('closed') },
              { value: 'all', label: t('all') },
            ]}
          />
          {office && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-new">
              {t('newCampaign')}
            </Button>
          )}
        </Space>
      }
    >
      <ErrorAlert error={list.error} />
      {list.data?.length === 0 && <Empty description={t('none')} />}
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {(list.data ?? []).map((c) => (
          <Card
            key={c.id}
            size="small"
            type="inner"
            title={
              <Space wrap>
                <Link to={`/campaigns/${c.id}`} data-testid={`campaign-${c.name}`}>
                  {c.name}
                </Link>
                <Tag color={c.state === 'active' ? 'processing' : 'default'}>{t(c.state)}</Tag>
                <Typography.Text type="secondary">
                  {c.startDate} ~ {c.endDate}
                </Typography.Text>
              </Space>
            }
            extra={
              <Typography.Text type="secondary">
                {t('tasks')} {c.figures.tasks} · {t('progress')} {c.figures.progress ?? '—'}% · {t('score')}{' '}
                {c.figures.score ?? '—'}
              </Typography.Text>
            }
          >
            {c.goal && <Typography.Paragraph type="secondary">{c.goal}</Typography.Paragraph>}
            <FrontLeague fronts={c.fronts} />
          </Card>
        ))}
      </Space>
      {creating && <CreateCampaign onClose={() => setCreating(false)} />}
    </Card>
  );
}

function CreateCampaign({ onClose }: { onClose: () => void }) {
  const t = useCampaignT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const leaders = useLeaderOptions();
  const create = useMutation({
    mutationFn: (v: {
      name: string;
      goal?: string;
      period: [Dayjs, Dayjs];
      fronts?: { name: string; leaderId?: string; duties?: string }[];
    }) =>
      campaignApi.create({
        name: v.name,
        goal: v.goal || null,
        startDate: v.period[0].format('YYYY-MM-DD'),
        endDate: v.period[1].format('YYYY-MM-DD'),
        fronts: (v.fronts ?? []).map((f) => ({ name: f.name, leaderId: f.leaderId ?? null, duties: f.duties || null })),
      }),
    onSuccess: (c) => {
      message.success(t('saved'));
      qc.invalidateQueries({ queryKey: campaignKeys.all });
      onClose();
      navigate(`/campaigns/${c.id}`);
    },
    onError: (e) => {
      if (!applyServerErrors(form, e, { startDate: 'period', endDate: 'period' })) setError(e);
    },
  });
  return (
    <Modal
      open
      width={720}
      title={t('newCampaign')}
      okText={t('save')}
      cancelText={t('cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
    >
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)} initialValues={{ fronts: [{}] }}>
        <Form.Item name="name" label={t('name')} rules={[{ required: true }]}>
          <Input maxLength={100} data-testid="campaign-name" />
        </Form.Item>
        <Form.Item name="goal" label={t('goal')}>
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
        <Form.Item name="period" label={t('period')} rules={[{ required: true }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.List name="fronts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true }]}>
                    <Input placeholder={t('frontName')} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'leaderId']}>
                    <Select placeholder={t('leader')} allowClear style={{ width: 200 }} options={leaders} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'duties']}>
                    <Input placeholder={t('duties')} style={{ width: 200 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('remove')} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('addFront')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
