import { TreeSelect } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { campaignApi, campaignKeys } from './api';
import { useCampaignT } from './i18n';

/**
 * The ledger's and the library's campaign filter: a campaign (all its fronts) or one front, as one value in a form
 * (`c:<id>` or `f:<id>`); `campaignFilterParams` turns it into the list's query parameters and back.
 */
export function CampaignFilter(props: { value?: string; onChange?: (v: string | undefined) => void; width?: number }) {
  const t = useCampaignT();
  const list = useQuery({ queryKey: campaignKeys.list(), queryFn: () => campaignApi.list() });
  const treeData = (list.data ?? []).map((c) => ({
    value: `c:${c.id}`,
    title: t('wholeCampaign', { name: c.name }),
    children: [...c.fronts]
      .sort((a, b) => a.sortOrder - b.sortOrder)
      .map((f) => ({ value: `f:${f.id}`, title: `${c.name} · ${f.name}` })),
  }));
  return (
    <TreeSelect
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      treeData={treeData}
      treeDefaultExpandAll
      allowClear
      showSearch
      treeNodeFilterProp="title"
      placeholder={t('filterPlaceholder')}
      style={{ width: props.width ?? 200 }}
      popupMatchSelectWidth={false}
      data-testid="filter-campaign"
    />
  );
}

/** The form's value from the URL's parameters. */
export function campaignFilterValue(q: { campaignId?: string; frontId?: string }): string | undefined {
  return q.frontId ? `f:${q.frontId}` : q.campaignId ? `c:${q.campaignId}` : undefined;
}

/** The URL's parameters from the form's value. */
export function campaignFilterParams(v: string | undefined): Record<string, string> {
  if (!v) return {};
  return v.startsWith('f:') ? { frontId: v.slice(2) } : { campaignId: v.slice(2) };
}
