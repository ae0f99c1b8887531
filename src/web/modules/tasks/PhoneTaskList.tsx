import type { ReactNode } from 'react';
import { Button, Empty, Space, Spin, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import type { TaskOut } from '../../../shared/tasks';
import { LIGHT_LABELS, STATE_LABELS } from '../../../shared/supervision-labels';
import { Light } from './Light';
import { useTasksT } from './i18n';

/**
 * The ledger on a phone (the red list a leader opens from the cockpit, a to-do kind a clerk opens from home): the
 * tasks as rows to tap, each with its unit, deadline, progress and light; the filter the list came with said as
 * tags; pages turned with two buttons. The same query as the desktop table (filters in the URL).
 */
export function PhoneTaskList({
  items,
  total,
  page,
  pageSize,
  loading,
  query,
  unitName,
  onPage,
  onClear,
  header,
  empty,
}: {
  items: TaskOut[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  query: Record<string, string>;
  unitName: (id: string) => string | undefined;
  onPage: (page: number) => void;
  onClear: () => void;
  header?: ReactNode;
  empty: string;
}) {
  const tr = useTasksT();
  const { label } = useI18n();
  const navigate = useNavigate();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const lights = (query.light ?? '').split(',').filter((l): l is keyof typeof LIGHT_LABELS => l in LIGHT_LABELS);
  const states = (query.state ?? '').split(',').filter((s): s is keyof typeof STATE_LABELS => s in STATE_LABELS);
  const filtered = Object.keys(query).some((k) => !['page', 'pageSize', 'sort', 'todo'].includes(k));
  return (
    <div data-testid="tasks-phone">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {tr('ledgerTitle')}
      </Typography.Title>
      {header}
      {filtered && (
        <Space wrap style={{ marginBottom: 8 }} data-testid="tasks-phone-filter">
          {lights.map((l) => (
            <Tag key={l} color={l === 'red' ? 'red' : l === 'yellow' ? 'gold' : l === 'green' ? 'green' : undefined}>
              {label(LIGHT_LABELS[l])}
            </Tag>
          ))}
          {states.length > 0 && states.length < 4 && states.map((s) => <Tag key={s}>{label(STATE_LABELS[s])}</Tag>)}
          {query.leadUnitId && <Tag>{unitName(query.leadUnitId)}</Tag>}
          {query.unitId && <Tag>{unitName(query.unitId)}</Tag>}
          {query.q && <Tag>“{query.q}”</Tag>}
          <Button onClick={onClear}>{tr('reset')}</Button>
        </Space>
      )}
      <Typography.Text type="secondary" data-testid="tasks-phone-total">
        {tr('totalCount', { count: total })}
      </Typography.Text>
      <Spin spinning={loading}>
        {items.length === 0 && !loading ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
        ) : (
          <div>
            {items.map((t) => (
              <div
                key={t.id}
                className="phone-row"
                onClick={() => navigate(`/tasks/${t.id}`)}
                style={{ borderBottom: '1px solid #f0f0f0' }}
                data-testid="task-link"
              >
                <div style={{ flex: 1, minWidth: 0 }}>
                  <div style={{ overflowWrap: 'anywhere' }}>
                    {t.parentId && <Tag>{tr('subtaskTag')}</Tag>}
                    {t.serial !== null && <Typography.Text type="secondary">[{t.serial}] </Typography.Text>}
                    {t.title}
                  </div>
                  <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                    {unitName(t.assigneeUnitId) ?? '…'} · {t.deadline} · {label(STATE_LABELS[t.state])}
                    {t.progress !== null && ` · ${t.progress}%`}
                  </div>
                </div>
                <Light light={t.light} reasons={t.lightReasons} />
                <RightOutlined style={{ color: '#bfbfbf' }} />
              </div>
            ))}
          </div>
        )}
      </Spin>
      {pages > 1 && (
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 12 }}>
          <Button icon={<LeftOutlined />} disabled={page <= 1} onClick={() => onPage(page - 1)} aria-label="prev" />
          <span>
            {page} / {pages}
          </span>
          <Button
            icon={<RightOutlined />}
            disabled={page >= pages}
            onClick={() => onPage(page + 1)}
            aria-label="next"
          />
        </div>
      )}
    </div>
  );
}
