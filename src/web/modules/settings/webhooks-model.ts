import type { Delivery } from './api';

/**
 * How a delivery reads to an administrator. The server keeps `pending` both for a message not tried yet and for
 * one that failed and waits for its next try; the attempts tell them apart.
 */
export type DeliveryState = 'sent' | 'failed' | 'retrying' | 'waiting';

export function deliveryState(d: Pick<Delivery, 'status' | 'attempts'>): DeliveryState {
  if (d.status === 'sent') return 'sent';
  if (d.status === 'failed') return 'failed';
  return d.attempts > 0 ? 'retrying' : 'waiting';
}

export type ErrorHint = 'hintRefused' | 'hintNotFound' | 'hintTimeout' | 'hintTls' | 'hintErrcode' | 'hintHttp';

/**
 * A plain-language cause for the raw error the server recorded (Node's network error codes, or the receiver's
 * answer `HTTP <status>: <body>`), or null when there is nothing better to say than the error itself.
 */
export function errorHint(error: string | null | undefined): ErrorHint | null {
  if (!error) return null;
  if (/ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH/.test(error)) return 'hintRefused';
  if (/ENOTFOUND|EAI_AGAIN/.test(error)) return 'hintNotFound';
  if (/timeout|timed out|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT/i.test(error)) return 'hintTimeout';
  if (/certificate|CERT_|SSL|TLS/i.test(error)) return 'hintTls';
  // DingTalk and WeCom answer 200 with a non-zero errcode when they refuse (wrong signature, keyword, rate).
  if (/^HTTP 2\d\d:/.test(error) && /errcode/.test(error)) return 'hintErrcode';
  if (/^HTTP \d+/.test(error)) return 'hintHttp';
  return null;
}

/** The list masks the robot's credential (access_token=***, key=***): such a URL must not be saved back. */
export const hasMaskedCredential = (url: string) => /=\*\*\*(&|$)/.test(url);
