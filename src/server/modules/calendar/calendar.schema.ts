import { date, integer, pgTable, text, timestamp, uuid, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * The working-day calendar as data: statutory days off and make-up working days (调休). Rows with no
 * jurisdiction are the national calendar; a jurisdiction may add its own (a local holiday, a typhoon day).
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jurisdictionId: uuid('jurisdiction_id'),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(), // 'holiday' | 'workday'
    name: text('name').notNull(),
    source: text('source'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('calendar_days_uq').on(
      sql`coalesce(${t.jurisdictionId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.day,
    ),
  ],
);

/**
 * Per-jurisdiction settings of the supervision rules (light thresholds …): a county may tighten or loosen the
 * city platform's defaults (DESIGN.md §7).
 */
export const jurisdictionSettings = pgTable('jurisdiction_settings', {
  jurisdictionId: uuid('jurisdiction_id').primaryKey(),
  dueSoonWorkingDays: integer('due_soon_working_days').notNull(),
  yellowGap: integer('yellow_gap').notNull(),
  redGap: integer('red_gap').notNull(),
  /** Reporting rules: weekly reports due on this ISO weekday (5 = Friday) … */
  weeklyDueWeekday: integer('weekly_due_weekday').notNull().default(5),
  /** … by this time of day (Beijing time, 'HH:MM'); monthly reports due on this day of the month (0 = its last day). */
  reportCutoff: text('report_cutoff').notNull().default('17:00'),
  monthlyDueDay: integer('monthly_due_day').notNull().default(0),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
