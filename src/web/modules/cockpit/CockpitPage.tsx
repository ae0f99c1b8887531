import { lazy, Suspense } from 'react';
import { Card, Grid } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useMe } from '../../app/session';
import { cockpitApi, cockpitKeys } from './api';
import { useCockpitT } from './i18n';
import { PhoneCockpit } from './PhoneCockpit';

// The desktop's cards, tables and charts (ECharts) load on demand: a leader's phone draws its figures and lists
// without them (docs/ARCHITECTURE.md "Web bundle": the principal's phone home has a budget).
const CockpitDesktop = lazy(() => import('./CockpitDesktop'));

/**
 * 驾驶舱: what is late, where, and who owns it, in the caller's scope (one request, the server scopes every count).
 * On a phone the figures first and lists to tap into (PhoneCockpit.tsx); on a desktop the full page
 * (CockpitDesktop.tsx). `?screen=1` (or /cockpit/screen) is the meeting-room display.
 */
export default function CockpitPage() {
  const tr = useCockpitT();
  const [params] = useSearchParams();
  const q = useQuery({ queryKey: cockpitKeys.all, queryFn: cockpitApi.get, refetchInterval: 60_000 });
  const me = useMe().data;
  // The screen's width is known only after the first layout: until then neither layout (a phone must not start
  // loading the desktop's chunk on a first render that took it for a desktop).
  const md = Grid.useBreakpoint().md;
  if (params.get('screen') === '1') return <Navigate to="/cockpit/screen" replace />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const loading = <Card loading title={tr('title')} />;
  if (q.isLoading || !q.data || md === undefined) return loading;
  // A leader sees his or her scope only (the server scopes every count): say so.
  const scopeNote =
    me?.roles.includes('leader') && !me.roles.some((r) => r === 'principal' || r === 'supervision_office')
      ? tr('scopeNote', { name: me.displayName })
      : '';
  if (!md) return <PhoneCockpit data={q.data} scopeNote={scopeNote} />;
  return (
    <Suspense fallback={loading}>
      <CockpitDesktop data={q.data} scopeNote={scopeNote} />
    </Suspense>
  );
}
