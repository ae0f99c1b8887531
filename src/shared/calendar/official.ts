import type { IsoDate } from '../domain/dates';

/**
 * Official holiday calendars shipped with Luoshi, from the State Council General Office's notices
 * (国务院办公厅关于部分节假日安排的通知). The database copy is what counts; these seed it, and an administrator
 * adds a new year by editing or importing (the next year's notice is usually published in November).
 */
export interface OfficialYear {
  year: number;
  source: string;
  holidays: [IsoDate, IsoDate, string][];
  makeUpWorkdays: [IsoDate, string][];
}

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
];
