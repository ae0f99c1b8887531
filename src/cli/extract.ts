import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { DEMO_UNITS } from '../server/demo/county';
import { AppError } from '../server/http/errors';
import { decodeDocument } from '../server/modules/extraction/extraction.files';
import type { UnitInput } from '../shared/domain/extract/extract';
import { extractRecords } from '../shared/domain/extract/record';
import { FIELD_MESSAGES, formatMessage } from '../shared/errors';

/**
 * `npx luoshi extract FILE… [--units units.xlsx] [--year YYYY] [--json|--pretty]`: the offline extractor on
 * files, one JSON object per candidate task per line on stdout (JSON Lines, the default; --json says so
 * explicitly), or a readable list with --pretty. Units are the demo county's unless --units gives a workbook
 * with a 单位名称 column (and optionally 简称, 别名 — several aliases separated by 、 or commas), as the
 * organisation import takes. Problems go to stderr; the exit code is 1 when a file could not be read.
 */
export const EXTRACT_HELP = `用法 / usage: npx luoshi extract FILE… [--units units.xlsx] [--year YYYY] [--json|--pretty]
  每条候选任务输出一行 JSON / one JSON object per candidate task per line:
  doc, quote, title, leadLeader, leadUnits, coUnits, deadline, deadlineNorm, targets, category, confidence`;

const out = (s: string) => process.stdout.write(`${s}\n`);
const err = (s: string) => process.stderr.write(`${s}\n`);

/** Units from a workbook: the first sheet whose header row has 单位名称 (or 名称 / name). */
export async function readUnitsWorkbook(file: string): Promise<UnitInput[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cell = (v: ExcelJS.CellValue) =>
    v == null ? '' : typeof v === 'object' && 'text' in v ? String(v.text) : String(v).trim();
  for (const ws of wb.worksheets) {
    for (let r = 1; r <= Math.min(ws.rowCount, 5); r++) {
      const head = (ws.getRow(r).values as ExcelJS.CellValue[]).map(cell);
      const col = (names: string[]) => head.findIndex((h) => names.includes(h));
      const name = col(['单位名称', '名称', 'name']);
      if (name < 0) continue;
      const short = col(['简称', 'shortName']);
      const alias = col(['别名', 'aliases']);
      const units: UnitInput[] = [];
      for (let i = r + 1; i <= ws.rowCount; i++) {
        const v = ws.getRow(i).values as ExcelJS.CellValue[];
        const n = cell(v[name]);
        if (!n) continue;
        units.push({
          name: n,
          shortName: short >= 0 ? cell(v[short]) || null : null,
          aliases:
            alias >= 0
              ? cell(v[alias])
                  .split(/[、,，;；\s]+/)
                  .filter(Boolean)
              : [],
        });
      }
      return units;
    }
  }
  throw new Error(`${file}: 没有含“单位名称”表头的工作表 / no sheet with a 单位名称 header`);
}

function problemText(e: unknown): string {
  if (e instanceof AppError && e.errors.length) {
    return e.errors
      .map((p) => {
        const m = FIELD_MESSAGES[p.code];
        return m
          ? `${formatMessage(m['zh-CN'], p.params ?? {})} / ${formatMessage(m['en-US'], p.params ?? {})}`
          : p.code;
      })
      .join('; ');
  }
  return (e as Error).message ?? String(e);
}

export async function extractCommand(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let files: string[];
  try {
    ({ values, positionals: files } = parseArgs({
      args: argv,
      options: {
        units: { type: 'string' },
        year: { type: 'string' },
        json: { type: 'boolean' },
        pretty: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }));
  } catch (e) {
    err(`参数错误 / bad arguments: ${(e as Error).message}\n${EXTRACT_HELP}`);
    return 2;
  }
  if (values.help) {
    out(EXTRACT_HELP);
    return 0;
  }
  if (!files.length) {
    err(`缺少文件 / no file given\n${EXTRACT_HELP}`);
    return 2;
  }
  const year = typeof values.year === 'string' ? Number(values.year) : undefined;
  if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
    err(`--year 须为 2000–2100 的年份 / --year must be a year: ${values.year}`);
    return 2;
  }
  let units: UnitInput[] = DEMO_UNITS;
  if (typeof values.units === 'string') {
    try {
      units = await readUnitsWorkbook(values.units);
    } catch (e) {
      err(`无法读取单位表 / cannot read the units workbook: ${(e as Error).message}`);
      return 1;
    }
  }
  let failed = 0;
  for (const file of files) {
    const doc = path.basename(file);
    try {
      const buf = fs.readFileSync(file);
      const { text } = await decodeDocument(buf, doc);
      const { records, result } = extractRecords(doc, text, { units, year });
      if (result.yearSource === 'default')
        err(
          `${doc}: 文中未找到年份，日期按 ${result.year} 年计（可用 --year 指定）/ no year in the document; dates use ${result.year} (set --year)`,
        );
      if (!records.length) err(`${doc}: ${result.message}`);
      for (const r of records) {
        if (values.pretty)
          out(
            `${doc}\t${r.title}\t${[...r.leadUnits, ...(r.leadLeader ? [r.leadLeader] : [])].join('、') || '-'}\t\
${r.deadline ?? '-'}${r.deadlineNorm ? `(${r.deadlineNorm})` : ''}\t${r.category}\t${r.confidence}`,
          );
        else out(JSON.stringify(r));
      }
    } catch (e) {
      failed++;
      err(`${doc}: ${problemText(e)}`);
    }
  }
  return failed ? 1 : 0;
}
