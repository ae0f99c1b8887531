import { Card, List, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import { api } from '../../lib/api';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { RoundAgendaItemOut } from '../../../shared/agenda';
import { useRoundsT } from './i18n-rounds';

type AgendaItem = z.infer<typeof RoundAgendaItemOut>;
/** The dictionary key naming each source module. */
const SOURCE_KEYS: Record<string, 'sourceIndicators' | 'sourceInvestment'> = {
  indicators: 'sourceIndicators',
  investment: 'sourceInvestment',
};

/** 调度事项: what other modules put on this round's meeting (an indicator turned yellow or red, fell in rank …). */
export function RoundAgenda({ roundId }: { roundId: string }) {
  const tr = useRoundsT();
  const agenda = useQuery({
    queryKey: ['rounds', roundId, 'agenda'],
    queryFn: () => api<{ items: AgendaItem[] }>('GET', `/api/v1/rounds/${roundId}/agenda`).then((r) => r.items),
  });
  return (
    <Card title={tr('agendaTitle', { count: agenda.data?.length ?? 0 })} size="small" data-testid="round-agenda">
      <ErrorAlert error={agenda.error} />
      <List
        size="small"
        loading={agenda.isLoading}
        dataSource={agenda.data ?? []}
        locale={{ emptyText: tr('noAgenda') }}
        renderItem={(i) => (
          <List.Item>
            <List.Item.Meta
              title={
                <>
                  <Tag color="orange">{SOURCE_KEYS[i.source] ? tr(SOURCE_KEYS[i.source]) : i.source}</Tag>
                  {i.link ? <Link to={i.link}>{i.title}</Link> : i.title}
                  {i.unitName && <Typography.Text type="secondary"> · {i.unitName}</Typography.Text>}
                </>
              }
              description={i.body}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
