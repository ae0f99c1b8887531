import { Alert } from 'antd';
import { ApiError } from '../lib/api';
import { useI18n } from '../app/i18n';

/** A server problem as the user should see it: its detail, the field errors, and the request id to quote. */
export function ErrorAlert({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  const { t } = useI18n();
  if (!error) return null;
  const p = error instanceof ApiError ? error.problem : null;
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      data-testid="error-alert"
      title={p ? p.detail : String((error as Error).message ?? error)}
      description={
        p && (p.errors?.length || p.requestId) ? (
          <div>
            {p.errors?.map((e, i) => (
              <div key={i}>
                {e.row ? `${t('rowPrefix', { row: e.row })} ` : ''}
                {/* The column or the field in words; never the request path (body.attachmentIds). */}
                {(e.column ?? e.label) ? `${e.column ?? e.label}：` : ''}
                {e.message}
              </div>
            ))}
            {p.requestId && (
              <div style={{ color: '#999', fontSize: 12 }}>
                {t('requestId')}: {p.requestId}
              </div>
            )}
          </div>
        ) : undefined
      }
    />
  );
}

/** Above a form whose record someone else changed meanwhile: the latest is loaded, check it and try again. */
export function ConflictAlert({ title }: { title: string }) {
  return <Alert type="warning" showIcon title={title} style={{ marginBottom: 16 }} data-testid="version-conflict" />;
}
