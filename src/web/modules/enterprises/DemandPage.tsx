import { Button, Descriptions, Empty, Form, Input, List, Radio, Select, Space, Tag, Timeline, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { useI18n } from '../../app/i18n';
import { api } from '../../lib/api';
import { beijingMinute as formatDateTime } from '../../lib/time';
import {
  DEMAND_CATEGORY_LABELS,
  DEMAND_SOURCE_LABELS,
  MAX_REPLY_FILES,
  RATING_LABELS,
  RATINGS,
} from '../../../shared/domain/demands';
import type { DemandOut } from '../../../shared/enterprises';
import { orgApi, orgKeys } from '../org/api';
import { ItemPage, type ItemDialog, type ItemLedger, type LoopItem } from '../tasks/ItemPage';
import { loopApi, loopKeys } from '../tasks/loop-api';
import { enterpriseApi, enterpriseKeys } from './api';
import { useEnterpriseT, type EnterpriseKey } from './i18n';
import { DemandLeadLink } from '../investment/DemandLeadLink';

/** A demand as the shared item page reads it: the core's item, with the demand itself beside it. */
type DemandItem = LoopItem & { demand: DemandOut };

/**
 * The core's steps a demand takes on the shared loop's routes (催办, 延期, 调整时限). Routing, 签收, 退回, 联系,
 * 答复, the rating and 撤单 are the demand's own buttons below (its `actions`), on the same flow.
 */
const LOOP_ACTIONS = ['urge', 'replan', 'requestExtension', 'decideExtension'];

/** The shared page's item from a demand: its light, state, deadline (the resolve limit) and the loop's actions. */
function toItem(d: DemandOut): DemandItem {
  return {
    id: d.id,
    kind: 'demand',
    title: d.enterpriseName,
    parentId: null,
    assignerUnitId: d.handlingUnitId,
    assigneeUnitId: d.handlingUnitId,
    coUnitIds: d.coUnitIds,
    leadLeaderId: d.leadLeaderId,
    taskForceId: null,
    responsiblePersonId: null,
    state: d.state,
    startDate: d.receivedAt.slice(0, 10),
    deadline: d.resolveDue,
    progress: null,
    expectedProgress: null,
    lastReportDate: null,
    cadence: null,
    light: d.light,
    lightReasons: [],
    childCount: 0,
    openChildCount: 0,
    milestones: [],
    version: d.version,
    actions: d.coreActions.filter((a) => LOOP_ACTIONS.includes(a)) as LoopItem['actions'],
    createdAt: d.receivedAt,
    serial: 0,
    // A demand asks to close with its final answer, and the enterprise's rating decides: no 办结 review here.
    closeRequest: null,
    demand: d,
  };
}

const BASE = '/api/v1/demands';
const loop = loopApi<DemandItem>(BASE);
const demandLedgerApi = {
  ...loop,
  get: (id: string) => api<DemandOut>('GET', `${BASE}/${id}`).then(toItem),
  action: (t: Pick<DemandItem, 'id' | 'version'>, path: string, body: Record<string, unknown> = {}) =>
    api<DemandOut>('POST', `${BASE}/${t.id}/${path}`, { body, version: t.version }).then(toItem),
  replan: (t: Pick<DemandItem, 'id' | 'version'>, body: { deadline: string; reason: string }) =>
    api<DemandOut>('POST', `${BASE}/${t.id}/replan`, { body, version: t.version }).then(toItem),
};

type Own = 'assign' | 'accept' | 'return' | 'contact' | 'reply' | 'rate' | 'withdraw';
const OWN: Record<Own, { key: EnterpriseKey; path: string; dialog: boolean }> = {
  assign: { key: 'actAssign', path: 'assign', dialog: true },
  accept: { key: 'actAccept', path: 'accept', dialog: false },
  return: { key: 'actReturn', path: 'return', dialog: true },
  contact: { key: 'actContact', path: 'contact', dialog: false },
  reply: { key: 'actReply', path: 'reply', dialog: true },
  rate: { key: 'actRate', path: 'rating', dialog: true },
  withdraw: { key: 'actWithdraw', path: 'withdraw', dialog: true },
};
/** A demand's own step goes to its own route (the prefix keeps it apart from the loop's dialogs). */
const OWN_PREFIX = 'demand:';

const CLOCK: Record<DemandOut['clocks']['contact'], { key: EnterpriseKey; color: string }> = {
  on_time: { key: 'clockOnTime', color: 'green' },
  late: { key: 'clockLate', color: 'orange' },
  pending: { key: 'clockPending', color: 'blue' },
  overdue: { key: 'clockOverdue', color: 'red' },
};

/**
 * 企业诉求 (/demands/:id): the supervised item's page every ledger shares (ItemPage: state, light, timeline,
 * files, 催办, 延期, 调整时限, the reminders and escalation the core gives every item) with what a demand adds — the
 * enterprise and what it asked, the three clocks (contact, reply, resolve) with their working-day limits, the
 * answers, the rating and reopening, the time lost between units, the enterprise's own files — and its own steps.
 */
export default function DemandPage() {
  const { id = '' } = useParams();
  const t = useEnterpriseT();
  const { label } = useI18n();
  const units = useQuery({ queryKey: orgKeys.units, queryFn: orgApi.units });
  const limits = useQuery({ queryKey: enterpriseKeys.limits, queryFn: enterpriseApi.limits });
  const unitOptions = (units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));

  const ledger: ItemLedger<DemandItem> = {
    api: demandLedgerApi,
    keys: loopKeys('demands'),
    testId: 'demand',
    back: { to: '/demands', label: t('backToDemands') },
    heading: (i) => `${i.demand.trackingCode} · ${i.demand.enterpriseName}`,
    reports: false,
    eventWords: { requestClose: t('finalReply'), close: t('statusClosed'), reject: t('reopened') },
  };

  const reasonField = (
    <Form.Item name="reason" label={t('reason')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
      <Input.TextArea rows={3} data-testid="demand-reason" />
    </Form.Item>
  );

  return (
    <ItemPage<DemandItem>
      id={id}
      ledger={ledger}
      buttons={({ item, open, run }) =>
        (item.demand.actions as Own[])
          .filter((a) => OWN[a])
          .map((a) => (
            <Button
              key={a}
              type={a === 'reply' || a === 'assign' ? 'primary' : 'default'}
              danger={a === 'withdraw'}
              onClick={() => (OWN[a].dialog ? open(`${OWN_PREFIX}${a}`) : run(`${OWN_PREFIX}${OWN[a].path}`))}
              data-testid={`demand-${a}`}
            >
              {t(OWN[a].key)}
            </Button>
          ))
      }
      dialogs={({ uploads, uploadField }): Record<string, ItemDialog> => ({
        [`${OWN_PREFIX}assign`]: {
          title: t('actAssign'),
          path: `${OWN_PREFIX}assign`,
          map: (v) => ({ handlingUnitId: v.handlingUnitId, coUnitIds: v.coUnitIds ?? [] }),
          body: (
            <>
              <Form.Item name="handlingUnitId" label={t('handlingUnit')} rules={[{ required: true }]}>
                <Select showSearch optionFilterProp="label" options={unitOptions} data-testid="demand-handling-unit" />
              </Form.Item>
              <Form.Item name="coUnitIds" label={t('coUnits')}>
                <Select mode="multiple" optionFilterProp="label" options={unitOptions} />
              </Form.Item>
            </>
          ),
        },
        [`${OWN_PREFIX}return`]: { title: t('actReturn'), path: `${OWN_PREFIX}return`, body: reasonField },
        [`${OWN_PREFIX}withdraw`]: { title: t('actWithdraw'), path: `${OWN_PREFIX}withdraw`, body: reasonField },
        [`${OWN_PREFIX}reply`]: {
          title: t('actReply'),
          path: `${OWN_PREFIX}reply`,
          // The files go to the enterprise with the answer (it downloads them through its link).
          map: (v) => ({ text: v.text, final: v.final ?? true, attachmentIds: uploads.map((u) => u.id) }),
          body: (
            <>
              <Form.Item name="text" label={t('replyText')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={5} data-testid="demand-reply-text" />
              </Form.Item>
              <Form.Item name="final" initialValue={true}>
                <Radio.Group>
                  <Radio value={true}>{t('finalReply')}</Radio>
                  <Radio value={false}>{t('interimReply')}</Radio>
                </Radio.Group>
              </Form.Item>
              {uploadField({
                label: t('replyFiles'),
                extra: t('replyFilesHelp'),
                chooseText: t('replyFilesChoose'),
                max: MAX_REPLY_FILES,
                tooMany: t('replyFilesMax', { max: MAX_REPLY_FILES }),
              })}
            </>
          ),
        },
        [`${OWN_PREFIX}rate`]: {
          title: t('actRate'),
          path: `${OWN_PREFIX}rating`,
          body: (
            <>
              <Form.Item name="rating" label={t('rating')} rules={[{ required: true }]}>
                <Radio.Group options={RATINGS.map((r) => ({ value: r, label: label(RATING_LABELS[r]) }))} />
              </Form.Item>
              <Form.Item name="comment" label={t('comment')}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          ),
        },
      })}
      run={(item, path, body) =>
        path.startsWith(OWN_PREFIX) ? enterpriseApi.act(item.demand, path.slice(OWN_PREFIX.length), body) : undefined
      }
      details={({ item, cols, phone, unitName }) => {
        const d = item.demand;
        const limit = limits.data?.items.find((l) => l.category === d.category);
        const clock = (k: 'contact' | 'reply' | 'resolve', due: string, done: string | null, rule?: string) => (
          <Space size={4} wrap>
            <Tag color={CLOCK[d.clocks[k]].color} data-testid={`clock-${k}`}>
              {t(CLOCK[d.clocks[k]].key)}
            </Tag>
            <span>{t('dueAt', { at: due })}</span>
            {done && <Typography.Text type="secondary">{t('doneAt', { at: done })}</Typography.Text>}
            {rule && <Typography.Text type="secondary">（{rule}）</Typography.Text>}
          </Space>
        );
        const lost = d.timeLost;
        return (
          <div data-testid="demand-detail">
            <Descriptions column={cols} size="small" bordered layout={phone ? 'vertical' : 'horizontal'}>
              <Descriptions.Item label={t('enterprise')} span={cols}>
                {d.enterpriseName}（{d.creditCode}）
              </Descriptions.Item>
              <Descriptions.Item label={t('text')} span={cols}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{d.text}</Typography.Paragraph>
              </Descriptions.Item>
              <Descriptions.Item label={t('category')}>{label(DEMAND_CATEGORY_LABELS[d.category])}</Descriptions.Item>
              <Descriptions.Item label={t('source')}>{label(DEMAND_SOURCE_LABELS[d.source])}</Descriptions.Item>
              <Descriptions.Item label={t('contactPerson')}>
                {[d.contactName, d.contactMobile].filter(Boolean).join(' ') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('receivedAt')}>{formatDateTime(d.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('handlingUnit')}>{d.handlingUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('coUnits')}>
                {d.coUnitIds.map((u) => unitName(u)).join('、') || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('contactDue')} span={cols}>
                {clock(
                  'contact',
                  formatDateTime(d.contactDueAt),
                  d.contactedAt ? formatDateTime(d.contactedAt) : null,
                  limit && t('limitHours', { n: limit.contactHours }),
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('replyDue')} span={cols}>
                {clock(
                  'reply',
                  formatDateTime(d.replyDueAt),
                  d.firstRepliedAt ? formatDateTime(d.firstRepliedAt) : null,
                  limit && t('limitDays', { n: limit.replyDays }),
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('resolveDue')} span={cols}>
                {clock(
                  'resolve',
                  d.resolveDue,
                  d.closedAt ? formatDateTime(d.closedAt) : null,
                  limit && t('limitDays', { n: limit.resolveDays }),
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('rating')}>
                <span data-testid="demand-rating">{d.rating ? label(RATING_LABELS[d.rating]) : '—'}</span>
                {d.ratingComment && <div>{d.ratingComment}</div>}
              </Descriptions.Item>
              <Descriptions.Item label={t('reopenCount')}>
                {d.reopenCount > 0 ? (
                  <Tag color="orange">
                    {t('reopened')} · {t('firstRating')}：{d.firstRating ? label(RATING_LABELS[d.firstRating]) : ''}
                  </Tag>
                ) : (
                  '0'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('timeLost')} span={cols}>
                <div data-testid="demand-time-lost">
                  {!lost || (lost.units.length === 0 && !lost.waitingWithOffice) ? (
                    <Typography.Text type="secondary">{t('timeLostNone')}</Typography.Text>
                  ) : (
                    <>
                      {lost.units.map((u) => (
                        <div key={u.unitId}>
                          {t('timeLostUnit', {
                            unit: u.unitName ?? unitName(u.unitId) ?? '',
                            returns: u.returns,
                            hours: u.heldHours,
                          })}
                        </div>
                      ))}
                      <div>
                        {t('timeLostOffice', { hours: lost.officeWaitHours })}
                        {lost.waitingWithOffice && t('timeLostWaiting')}
                      </div>
                    </>
                  )}
                </div>
              </Descriptions.Item>
              <Descriptions.Item label={t('enterpriseFiles')} span={cols}>
                {(d.enterpriseFiles ?? []).length === 0 ? (
                  <Typography.Text type="secondary">{t('noEnterpriseFiles')}</Typography.Text>
                ) : (
                  <List
                    size="small"
                    split={false}
                    dataSource={d.enterpriseFiles}
                    renderItem={(f) => (
                      <List.Item style={{ padding: '2px 0' }}>
                        <a href={`/api/v1/attachments/${f.id}`} data-testid="demand-enterprise-file">
                          <PaperClipOutlined /> {f.fileName}
                        </a>{' '}
                        <Typography.Text type="secondary">{Math.ceil(f.size / 1024)} KB</Typography.Text>
                      </List.Item>
                    )}
                  />
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('agreement')} span={cols}>
                <DemandLeadLink demandId={d.id} enterpriseName={d.enterpriseName} />
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('replies')}
            </Typography.Title>
            {d.replies.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noReplies')} />
            ) : (
              <Timeline
                items={d.replies.map((r) => ({
                  color: r.final ? 'green' : 'blue',
                  children: (
                    <div data-testid="demand-reply">
                      <div style={{ color: '#888', fontSize: 12 }}>
                        {formatDateTime(r.at)} · {r.unitName} · {r.final ? t('finalReply') : t('interimReply')}
                      </div>
                      <div style={{ whiteSpace: 'pre-wrap' }}>{r.text}</div>
                      {r.files.map((f) => (
                        <div key={f.id}>
                          <a href={`/api/v1/attachments/${f.id}`} data-testid="demand-reply-file">
                            <PaperClipOutlined /> {f.fileName}
                          </a>{' '}
                          <Typography.Text type="secondary">{Math.ceil(f.size / 1024)} KB</Typography.Text>
                        </div>
                      ))}
                    </div>
                  ),
                }))}
              />
            )}
          </div>
        );
      }}
    />
  );
}
