import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Input,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import {
  CheckCircleOutlined,
  DeleteOutlined,
  FileExcelOutlined,
  FileWordOutlined,
  PlusOutlined,
  ReloadOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { orgApi, orgKeys } from '../org/api';
import { bulletinBlocks } from '../../../shared/domain/bulletin';
import type { BulletinPatch, ListedUnit } from '../../../shared/bulletins';
import { BulletinPreview } from './BulletinPreview';
import { caseApi, caseKeys } from '../accountability/api';
import { bulletinApi, bulletinKeys, type Bulletin } from './api';
import { useBulletinsT } from './i18n';
import { beijingMinute } from '../../lib/time';

const fmt = (d: Dayjs) => d.format('YYYY-MM-DD');
const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

interface Edits {
  praise: ListedUnit[];
  criticism: ListedUnit[];
  requirements: string;
  addressee: string;
}

/** One list (表扬 or 批评): units with the reason printed after the name; add from the unit tree, remove, reword. */
function ListEditor({
  value,
  onChange,
  units,
  disabled,
  testId,
}: {
  value: ListedUnit[];
  onChange: (v: ListedUnit[]) => void;
  units: { id: string; name: string }[];
  disabled: boolean;
  testId: string;
}) {
  const t = useBulletinsT();
  const set = (i: number, patch: Partial<ListedUnit>) =>
    onChange(value.map((u, k) => (k === i ? { ...u, ...patch } : u)));
  return (
    <div data-testid={testId}>
      <Table
        size="small"
        rowKey={(u) => `${u.unitId ?? ''}:${u.name}`}
        pagination={false}
        dataSource={value}
        locale={{ emptyText: t('listEmpty') }}
        columns={[
          { title: t('listUnit'), dataIndex: 'name', width: 130 },
          {
            title: t('listScore'),
            key: 's',
            width: 90,
            render: (_: unknown, u: ListedUnit) =>
              u.score === null ? '—' : t('listScoreValue', { score: u.score, rank: String(u.rank) }),
          },
          {
            title: t('listReason'),
            key: 'r',
            render: (_: unknown, u: ListedUnit, i: number) => (
              <Input.TextArea
                autoSize
                value={u.reason}
                maxLength={300}
                disabled={disabled}
                onChange={(e) => set(i, { reason: e.target.value })}
              />
            ),
          },
          // An issued bulletin (or a reader's view) has nothing to remove: no empty column.
          ...(disabled
            ? []
            : [
                {
                  title: '',
                  key: 'x',
                  width: 48,
                  render: (_: unknown, _u: ListedUnit, i: number) => (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('listRemove')}
                      onClick={() => onChange(value.filter((_x, k) => k !== i))}
                    />
                  ),
                },
              ]),
        ]}
      />
      {!disabled && (
        <Select
          style={{ width: 240, marginTop: 8 }}
          placeholder={
            <span>
              <PlusOutlined /> {t('listAdd')}
            </span>
          }
          showSearch={{ optionFilterProp: 'label' }}
          value={null}
          options={units
            .filter((u) => !value.some((v) => v.unitId === u.id))
            .map((u) => ({ value: u.id, label: u.name }))}
          onChange={(id: string) =>
            onChange([
              ...value,
              { unitId: id, name: units.find((u) => u.id === id)!.name, reason: '', score: null, rank: null },
            ])
          }
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
  const t = useBulletinsT();
  const q = useQuery({ queryKey: bulletinKeys.one(id), queryFn: () => bulletinApi.get(id) });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: () => orgApi.units(), enabled: isOffice });
  const b = q.data;
  const [edits, setEdits] = useState<Edits | null>(null);
  // 问责情况: the decided cases the office may print (chosen here, saved on their own).
  const decidedCases = useQuery({
    queryKey: caseKeys.list({ state: 'decided', pageSize: 100 }),
    queryFn: () => caseApi.list({ state: 'decided', pageSize: 100 }),
    enabled: isOffice && b?.state === 'draft',
  });
  const [caseIds, setCaseIds] = useState<string[] | null>(null);
  useEffect(() => {
    if (b)
      setEdits({
        praise: b.content.praise,
        criticism: b.content.criticism,
        requirements: b.content.requirements,
        addressee: b.content.addressee,
      });
  }, [b]);
  const draft = b?.state === 'draft' && isOffice;
  const dirty =
    !!b &&
    !!edits &&
    JSON.stringify(edits) !==
      JSON.stringify({
        praise: b.content.praise,
        criticism: b.content.criticism,
        requirements: b.content.requirements,
        addressee: b.content.addressee,
      });

  const onSaved = (next: Bulletin) => {
    qc.setQueryData(bulletinKeys.one(id), next);
    qc.invalidateQueries({ queryKey: bulletinKeys.list });
  };
  const save = useMutation({
    mutationFn: (patch: BulletinPatch) => bulletinApi.patch(id, b!.version, patch),
    onSuccess: (next) => (onSaved(next), message.success(t('savedToast'))),
  });
  const issue = useMutation({
    mutationFn: async () => {
      // Unsaved edits go in first: what is issued is what the preview shows.
      const cur = dirty ? await bulletinApi.patch(id, b!.version, edits!) : b!;
      return bulletinApi.issue(id, cur.version);
    },
    onSuccess: (next) => (
      onSaved(next), message.success(t('issuedToast', { year: next.year, number: String(next.number) }))
    ),
    onError: () => qc.invalidateQueries({ queryKey: bulletinKeys.one(id) }),
  });
  const [downloading, setDownloading] = useState<string | null>(null);
  const get = (kind: 'docx' | 'annex') => {
    setDownloading(kind);
    (kind === 'docx' ? bulletinApi.docx(id) : bulletinApi.annex(id))
      .catch((e) => message.error(String(e.message)))
      .finally(() => setDownloading(null));
  };

  const blocks = useMemo(
    () =>
      b && edits
        ? bulletinBlocks({
            year: b.year,
            number: b.number,
            periodFrom: b.periodFrom,
            periodTo: b.periodTo,
            issueDate: b.issueDate,
            content: { ...b.content, ...edits },
          })
        : [],
    [b, edits],
  );

  if (q.error) return <ErrorAlert error={q.error} />;
  if (!b || !edits) return <Spin />;
  const totals = b.content.tasks.totals;
  const orgUnits = (units.data ?? []).filter((u) => u.active).map((u) => ({ id: u.id, name: u.shortName ?? u.name }));
  const confirmIssue = () =>
    modal.confirm({
      title: t('confirmTitle', { year: b.year, number: String(b.number) }),
      content: t('confirmContent'),
      okText: t('confirmOk'),
      cancelText: t('confirmCancel'),
      okButtonProps: { danger: true },
      onOk: () => issue.mutateAsync(),
    });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Link to="/bulletins">{t('back')}</Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('issueName', { year: b.year, number: String(b.number) })}
        </Typography.Title>
        {b.state === 'issued' ? (
          <Tag color="red" data-testid="bulletin-state">
            {t('stateIssued')}
          </Tag>
        ) : (
          <Tag data-testid="bulletin-state">{t('stateDraftNumberLater')}</Tag>
        )}
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label={t('colPeriod')}>
          {t('periodRange', { from: b.periodFrom, to: b.periodTo })}
        </Descriptions.Item>
        <Descriptions.Item label={t('totalsLabel')}>
          <span data-testid="bulletin-totals">
            {totals.total} / {totals.closed} / {totals.closedOnTime} / {totals.overdue}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('colOnTimeRate')}>{pct(totals.onTimeRate)}</Descriptions.Item>
        {b.state === 'issued' && (
          <>
            <Descriptions.Item label={t('issuedLabel')}>
              {b.issuedByName} {b.issuedAt ? beijingMinute(b.issuedAt) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('shaLabel')} span={2}>
              <Typography.Text code copyable style={{ fontSize: 12 }} data-testid="bulletin-sha">
                {b.docxSha256}
              </Typography.Text>
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
      <Space wrap>
        <Button
          icon={<FileWordOutlined />}
          loading={downloading === 'docx'}
          onClick={() => get('docx')}
          data-testid="bulletin-docx"
        >
          {b.state === 'issued' ? t('downloadIssued') : t('downloadDraft')}
        </Button>
        <Button
          icon={<FileExcelOutlined />}
          loading={downloading === 'annex'}
          onClick={() => get('annex')}
          data-testid="bulletin-annex"
        >
          {t('downloadAnnex')}
        </Button>
        {draft && (
          <Button
            type="primary"
            danger
            icon={<CheckCircleOutlined />}
            loading={issue.isPending}
            onClick={confirmIssue}
            data-testid="bulletin-issue"
          >
            {issue.isPending ? t('issuing') : t('issue')}
          </Button>
        )}
      </Space>
      <ErrorAlert error={issue.error ?? save.error} />
      <Row gutter={16}>
        {draft && (
          <Col xs={24} xl={10}>
            <Spin spinning={save.isPending} tip={t('gathering')}>
              <Space direction="vertical" size="middle" style={{ width: '100%' }}>
                <Card size="small" title={t('periodAndData')}>
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <Space wrap>
                      <span>{t('period')}</span>
                      <DatePicker.RangePicker
                        allowClear={false}
                        value={[dayjs(b.periodFrom), dayjs(b.periodTo)]}
                        onChange={(v) => v?.[0] && v[1] && save.mutate({ from: fmt(v[0]), to: fmt(v[1]) })}
                        data-testid="bulletin-period"
                      />
                    </Space>
                    <Space wrap>
                      <span>{t('issueDate')}</span>
                      <DatePicker
                        allowClear={false}
                        value={dayjs(b.issueDate)}
                        onChange={(d) => d && save.mutate({ issueDate: fmt(d) })}
                      />
                      <Button
                        icon={<ReloadOutlined />}
                        onClick={() => save.mutate({ refresh: true })}
                        data-testid="bulletin-refresh"
                      >
                        {t('refresh')}
                      </Button>
                    </Space>
                    <Typography.Text type="secondary">{t('periodHelp')}</Typography.Text>
                  </Space>
                </Card>
                <Card size="small" title={t('addressee')}>
                  <Input
                    value={edits.addressee}
                    maxLength={200}
                    onChange={(e) => setEdits({ ...edits, addressee: e.target.value })}
                  />
                </Card>
                <Card size="small" title={t('praiseTitle')}>
                  <ListEditor
                    value={edits.praise}
                    onChange={(praise) => setEdits({ ...edits, praise })}
                    units={orgUnits}
                    disabled={false}
                    testId="bulletin-praise"
                  />
                </Card>
                <Card size="small" title={t('criticismTitle')}>
                  <ListEditor
                    value={edits.criticism}
                    onChange={(criticism) => setEdits({ ...edits, criticism })}
                    units={orgUnits}
                    disabled={false}
                    testId="bulletin-criticism"
                  />
                </Card>
                <Card size="small" title={t('casesTitle')}>
                  <Space.Compact style={{ width: '100%' }}>
                    <Select
                      mode="multiple"
                      style={{ width: '100%' }}
                      placeholder={t('casesPlaceholder')}
                      value={caseIds ?? (b.content.cases ?? []).map((c) => c.caseId)}
                      onChange={setCaseIds}
                      options={(decidedCases.data?.items ?? [])
                        .filter((c) => c.outcome === 'measure')
                        .map((c) => ({
                          value: c.id,
                          label: `${c.number} ${c.unit?.name ?? [...new Set(c.persons.map((p) => p.unitName))].join('、')}（${c.measure}）`,
                        }))}
                      data-testid="bulletin-cases"
                    />
                    <Button
                      disabled={caseIds === null}
                      loading={save.isPending}
                      onClick={() => save.mutate({ caseIds: caseIds ?? [] }, { onSuccess: () => setCaseIds(null) })}
                      data-testid="bulletin-cases-save"
                    >
                      {t('casesSave')}
                    </Button>
                  </Space.Compact>
                </Card>
                <Card size="small" title={t('requirementsTitle')}>
                  <Input.TextArea
                    rows={8}
                    value={edits.requirements}
                    maxLength={20000}
                    onChange={(e) => setEdits({ ...edits, requirements: e.target.value })}
                    data-testid="bulletin-requirements"
                  />
                </Card>
                <Space>
                  <Button
                    type="primary"
                    icon={<SaveOutlined />}
                    disabled={!dirty}
                    loading={save.isPending}
                    onClick={() => save.mutate(edits)}
                    data-testid="bulletin-save"
                  >
                    {t('saveDraft')}
                  </Button>
                  {dirty && <Typography.Text type="warning">{t('unsaved')}</Typography.Text>}
                </Space>
              </Space>
            </Spin>
          </Col>
        )}
        <Col xs={24} xl={draft ? 14 : 24}>
          {b.state === 'draft' && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('previewNote')} />}
          <BulletinPreview blocks={blocks} />
        </Col>
      </Row>
    </Space>
  );
}
