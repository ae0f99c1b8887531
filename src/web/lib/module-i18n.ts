import { useCallback } from 'react';
import { useI18n, type Locale } from '../app/i18n';

/**
 * A feature module's own words, Chinese first with English beside them. The shell's dictionary holds the words
 * every screen shares (save, cancel, status…); each module keeps its screen text next to its pages, so adding a
 * page never means editing the shell.
 */
export function moduleDictionary<K extends string>(zh: Record<K, string>, en: Record<K, string>) {
  const dicts: Record<Locale, Record<K, string>> = { 'zh-CN': zh, 'en-US': en };
  return function useModuleT() {
    const { locale } = useI18n();
    return useCallback(
      (key: K, params: Record<string, string | number> = {}) =>
        dicts[locale][key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '')),
      [locale],
    );
  };
}
