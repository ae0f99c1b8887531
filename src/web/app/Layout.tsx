import { useMemo, type ReactNode } from 'react';
import { Badge, Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { BellOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from './i18n';
import { visibleMenu } from './menu';
import { useSetMe, type Me } from './session';
import { api } from '../lib/api';
import { ROLE_LABELS } from '../../shared/roles';

const { Header, Sider, Content } = Layout;

export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t, label, locale, setLocale } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const setMe = useSetMe();
  const entries = useMemo(() => visibleMenu(me.roles), [me.roles]);
  const unread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api<{ unread: number }>('GET', '/api/v1/notifications', { query: { unread: 'true', pageSize: 1 } }),
    refetchInterval: 60_000,
    enabled: !me.mustChangePassword && !me.needsTotpSetup,
  });

  const items = useMemo(() => {
    const groups = new Map<string, { key: string; label: string; children: { key: string; label: string }[] }>();
    const out: ({ key: string; label: string } | { key: string; label: string; children: { key: string; label: string }[] })[] = [];
    for (const e of entries) {
      const item = { key: e.path, label: t(e.label), 'data-testid': `menu-${e.path}` };
      if (!e.group) out.push(item);
      else {
        let g = groups.get(e.group);
        if (!g) {
          g = { key: `group:${e.group}`, label: t(e.group), children: [] };
          groups.set(e.group, g);
          out.push(g);
        }
        g.children.push(item);
      }
    }
    return out;
  }, [entries, t]);

  const selected = entries.filter((e) => e.path === location.pathname || (e.path !== '/' && location.pathname.startsWith(e.path))).map((e) => e.path);

  async function signOut() {
    await api('POST', '/api/v1/auth/logout').catch(() => {});
    setMe(null);
    navigate('/login');
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={220} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
        <div style={{ padding: '16px 20px', borderBottom: '1px solid #f0f0f0' }}>
          <Typography.Title level={4} style={{ margin: 0, color: '#b4232a' }}>
            {t('appName')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {me.jurisdictionName} · {t('appSubtitle')}
          </Typography.Text>
        </div>
        <Menu mode="inline" items={items} selectedKeys={selected} defaultOpenKeys={['group:menu.org', 'group:menu.account']} onClick={(e) => navigate(e.key)} data-testid="side-menu" />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', borderBottom: '1px solid #f0f0f0', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', paddingInline: 24 }}>
          <Space size="large">
            <Badge count={unread.data?.unread ?? 0} size="small">
              <Button type="text" icon={<BellOutlined />} onClick={() => navigate('/notifications')} data-testid="notifications-bell" aria-label={t('menu.notifications')} />
            </Badge>
            <Button type="link" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')} data-testid="language-switch">
              {t('language')}
            </Button>
            <Dropdown menu={{ items: [{ key: 'logout', icon: <LogoutOutlined />, label: t('signOut'), onClick: () => void signOut() }] }}>
              <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
                <UserOutlined />
                <span>
                  {me.displayName}（{me.unitName} · {me.roles.map((r) => label(ROLE_LABELS[r])).join('、')}）
                </span>
              </Space>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: 16, padding: 20, background: '#fff', minHeight: 360 }}>{children}</Content>
      </Layout>
    </Layout>
  );
}
