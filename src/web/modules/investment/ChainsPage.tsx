import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Card, Col, Descriptions, Empty, List, Row, Select, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import * as echarts from 'echarts/core';
import { TreeChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../../app/i18n';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LINK_TIER_LABELS, LEAD_STAGE_LABELS } from '../../../shared/domain/investment';
import type { GraphNode } from '../../../shared/investment';
import { invApi, invKeys, type Link as ChainLink } from './api';
import { useInvT } from './i18n';
import { download } from '../../lib/api';

echarts.use([TreeChart, TooltipComponent, CanvasRenderer]);

const COLOR: Record<string, string> = { none: '#cf1322', weak: '#d48806', covered: '#389e0d' };

/** ECharts' tree from the server's graph: each link coloured by coverage (none / weak / covered). */
function toTree(n: GraphNode): Record<string, unknown> {
  const color = n.coverage ? COLOR[n.coverage] : n.kind === 'chain' ? '#1d39c4' : '#595959';
  return {
    name: n.name,
    id: n.id,
    value: n.enterprises ?? 0,
    itemStyle: { color, borderColor: color },
    label: { color: n.kind === 'link' ? color : '#262626', fontWeight: n.kind === 'link' ? 'normal' : 'bold' },
    children: n.children.map(toTree),
  };
}

/** 产业链图谱: the chain as a tree coloured by coverage; a click on a link lists its enterprises, targets and open leads. */
export default function ChainsPage() {
  const tr = useInvT();
  const { label } = useI18n();
  const [params, setParams] = useSearchParams();
  const chains = useQuery({ queryKey: invKeys.chains, queryFn: invApi.chains });
  const chainId = params.get('chain') ?? chains.data?.[0]?.id ?? '';
  const graph = useQuery({
    queryKey: invKeys.graph(chainId),
    queryFn: () => invApi.graph(chainId),
    enabled: !!chainId,
  });
  const leads = useQuery({
    queryKey: invKeys.leads({ chainId, state: 'open', pageSize: 500 }),
    queryFn: () => invApi.leads({ chainId, state: 'open', pageSize: 500 }),
    enabled: !!chainId,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const option = useMemo(
    () =>
      graph.data && {
        tooltip: { trigger: 'item', triggerOn: 'mousemove' },
        series: [
          {
            type: 'tree',
            data: [toTree(graph.data.tree)],
            top: '4%',
            left: '14%',
            symbol: 'circle',
            bottom: '4%',
            right: '22%',
            symbolSize: 12,
            initialTreeDepth: -1,
            expandAndCollapse: false,
            label: { position: 'left', verticalAlign: 'middle', align: 'right', fontSize: 13 },
            leaves: { label: { position: 'right', verticalAlign: 'middle', align: 'left' } },
          },
        ],
      },
    [graph.data],
  );
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    chart.current = echarts.init(el);
    chart.current.on('click', (e) => {
      const id = (e.data as { id?: string } | undefined)?.id;
      if (id && !id.includes(':')) setSelected(id);
    });
    const ro = new ResizeObserver(() => chart.current?.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    if (option) chart.current?.setOption(option as echarts.EChartsCoreOption, true);
  }, [option]);

  const c = graph.data?.chain;
  const link: ChainLink | undefined = graph.data?.links.find((l) => l.id === selected);
  const linkLeads = (leads.data?.items ?? []).filter((l) => l.linkId === selected);
  const coverageText = { none: tr('coverageNone'), weak: tr('coverageWeak'), covered: tr('coverageCovered') };
  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {tr('chains')}
        </Typography.Title>
        <Select
          style={{ width: 200 }}
          value={chainId || undefined}
          options={(chains.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          onChange={(v) => {
            setSelected(null);
            setParams({ chain: v });
          }}
          data-testid="chain-select"
        />
        {chainId && (
          <Button onClick={() => download(`/api/v1/chains/${chainId}/export`)} data-testid="chain-export">
            {tr('exportChain')}
          </Button>
        )}
        {chainId && (
          <Button
            data-testid="chain-png"
            onClick={() => {
              // The graph as drawn (ECharts' own renderer at twice the pixels), for a slide.
              const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
              if (!url) return;
              const a = document.createElement('a');
              a.href = url;
              a.download = `产业链图谱-${c?.name ?? ''}.png`;
              a.click();
            }}
          >
            {tr('exportPng')}
          </Button>
        )}
        {Object.entries(coverageText).map(([k, v]) => (
          <Tag key={k} color={COLOR[k]}>
            {v}
          </Tag>
        ))}
      </Space>
      <ErrorAlert error={chains.error ?? graph.error} />
      {c && (
        <Descriptions size="small" column={4} style={{ marginBottom: 8 }}>
          <Descriptions.Item label={tr('chief')}>{c.chiefLeaderName}</Descriptions.Item>
          <Descriptions.Item label={tr('leadUnit')}>{c.leadUnitName}</Descriptions.Item>
          <Descriptions.Item label={tr('link')}>
            <span data-testid="chain-gaps">{tr('gaps', { gaps: c.gaps, weak: c.weak })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={tr('pipeline')}>{tr('openLeads', { n: c.openLeads })}</Descriptions.Item>
        </Descriptions>
      )}
      <Row gutter={12}>
        <Col span={15}>
          <Card size="small">
            <div
              ref={ref}
              role="img"
              aria-label={tr('chains')}
              data-testid="chain-graph"
              data-links={(graph.data?.links ?? []).map((l) => `${l.name}:${l.coverage}`).join('|')}
              style={{ height: 560, width: '100%' }}
            />
          </Card>
        </Col>
        <Col span={9}>
          <Card
            size="small"
            title={link ? `${label(LINK_TIER_LABELS[link.tier])} · ${link.name}` : tr('clickLink')}
            data-testid="link-panel"
          >
            {!graph.data?.links.length && <Empty />}
            <Space direction="vertical" style={{ width: '100%' }}>
              {(link ? [link] : (graph.data?.links ?? []).filter((l) => l.coverage === 'none')).map((l) => (
                <div key={l.id}>
                  {!link && (
                    <a onClick={() => setSelected(l.id)} data-testid="gap-link">
                      <Tag color={COLOR[l.coverage]}>{coverageText[l.coverage]}</Tag>
                      {l.name}
                    </a>
                  )}
                  {link && (
                    <>
                      <Tag color={COLOR[l.coverage]}>{coverageText[l.coverage]}</Tag>
                      <Typography.Title level={5}>{tr('enterprises')}</Typography.Title>
                      <List
                        size="small"
                        dataSource={l.enterprises}
                        locale={{ emptyText: tr('none') }}
                        renderItem={(e) => (
                          <List.Item>
                            {e.anchor && <Tag color="purple">{tr('anchor')}</Tag>}
                            {e.leadId ? <Link to={`/leads/${e.leadId}`}>{e.name}</Link> : e.name}
                          </List.Item>
                        )}
                      />
                      <Typography.Title level={5}>{tr('targets')}</Typography.Title>
                      <List
                        size="small"
                        dataSource={l.targets}
                        locale={{ emptyText: tr('none') }}
                        renderItem={(x) => (
                          <List.Item data-testid="link-target">
                            {x.name}（{x.region}）— {x.why}
                          </List.Item>
                        )}
                      />
                      <Typography.Title level={5}>{tr('openLeads', { n: linkLeads.length })}</Typography.Title>
                      <List
                        size="small"
                        dataSource={linkLeads}
                        renderItem={(x) => (
                          <List.Item>
                            <Link to={`/leads/${x.id}`}>{x.projectName}</Link>　{label(LEAD_STAGE_LABELS[x.stage])}
                          </List.Item>
                        )}
                      />
                    </>
                  )}
                </div>
              ))}
            </Space>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
