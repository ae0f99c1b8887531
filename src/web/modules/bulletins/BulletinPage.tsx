import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Input, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, DeleteOutlined, FileExcelOutlined, FileWordOutlined, PlusOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { orgApi, orgKeys } from '../org/api';
import { bulletinBlocks } from '../../../shared/domain/bulletin';
import type { BulletinPatch, ListedUnit } from '../../../shared/bulletins';
import { BulletinPreview } from './BulletinPreview';
import { bulletinApi, bulletinKeys, type Bulletin } from './api';

const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

interface Edits {
  praise: ListedUnit[];
  criticism: ListedUnit[];
  requirements: string;
  addressee: string;
}

/** One list (表扬 or 批评): units with the reason printed after the name; add from the unit tree, remove, reword. */
function ListEditor({ value, onChange, units, disabled, testId }: { value: ListedUnit[]; onChange: (v: ListedUnit[]) => void; units: { id: string; name: string }[]; disabled: boolean; testId: string }) {
  const set = (i: number, patch: Partial<ListedUnit>) => onChange(value.map((u, k) => (k === i ? { ...u, ...patch } : u)));
  return (
    <div data-testid={testId}>
      <Table
        size="small"
        rowKey={(u) => `${u.unitId ?? ''}:${u.name}`}
        pagination={false}
        dataSource={value}
        locale={{ emptyText: '无' }}
        columns={[
          { title: '单位', dataIndex: 'name', width: 130 },
          { title: '考核', key: 's', width: 90, render: (_: unknown, u: ListedUnit) => (u.score === null ? '—' : `${u.score} 分（第${u.rank}名）`) },
          { title: '事由（印在单位名称后）', key: 'r', render: (_: unknown, u: ListedUnit, i: number) => <Input.TextArea autoSize value={u.reason} maxLength={300} disabled={disabled} onChange={(e) => set(i, { reason: e.target.value })} /> },
          { title: '', key: 'x', width: 48, render: (_: unknown, _u: ListedUnit, i: number) => !disabled && <Button type="text" danger icon={<DeleteOutlined />} aria-label="移除" onClick={() => onChange(value.filter((_x, k) => k !== i))} /> },
        ]}
      />
      {!disabled && (
        <Select
          style={{ width: 240, marginTop: 8 }}
          placeholder={<span><PlusOutlined /> 添加单位</span>}
          showSearch={{ optionFilterProp: 'label' }}
          value={null}
          options={units.filter((u) => !value.some((v) => v.unitId === u.id)).map((u) => ({ value: u.id, label: u.name }))}
          onChange={(id: string) => onChange([...value, { unitId: id, name: units.find((u) => u.id === id)!.name, reason: '', score: null, rank: null }])}
        />
      )}
    </div>
  );
}

/**
 * A bulletin: the draft editor (period and date, the praise and criticism lists, the requirements), the preview
 * rendered from the same blocks as the .docx (with the edits not yet saved), issuing after a confirmation, and
 * the downloads. An issued bulletin is read-only and its downloads are the archived files.
 */
export default function BulletinPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const isOffice = hasRole(me.data, ['supervision_office']);
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const q = useQuery({ queryKey: bulletinKeys.one(id), queryFn: () => bulletinApi.get(id) });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: () => orgApi.units(), enabled: isOffice });
  const b = q.data;
  const [edits, setEdits] = useState<Edits | null>(null);
  useEffect(() => {
    if (b) setEdits({ praise: b.content.praise, criticism: b.content.criticism, requirements: b.content.requirements, addressee: b.content.addressee });
  }, [b]);
  const draft = b?.state === 'draft' && isOffice;
  const dirty = !!b && !!edits && JSON.stringify(edits) !== JSON.stringify({ praise: b.content.praise, criticism: b.content.criticism, requirements: b.content.requirements, addressee: b.content.addressee });

  const onSaved = (next: Bulletin) => {
    qc.setQueryData(bulletinKeys.one(id), next);
    qc.invalidateQueries({ queryKey: bulletinKeys.list });
  };
  const save = useMutation({ mutationFn: (patch: BulletinPatch) => bulletinApi.patch(id, b!.version, patch), onSuccess: (next) => (onSaved(next), message.success('已保存')) });
  const issue = useMutation({
    mutationFn: async () => {
      // Unsaved edits go in first: what is issued is what the preview shows.
      const cur = dirty ? await bulletinApi.patch(id, b!.version, edits!) : b!;
      return bulletinApi.issue(id, cur.version);
    },
    onSuccess: (next) => (onSaved(next), message.success(`已印发${next.year}年第${next.number}期，文件已归档`)),
    onError: () => qc.invalidateQueries({ queryKey: bulletinKeys.one(id) }),
  });
  const [downloading, setDownloading] = useState<string | null>(null);
  const get = (kind: 'docx' | 'annex') => {
    setDownloading(kind);
    (kind === 'docx' ? bulletinApi.docx(id) : bulletinApi.annex(id)).catch((e) => message.error(String(e.message))).finally(() => setDownloading(null));
  };

  const blocks = useMemo(() => (b && edits ? bulletinBlocks({ year: b.year, number: b.number, periodFrom: b.periodFrom, periodTo: b.periodTo, issueDate: b.issueDate, content: { ...b.content, ...edits } }) : []), [b, edits]);

  if (q.error) return <ErrorAlert error={q.error} />;
  if (!b || !edits) return <Spin />;
  const t = b.content.tasks.totals;
  const orgUnits = (units.data ?? []).filter((u) => u.active).map((u) => ({ id: u.id, name: u.shortName ?? u.name }));
  const confirmIssue = () =>
    modal.confirm({
      title: `印发${b.year}年第${b.number}期督查通报？`,
      content: '印发后通报和附件将生成正式文件并归档（记录哈希值），不能再修改；主要领导和分管领导即可查阅下载。',
      okText: '确认印发',
      cancelText: '再看看',
      okButtonProps: { danger: true },
      onOk: () => issue.mutateAsync(),
    });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Link to="/bulletins">← 督查通报</Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {b.year}年第{b.number}期
        </Typography.Title>
        {b.state === 'issued' ? <Tag color="red" data-testid="bulletin-state">已印发</Tag> : <Tag data-testid="bulletin-state">草稿（期号印发时确定）</Tag>}
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label="通报时段">{b.periodFrom} 至 {b.periodTo}</Descriptions.Item>
        <Descriptions.Item label="在办 / 办结 / 按期办结 / 逾期">
          <span data-testid="bulletin-totals">{t.total} / {t.closed} / {t.closedOnTime} / {t.overdue}</span>
        </Descriptions.Item>
        <Descriptions.Item label="按期办结率">{pct(t.onTimeRate)}</Descriptions.Item>
        {b.state === 'issued' && (
          <>
            <Descriptions.Item label="印发">{b.issuedByName} {dayjs(b.issuedAt).format('YYYY-MM-DD HH:mm')}</Descriptions.Item>
            <Descriptions.Item label="通报文件 SHA-256" span={2}>
              <Typography.Text code copyable style={{ fontSize: 12 }} data-testid="bulletin-sha">{b.docxSha256}</Typography.Text>
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
      <Space wrap>
        <Button icon={<FileWordOutlined />} loading={downloading === 'docx'} onClick={() => get('docx')} data-testid="bulletin-docx">
          {b.state === 'issued' ? '下载通报（Word）' : '下载草稿（Word）'}
        </Button>
        <Button icon={<FileExcelOutlined />} loading={downloading === 'annex'} onClick={() => get('annex')} data-testid="bulletin-annex">
          下载附件（Excel）
        </Button>
        {draft && (
          <Button type="primary" danger icon={<CheckCircleOutlined />} loading={issue.isPending} onClick={confirmIssue} data-testid="bulletin-issue">
            {issue.isPending ? '正在生成并归档…' : '印发'}
          </Button>
        )}
      </Space>
      <ErrorAlert error={issue.error ?? save.error} />
      <Row gutter={16}>
        {draft && (
          <Col xs={24} xl={10}>
            <Spin spinning={save.isPending} tip="正在汇总数据…">
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                <Card size="small" title="时段与数据">
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <Space wrap>
                      <span>通报时段</span>
                      <DatePicker.RangePicker
                        allowClear={false}
                        value={[dayjs(b.periodFrom), dayjs(b.periodTo)]}
                        onChange={(v) => v && v[0] && v[1] && save.mutate({ from: fmt(v[0]), to: fmt(v[1]) })}
                        data-testid="bulletin-period"
                      />
                    </Space>
                    <Space wrap>
                      <span>成文日期</span>
                      <DatePicker allowClear={false} value={dayjs(b.issueDate)} onChange={(d) => d && save.mutate({ issueDate: fmt(d) })} />
                      <Button icon={<ReloadOutlined />} onClick={() => save.mutate({ refresh: true })} data-testid="bulletin-refresh">
                        重新取数
                      </Button>
                    </Space>
                    <Typography.Text type="secondary">更换时段会重新取数并重新提出表扬、批评名单；“重新取数”只更新数字，保留已改的名单。</Typography.Text>
                  </Space>
                </Card>
                <Card size="small" title="主送">
                  <Input value={edits.addressee} maxLength={200} onChange={(e) => setEdits({ ...edits, addressee: e.target.value })} />
                </Card>
                <Card size="small" title="通报表扬（按考核排名提出，可修改）">
                  <ListEditor value={edits.praise} onChange={(praise) => setEdits({ ...edits, praise })} units={orgUnits} disabled={false} testId="bulletin-praise" />
                </Card>
                <Card size="small" title="通报批评（按考核排名提出，可修改）">
                  <ListEditor value={edits.criticism} onChange={(criticism) => setEdits({ ...edits, criticism })} units={orgUnits} disabled={false} testId="bulletin-criticism" />
                </Card>
                <Card size="small" title="下一步工作要求（每段一行）">
                  <Input.TextArea rows={8} value={edits.requirements} maxLength={20000} onChange={(e) => setEdits({ ...edits, requirements: e.target.value })} data-testid="bulletin-requirements" />
                </Card>
                <Space>
                  <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={save.isPending} onClick={() => save.mutate(edits)} data-testid="bulletin-save">
                    保存草稿
                  </Button>
                  {dirty && <Typography.Text type="warning">有未保存的修改（预览已包含）</Typography.Text>}
                </Space>
              </Space>
            </Spin>
          </Col>
        )}
        <Col xs={24} xl={draft ? 14 : 24}>
          {b.state === 'draft' && <Alert type="info" showIcon style={{ marginBottom: 8 }} title="预览与生成的 Word 文件出自同一份内容；期号为现在印发时的期号。" />}
          <BulletinPreview blocks={blocks} />
        </Col>
      </Row>
    </Space>
  );
}
