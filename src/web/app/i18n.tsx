import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { setApiLocale } from '../lib/api';

/**
 * UI strings, Chinese first. Server messages (errors, labels of roles and states) come localised from the server
 * or from src/shared; this dictionary covers the screens' own words.
 */
export type Locale = 'zh-CN' | 'en-US';

const zh = {
  appName: '落实',
  appSubtitle: '督查督办平台',
  'menu.home': '首页',
  'menu.cockpit': '驾驶舱',
  'menu.bulletins': '督查通报',
  'menu.meetings': '会议调度',
  'menu.scoring': '考核排名',
  'menu.accountability': '问责与容错',
  'menu.campaigns': '专项行动',
  'menu.burden': '减负监测',
  'menu.taskForces': '工作专班',
  'menu.tasks': '督办台账',
  'menu.findings': '问题整改',
  'menu.extractions': '讲话任务分解',
  'menu.indicators': '经济运行',
  'menu.projectsGroup': '重点项目',
  'menu.projects': '项目库',
  'menu.projectRates': '开工率等指标',
  'menu.projectMap': '挂图作战',
  'menu.rounds': '周调度',
  'menu.blockers': '卡点',
  'menu.enterpriseGroup': '企业服务',
  'menu.enterprises': '企业库',
  'menu.demands': '企业诉求',
  'menu.visits': '走访',
  'menu.demandFigures': '诉求如实指标',
  'menu.libraries': '后备库/培育库',
  'menu.mu': '亩均论英雄',
  'menu.investmentGroup': '招商引资',
  'menu.leads': '招商线索',
  'menu.chains': '产业链图谱',
  'menu.sites': '闲置土地厂房',
  'menu.investmentMap': '招商地图',
  'menu.org': '组织机构',
  'menu.units': '单位管理',
  'menu.people': '人员管理',
  'menu.import': '批量导入',
  'menu.audit': '审计日志',
  'menu.account': '我的账户',
  'menu.tokens': 'API 令牌',
  'menu.password': '修改密码',
  'menu.totp': '动态验证码',
  'menu.notifications': '消息',
  'menu.open': '打开菜单',
  'menu.settings': '系统设置',
  'menu.webhooks': '消息推送',
  'menu.calendar': '工作日历',
  'menu.lights': '亮灯规则',
  'menu.milestoneTemplates': '项目节点模板',
  'menu.boundary': '县域边界',
  signOut: '退出登录',
  username: '用户名',
  password: '密码',
  totp: '动态验证码',
  signIn: '登录',
  demoWaiver: '演示模式：演示账户免于首次登录修改密码',
  currentPassword: '原密码',
  newPassword: '新密码',
  confirmPassword: '确认新密码',
  passwordsDiffer: '两次输入的密码不一致',
  passwordPolicy: '密码要求：至少 {min} 位，包含大写字母、小写字母、数字、符号中的至少 {classes} 类',
  mustChange: '首次登录请修改初始密码',
  passwordTooShort: '至少 {min} 位',
  changed: '密码已修改',
  save: '保存',
  cancel: '取消',
  create: '新建',
  edit: '编辑',
  confirm: '确定',
  search: '搜索',
  reset: '重置',
  export: '导出 Excel',
  actions: '操作',
  status: '状态',
  active: '在用',
  inactive: '已停用',
  all: '全部',
  loading: '加载中…',
  empty: '暂无数据',
  saved: '已保存',
  requestId: '请求编号',
  language: 'English',
  jurisdiction: '辖区',
  hello: '您好，{name}',
  myAccount: '我的账户',
  shortcuts: '常用功能',
  unit: '单位',
  roles: '角色',
  ledUnits: '分管单位',
  ledUnitsUnavailable: '分管单位暂时无法加载',
  todoCount: '我的待办',
  redCount: '{light}（逾期或严重滞后）',
  yellowCount: '{light}（临期或滞后）',
  openCount: '在办事项',
  notFound: '页面不存在',
  backHome: '返回首页',
  loadFailed: '加载失败',
  retry: '重试',
  sixDigits: '请输入 6 位数字',
  demoAccountsTitle: '演示账户，密码 {password}',
  demoAccountsFill: '点击用户名可填入登录框',
  totpRequiredByRole: '您的角色要求启用动态验证码，请先完成设置',
  totpStepApp: '在手机上安装验证器应用（如 FreeOTP、Google Authenticator、腾讯身份验证器）',
  totpStepScan: '扫描二维码，或手工输入密钥',
  totpStepCode: '输入验证器显示的 6 位数字并启用',
  totpIntro: '启用后，登录时除密码外还需输入验证器上的动态验证码。重新设置时，新密钥验证通过前原密钥继续有效。',
  totpIsOn: '动态验证码已启用。更换或停用须输入登录密码和验证器上当前的验证码。',
  totpReauth: '为确认是您本人，请先输入登录密码',
  totpPassword: '登录密码',
  totpCurrentCode: '当前动态验证码',
  totpChange: '更换验证器',
  totpDisable: '停用动态验证码',
  totpDisableConfirm: '停用后登录只需密码，安全性降低。确定停用？',
  totpDisabled: '已停用动态验证码',
  totpBegin: '开始设置',
  totpSecret: '密钥',
  totpEnable: '启用',
  totpEnabled: '已启用动态验证码',
  totpQrAlt: '动态验证码二维码',
  totpOpenApp: '添加到本机的验证器',
  rowPrefix: '第 {row} 行',
  'import.checking': '正在校验，请稍候…',
  'import.previously': '该文件已于 {at} 导入过，{consequence}',
  'import.again': '再次导入会重复',
  'import.summaryRejected': '{rejected} 行有问题、{accepted} 行可导入；请修改后重新上传，未写入任何数据',
  'import.summaryOk': '{accepted} 行全部通过校验，确认后一次写入',
  'import.summaryWarnings': '其中 {warnings} 处提示需要核实',
  'import.empty': '文件中没有可导入的行',
  'import.row': '行',
  'import.result': '结果',
  'import.accepted': '可导入',
  'import.duplicate': '重复（序号 {serial}）',
  'import.registered': '已登记',
  'import.rejected': '有误',
  'import.problems': '问题（列：说明）',
  'import.confirmWarnings': '提示已核实，随数据一并保存',
  'import.commit': '确认导入 {count} {unit}',
  'import.template': '下载模板',
};
const en: Record<keyof typeof zh, string> = {
  appName: 'Luoshi',
  appSubtitle: 'Supervision platform',
  'menu.home': 'Home',
  'menu.cockpit': 'Cockpit',
  'menu.bulletins': 'Bulletins',
  'menu.meetings': 'Meetings',
  'menu.scoring': 'Unit scoring',
  'menu.accountability': 'Accountability',
  'menu.campaigns': 'Campaigns',
  'menu.burden': 'Reporting burden',
  'menu.taskForces': 'Task forces',
  'menu.tasks': 'Task ledger',
  'menu.findings': 'Findings to rectify',
  'menu.extractions': 'Speech to ledger',
  'menu.indicators': 'Economic indicators',
  'menu.projectsGroup': 'Key projects',
  'menu.projects': 'Project library',
  'menu.projectRates': 'Rates',
  'menu.projectMap': 'Project map',
  'menu.rounds': 'Weekly rounds',
  'menu.blockers': 'Blockers',
  'menu.enterpriseGroup': 'Enterprise service',
  'menu.enterprises': 'Enterprises',
  'menu.demands': 'Demands',
  'menu.visits': 'Visits',
  'menu.demandFigures': 'Honest figures',
  'menu.libraries': 'Reserve libraries',
  'menu.mu': 'Per-mu evaluation',
  'menu.investmentGroup': 'Investment',
  'menu.leads': 'Investment leads',
  'menu.chains': 'Industrial chains',
  'menu.sites': 'Idle sites',
  'menu.investmentMap': 'Investment map',
  'menu.org': 'Organisation',
  'menu.units': 'Units',
  'menu.people': 'People',
  'menu.import': 'Import',
  'menu.audit': 'Audit log',
  'menu.account': 'My account',
  'menu.tokens': 'API tokens',
  'menu.password': 'Change password',
  'menu.totp': 'Two-factor',
  'menu.notifications': 'Notifications',
  'menu.open': 'Open the menu',
  'menu.settings': 'Settings',
  'menu.webhooks': 'Webhooks',
  'menu.calendar': 'Working calendar',
  'menu.lights': 'Light rules',
  'menu.milestoneTemplates': 'Milestone templates',
  'menu.boundary': 'County boundary',
  signOut: 'Sign out',
  username: 'Username',
  password: 'Password',
  totp: 'One-time code',
  signIn: 'Sign in',
  demoWaiver: 'Demo mode: demo accounts need not change their password at first sign-in',
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'Confirm new password',
  passwordsDiffer: 'The passwords differ',
  passwordPolicy:
    'Password policy: at least {min} characters, with {classes} of: upper case, lower case, digits, symbols',
  mustChange: 'Change your initial password to continue',
  passwordTooShort: 'At least {min} characters',
  changed: 'Password changed',
  save: 'Save',
  cancel: 'Cancel',
  create: 'New',
  edit: 'Edit',
  confirm: 'OK',
  search: 'Search',
  reset: 'Reset',
  export: 'Export Excel',
  actions: 'Actions',
  status: 'Status',
  active: 'Active',
  inactive: 'Deactivated',
  all: 'All',
  loading: 'Loading…',
  empty: 'No data',
  saved: 'Saved',
  requestId: 'Request id',
  language: '中文',
  jurisdiction: 'Jurisdiction',
  hello: 'Hello, {name}',
  myAccount: 'My account',
  shortcuts: 'Shortcuts',
  unit: 'Unit',
  roles: 'Roles',
  ledUnits: 'Units I lead',
  ledUnitsUnavailable: 'The units you lead could not be loaded',
  todoCount: 'My to-do',
  redCount: '{light} (overdue or far behind)',
  yellowCount: '{light} (due soon or behind)',
  openCount: 'Open tasks',
  notFound: 'Page not found',
  backHome: 'Back to home',
  loadFailed: 'Could not load',
  retry: 'Retry',
  sixDigits: 'Enter the 6 digits',
  demoAccountsTitle: 'Demo accounts, password {password}',
  demoAccountsFill: 'Click a user name to fill the form',
  totpRequiredByRole: 'Your role requires a second factor: set it up first',
  totpStepApp: 'Install an authenticator app on your phone (FreeOTP, Google Authenticator, Tencent Authenticator…)',
  totpStepScan: 'Scan the QR code, or type the secret in',
  totpStepCode: 'Enter the 6 digits the app shows and enable',
  totpIntro:
    'Once enabled, signing in needs the one-time code from the app as well as the ' +
    'password. When set up again, the old secret stays in force until the new one is proven.',
  totpIsOn:
    'Two-factor sign-in is on. Changing or switching it off needs your password and the code the app shows now.',
  totpReauth: 'To confirm it is you, enter your password first',
  totpPassword: 'Password',
  totpCurrentCode: 'Current one-time code',
  totpChange: 'Change authenticator',
  totpDisable: 'Switch off',
  totpDisableConfirm: 'Signing in will need only the password, which is less safe. Switch it off?',
  totpDisabled: 'Two-factor sign-in is off',
  totpBegin: 'Set up',
  totpSecret: 'Secret',
  totpEnable: 'Enable',
  totpEnabled: 'Two-factor sign-in is enabled',
  totpQrAlt: 'QR code for the authenticator',
  totpOpenApp: 'Add to the authenticator on this phone',
  rowPrefix: 'Row {row}',
  'import.checking': 'Checking…',
  'import.previously': 'This file was imported on {at}; {consequence}',
  'import.again': 'importing it again makes duplicates',
  'import.summaryRejected':
    'Rows with problems: {rejected}; rows fine: {accepted}. Fix the file and upload it again — nothing was written',
  'import.summaryOk': 'Every row passed ({accepted}); confirm to write them at once',
  'import.summaryWarnings': 'warnings to check: {warnings}',
  'import.empty': 'The file has no rows to import',
  'import.row': 'Row',
  'import.result': 'Result',
  'import.accepted': 'OK',
  'import.duplicate': 'Repeats no. {serial}',
  'import.registered': 'Registered',
  'import.rejected': 'Error',
  'import.problems': 'Problems (column: reason)',
  'import.confirmWarnings': 'Warnings checked; keep them with the data',
  'import.commit': 'Import {count} {unit}',
  'import.template': 'Template',
};
export type MessageKey = keyof typeof zh;
const DICTS: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, 'en-US': en };

interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** Picks the label of the current language from a `{ 'zh-CN', 'en-US' }` pair (roles, states…). */
  label(pair: { 'zh-CN': string; 'en-US': string }): string;
}

const Ctx = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const saved = localStorage.getItem('luoshi.locale');
  return saved === 'en-US' ? 'en-US' : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [locale, setLocaleState] = useState<Locale>(() => {
    const l = initialLocale();
    setApiLocale(l);
    return l;
  });
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale(l) {
        localStorage.setItem('luoshi.locale', l);
        setApiLocale(l);
        setLocaleState(l);
        // Server text (error details, labels it renders) is localised per request: fetch it again in the new language.
        void qc.invalidateQueries();
      },
      t(key, params = {}) {
        return DICTS[locale][key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
      },
      label(pair) {
        return pair[locale];
      },
    }),
    [locale, qc],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** The translate function alone, for components that need nothing else. */
export function useT(): I18n['t'] {
  return useI18n().t;
}
