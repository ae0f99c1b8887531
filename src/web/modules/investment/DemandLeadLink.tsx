import { useState } from 'react';
import { App, Button, Checkbox, Select, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { hasRole, useMe } from '../../app/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LEAD_STAGE_LABELS } from '../../../shared/domain/investment';
import { invApi, invKeys } from './api';
import { useInvT } from './i18n';

const SIGNED = 'signed,registered,started,producing';

/**
 * On an enterprise's demand: the signed agreement (招商线索 at 签约 or later) it concerns, or — for whoever records
 * leads — a picker of the signed leads, those whose investor is the demand's enterprise first, to link it
 * (POST /leads/{id}/demands). The lead's page then lists the demand with its state.
 */
export function DemandLeadLink({ demandId, enterpriseName }: { demandId: string; enterpriseName: string }) {
  const tr = useInvT();
  const { label } = useI18n();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [onlyThis, setOnlyThis] = useState(true);
  const [leadId, setLeadId] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const mayLink = hasRole(me, ['supervision_office', 'principal', 'unit_admin', 'unit_clerk']);
  const linkedQuery = { demandId, pageSize: 5 };
  const linked = useQuery({ queryKey: invKeys.leads(linkedQuery), queryFn: () => invApi.leads(linkedQuery) });
  const pickQuery = { stage: SIGNED, state: 'open', q: onlyThis ? enterpriseName : undefined, pageSize: 100 };
  const current = linked.data?.items[0];
  const candidates = useQuery({
    queryKey: invKeys.leads(pickQuery),
    queryFn: () => invApi.leads(pickQuery),
    enabled: mayLink && linked.isSuccess && !current,
  });
  const link = useMutation({
    mutationFn: () => invApi.linkDemand(leadId!, demandId),
    onSuccess: () => {
      message.success(tr('saved'));
      setError(null);
      qc.invalidateQueries({ queryKey: ['leads'] });
    },
    onError: setError,
  });
  if (linked.isLoading) return null;
  if (current)
    return (
      <Space data-testid="demand-lead">
        <Link to={`/leads/${current.id}`}>
          {current.projectName}（{current.investor}）
        </Link>
        <Tag>{label(LEAD_STAGE_LABELS[current.stage])}</Tag>
        {current.signedOn && <Typography.Text type="secondary">{current.signedOn}</Typography.Text>}
      </Space>
    );
  if (!mayLink) return <Typography.Text type="secondary">—</Typography.Text>;
  const options = (candidates.data?.items ?? []).map((l) => ({
    value: l.id,
    label: `${l.projectName}（${l.investor}）${l.signedOn ? ` · ${l.signedOn}` : ''}`,
  }));
  return (
    <div data-testid="demand-lead-picker">
      <ErrorAlert error={error ?? linked.error ?? candidates.error} style={{ marginBottom: 8 }} />
      <Space wrap>
        <Select
          style={{ minWidth: 320 }}
          showSearch
          optionFilterProp="label"
          allowClear
          placeholder={tr('pickSignedLead')}
          loading={candidates.isLoading}
          value={leadId}
          onChange={setLeadId}
          options={options}
          notFoundContent={tr('noSignedLeads')}
          data-testid="demand-lead-select"
        />
        <Button
          type="primary"
          disabled={!leadId}
          loading={link.isPending}
          onClick={() => link.mutate()}
          data-testid="demand-lead-link"
        >
          {tr('doLink')}
        </Button>
        <Checkbox
          checked={onlyThis}
          onChange={(e) => {
            setOnlyThis(e.target.checked);
            setLeadId(undefined);
          }}
        >
          {tr('onlyThisInvestor')}
        </Checkbox>
      </Space>
    </div>
  );
}
