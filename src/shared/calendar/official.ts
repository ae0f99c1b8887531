import type { IsoDate } from '../domain/dates';

/**
 * Official holiday calendars shipped with Luoshi, from the State Council General Office's notices
 * (国务院办公厅关于部分节假日安排的通知). The database copy is what counts; these seed it, and an administrator
 * adds a new year by editing or importing (the next year's notice is usually published in November).
 */
export interface OfficialYear {
  year: number;
  source: string;
  /**
   * Shipped before the notice could be checked against its text: worked out from the holiday rules (全国年节及纪念日
   * 放假办法, 2024 revision: 除夕 is a day off, a statutory day on a weekend is made up on a working day) and the
   * lunar dates. Working-day sums that reach into such a year say so, and the system administrator is reminded to
   * import the State Council's notice, which then is the authority.
   */
  provisional?: boolean;
  holidays: [IsoDate, IsoDate, string][];
  makeUpWorkdays: [IsoDate, string][];
}

/** How a provisional year's source begins (a later release with the published notice replaces those days). */
export const PROVISIONAL_SOURCE = '按《全国年节及纪念日放假办法》推算';

export const OFFICIAL_CALENDARS: OfficialYear[] = [
  {
    year: 2025,
    source: '国办发明电〔2024〕12号',
    holidays: [
      ['2025-01-01', '2025-01-01', '元旦'],
      ['2025-01-28', '2025-02-04', '春节'],
      ['2025-04-04', '2025-04-06', '清明节'],
      ['2025-05-01', '2025-05-05', '劳动节'],
      ['2025-05-31', '2025-06-02', '端午节'],
      ['2025-10-01', '2025-10-08', '国庆节、中秋节'],
    ],
    makeUpWorkdays: [
      ['2025-01-26', '春节调休上班'],
      ['2025-02-08', '春节调休上班'],
      ['2025-04-27', '劳动节调休上班'],
      ['2025-09-28', '国庆节调休上班'],
      ['2025-10-11', '国庆节调休上班'],
    ],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    holidays: [
      ['2026-01-01', '2026-01-03', '元旦'],
      ['2026-02-15', '2026-02-23', '春节'],
      ['2026-04-04', '2026-04-06', '清明节'],
      ['2026-05-01', '2026-05-05', '劳动节'],
      ['2026-06-19', '2026-06-21', '端午节'],
      ['2026-09-25', '2026-09-27', '中秋节'],
      ['2026-10-01', '2026-10-07', '国庆节'],
    ],
    makeUpWorkdays: [
      ['2026-01-04', '元旦调休上班'],
      ['2026-02-14', '春节调休上班'],
      ['2026-02-28', '春节调休上班'],
      ['2026-05-09', '劳动节调休上班'],
      ['2026-09-20', '国庆节调休上班'],
      ['2026-10-10', '国庆节调休上班'],
    ],
  },
  {
    year: 2027,
    // 推算，待核对：国务院办公厅关于2027年部分节假日安排的通知（2026年11月发布）公布后，系统管理员在“工作日历”导入，导入为准。
    source: '按《全国年节及纪念日放假办法》推算（待按国务院办公厅2027年节假日安排通知核对并导入）',
    provisional: true,
    holidays: [
      ['2027-01-01', '2027-01-03', '元旦'],
      ['2027-02-05', '2027-02-13', '春节'],
      ['2027-04-03', '2027-04-05', '清明节'],
      ['2027-05-01', '2027-05-05', '劳动节'],
      ['2027-06-09', '2027-06-09', '端午节'],
      ['2027-09-15', '2027-09-15', '中秋节'],
      ['2027-10-01', '2027-10-07', '国庆节'],
    ],
    makeUpWorkdays: [
      ['2027-01-31', '春节调休上班'],
      ['2027-02-20', '春节调休上班'],
      ['2027-05-08', '劳动节调休上班'],
      ['2027-09-26', '国庆节调休上班'],
      ['2027-10-09', '国庆节调休上班'],
    ],
  },
];

/** What a working-day answer says when it reaches into a year whose calendar is missing or only provisional. */
export function calendarGapMessage(year: number, status: 'missing' | 'provisional', locale: string): string {
  const en = locale.startsWith('en');
  if (status === 'missing') {
    return en
      ? `The ${year} holiday calendar is not loaded: working days in ${year} ` +
          `are counted as Monday to Friday, through the holidays. The system ` +
          `administrator imports the State Council's notice under Settings › Calendar.`
      : `${year} 年节假日安排尚未载入：${year} 年的工作日暂按周一至周五计算，未扣除节假日。请系统管理员在“工作日历”导入国务院办公厅通知。`;
  }
  return en
    ? `The ${year} holiday calendar is provisional (worked out from the holiday rules, not yet checked ` +
        `against the State Council's notice): the system administrator checks and imports the notice.`
    : `${year} 年节假日安排为系统推算，尚未按国务院办公厅通知核对：请系统管理员核对后在“工作日历”导入。`;
}
