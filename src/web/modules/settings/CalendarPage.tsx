import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Segmented,
  Skeleton,
  Space,
  Spin,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { CalendarOutlined, DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { testIdButton } from '../../components/test-id';
import { ApiError, type FieldError } from '../../lib/api';
import { todayInShanghai, weekday } from '../../../shared/domain/dates';
import { calendarQuery, settingsApi, settingsKeys, type DayKind } from './api';
import {
  dayInfo,
  dayRuns,
  importTemplate,
  indexYear,
  monthWeeks,
  yearSummary,
  type DayInfo,
  type DayLook,
  type DayRun,
} from './calendar-model';
import { useSettingsT } from './i18n';

const LOOK_STYLE: Record<DayLook, React.CSSProperties> = {
  holiday: { background: '#fff1f0', color: '#cf1322', fontWeight: 600 },
  workday: { background: '#fff7e6', color: '#d46b08', fontWeight: 600 },
  weekend: { color: 'rgba(0,0,0,0.35)' },
  weekday: {},
};
const KIND_COLORS: Record<DayKind, string> = { holiday: 'red', workday: 'orange', normal: 'default' };
const KIND_LABEL = { holiday: 'kindHoliday', workday: 'kindWorkday', normal: 'kindNormal' } as const;
/** Stored names are data, in Chinese like the State Council's notice; "normal" needs one too. */
const NORMAL_NAME = '正常';

interface DayForm {
  kind: DayKind;
  name: string;
}

/** 工作日历: the year at a glance (holidays, make-up working days, local changes), one day at a time, or a file. */
export default function CalendarPage() {
  const t = useSettingsT();
  const { t: common } = useI18n();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const canEdit = hasRole(me, ['system_admin']);
  const qc = useQueryClient();
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const today = todayInShanghai();
  const [year, setYear] = useState(thisYear);
  const cal = useQuery(calendarQuery(year));
  const [editing, setEditing] = useState<DayInfo | null>(null);
  const [importing, setImporting] = useState(false);
  const [fileName, setFileName] = useState('');
  const [form] = Form.useForm<DayForm>();
  const [formError, setFormError] = useState<unknown>(null);
  const kind = Form.useWatch('kind', form);

  const days = useMemo(() => cal.data?.days ?? [], [cal.data]);
  const index = useMemo(() => indexYear(days), [days]);
  const summary = useMemo(() => yearSummary(year, days), [year, days]);
  const weekdayNames = t('weekdays').split(',');
  const weekdayOf = (d: string) => weekdayNames[(weekday(d) + 6) % 7]!;

  function openDay(info: DayInfo) {
    if (!canEdit) return;
    setFormError(null);
    form.resetFields();
    const base = info.local ?? info.national;
    form.setFieldsValue(base ? { kind: base.kind, name: base.name } : { kind: 'holiday', name: '' });
    setEditing(info);
  }

  const saveDay = useMutation({
    mutationFn: (v: DayForm) => settingsApi.setDay(editing!.day, v.kind, v.name.trim() || NORMAL_NAME),
    onSuccess: async (_, v) => {
      message.success(t('daySaved', { day: editing!.day, kind: t(KIND_LABEL[v.kind]) }));
      setEditing(null);
      await qc.invalidateQueries({ queryKey: settingsKeys.calendarAll });
    },
    onError: (e) => {
      if (!applyServerErrors(form, e)) setFormError(e);
    },
  });

  const upload = useMutation({
    mutationFn: (file: File) => settingsApi.importCalendar(file),
    onSuccess: async (r) => {
      message.success(t('imported', { n: r.imported }));
      setImporting(false);
      await qc.invalidateQueries({ queryKey: settingsKeys.calendarAll });
    },
  });
  const rowErrors: FieldError[] =
    upload.error instanceof ApiError && upload.error.code === 'import_invalid'
      ? (upload.error.problem.errors ?? [])
      : [];

  function downloadTemplate() {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(
      new Blob([importTemplate(year + (year === thisYear ? 1 : 0))], { type: 'text/csv;charset=utf-8' }),
    );
    a.download = '节假日安排模板.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  const dayCell = (d: string | null, i: number) => {
    if (!d) return <div key={`pad-${i}`} />;
    const info = dayInfo(d, index);
    const tip = info.entry
      ? `${info.entry.name}${info.local && info.national ? `（${t('national')}：${info.national.name}）` : ''}`
      : undefined;
    return (
      <Tooltip key={d} title={tip} mouseEnterDelay={0.3}>
        <div
          role={canEdit ? 'button' : undefined}
          tabIndex={canEdit ? 0 : undefined}
          onClick={() => openDay(info)}
          onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && openDay(info)}
          data-testid={`cal-day-${d}`}
          data-look={info.look}
          data-local={info.local ? 'true' : undefined}
          style={{
            ...LOOK_STYLE[info.look],
            position: 'relative',
            textAlign: 'center',
            lineHeight: '26px',
            fontSize: 12,
            borderRadius: 3,
            cursor: canEdit ? 'pointer' : 'default',
            outline: d === today ? '1px solid #b4232a' : undefined,
          }}
        >
          {Number(d.slice(8))}
          {(info.look === 'holiday' || info.look === 'workday') && (
            <span style={{ position: 'absolute', top: -3, right: 1, fontSize: 9, lineHeight: '12px' }}>
              {info.look === 'holiday' ? '休' : '班'}
            </span>
          )}
          {info.local && (
            <span
              style={{
                position: 'absolute',
                bottom: 2,
                left: '50%',
                marginLeft: -2,
                width: 4,
                height: 4,
                borderRadius: 2,
                background: '#1677ff',
              }}
            />
          )}
        </div>
      </Tooltip>
    );
  };

  const monthCard = (m: number) => (
    <Card
      key={m}
      size="small"
      title={t('month', { month: m })}
      data-testid={`cal-month-${m}`}
      styles={{ body: { padding: 8 } }}
    >
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
        {weekdayNames.map((w, i) => (
          <div
            key={w}
            style={{ textAlign: 'center', fontSize: 11, color: i >= 5 ? 'rgba(0,0,0,0.35)' : 'rgba(0,0,0,0.55)' }}
          >
            {w}
          </div>
        ))}
        {monthWeeks(year, m).flat().map(dayCell)}
      </div>
    </Card>
  );

  const special = useMemo(() => dayRuns([...index.keys()].map((d) => dayInfo(d, index))), [index]);
  const columns: TableColumnsType<DayRun> = [
    {
      title: t('date'),
      key: 'date',
      width: 220,
      render: (_, r) => (r.days === 1 ? r.first : t('dateRange', { from: r.first, to: r.last })),
    },
    {
      title: t('weekday'),
      key: 'wd',
      width: 100,
      render: (_, r) => (r.days === 1 ? weekdayOf(r.first) : t('daysCount', { n: r.days })),
    },
    {
      title: t('kind'),
      key: 'kind',
      width: 170,
      render: (_, { info: i }) => i.entry && <Tag color={KIND_COLORS[i.entry.kind]}>{t(KIND_LABEL[i.entry.kind])}</Tag>,
    },
    { title: t('name'), key: 'name', render: (_, { info: i }) => i.entry?.name },
    {
      title: t('scope'),
      key: 'scope',
      render: (_, { info: i }) => (
        <Space size={4} wrap>
          {i.local ? <Tag color="blue">{t('local')}</Tag> : <Tag>{t('national')}</Tag>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i.entry?.source ?? ''}
            {i.local && i.national
              ? `（${t('nationalIs', { name: i.national.name, kind: t(KIND_LABEL[i.national.kind]) })}）`
              : ''}
          </Typography.Text>
        </Space>
      ),
    },
  ];

  const legendBox = (look: DayLook, text: string) => (
    <Space size={4}>
      <span
        style={{
          ...LOOK_STYLE[look],
          display: 'inline-block',
          width: 18,
          height: 18,
          lineHeight: '18px',
          textAlign: 'center',
          fontSize: 11,
          borderRadius: 3,
          border: '1px solid #f0f0f0',
        }}
      >
        8
      </span>
      <Typography.Text style={{ fontSize: 12 }}>{text}</Typography.Text>
    </Space>
  );

  const body = cal.error ? (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={cal.error} />
      <Button onClick={() => cal.refetch()}>{common('retry')}</Button>
    </Space>
  ) : cal.isLoading ? (
    <Skeleton active paragraph={{ rows: 12 }} data-testid="calendar-loading" />
  ) : (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {days.length === 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('yearEmpty', { year })}
          description={t('yearEmptyHint')}
          action={
            canEdit && (
              <Button size="small" icon={<UploadOutlined />} onClick={() => (upload.reset(), setImporting(true))}>
                {t('importDays')}
              </Button>
            )
          }
          data-testid="calendar-empty"
        />
      ) : (
        cal.data?.warning && (
          <Alert
            type="warning"
            showIcon
            title={cal.data.warning}
            action={
              canEdit && (
                <Button size="small" icon={<UploadOutlined />} onClick={() => (upload.reset(), setImporting(true))}>
                  {t('importDays')}
                </Button>
              )
            }
            data-testid="calendar-provisional"
          />
        )
      )}
      {days.length > 0 && (
        <Typography.Text data-testid="calendar-summary">
          {t('summary', { year, holidays: summary.holidays, makeUp: summary.makeUp, working: summary.working })}
          {summary.local > 0 && `；${t('summaryLocal', { n: summary.local })}`}
        </Typography.Text>
      )}
      <Space wrap size="large">
        {legendBox('holiday', t('legendHoliday'))}
        {legendBox('workday', t('legendWorkday'))}
        {legendBox('weekend', t('legendWeekend'))}
        <Space size={4}>
          <span style={{ display: 'inline-block', width: 6, height: 6, borderRadius: 3, background: '#1677ff' }} />
          <Typography.Text style={{ fontSize: 12 }}>{t('legendLocal')}</Typography.Text>
        </Space>
        {canEdit && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('clickToEdit')}
          </Typography.Text>
        )}
      </Space>
      <Row gutter={[12, 12]} data-testid="calendar-year-grid">
        {Array.from({ length: 12 }, (_, i) => (
          <Col key={i} xs={24} sm={12} lg={8} xxl={6}>
            {monthCard(i + 1)}
          </Col>
        ))}
      </Row>
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        {t('specialDays')}
      </Typography.Title>
      <Table<DayRun>
        rowKey="first"
        size="small"
        dataSource={special}
        columns={columns}
        pagination={{ pageSize: 40, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('specialEmpty')} /> }}
        onRow={(r) =>
          ({
            onClick: () => openDay(r.info),
            style: canEdit ? { cursor: 'pointer' } : undefined,
            'data-testid': `cal-row-${r.first}`,
          }) as React.HTMLAttributes<HTMLElement>
        }
        data-testid="calendar-special"
      />
    </Space>
  );

  return (
    <Card
      title={
        <Space>
          <CalendarOutlined />
          {t('calendarTitle')}
        </Space>
      }
      extra={
        <Space wrap>
          <Segmented<number>
            value={year}
            onChange={setYear}
            options={[thisYear, thisYear + 1].map((y) => ({ value: y, label: t('year', { year: y }) }))}
            data-testid="calendar-year"
          />
          {canEdit && (
            <Button
              icon={<UploadOutlined />}
              onClick={() => (upload.reset(), setImporting(true))}
              data-testid="calendar-import"
            >
              {t('importDays')}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('calendarIntro')}</Typography.Paragraph>
      {me && !canEdit && <Alert type="info" showIcon title={t('readOnly')} style={{ marginBottom: 16 }} />}
      {body}

      <Modal
        open={editing !== null}
        title={editing ? t('editDay', { day: editing.day, weekday: weekdayOf(editing.day) }) : ''}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={common('save')}
        confirmLoading={saveDay.isPending}
        okButtonProps={testIdButton('day-save')}
        destroyOnHidden
        width={520}
      >
        {editing && (
          <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('national')}>
              {editing.national
                ? t('nationalIs', { name: editing.national.name, kind: t(KIND_LABEL[editing.national.kind]) })
                : t('nationalNone', {
                    rule: [0, 6].includes(weekday(editing.day)) ? t('ruleWeekend') : t('ruleWeekday'),
                  })}
            </Descriptions.Item>
            {editing.local && (
              <Descriptions.Item label={t('local')}>
                {t('localIs', { name: editing.local.name, kind: t(KIND_LABEL[editing.local.kind]) })}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => (setFormError(null), saveDay.mutate(v))}
          onValuesChange={(changed: Partial<DayForm>) => {
            setFormError(null);
            if (changed.kind === 'normal' && !form.getFieldValue('name')) form.setFieldValue('name', NORMAL_NAME);
          }}
        >
          <Form.Item name="kind" label={t('kind')} rules={[{ required: true }]} extra={t('dayKindHelp')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={(['holiday', 'workday', 'normal'] as const).map((k) => ({
                value: k,
                label: <span data-testid={`day-kind-${k}`}>{t(KIND_LABEL[k])}</span>,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('name')}
            rules={[{ required: kind !== 'normal', whitespace: true }, { max: 50 }]}
          >
            <Input maxLength={50} placeholder={t('dayNamePlaceholder')} data-testid="day-name" />
          </Form.Item>
          <ErrorAlert error={formError} />
        </Form>
      </Modal>

      <Modal
        open={importing}
        title={t('importTitle')}
        onCancel={() => setImporting(false)}
        footer={null}
        destroyOnHidden
        width={640}
      >
        <Typography.Paragraph type="secondary">{t('importHelp')}</Typography.Paragraph>
        <Button
          icon={<DownloadOutlined />}
          onClick={downloadTemplate}
          style={{ marginBottom: 12 }}
          data-testid="calendar-template"
        >
          {t('downloadTemplate')}
        </Button>
        <Spin spinning={upload.isPending} description={t('importing', { name: fileName })}>
          <Upload.Dragger
            accept=".xlsx,.csv"
            multiple={false}
            showUploadList={false}
            disabled={upload.isPending}
            beforeUpload={(file) => {
              setFileName(file.name);
              upload.mutate(file);
              // Sent through api() (CSRF header, problem+json errors), not antd's own uploader.
              return false;
            }}
            data-testid="calendar-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('importDrop')}</p>
          </Upload.Dragger>
        </Spin>
        {rowErrors.length > 0 ? (
          <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }} data-testid="calendar-import-errors">
            <Alert type="error" showIcon title={t('importErrors', { name: fileName, n: rowErrors.length })} />
            <Table<FieldError>
              size="small"
              rowKey={(e) => `${e.row}|${e.column}|${e.code}`}
              dataSource={rowErrors}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t('row'), dataIndex: 'row', width: 70 },
                { title: t('column'), dataIndex: 'column', width: 100 },
                {
                  title: t('problem'),
                  key: 'problem',
                  render: (_, e) =>
                    `${e.message}${e.column === '日期' ? `（${t('importHintDate')}）` : e.column === '类型' ? `（${t('importHintKind')}）` : ''}`,
                },
              ]}
            />
          </Space>
        ) : (
          <ErrorAlert error={upload.error} style={{ marginTop: 16 }} />
        )}
      </Modal>
    </Card>
  );
}
