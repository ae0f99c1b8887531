import { FILE_LIMITS } from './limits';
import { assertUnpackable, entryHead, inflateEntry, type ZipEntry } from './zip';

/**
 * Whether a ZIP that calls itself an Office file is one: its main part is where the format puts it and is
 * declared with that format's content type (not the macro-enabled one), and nothing in it is a program —
 * by name (an .exe, a VBA project) or by its first bytes (MZ, ELF, Mach-O, a script's #!). A zip with
 * `[Content_Types].xml` and `xl/payload.exe` is not an .xlsx.
 */
export type OfficeKind = 'docx' | 'xlsx';

const MAIN: Record<OfficeKind, { part: string; type: string }> = {
  docx: {
    part: 'word/document.xml',
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  },
  xlsx: { part: 'xl/workbook.xml', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml' },
};

const PROGRAM_NAME =
  /\.(exe|dll|com|scr|msi|bat|cmd|ps1|vbs|vbe|js|jse|wsf|hta|jar|sh|cpl|lnk|pif|app|elf)$|(^|\/)vbaProject\.bin$/i;
const PROGRAM_MAGIC = [
  Buffer.from('MZ'),
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
  Buffer.from([0xcf, 0xfa, 0xed, 0xfe]),
  Buffer.from([0xfe, 0xed, 0xfa, 0xcf]),
  Buffer.from([0xca, 0xfe, 0xba, 0xbe]),
  Buffer.from('#!'),
];

/** The kind the parts say this is, or null when it is no Office file at all. */
export function officeKind(entries: ZipEntry[]): OfficeKind | null {
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml')) return null;
  if (names.has(MAIN.docx.part)) return 'docx';
  if (names.has(MAIN.xlsx.part)) return 'xlsx';
  return null;
}

/** Why this ZIP is not the Office file it claims to be (bilingual, for bad_file's reason), or null when it is. */
export function officeProblem(buf: Buffer, kind: OfficeKind): string | null {
  const entries = assertUnpackable(buf, { ...FILE_LIMITS });
  if (!entries || officeKind(entries) !== kind) return `缺少 ${MAIN[kind].part} / ${MAIN[kind].part} is missing`;
  const program = entries.find(
    (e) => PROGRAM_NAME.test(e.name) || PROGRAM_MAGIC.some((m) => entryHead(buf, e, m.length).equals(m)),
  );
  if (program) return `内含可执行程序 ${program.name.slice(0, 80)} / it holds a program, ${program.name.slice(0, 80)}`;
  const types = entries.find((e) => e.name === '[Content_Types].xml')!;
  let declared: Buffer | 'too_large';
  try {
    declared = inflateEntry(buf, types, 1024 * 1024);
  } catch {
    declared = 'too_large';
  }
  const xml = declared === 'too_large' ? '' : declared.toString('utf8');
  const main = new RegExp(
    `PartName="/${MAIN[kind].part.replace(/[./]/g, (c) => `\\${c}`)}"[^>]*ContentType="([^"]+)"|\
ContentType="([^"]+)"[^>]*PartName="/${MAIN[kind].part.replace(/[./]/g, (c) => `\\${c}`)}"`,
  ).exec(xml);
  const type = main?.[1] ?? main?.[2];
  if (type !== MAIN[kind].type)
    return `主体部件类型为 ${type ?? '（未声明）'}（可能含宏）/ its main part is declared ${type ?? '(not at all)'} (macros?)`;
  return null;
}
