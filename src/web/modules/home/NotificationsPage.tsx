import { useState } from 'react';
import { Badge, Button, Card, List, Segmented, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { api } from '../../lib/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { moduleDictionary } from '../../lib/module-i18n';
import { beijingTime } from '../../lib/time';

const useNotificationsT = moduleDictionary(
  {
    title: '消息中心',
    unread: '未读',
    all: '全部',
    markAllRead: '全部标为已读',
    emptyUnread: '没有未读消息',
    empty: '暂无消息',
    open: '查看',
    markRead: '标为已读',
  },
  {
    title: 'Notifications',
    unread: 'Unread',
    all: 'All',
    markAllRead: 'Mark all as read',
    emptyUnread: 'No unread notifications',
    empty: 'No notifications yet',
    open: 'Open',
    markRead: 'Mark as read',
  },
);

interface Notification {
  id: string;
  kind: string;
  itemId: string | null;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** 消息中心: what the reminders, transitions and supervision notices sent me. */
export default function NotificationsPage() {
  const t = useNotificationsT();
  const [unreadOnly, setUnreadOnly] = useState(true);
  const [page, setPage] = useState(1);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: ['notifications', unreadOnly, page],
    queryFn: () =>
      api<{ items: Notification[]; total: number; unread: number }>('GET', '/api/v1/notifications', {
        query: { unread: String(unreadOnly), page, pageSize: 20 },
      }),
  });
  const read = useMutation({
    mutationFn: (body: { ids?: string[]; all?: boolean }) => api('POST', '/api/v1/notifications/read', { body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });

  return (
    <Card
      title={
        <Space>
          {t('title')} <Badge count={list.data?.unread ?? 0} />
        </Space>
      }
      extra={
        <Space>
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => (setUnreadOnly(v === 'unread'), setPage(1))}
            options={[
              { label: t('unread'), value: 'unread' },
              { label: t('all'), value: 'all' },
            ]}
          />
          <Button onClick={() => read.mutate({ all: true })} disabled={!list.data?.unread}>
            {t('markAllRead')}
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={list.error} />
      <List
        loading={list.isLoading}
        locale={{ emptyText: unreadOnly ? t('emptyUnread') : t('empty') }}
        dataSource={list.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
        }}
        renderItem={(n) => (
          <List.Item
            actions={[
              n.link ? (
                <Button type="link" key="open" onClick={() => (read.mutate({ ids: [n.id] }), navigate(n.link!))}>
                  {t('open')}
                </Button>
              ) : null,
              !n.readAt ? (
                <Button type="link" key="read" onClick={() => read.mutate({ ids: [n.id] })}>
                  {t('markRead')}
                </Button>
              ) : null,
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
              description={
                <>
                  <div style={{ whiteSpace: 'pre-line' }}>{n.body}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {beijingTime(n.createdAt)}
                  </Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
