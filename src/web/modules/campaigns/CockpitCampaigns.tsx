import { Card, Col, Progress, Row, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { campaignApi, campaignKeys } from './api';
import { FrontLeague } from './FrontLeague';
import { useCampaignT } from './i18n';

/**
 * The cockpit's 专项行动: each campaign under way with its overall progress and its fronts' league (the reader's
 * scope, as the rest of the cockpit), each front linking to its tasks in the ledger.
 */
export function CockpitCampaigns() {
  const t = useCampaignT();
  const q = useQuery({ queryKey: campaignKeys.list('active'), queryFn: () => campaignApi.list('active') });
  if (!q.data?.length) return null;
  return (
    <Row gutter={[16, 16]} style={{ marginTop: 16 }} data-testid="cockpit-campaigns">
      {q.data.map((c) => (
        <Col xs={24} xl={q.data.length > 1 ? 12 : 24} key={c.id}>
          <Card
            size="small"
            title={
              <Link to={`/campaigns/${c.id}`}>
                {t('cockpitTitle')} · {c.name}
              </Link>
            }
            extra={
              <Typography.Text type="secondary">
                {t('score')} {c.figures.score ?? '—'}
              </Typography.Text>
            }
          >
            <Progress percent={c.figures.progress ?? 0} size="small" style={{ marginBottom: 8 }} />
            <FrontLeague fronts={c.fronts} compact />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
