import { useMemo, useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Drawer, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import {
  CarOutlined,
  PieChartOutlined,
  DatabaseOutlined,
  BarChartOutlined,
  ApartmentOutlined,
  ApiOutlined,
  FileSearchOutlined,
  FlagOutlined,
  FieldTimeOutlined,
  BulbOutlined,
  CalendarOutlined,
  DashboardOutlined,
  GlobalOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  TrophyOutlined,
  SafetyCertificateOutlined,
  FundOutlined,
  AimOutlined,
  EnvironmentOutlined,
  ProjectOutlined,
  RiseOutlined,
  ScheduleOutlined,
  WarningOutlined,
  SettingOutlined,
  AuditOutlined,
  BellOutlined,
  CloudUploadOutlined,
  HomeOutlined,
  KeyOutlined,
  LockOutlined,
  LogoutOutlined,
  MenuOutlined,
  BankOutlined,
  IssuesCloseOutlined,
  MessageOutlined,
  FunnelPlotOutlined,
  ClusterOutlined,
  BorderOuterOutlined,
  SafetyOutlined,
  ShopOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from './i18n';
import { settingsApi } from '../modules/settings/api';
import { activeEntry, pendingSetup, visibleMenu } from './menu';
import type { Me } from './session';
import { api } from '../lib/api';
import { authApi } from '../modules/auth/api';
import { ROLE_LABELS } from '../../shared/role-labels';
import { usePhone } from '../components/phone';
import { clearShellCache } from '../lib/shell-cache';

const { Header, Sider, Content } = Layout;

const GROUP_ICONS: Record<string, ReactNode> = {
  'menu.projectsGroup': <AimOutlined />,
  'menu.enterpriseGroup': <ShopOutlined />,
  'menu.investmentGroup': <BankOutlined />,
  'menu.org': <ApartmentOutlined />,
  'menu.settings': <SettingOutlined />,
  'menu.account': <UserOutlined />,
};

const ICONS: Record<string, ReactNode> = {
  '/': <HomeOutlined />,
  '/cockpit': <DashboardOutlined />,
  '/bulletins': <NotificationOutlined />,
  '/scoring': <TrophyOutlined />,
  '/accountability': <SafetyCertificateOutlined />,
  '/campaigns': <FlagOutlined />,
  '/burden': <FieldTimeOutlined />,
  '/task-forces': <UsergroupAddOutlined />,
  '/tasks': <UnorderedListOutlined />,
  '/meetings': <TeamOutlined />,
  '/findings': <IssuesCloseOutlined />,
  '/extractions': <FileSearchOutlined />,
  '/indicators': <FundOutlined />,
  '/projects': <ProjectOutlined />,
  '/projects/rates': <RiseOutlined />,
  '/projects/map': <EnvironmentOutlined />,
  '/rounds': <ScheduleOutlined />,
  '/blockers': <WarningOutlined />,
  '/enterprises': <ShopOutlined />,
  '/demands': <MessageOutlined />,
  '/visits': <CarOutlined />,
  '/demand-figures': <PieChartOutlined />,
  '/libraries': <DatabaseOutlined />,
  '/mu': <BarChartOutlined />,
  '/leads': <FunnelPlotOutlined />,
  '/chains': <ClusterOutlined />,
  '/sites': <BorderOuterOutlined />,
  '/investment-map': <EnvironmentOutlined />,
  '/org/units': <ApartmentOutlined />,
  '/org/people': <TeamOutlined />,
  '/org/import': <CloudUploadOutlined />,
  '/audit': <AuditOutlined />,
  '/notifications': <BellOutlined />,
  '/account/password': <LockOutlined />,
  '/account/totp': <SafetyOutlined />,
  '/account/tokens': <KeyOutlined />,
  '/settings/webhooks': <ApiOutlined />,
  '/settings/calendar': <CalendarOutlined />,
  '/settings/lights': <BulbOutlined />,
  '/settings/milestone-templates': <NodeIndexOutlined />,
  '/settings/boundary': <GlobalOutlined />,
};

type Item = Required<MenuProps>['items'][number];

export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t, label, locale, setLocale } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const pending = pendingSetup(me);
  const entries = useMemo(() => visibleMenu(me.roles, pending), [me.roles, pending]);
  // The system administrator is reminded (from November on) while next year's holiday calendar is missing.
  const nextYear = useQuery({
    queryKey: ['calendar', 'next-year', locale],
    queryFn: settingsApi.nextYear,
    enabled: !pending && me.roles.includes('system_admin'),
    staleTime: 10 * 60_000,
  });
  const unread = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api<{ unread: number }>('GET', '/api/v1/notifications', { query: { unread: 'true', pageSize: 1 } }),
    refetchInterval: 60_000,
    enabled: !pending,
  });

  const items = useMemo(() => {
    const groups = new Map<string, { key: string; label: string; icon: ReactNode; children: Item[] }>();
    const out: Item[] = [];
    for (const e of entries) {
      // The label carries the test handle: antd 6 does not pass unknown item props on to the <li>.
      const item: Item = {
        key: e.path,
        label: <span data-testid={`menu-${e.path}`}>{t(e.label)}</span>,
        icon: ICONS[e.path],
      };
      if (!e.group) out.push(item);
      else {
        let g = groups.get(e.group);
        if (!g) {
          g = {
            key: `group:${e.group}`,
            label: t(e.group),
            icon: GROUP_ICONS[e.group] ?? <UserOutlined />,
            children: [],
          };
          groups.set(e.group, g);
          out.push(g);
        }
        g.children.push(item);
      }
    }
    return out;
  }, [entries, t]);

  const selected = activeEntry(entries, location.pathname);
  // Below antd's md breakpoint (768 px) the page is a phone's: the menu is a drawer, the header one line.
  const phone = usePhone();
  const [drawer, setDrawer] = useState(false);

  async function signOut() {
    await authApi.logout().catch(() => {
      // Signed out already (expired session): the sign-in page is where we go anyway.
    });
    await clearShellCache().catch(() => {
      // A browser without Cache Storage kept nothing.
    });
    // A fresh page load, not a client-side route change: nothing of this person (cached lists, the CSRF token)
    // stays in memory, and the sign-in page does not offer to send the next person back to this page.
    window.location.assign('/login');
  }

  const brand = (
    <div style={{ padding: '14px 20px', borderBottom: '1px solid #f0f0f0', height: 64, boxSizing: 'border-box' }}>
      <Typography.Title level={4} style={{ margin: 0, color: '#b4232a', lineHeight: '20px' }}>
        {t('appName')}
      </Typography.Title>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('appSubtitle')}
      </Typography.Text>
    </div>
  );
  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected.path] : []}
      defaultOpenKeys={[
        'group:menu.projectsGroup',
        'group:menu.enterpriseGroup',
        'group:menu.investmentGroup',
        'group:menu.org',
        'group:menu.settings',
        'group:menu.account',
      ]}
      onClick={(e) => {
        setDrawer(false);
        navigate(e.key);
      }}
      style={{ borderInlineEnd: 'none' }}
      data-testid="side-menu"
    />
  );
  const bell = !pending && (
    <Badge count={unread.data?.unread ?? 0} size="small" offset={phone ? [-8, 8] : undefined}>
      <Button
        type="text"
        icon={<BellOutlined />}
        onClick={() => navigate('/notifications')}
        data-testid="notifications-bell"
        aria-label={t('menu.notifications')}
      />
    </Badge>
  );
  const roles = me.roles.map((r) => (
    <Tag key={r} style={{ marginInlineEnd: 0 }}>
      {label(ROLE_LABELS[r])}
    </Tag>
  ));
  const languageSwitch = (
    <Button
      type="link"
      onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
      data-testid="language-switch"
      lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
    >
      {t('language')}
    </Button>
  );
  const signOutButton = (
    <Button icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="sign-out">
      {t('signOut')}
    </Button>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {phone ? (
        // A phone: the menu, who I am, the language and signing out are in a drawer the header's button opens.
        <Drawer
          open={drawer}
          onClose={() => setDrawer(false)}
          placement="left"
          size={288}
          closable={false}
          styles={{ body: { padding: 0 } }}
          data-testid="menu-drawer"
        >
          {brand}
          <div style={{ padding: '12px 20px', borderBottom: '1px solid #f0f0f0' }} data-testid="user-menu">
            <div>
              <UserOutlined /> <b data-testid="user-name">{me.displayName}</b>{' '}
              <Typography.Text type="secondary">{me.unitName}</Typography.Text>
            </div>
            <Space size={4} wrap style={{ marginTop: 4 }}>
              {roles}
            </Space>
          </div>
          {menu}
          <div style={{ padding: '12px 20px', borderTop: '1px solid #f0f0f0', display: 'flex', gap: 8 }}>
            {languageSwitch}
            {signOutButton}
          </div>
        </Drawer>
      ) : (
        <Sider width={220} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
          {brand}
          {menu}
        </Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        {phone ? (
          <Header
            style={{
              background: '#fff',
              borderBottom: '1px solid #f0f0f0',
              display: 'flex',
              alignItems: 'center',
              gap: 4,
              height: 52,
              lineHeight: '52px',
              paddingInline: 4,
              position: 'sticky',
              top: 0,
              zIndex: 10,
            }}
            data-testid="phone-header"
          >
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawer(true)}
              aria-label={t('menu.open')}
              data-testid="menu-button"
            />
            <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0, fontSize: 16 }} data-testid="jurisdiction">
              {me.jurisdictionName}
            </Typography.Text>
            {bell}
          </Header>
        ) : (
          <Header
            style={{
              background: '#fff',
              borderBottom: '1px solid #f0f0f0',
              display: 'flex',
              justifyContent: 'space-between',
              alignItems: 'center',
              paddingInline: 24,
            }}
          >
            <Space data-testid="jurisdiction">
              <Typography.Text strong style={{ fontSize: 16 }}>
                {me.jurisdictionName}
              </Typography.Text>
            </Space>
            <Space size="middle">
              {bell}
              <Space size={4} data-testid="user-menu">
                <UserOutlined />
                <span data-testid="user-name">{me.displayName}</span>
                <Typography.Text type="secondary">{me.unitName}</Typography.Text>
                {roles}
              </Space>
              {languageSwitch}
              {signOutButton}
            </Space>
          </Header>
        )}
        <Content
          style={
            phone
              ? { padding: 12, background: '#fff', minHeight: 360 }
              : { margin: 16, padding: 20, background: '#fff', minHeight: 360, borderRadius: 4 }
          }
        >
          {nextYear.data?.remind && nextYear.data.warning && (
            <Alert
              type="warning"
              showIcon
              banner
              style={{ marginBottom: 16 }}
              title={nextYear.data.warning}
              action={
                <Button size="small" onClick={() => navigate('/settings/calendar')}>
                  {t('menu.calendar')}
                </Button>
              }
              data-testid="calendar-next-year-banner"
            />
          )}
          {children}
        </Content>
      </Layout>
    </Layout>
  );
}
