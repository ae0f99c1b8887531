import { useEffect, useState } from 'react';
import { Alert, Form, InputNumber, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../app/i18n';
import { countyToday } from '../../lib/time';
import { settingsApi } from '../settings/api';
import { useTasksT } from './i18n';

/** Years shown one by one; more are summed up in one line (a deadline in 2099 reaches into seventy-odd years). */
const SHOWN = 2;

/**
 * "N 个工作日内": sets the surrounding form's `deadline` to the N-th working day after today by the county's
 * calendar (the server's arithmetic, holidays and 调休 included). Not a form field: only the date is sent.
 */
export function WorkingDaysInput() {
  const t = useTasksT();
  const form = Form.useFormInstance();
  const [days, setDays] = useState<number | null>(null);
  const today = countyToday();
  const sum = useQuery({
    queryKey: ['calendar', 'working-days', today, 'add', days],
    queryFn: () => settingsApi.workingDays({ from: today, add: days! }),
    enabled: !!days,
  });
  useEffect(() => {
    if (sum.data?.date) form.setFieldValue('deadline', dayjs(sum.data.date));
  }, [sum.data, form]);
  return (
    <Space size={4}>
      <Typography.Text type="secondary">{t('orWithin')}</Typography.Text>
      <InputNumber
        min={1}
        max={3650}
        precision={0}
        value={days}
        onChange={(v) => setDays(typeof v === 'number' ? v : null)}
        style={{ width: 90 }}
        data-testid="task-working-days"
      />
      <Typography.Text type="secondary">{t('workingDaysUnit')}</Typography.Text>
    </Space>
  );
}

/**
 * Under a deadline field: how many working days it leaves, and — when the days between today and the deadline
 * run into a year whose holiday calendar is missing or only provisional — the server's warning, so the office
 * knows the count (and the light that follows from it) may be wrong there.
 */
export function DeadlineCalendarNote({ name = 'deadline' }: { name?: string }) {
  const t = useTasksT();
  const { locale } = useI18n();
  const form = Form.useFormInstance();
  const value = Form.useWatch(name, form) as Dayjs | null | undefined;
  const deadline = value && dayjs.isDayjs(value) && value.isValid() ? value.format('YYYY-MM-DD') : null;
  const today = countyToday();
  const span = useQuery({
    // The warning comes in the caller's language: a switch of language asks again.
    queryKey: ['calendar', 'working-days', today, 'to', deadline, locale],
    queryFn: () => settingsApi.workingDays({ from: today, to: deadline! }),
    // A date already past (a refusal to come) has no working days ahead to warn about.
    enabled: !!deadline && deadline >= today,
    staleTime: 60_000,
  });
  if (!deadline || deadline < today || !span.data) return null;
  const warnings = span.data.warnings;
  return (
    <div style={{ marginTop: 4 }} data-testid="deadline-note">
      {span.data.workingDays !== undefined && (
        <Typography.Text type="secondary" data-testid="deadline-working-days">
          {t('workingDaysLeft', { count: span.data.workingDays })}
        </Typography.Text>
      )}
      {warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 4 }}
          data-testid="deadline-calendar-warning"
          title={t('calendarWarningTitle')}
          description={
            <div>
              {warnings.slice(0, SHOWN).map((w) => (
                <div key={w.year}>{w.message}</div>
              ))}
              {warnings.length === SHOWN + 1 && <div>{t('calendarMoreYear', { year: warnings[SHOWN]!.year })}</div>}
              {warnings.length > SHOWN + 1 && (
                <div>
                  {t('calendarMoreYears', {
                    count: warnings.length - SHOWN,
                    from: warnings[SHOWN]!.year,
                    to: warnings.at(-1)!.year,
                  })}
                </div>
              )}
            </div>
          }
        />
      )}
    </div>
  );
}
