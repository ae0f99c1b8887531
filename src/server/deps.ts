import type { Config } from './config';
import type { Database } from './db/client';
import type { AuditService } from './modules/audit/audit.service';
import type { AuthService } from './modules/auth/auth.service';
import type { ImportService } from './modules/imports/imports.service';
import type { OrgService } from './modules/org/org.service';
import type { CalendarService } from './modules/calendar/calendar.service';
import type { SupervisionService } from './modules/supervision/supervision.service';
import type { TaskService } from './modules/tasks/tasks.service';
import type { TaskForceService } from './modules/taskforces/taskforces.service';
import type { AttachmentService } from './modules/attachments/attachments.service';
import type { NotificationService } from './modules/notifications/notifications.service';
import type { WriteSignal } from './http/writes';
import type { Kept } from './http/kept';
import type { MetricsService } from './modules/metrics/metrics.service';

export interface DemoInfo {
  enabled: boolean;
  accounts: { username: string; label: string }[];
}

/** What route modules receive: the services (never another module's tables), built by app.ts createServices. */
export interface AppDeps {
  config: Config;
  database: Database;
  audit: AuditService;
  org: OrgService;
  auth: AuthService;
  imports: ImportService;
  calendar: CalendarService;
  supervision: SupervisionService;
  tasks: TaskService;
  /** 工作专班: the tasks module checks an assignment to one; the core's visibility takes its members. */
  taskForces: TaskForceService;
  attachments: AttachmentService;
  notifications: NotificationService;
  /** Answered API writes on this instance (see http/writes.ts). */
  writes: WriteSignal;
  /** Dashboard views kept a few seconds, dropped by any answered write (see http/kept.ts). */
  views: Kept;
  demo: DemoInfo;
  /** Request, pool, job and backup figures for GET /metrics. */
  metrics: MetricsService;
}
