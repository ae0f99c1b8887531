import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps';
import { registerImportRoutes } from '../../http/ledger-files';
import type { Sheet } from '../../files/table';
import {
  bodyRows,
  findHeader,
  headerCell,
  readAmount,
  type RowError,
  resolveLeader,
  resolveUnit,
  rowReader,
} from '../../files/import-rows';
import { headerUnit } from '../../../shared/domain/projects-import';
import {
  LEAD_SOURCE_LABELS,
  LEAD_SOURCES,
  LEAD_STAGE_LABELS,
  LEAD_STAGES,
  type LeadSource,
  type LeadStage,
} from '../../../shared/domain/investment';
import { isIsoDate } from '../../../shared/domain/dates';
import type { LeadCreate } from '../../../shared/investment';
import type { InvestmentService } from './investment.service';

/**
 * Reads the 招商台账 offices keep (序号, 项目名称, 投资方, 投资额, 产业/链条, 阶段, 签约时间, 责任单位, 包联领导, 进展情况, 存在问题),
 * row by row, before anything is written, with the ledger's rules: amounts in 万元 or 亿元 cell by cell, units and
 * leaders by name with the closest names offered, a lead already in the pipeline (same 项目名称 and 投资方) refused.
 */
const COLUMNS = {
  name: ['项目名称', '名称'],
  investor: ['投资方', '投资主体', '投资企业', '签约企业'],
  amount: ['投资额', '计划投资', '总投资', '投资总额'],
  industry: ['产业/链条', '产业', '产业链', '所属产业'],
  stage: ['阶段', '项目阶段', '进展阶段'],
  signedOn: ['签约时间', '签约日期'],
  unit: ['责任单位', '牵头单位'],
  leader: ['包联领导', '包联县领导'],
  progress: ['进展情况'],
  problems: ['存在问题'],
  source: ['线索来源', '来源', '招商方式'],
} as const;
/** A header matches a label also with its unit after it: "投资额（亿元）" is 投资额. */
const norm = (s: string) => headerCell(s).replace(/\((万元|亿元)\)$/, '');
export const MAX_LEAD_ROWS = 5_000;

export interface LeadImportRow {
  row: number;
  status: 'accepted' | 'rejected';
  name: string;
  errors: RowError[];
  input?: { lead: LeadCreate; stage: LeadStage; signedOn: string | null; note: string };
}

export function planLeadImport(
  sheets: Sheet[],
  lk: {
    today: string;
    unitIndex: Map<string, string | null>;
    unitLabels: { label: string; canonical: string }[];
    leadersByName: Map<string, string[]>;
    existing: Set<string>;
    chainsByName: Map<string, { chainId: string; linkId: string | null }>;
  },
): { rows: LeadImportRow[]; fileError?: string } {
  const header = findHeader(sheets, COLUMNS, ['name', 'investor', 'unit'], norm);
  if (!header)
    return { rows: [], fileError: '未找到招商台账表头（须含“项目名称”“投资方”“责任单位”列）/ no ledger header found' };
  const { cols, labels } = header;
  const amountUnit = cols.amount >= 0 ? headerUnit(labels[cols.amount] ?? '') : null;
  const { body, fileError } = bodyRows(header, MAX_LEAD_ROWS);
  if (fileError) return { rows: [], fileError };
  const stageByLabel = new Map<string, LeadStage>(LEAD_STAGES.map((s) => [LEAD_STAGE_LABELS[s]['zh-CN'], s]));
  const sourceByLabel = new Map<string, LeadSource>(LEAD_SOURCES.map((s) => [LEAD_SOURCE_LABELS[s]['zh-CN'], s]));
  const seen = new Map<string, number>();
  const rows: LeadImportRow[] = [];
  for (const { row, cells } of body) {
    const errors: RowError[] = [];
    const err = (column: string, code: string, message: string) => errors.push({ column, code, message });
    const get = rowReader(cells, header, COLUMNS, err);
    const name = get('name').slice(0, 200);
    const investor = get('investor').slice(0, 200);
    if (!name) err('项目名称', 'required', '项目名称不能为空');
    if (!investor) err('投资方', 'required', '投资方不能为空');
    const key = `${name}|${investor}`;
    if (name && investor) {
      if (lk.existing.has(key)) err('项目名称', 'exists', '招商线索中已有该投资方的同名项目（再次签约请在线索中记录）');
      else if (seen.has(key)) err('项目名称', 'duplicate_in_file', `与第 ${seen.get(key)} 行重复`);
      else seen.set(key, row);
    }
    const investment = get('amount')
      ? (readAmount(get('amount'), amountUnit, '投资额', err) ?? 0)
      : (err('投资额', 'required', '投资额不能为空'), 0);
    const stageText = get('stage');
    const stage = stageText ? stageByLabel.get(stageText.replace(/阶段$/, '')) : 'lead';
    if (!stage)
      err(
        '阶段',
        'invalid_value',
        `阶段应为 ${LEAD_STAGES.map((s) => LEAD_STAGE_LABELS[s]['zh-CN']).join('/')}，而不是“${stageText}”`,
      );
    const signedText = get('signedOn')
      .replace(/[./年月]/g, '-')
      .replace(/日$/, '');
    const signedOn = signedText
      ? signedText.replace(
          /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
          (_, y, m, d) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`,
        )
      : null;
    if (signedOn && (!isIsoDate(signedOn) || signedOn > lk.today))
      err('签约时间', 'invalid_value', `签约时间“${get('signedOn')}”应为不晚于今天的日期，如 2026-03-18`);
    if (stage && LEAD_STAGES.indexOf(stage) >= LEAD_STAGES.indexOf('signed') && !signedOn)
      err('签约时间', 'required', '已签约的项目须填写签约时间');
    const unitLabel = get('unit');
    const unitId = unitLabel
      ? resolveUnit(unitLabel, '责任单位', lk, err)
      : (err('责任单位', 'required', '责任单位不能为空'), undefined);
    const leaderName = get('leader').replace(/同志$/, '');
    const leaderId = leaderName ? (resolveLeader(leaderName, '包联领导', lk.leadersByName, err) ?? null) : null;
    const sourceText = get('source');
    const source = sourceText ? sourceByLabel.get(sourceText) : 'task_force';
    if (!source)
      err(
        '线索来源',
        'invalid_value',
        `线索来源应为 ${Object.values(LEAD_SOURCE_LABELS)
          .map((l) => l['zh-CN'])
          .join('/')}`,
      );
    const industry = get('industry');
    const chain = [...lk.chainsByName.entries()].find(([n]) => industry.includes(n))?.[1];
    rows.push({
      row,
      status: errors.length ? 'rejected' : 'accepted',
      name: name || `第 ${row} 行`,
      errors,
      input: errors.length
        ? undefined
        : {
            lead: {
              investor,
              projectName: name,
              industry: industry.slice(0, 100),
              chainId: chain?.chainId ?? null,
              linkId: chain?.linkId ?? null,
              investment,
              investmentUnit: '万元',
              space: null,
              source: source!,
              responsibleUnitId: unitId!,
              taskForce: null,
              leaderId,
              description: [get('progress'), get('problems') && `存在问题：${get('problems')}`]
                .filter(Boolean)
                .join('\n'),
              receivedOn: signedOn && signedOn < lk.today ? signedOn : lk.today,
            },
            stage: stage!,
            signedOn,
            note: get('progress').slice(0, 2000),
          },
    });
  }
  return { rows };
}

export function registerLeadImportRoutes(app: FastifyInstance, deps: AppDeps, inv: InvestmentService) {
  registerImportRoutes(app, deps, {
    base: '/api/v1/leads',
    batch: 'leads',
    auditAs: 'lead',
    tags: ['leads'],
    roles: ['principal', 'supervision_office'],
    summaries: {
      preview: '上传招商台账 .xlsx/.csv 并逐行校验（不写入）/ upload the investment ledger and check every row',
      commit: '确认导入：一次事务写入全部线索 / commit: every row in one transaction',
    },
    row: { name: z.string() },
    commitOut: z.object({ created: z.number() }),
    plan: async (actor, sheets) => {
      const { unitIndex, unitLabels, leadersByName } = await deps.org.nameLookups(actor);
      const existing = await inv.allLeads(actor, {});
      return planLeadImport(sheets, {
        today: inv.today(),
        unitIndex,
        unitLabels,
        leadersByName,
        existing: new Set(existing.map((l) => `${l.projectName}|${l.investor}`)),
        chainsByName: await inv.chainNames(actor),
      });
    },
    commit: async (tx, actor, payload: NonNullable<LeadImportRow['input']>[], _query, m) => {
      for (const row of payload) await inv.importLead(tx, actor, row, m);
      return { created: payload.length };
    },
  });
}
