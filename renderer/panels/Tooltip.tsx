import { useT } from '../i18n/i18n';
import { shownStates, useAppStore } from '../store';
import { shownDown } from '../health/shownDown';
import { sensorDown } from '../health/sourceDown';
import '../health/health.css';
import { useShownNow } from '../replay/useShownNow';
import { summarize } from './describe';
import { formatAge, freshnessText } from './format';

/** The hovered sensor: its type, the headline value with unit and band, where the numbers come from, age, flags. */
export function Tooltip() {
  const hovered = useAppStore((s) => s.hovered);
  const sensor = useAppStore((s) => (s.hovered ? s.catalogue.get(s.hovered.sensorId) : undefined));
  const state = useAppStore((s) => (s.hovered ? shownStates(s).get(s.hovered.sensorId) : undefined));
  const registry = useAppStore((s) => s.registry);
  const now = useShownNow();
  const down = useAppStore(shownDown);
  const timeZone = useAppStore((s) => s.city.timeZone);
  const { t } = useT();
  if (!hovered || !sensor) return null;
  const sum = summarize(sensor, state, now, registry, { down: sensorDown(sensor, down), timeZone });
  return (
    <div className="tooltip" data-testid="tooltip" style={{ left: hovered.x + 14, top: hovered.y + 14 }}>
      <div className="tooltip-title">{sensor.name || sensor.id}</div>
      <div className="tooltip-sub">
        <span data-testid="tooltip-type">{sum.typeLabel}</span> · <code>{sensor.id}</code>
      </div>
      <table>
        <tbody>
          {sum.lines.map((l) => (
            <tr key={l.label} className={l.warn ? 'warn' : undefined}>
              <th>{l.label}</th>
              <td>{l.value}</td>
            </tr>
          ))}
          <tr>
            <th>{t('panels.age')}</th>
            <td className={`fresh-${sum.freshness}`}>
              {sum.freshness === 'never' ? freshnessText('never') : `${formatAge(sum.ageMs)}${sum.freshness === 'stale' && !sum.down ? t('panels.staleSuffix') : ''}`}
            </td>
          </tr>
        </tbody>
      </table>
      {sum.down && (
        <div className="source-down-note" data-testid="tooltip-source-down">
          {sum.down.text} — {sum.down.reason}
        </div>
      )}
      <div className={sum.provenance.kind === 'measured' ? 'tooltip-provenance' : 'note'} data-testid="tooltip-provenance" data-provenance={sum.provenance.kind}>
        {sum.provenance.text}
        {sum.provenance.note && <> — {sum.provenance.note}</>}
      </div>
      {sum.flags.length > 0 && (
        <ul className="flags">
          {sum.flags.map((f) => (
            <li key={f.flag}>⚑ {f.text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
