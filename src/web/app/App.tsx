import { lazy, Suspense, useEffect, useMemo } from 'react';
import { App as AntApp, Button, ConfigProvider, Result, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { I18nProvider, useI18n } from './i18n';
import { useMe, useSetMe } from './session';
import { onUnauthenticated } from '../lib/api';
import { AppLayout } from './Layout';
import { pendingSetup } from './menu';
import { ErrorAlert } from '../components/ErrorAlert';
import { HomePage } from '../modules/home/HomePage';

// Feature pages load on demand: the sign-in page and the to-do stay small. Changing one's password and setting up
// TOTP (its QR code and steps) are pages of once in a while: on demand too. The sign-in page and its form as well:
// someone signed in (the phone's usual case, a session lasts) opens the to-do without loading a form.
const LoginPage = lazy(() => import('../modules/auth/LoginPage').then((m) => ({ default: m.LoginPage })));
const ChangePasswordPage = lazy(() =>
  import('../modules/auth/ChangePasswordPage').then((m) => ({ default: m.ChangePasswordPage })),
);
const TotpPage = lazy(() => import('../modules/auth/TotpPage').then((m) => ({ default: m.TotpPage })));
const UnitsPage = lazy(() => import('../modules/org/UnitsPage'));
const PeoplePage = lazy(() => import('../modules/org/PeoplePage'));
const OrgImportPage = lazy(() => import('../modules/org/OrgImportPage'));
const AuditPage = lazy(() => import('../modules/audit/AuditPage'));
const ApiTokensPage = lazy(() => import('../modules/tokens/ApiTokensPage'));
const CockpitPage = lazy(() => import('../modules/cockpit/CockpitPage'));
const BulletinsPage = lazy(() => import('../modules/bulletins/BulletinsPage'));
const BulletinPage = lazy(() => import('../modules/bulletins/BulletinPage'));
const MeetingsPage = lazy(() => import('../modules/meetings/MeetingsPage'));
const MeetingPage = lazy(() => import('../modules/meetings/MeetingPage'));
const TasksPage = lazy(() => import('../modules/tasks/TasksPage'));
const TaskPage = lazy(() => import('../modules/tasks/TaskPage'));
const FindingsPage = lazy(() => import('../modules/findings/FindingsPage'));
const FindingPage = lazy(() => import('../modules/findings/FindingPage'));
const ExtractionsPage = lazy(() => import('../modules/extraction/ExtractionsPage'));
const ExtractionPage = lazy(() => import('../modules/extraction/ExtractionPage'));
const IndicatorsPage = lazy(() => import('../modules/indicators/IndicatorsPage'));
const IndicatorPage = lazy(() => import('../modules/indicators/IndicatorPage'));
const IndicatorCataloguePage = lazy(() => import('../modules/indicators/CataloguePage'));
const ProjectsPage = lazy(() => import('../modules/projects/ProjectsPage'));
const ProjectPage = lazy(() => import('../modules/projects/ProjectPage'));
const ProjectRatesPage = lazy(() => import('../modules/projects/RatesPage'));
const ProjectMapPage = lazy(() => import('../modules/projects/MapPage'));
const RoundsPage = lazy(() => import('../modules/projects/RoundsPage'));
const RoundPage = lazy(() => import('../modules/projects/RoundPage'));
const BlockersPage = lazy(() => import('../modules/projects/BlockersPage'));
const ProjectFormPage = lazy(() => import('../modules/projects/ProjectFormPage'));
const MilestoneTemplatesPage = lazy(() => import('../modules/projects/MilestoneTemplatesPage'));
const BoundaryPage = lazy(() => import('../modules/projects/BoundaryPage'));
const LeadsPage = lazy(() => import('../modules/investment/LeadsPage'));
const LeadPage = lazy(() => import('../modules/investment/LeadPage'));
const ChainsPage = lazy(() => import('../modules/investment/ChainsPage'));
const SitesPage = lazy(() => import('../modules/investment/SitesPage'));
const InvestmentMapPage = lazy(() => import('../modules/investment/InvestmentMapPage'));
const NotificationsPage = lazy(() => import('../modules/home/NotificationsPage'));
const WebhooksPage = lazy(() => import('../modules/settings/WebhooksPage'));
const CalendarPage = lazy(() => import('../modules/settings/CalendarPage'));
const LightsPage = lazy(() => import('../modules/settings/LightsPage'));
const CockpitScreen = lazy(() => import('../modules/cockpit/CockpitScreen'));
const ScoringPage = lazy(() => import('../modules/scoring/ScoringPage'));
const EnterprisesPage = lazy(() => import('../modules/enterprises/EnterprisesPage'));
const DemandsPage = lazy(() => import('../modules/enterprises/DemandsPage'));
const DemandPage = lazy(() => import('../modules/enterprises/DemandPage'));
const VisitsPage = lazy(() => import('../modules/enterprises/VisitsPage'));
const LibrariesPage = lazy(() => import('../modules/enterprises/LibrariesPage'));
const MuPage = lazy(() => import('../modules/enterprises/MuPage'));
const FiguresPage = lazy(() => import('../modules/enterprises/FiguresPage'));
// The enterprise's own channel (企业诉求直通车): no sign-in, no menu (docs/ENTERPRISES.md).
const PublicEnterprisePage = lazy(() => import('../modules/enterprises/PublicEnterprisePage'));
const AccountabilityPage = lazy(() => import('../modules/accountability/AccountabilityPage'));
const CasePage = lazy(() => import('../modules/accountability/CasePage'));
const CampaignsPage = lazy(() => import('../modules/campaigns/CampaignsPage'));
const CampaignPage = lazy(() => import('../modules/campaigns/CampaignPage'));
const BurdenPage = lazy(() => import('../modules/burden/BurdenPage'));
const TaskForcesPage = lazy(() => import('../modules/taskforces/TaskForcesPage'));
// The public 民生实事 page: no sign-in, no menu (docs/PUBLIC.md).
const PublicLivelihoodPage = lazy(() => import('../modules/publication/PublicLivelihoodPage'));

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

function Guarded() {
  const { data: me, isLoading, error } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const setMe = useSetMe();
  const { t } = useI18n();

  // Where to come back to after signing in: the whole address (a message's link to /tasks/…?… opened on a phone).
  const here = location.pathname + location.search + location.hash;
  useEffect(() => {
    const off = onUnauthenticated(() => {
      setMe(null);
      navigate('/login', { replace: true, state: { from: here } });
    });
    return () => void off();
  }, [navigate, here, setMe]);

  if (isLoading) return <Spin fullscreen tip={t('loading')} />;
  if (error)
    return (
      <Result
        status="error"
        title={t('loadFailed')}
        subTitle={<ErrorAlert error={error} style={{ textAlign: 'left', maxWidth: 480, margin: '0 auto' }} />}
        extra={<Button onClick={() => window.location.reload()}>{t('retry')}</Button>}
      />
    );
  if (!me) return <Navigate to="/login" replace state={{ from: here }} />;
  // A pending password change or TOTP setup comes before anything else (the server refuses other calls too).
  const pending = pendingSetup(me);
  if (pending && location.pathname !== pending) return <Navigate to={pending} replace />;

  // The meeting-room display: full screen, without the menu.
  if (location.pathname === '/cockpit/screen')
    return (
      <Suspense fallback={<Spin fullscreen />}>
        <CockpitScreen />
      </Suspense>
    );

  return (
    <AppLayout me={me}>
      <Suspense fallback={<Spin style={{ margin: 48 }} />}>
        <Routes>
          <Route path="/" element={<HomePage me={me} />} />
          <Route path="/cockpit" element={<CockpitPage />} />
          <Route path="/bulletins" element={<BulletinsPage />} />
          <Route path="/bulletins/:id" element={<BulletinPage />} />
          <Route path="/meetings" element={<MeetingsPage />} />
          <Route path="/meetings/:id" element={<MeetingPage />} />
          <Route path="/scoring" element={<ScoringPage />} />
          <Route path="/accountability" element={<AccountabilityPage />} />
          <Route path="/accountability/:id" element={<CasePage />} />
          <Route path="/campaigns" element={<CampaignsPage />} />
          <Route path="/campaigns/:id" element={<CampaignPage />} />
          <Route path="/burden" element={<BurdenPage />} />
          <Route path="/task-forces" element={<TaskForcesPage />} />
          <Route path="/tasks" element={<TasksPage />} />
          <Route path="/tasks/:id" element={<TaskPage />} />
          <Route path="/findings" element={<FindingsPage />} />
          <Route path="/findings/:id" element={<FindingPage />} />
          <Route path="/extractions" element={<ExtractionsPage />} />
          <Route path="/extractions/:id" element={<ExtractionPage />} />
          <Route path="/indicators" element={<IndicatorsPage />} />
          <Route path="/indicators/catalogue" element={<IndicatorCataloguePage />} />
          <Route path="/indicators/:id" element={<IndicatorPage />} />
          <Route path="/projects" element={<ProjectsPage />} />
          <Route path="/projects/rates" element={<ProjectRatesPage />} />
          <Route path="/projects/map" element={<ProjectMapPage />} />
          <Route path="/projects/new" element={<ProjectFormPage />} />
          <Route path="/projects/:id" element={<ProjectPage />} />
          <Route path="/projects/:id/edit" element={<ProjectFormPage />} />
          <Route path="/rounds" element={<RoundsPage />} />
          <Route path="/rounds/:id" element={<RoundPage />} />
          <Route path="/blockers" element={<BlockersPage />} />
          <Route path="/enterprises" element={<EnterprisesPage />} />
          <Route path="/demands" element={<DemandsPage />} />
          <Route path="/visits" element={<VisitsPage />} />
          <Route path="/libraries" element={<LibrariesPage />} />
          <Route path="/mu" element={<MuPage />} />
          <Route path="/demand-figures" element={<FiguresPage />} />
          <Route path="/demands/:id" element={<DemandPage />} />
          <Route path="/leads" element={<LeadsPage />} />
          <Route path="/leads/:id" element={<LeadPage />} />
          <Route path="/chains" element={<ChainsPage />} />
          <Route path="/sites" element={<SitesPage />} />
          <Route path="/investment-map" element={<InvestmentMapPage />} />
          <Route path="/org/units" element={<UnitsPage />} />
          <Route path="/org/people" element={<PeoplePage />} />
          <Route path="/org/import" element={<OrgImportPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/settings/webhooks" element={<WebhooksPage />} />
          <Route path="/settings/calendar" element={<CalendarPage />} />
          <Route path="/settings/lights" element={<LightsPage />} />
          <Route path="/settings/milestone-templates" element={<MilestoneTemplatesPage />} />
          <Route path="/settings/boundary" element={<BoundaryPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/account/password" element={<ChangePasswordPage />} />
          <Route path="/account/totp" element={<TotpPage />} />
          <Route path="/account/tokens" element={<ApiTokensPage />} />
          <Route
            path="*"
            element={
              <Result
                status="404"
                title="404"
                subTitle={t('notFound')}
                extra={<Button onClick={() => navigate('/')}>{t('backHome')}</Button>}
              />
            }
          />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}

// People who ask their system for less motion get dialogs and menus that appear at once (antd's motion
// token); the browser tests ask for it too, so a click never lands on a dialog still sliding in.
const prefersReducedMotion =
  typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
// Under the red primary colour a focused input would look like one in error: fields in focus or under the pointer
// take a quiet slate blue instead, and red stays for errors and the primary buttons.
const FOCUS = '#3d5a80';
const focus = { activeBorderColor: FOCUS, hoverBorderColor: FOCUS, activeShadow: '0 0 0 2px rgba(61, 90, 128, 0.15)' };
const theme = {
  token: { colorPrimary: '#b4232a', borderRadius: 4, motion: !prefersReducedMotion },
  components: {
    Input: focus,
    InputNumber: focus,
    DatePicker: focus,
    Mentions: focus,
    Select: { activeBorderColor: FOCUS, hoverBorderColor: FOCUS, activeOutlineColor: 'rgba(61, 90, 128, 0.15)' },
  },
};

function Themed() {
  const { locale } = useI18n();
  const antLocale = useMemo(() => (locale === 'zh-CN' ? zhCN : enUS), [locale]);
  // antd's date pickers format through dayjs's global locale (month and week-day names).
  useEffect(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <ConfigProvider locale={antLocale} theme={theme}>
      <AntApp>
        <BrowserRouter>
          <Routes>
            <Route
              path="/login"
              element={
                <Suspense fallback={<Spin fullscreen />}>
                  <LoginPage />
                </Suspense>
              }
            />
            <Route
              path="/public/livelihood"
              element={
                <Suspense fallback={<Spin fullscreen />}>
                  <PublicLivelihoodPage />
                </Suspense>
              }
            />
            {[
              '/public/enterprise',
              '/public/enterprise/d/:token',
              '/public/enterprise/:code',
              '/public/enterprise/:code/d/:token',
            ].map((path) => (
              <Route
                key={path}
                path={path}
                element={
                  <Suspense fallback={<Spin fullscreen />}>
                    <PublicEnterprisePage />
                  </Suspense>
                }
              />
            ))}
            <Route path="/*" element={<Guarded />} />
          </Routes>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed />
      </I18nProvider>
    </QueryClientProvider>
  );
}
