import { Tooltip } from 'antd';
import { useI18n } from '../../app/i18n';
import { LIGHT_LABELS } from '../../../shared/supervision-labels';
import { LIGHT_COLORS } from './api';
import { reasonKey, useTasksT } from './i18n';

/** 亮灯: the colour the server derived, with the reasons in a tooltip. */
export function Light({ light, reasons }: { light: keyof typeof LIGHT_LABELS; reasons: string[] }) {
  const { label } = useI18n();
  const t = useTasksT();
  const dot = (
    <span
      style={{
        display: 'inline-block',
        width: 12,
        height: 12,
        borderRadius: 6,
        background: LIGHT_COLORS[light],
        marginRight: 6,
        verticalAlign: 'middle',
      }}
    />
  );
  const reasonText = (r: string) => {
    const k = reasonKey(r);
    return k ? t(k) : r;
  };
  return (
    <Tooltip title={reasons.map(reasonText).join(t('listSeparator')) || undefined}>
      <span data-testid={`light-${light}`}>
        {dot}
        {label(LIGHT_LABELS[light])}
      </span>
    </Tooltip>
  );
}
