import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
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
  'menu.tasks': '督办台账',
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
  signOut: '退出登录',
  username: '用户名',
  password: '密码',
  totp: '动态验证码',
  signIn: '登录',
  demoAccounts: '演示账户',
  demoPasswordHint: '所有演示账户的密码均为',
  demoWaiver: '演示模式：演示账户免于首次登录修改密码',
  currentPassword: '原密码',
  newPassword: '新密码',
  confirmPassword: '确认新密码',
  passwordsDiffer: '两次输入的密码不一致',
  passwordPolicy: '至少 {min} 位，包含大写字母、小写字母、数字、符号中的至少三类',
  mustChange: '首次登录请修改初始密码',
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
};
const en: Record<keyof typeof zh, string> = {
  appName: 'Luoshi',
  appSubtitle: 'Supervision platform',
  'menu.home': 'Home',
  'menu.tasks': 'Task ledger',
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
  signOut: 'Sign out',
  username: 'Username',
  password: 'Password',
  totp: 'One-time code',
  signIn: 'Sign in',
  demoAccounts: 'Demo accounts',
  demoPasswordHint: 'All demo accounts use the password',
  demoWaiver: 'Demo mode: demo accounts need not change their password at first sign-in',
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'Confirm new password',
  passwordsDiffer: 'The passwords differ',
  passwordPolicy: 'At least {min} characters, with 3 of: upper case, lower case, digits, symbols',
  mustChange: 'Change your initial password to continue',
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
      },
      t(key, params = {}) {
        return DICTS[locale][key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
      },
      label(pair) {
        return pair[locale];
      },
    }),
    [locale],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
