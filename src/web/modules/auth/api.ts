import { api } from '../../lib/api';
import type { Me } from '../../app/session';

export interface AuthConfig {
  demo: boolean;
  demoPasswordChangeWaived: boolean;
  passwordPolicy: { minLength: number; minClasses: number };
  demoAccounts: { username: string; label: string }[];
}

export const authKeys = {
  config: ['auth', 'config'] as const,
};

export const authApi = {
  config: () => api<AuthConfig>('GET', '/api/v1/auth/config'),
  login: (body: { username: string; password: string; totp?: string }) =>
    api<Me>('POST', '/api/v1/auth/login', { body }),
  logout: () => api<void>('POST', '/api/v1/auth/logout'),
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    api<Me>('POST', '/api/v1/auth/change-password', { body }),
  /** Re-authenticated: the password, and the current code when the factor is on. */
  totpSetup: (body: { password: string; code?: string }) =>
    api<{ secret: string; uri: string }>('POST', '/api/v1/auth/totp/setup', { body }),
  totpDisable: (body: { password: string; code: string }) => api<Me>('POST', '/api/v1/auth/totp/disable', { body }),
  signOutEverywhere: () => api<void>('POST', '/api/v1/auth/sign-out-everywhere'),
  totpEnable: (code: string) => api<Me>('POST', '/api/v1/auth/totp/enable', { body: { code } }),
};
