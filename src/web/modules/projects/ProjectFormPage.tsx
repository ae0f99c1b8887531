import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Result,
  Row,
  Select,
  Space,
  Spin,
} from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router-dom';
import type { Dayjs } from 'dayjs';
import { countyNow } from '../../lib/time';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';
import { POOLS, POOL_LABELS, PROJECT_TYPES, PROJECT_TYPE_LABELS } from '../../../shared/domain/projects';
import { orgApi, orgKeys } from '../org/api';
import { conflictNotice, projectApi, projectKeys, type Project } from './api';
import { useProjectsT } from './i18n';

/** Where projects come from, offered as suggestions; the field is free text on the server (up to 50 characters). */
const SOURCES = ['招商引资', '招商线索转化', '政府投资', '社会投资', '上级下达', '专项债券'];

type Plans = Record<string, number>;

/** 年度计划投资: one row per year (year, 万元); the value is the server's `{ "2026": 5000 }`. */
function AnnualPlansInput({
  value,
  onChange,
  startYear,
}: {
  value?: Plans;
  onChange?: (v: Plans) => void;
  startYear: number;
}) {
  const tr = useProjectsT();
  const [rows, setRows] = useState<{ year: number | null; amount: number | null }[]>(() =>
    Object.entries(value ?? {}).map(([y, a]) => ({ year: Number(y), amount: a })),
  );
  // A reset of the form (reload after a conflict) replaces the rows.
  useEffect(() => {
    const fromRows = Object.fromEntries(
      rows.filter((r) => r.year && r.amount !== null).map((r) => [String(r.year), r.amount!]),
    );
    if (JSON.stringify(fromRows) !== JSON.stringify(value ?? {}))
      setRows(Object.entries(value ?? {}).map(([y, a]) => ({ year: Number(y), amount: a })));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only an outside change of the value resets the rows
  }, [value]);
  const emit = (next: typeof rows) => {
    setRows(next);
    onChange?.(
      Object.fromEntries(next.filter((r) => r.year && r.amount !== null).map((r) => [String(r.year), r.amount!])),
    );
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="project-plans">
      {rows.map((r, i) => (
        <Space key={i}>
          <InputNumber
            min={2000}
            max={2100}
            precision={0}
            placeholder={tr('year')}
            value={r.year}
            onChange={(y) => emit(rows.map((x, j) => (j === i ? { ...x, year: y } : x)))}
            addonAfter={tr('yearSuffix') || undefined}
            data-testid="plan-year"
          />
          <InputNumber
            min={0}
            precision={2}
            placeholder={tr('plannedInvestment')}
            value={r.amount}
            onChange={(a) => emit(rows.map((x, j) => (j === i ? { ...x, amount: a } : x)))}
            addonAfter={tr('wanUnit')}
            style={{ width: 200 }}
            data-testid="plan-amount"
          />
          <Button
            type="text"
            icon={<DeleteOutlined />}
            aria-label={tr('deleteYear')}
            onClick={() => emit(rows.filter((_, j) => j !== i))}
          />
        </Space>
      ))}
      <Button
        icon={<PlusOutlined />}
        onClick={() =>
          emit([
            ...rows,
            { year: rows.length ? Math.max(...rows.map((r) => r.year ?? startYear)) + 1 : startYear, amount: null },
          ])
        }
        data-testid="plan-add"
      >
        {tr('addYearPlan')}
      </Button>
    </Space>
  );
}

type Location = { lng: number; lat: number } | null;
/** 项目位置: longitude and latitude (WGS-84 degrees); both empty = not located. */
function LocationInput({ value, onChange }: { value?: Location; onChange?: (v: Location) => void }) {
  const tr = useProjectsT();
  const [lng, setLng] = useState<number | null>(value?.lng ?? null);
  const [lat, setLat] = useState<number | null>(value?.lat ?? null);
  useEffect(() => {
    setLng(value?.lng ?? null);
    setLat(value?.lat ?? null);
  }, [value?.lng, value?.lat]);
  const emit = (x: number | null, y: number | null) => {
    setLng(x);
    setLat(y);
    // Half a point is not a location: the value stays as it was until both are given, or none.
    if (x !== null && y !== null) onChange?.({ lng: x, lat: y });
    else if (x === null && y === null) onChange?.(null);
  };
  return (
    <Space>
      <InputNumber
        min={-180}
        max={180}
        precision={6}
        placeholder={tr('lngPlaceholder')}
        value={lng}
        onChange={(x) => emit(x, lat)}
        style={{ width: 200 }}
        data-testid="project-lng"
      />
      <InputNumber
        min={-90}
        max={90}
        precision={6}
        placeholder={tr('latPlaceholder')}
        value={lat}
        onChange={(y) => emit(lng, y)}
        style={{ width: 200 }}
        data-testid="project-lat"
      />
    </Space>
  );
}

/** Server field paths onto this form's fields: a point's and a year plan's sub-fields are shown on their whole field. */
function onFormFields(e: unknown): unknown {
  if (!(e instanceof ApiError) || !e.problem.errors) return e;
  const errors = e.problem.errors.map((x) => ({
    ...x,
    field: x.field?.replace(/^body\.(location|annualPlans)\..*$/, 'body.$1'),
  }));
  return new ApiError({ ...e.problem, errors });
}

interface Values {
  name: string;
  type: string;
  content: string;
  totalInvestment: number;
  annualPlans: Plans;
  ownerEnterprise: string | null;
  responsibleUnitId: string;
  leaderId: string | null;
  townshipUnitId: string | null;
  location: Location;
  startYear: number;
  endYear: number;
  major: boolean;
  attracted: boolean;
  livelihood: boolean;
  source: string | null;
  sourceRef: string | null;
  pool?: string;
  enteredOn?: Dayjs;
}

const valuesOf = (p: Project): Values => ({
  name: p.name,
  type: p.type,
  content: p.content,
  totalInvestment: p.totalInvestment,
  annualPlans: p.annualPlans,
  ownerEnterprise: p.ownerEnterprise,
  responsibleUnitId: p.responsibleUnitId,
  leaderId: p.leaderId,
  townshipUnitId: p.townshipUnitId,
  location: p.location,
  startYear: p.startYear,
  endYear: p.endYear,
  major: p.major,
  attracted: p.attracted,
  livelihood: p.livelihood,
  source: p.source,
  sourceRef: p.sourceRef,
});

/**
 * 项目入库 (`/projects/new`) and 修改项目信息 (`/projects/:id/edit`): every field of a project, checked by the server
 * (its field errors shown on the fields), edits with the project's version (a conflict reloads and says so).
 */
export default function ProjectFormPage() {
  const { id } = useParams();
  const editing = !!id;
  const { label, t: common } = useI18n();
  const tr = useProjectsT();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const isIssuer = hasRole(me, ['supervision_office', 'principal']);
  const isUnit = hasRole(me, ['unit_admin', 'unit_clerk']);

  const project = useQuery({
    queryKey: projectKeys.one(id ?? ''),
    queryFn: () => projectApi.get(id!),
    enabled: editing,
  });
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const leaders = useQuery({
    queryKey: ['people', 'leaders'],
    queryFn: () => orgApi.people({ role: 'leader', pageSize: 200 }),
  });
  const principals = useQuery({
    queryKey: ['people', 'principals'],
    queryFn: () => orgApi.people({ role: 'principal', pageSize: 200 }),
  });
  const active = (units.data ?? []).filter((u) => u.active);
  const townships = active.filter((u) => u.kind === 'township' || u.kind === 'park');
  const leaderOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const p of [...(principals.data?.items ?? []), ...(leaders.data?.items ?? [])])
      if (p.active !== false)
        seen.set(p.id, p.title ? tr('leaderWithTitle', { name: p.displayName, title: p.title }) : p.displayName);
    return [...seen].map(([value, text]) => ({ value, label: text }));
  }, [leaders.data, principals.data, tr]);

  const p = project.data;
  useEffect(() => {
    if (p) form.setFieldsValue(valuesOf(p));
  }, [p, form]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const body = {
        name: v.name,
        type: v.type,
        content: v.content,
        totalInvestment: v.totalInvestment,
        annualPlans: v.annualPlans ?? {},
        ownerEnterprise: v.ownerEnterprise?.trim() || null,
        responsibleUnitId: v.responsibleUnitId,
        leaderId: v.leaderId ?? null,
        townshipUnitId: v.townshipUnitId ?? null,
        location: v.location ?? null,
        startYear: v.startYear,
        endYear: v.endYear,
        major: !!v.major,
        attracted: !!v.attracted,
        livelihood: !!v.livelihood,
        source: v.source?.trim() || null,
        sourceRef: v.sourceRef?.trim() || null,
      };
      if (editing) return projectApi.patch(p!, body);
      return projectApi.create({ ...body, pool: v.pool, enteredOn: v.enteredOn?.format('YYYY-MM-DD') });
    },
    onSuccess: (saved) => {
      message.success(editing ? common('saved') : tr('enteredLibrary'));
      qc.invalidateQueries({ queryKey: projectKeys.all });
      navigate(`/projects/${saved.id}`);
    },
    onError: (e) => {
      if (editing && conflictNotice(message, e, () => qc.invalidateQueries({ queryKey: projectKeys.one(id!) }))) return;
      const mapped = onFormFields(e);
      if (!applyServerErrors(form, mapped)) setError(mapped);
      else setError(null);
    },
  });

  if (editing && project.isLoading) return <Spin style={{ margin: 48 }} />;
  if (editing && (project.error || !p))
    return (
      <Result
        status="warning"
        title={tr('cannotOpen')}
        subTitle={<ErrorAlert error={project.error} />}
        extra={<Button onClick={() => navigate('/projects')}>{tr('backToLibrary')}</Button>}
      />
    );
  if (!isIssuer && !isUnit)
    return (
      <Result
        status="403"
        title={tr('noRightToEnter')}
        subTitle={tr('noRightToEnterHint')}
        extra={<Button onClick={() => navigate('/projects')}>{tr('backToLibrary')}</Button>}
      />
    );
  if (editing && p && !isIssuer && me?.unitId !== p.responsibleUnitId)
    return (
      <Result
        status="403"
        title={tr('onlyOwnUnit')}
        extra={<Button onClick={() => navigate(`/projects/${p.id}`)}>{tr('backToProject')}</Button>}
      />
    );

  const year = countyNow().year();
  const initial: Values = {
    name: '',
    type: 'industry',
    content: '',
    totalInvestment: undefined as unknown as number,
    annualPlans: {},
    ownerEnterprise: null,
    // A unit enters its own projects (the server refuses others).
    responsibleUnitId: isIssuer ? (undefined as unknown as string) : (me?.unitId ?? ''),
    leaderId: null,
    townshipUnitId: null,
    location: null,
    startYear: year,
    endYear: year + 1,
    major: false,
    attracted: false,
    livelihood: false,
    source: null,
    sourceRef: null,
    pool: 'reserve',
    enteredOn: countyNow(),
  };

  return (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate(editing ? `/projects/${id}` : '/projects')}
            aria-label={tr('back')}
          />
          <span>{editing ? tr('editTitle', { name: p!.name }) : tr('newProject')}</span>
        </Space>
      }
    >
      {editing && p && p.milestoneCount > 0 && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={tr('lockedFieldsHint')} />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={editing ? undefined : initial}
        onFinish={(v) => (setError(null), save.mutate(v))}
        data-testid="project-form"
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item
              name="name"
              label={tr('colName')}
              rules={[
                { required: true, whitespace: true, message: tr('enterName') },
                { max: 200, message: tr('maxChars', { max: 200 }) },
              ]}
            >
              <Input data-testid="project-name-input" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="type" label={tr('projectType')} rules={[{ required: true, message: tr('selectType') }]}>
              <Select
                options={PROJECT_TYPES.map((t) => ({ value: t, label: label(PROJECT_TYPE_LABELS[t]) }))}
                data-testid="project-type"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="content"
          label={tr('content')}
          rules={[{ required: true, whitespace: true, message: tr('enterContent') }]}
        >
          <Input.TextArea rows={3} data-testid="project-content" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="totalInvestment"
              label={tr('totalInvestmentWan')}
              rules={[{ required: true, message: tr('enterTotal') }]}
            >
              <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="project-total" />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item noStyle shouldUpdate={(a, b) => a.startYear !== b.startYear}>
              {({ getFieldValue }) => (
                <Form.Item name="annualPlans" label={tr('annualPlansByYear')}>
                  <AnnualPlansInput startYear={getFieldValue('startYear') ?? year} />
                </Form.Item>
              )}
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="ownerEnterprise" label={tr('ownerEnterpriseLabel')}>
              <Input placeholder={tr('ownerPlaceholder')} data-testid="project-owner" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="responsibleUnitId"
              label={tr('responsibleUnit')}
              rules={[{ required: true, message: tr('selectUnit') }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                disabled={!isIssuer}
                loading={units.isLoading}
                options={active.map((u) => ({ value: u.id, label: u.name }))}
                data-testid="project-unit"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="leaderId" label={tr('liaisonLeader')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                loading={leaders.isLoading}
                options={leaderOptions}
                placeholder={tr('unassigned')}
                data-testid="project-leader"
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="townshipUnitId" label={tr('townshipParkLabel')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={townships.map((u) => ({ value: u.id, label: u.name }))}
                placeholder={tr('unassigned')}
                data-testid="project-township"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="location" label={tr('locationLabel')} extra={tr('locationExtra')}>
              <LocationInput />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={12} md={4}>
            <Form.Item name="startYear" label={tr('startYear')} rules={[{ required: true, message: tr('required') }]}>
              <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="project-start" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="endYear" label={tr('endYear')} rules={[{ required: true, message: tr('required') }]}>
              <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid="project-end" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={tr('flags')}>
              <Space>
                <Form.Item name="major" valuePropName="checked" noStyle>
                  <Checkbox data-testid="project-major">{tr('flagMajorProject')}</Checkbox>
                </Form.Item>
                <Form.Item name="attracted" valuePropName="checked" noStyle>
                  <Checkbox>{tr('flagAttractedProject')}</Checkbox>
                </Form.Item>
                <Form.Item name="livelihood" valuePropName="checked" noStyle>
                  <Checkbox>{tr('flagLivelihood')}</Checkbox>
                </Form.Item>
              </Space>
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="source" label={tr('source')}>
              <AutoComplete
                options={SOURCES.map((s) => ({ value: s }))}
                placeholder={tr('sourcePlaceholder')}
                filterOption={(input, o) => String(o?.value ?? '').includes(input)}
                data-testid="project-source"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="sourceRef" label={tr('sourceRef')}>
              <Input placeholder={tr('sourceRefPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        {!editing && (
          <Row gutter={16}>
            <Col xs={12} md={8}>
              <Form.Item name="pool" label={tr('entryPool')} rules={[{ required: true, message: tr('selectPool') }]}>
                <Select
                  options={POOLS.map((x) => ({ value: x, label: label(POOL_LABELS[x]) }))}
                  data-testid="project-pool-select"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item
                name="enteredOn"
                label={tr('entryDate')}
                rules={[{ required: true, message: tr('selectDate') }]}
              >
                <DatePicker disabledDate={(d) => d.isAfter(countyNow(), 'day')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <ErrorAlert error={error} style={{ marginBottom: 16 }} />
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="project-save">
            {editing ? common('save') : tr('enter')}
          </Button>
          <Button onClick={() => navigate(editing ? `/projects/${id}` : '/projects')}>{common('cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
