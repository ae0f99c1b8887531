import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Result,
  Row,
  Space,
  Spin,
  Statistic,
  Steps,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import {
  CheckCircleOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  InboxOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { download } from '../../lib/api';
import { ROLE_LABELS, ROLES, type Role } from '../../../shared/role-labels';
import { UNIT_KIND_LABELS, UNIT_KINDS, type UnitKind } from '../../../shared/org';
import { orgApi, orgKeys, type ImportPreview } from './api';
import { useOrgT } from './i18n';
import { beijingTime } from '../../lib/time';

type ImportError = ImportPreview['errors'][number];

/** `单位!5.单位名称` → the sheet; a problem with the whole file has no sheet. */
const sheetOf = (e: ImportError) => (e.field?.includes('!') ? e.field.split('!')[0] : '—');
const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
const isKind = (k: string): k is UnitKind => (UNIT_KINDS as readonly string[]).includes(k);
/** Shown as the server gives it, in Beijing time: an ISO instant read in Asia/Shanghai. */
const beijing = (iso: string, locale: string) => beijingTime(iso, locale);

/** 批量导入: template → upload and check every row (nothing written) → review → commit all at once. */
export default function OrgImportPage() {
  const t = useOrgT();
  const { t: common, label, locale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const [fileName, setFileName] = useState<string | null>(null);
  const [templateError, setTemplateError] = useState<unknown>(null);

  const preview = useMutation({ mutationFn: (file: File) => orgApi.previewImport(file) });
  const commit = useMutation({
    mutationFn: (batchId: string) => orgApi.commitImport(batchId),
    onSuccess: (r) => {
      message.success(t('importDoneDetail', { units: r.units, people: r.people }));
      void qc.invalidateQueries({ queryKey: orgKeys.units });
      void qc.invalidateQueries({ queryKey: orgKeys.peopleAll });
    },
  });

  if (me && !hasRole(me, ['system_admin']))
    return <Result status="403" title={t('noPermission')} subTitle={t('onlySysAdmin')} />;

  const p = preview.data;
  const done = commit.data;
  const current = done ? 3 : p ? 2 : 1;

  function startOver() {
    preview.reset();
    commit.reset();
    setFileName(null);
  }

  const uploadPanel = (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Card type="inner" title={`1. ${t('stepTemplate')}`} style={{ height: '100%' }}>
          <Typography.Paragraph type="secondary">{t('templateIntro')}</Typography.Paragraph>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => (setTemplateError(null), download('/api/v1/org-imports/template').catch(setTemplateError))}
            data-testid="import-template"
          >
            {t('downloadTemplate')}
          </Button>
          <ErrorAlert error={templateError} style={{ marginTop: 12 }} />
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        <Card type="inner" title={`2. ${t('stepUpload')}`}>
          <Spin spinning={preview.isPending} description={t('checking', { name: fileName ?? '' })}>
            <Upload.Dragger
              accept=".xlsx,.csv"
              multiple={false}
              showUploadList={false}
              disabled={preview.isPending}
              beforeUpload={(file) => {
                setFileName(file.name);
                preview.mutate(file);
                // The file goes through api() (CSRF header, problem+json errors), not antd's own uploader.
                return false;
              }}
              data-testid="org-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('uploadHint')}</p>
              <p className="ant-upload-hint">{t('uploadSubHint')}</p>
            </Upload.Dragger>
          </Spin>
          <ErrorAlert error={preview.error} style={{ marginTop: 16 }} />
        </Card>
      </Col>
    </Row>
  );

  const previewPanel = p && (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="import-preview">
      <Card type="inner">
        <Row gutter={16} align="middle">
          <Col flex="auto">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('fileName')}>
                <FileExcelOutlined style={{ color: '#1d6f42', marginInlineEnd: 6 }} />
                {p.fileName}
              </Descriptions.Item>
            </Descriptions>
          </Col>
          <Col>
            <Statistic title={t('unitsToCreate')} value={p.units} />
          </Col>
          <Col>
            <Statistic title={t('peopleToCreate')} value={p.people} style={{ marginInlineStart: 32 }} />
          </Col>
          <Col>
            <Statistic
              title={t('problems')}
              value={p.errors.length}
              styles={{ content: { color: p.errors.length ? '#cf1322' : '#3f8600' } }}
              style={{ marginInlineStart: 32 }}
            />
          </Col>
        </Row>
      </Card>
      {p.previouslyCommittedAt && (
        <Alert
          type="warning"
          showIcon
          title={t('previouslyImported', { at: beijing(p.previouslyCommittedAt, locale) })}
          data-testid="import-previously"
        />
      )}
      {p.errors.length > 0 ? (
        <>
          <Alert type="error" showIcon title={t('errorsFound', { n: p.errors.length })} data-testid="import-errors" />
          <Table<ImportError>
            size="small"
            rowKey={(r) => `${r.field ?? ''}|${r.code}|${r.message}`}
            dataSource={p.errors}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('sheet'), key: 'sheet', width: 100, render: (_, r) => sheetOf(r) },
              { title: t('row'), dataIndex: 'row', width: 70, render: (v?: number) => v ?? '—' },
              { title: t('column'), dataIndex: 'column', width: 140, render: (v?: string) => v ?? '—' },
              {
                title: t('problem'),
                dataIndex: 'message',
                render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text>,
              },
            ]}
            data-testid="import-error-table"
          />
          <Button icon={<ReloadOutlined />} onClick={startOver} data-testid="import-again">
            {t('uploadAgain')}
          </Button>
        </>
      ) : (
        <>
          <Alert type="success" showIcon title={t('checkPassed', { units: p.units, people: p.people })} />
          <Tabs
            items={[
              {
                key: 'units',
                label: t('unitsTab', { n: p.units }),
                children: (
                  <Table
                    size="small"
                    rowKey="row"
                    dataSource={p.sample.units}
                    pagination={false}
                    footer={
                      p.units > p.sample.units.length ? () => t('sampleNote', { n: p.sample.units.length }) : undefined
                    }
                    columns={[
                      { title: t('row'), dataIndex: 'row', width: 70 },
                      { title: t('fullName'), dataIndex: 'name' },
                      { title: t('parent'), dataIndex: 'parentName', render: (v: string | null) => v ?? '—' },
                      {
                        title: t('kind'),
                        dataIndex: 'kind',
                        width: 140,
                        render: (k: string) => (isKind(k) ? label(UNIT_KIND_LABELS[k]) : k),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'people',
                label: t('peopleTab', { n: p.people }),
                children: (
                  <Table
                    size="small"
                    rowKey="row"
                    dataSource={p.sample.people}
                    pagination={false}
                    footer={
                      p.people > p.sample.people.length
                        ? () => t('sampleNote', { n: p.sample.people.length })
                        : undefined
                    }
                    columns={[
                      { title: t('row'), dataIndex: 'row', width: 70 },
                      { title: t('usernameCol'), dataIndex: 'username' },
                      { title: t('displayName'), dataIndex: 'displayName' },
                      { title: t('unitCol'), dataIndex: 'unitName' },
                      {
                        title: t('rolesCol'),
                        dataIndex: 'roles',
                        render: (rs: string[]) =>
                          rs.map((r) => <Tag key={r}>{isRole(r) ? label(ROLE_LABELS[r]) : r}</Tag>),
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
          <ErrorAlert error={commit.error} />
          <Space>
            <Button
              type="primary"
              icon={<CheckCircleOutlined />}
              onClick={() => p.batchId && commit.mutate(p.batchId)}
              loading={commit.isPending}
              disabled={!p.batchId}
              data-testid="import-commit"
            >
              {t('commit')}
            </Button>
            <Button onClick={startOver} disabled={commit.isPending}>
              {common('cancel')}
            </Button>
          </Space>
        </>
      )}
    </Space>
  );

  return (
    <Card title={t('importTitle')}>
      <Steps
        current={current}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('stepTemplate') },
          { title: t('stepUpload') },
          { title: t('stepPreview') },
          { title: t('stepDone') },
        ]}
        data-testid="import-steps"
      />
      {done ? (
        <Result
          status="success"
          title={t('importDone')}
          subTitle={t('importDoneDetail', { units: done.units, people: done.people })}
          extra={[
            <Button key="units" type="primary" onClick={() => navigate('/org/units')}>
              {common('menu.units')}
            </Button>,
            <Button key="people" onClick={() => navigate('/org/people')}>
              {common('menu.people')}
            </Button>,
            <Button key="more" onClick={startOver}>
              {t('importMore')}
            </Button>,
          ]}
          data-testid="import-done"
        />
      ) : p ? (
        previewPanel
      ) : (
        uploadPanel
      )}
    </Card>
  );
}
