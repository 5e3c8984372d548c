import { useAppStore } from '../store';
import { FRESHNESS_TEXT, KIND_LABELS } from '../../electron/shared/labels';
import { formatAge } from './format';
import { summarize } from './describe';
import { useFeedNow } from './useFeedClock';

export function Tooltip() {
  const hovered = useAppStore((s) => s.hovered);
  const sensor = useAppStore((s) => (s.hovered ? s.catalogue.get(s.hovered.sensorId) : undefined));
  const state = useAppStore((s) => (s.hovered ? s.states.get(s.hovered.sensorId) : undefined));
  const now = useFeedNow();
  if (!hovered || !sensor) return null;
  const sum = summarize(sensor, state, now);
  return (
    <div className="tooltip" data-testid="tooltip" style={{ left: hovered.x + 14, top: hovered.y + 14 }}>
      <div className="tooltip-title">{sensor.name || sensor.id}</div>
      <div className="tooltip-sub">
        {KIND_LABELS[sensor.kind]} · <code>{sensor.id}</code>
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
            <th>Age</th>
            <td className={`fresh-${sum.freshness}`}>
              {sum.freshness === 'never' ? FRESHNESS_TEXT.never : `${formatAge(sum.ageMs)}${sum.freshness === 'stale' ? ' (stale)' : ''}`}
            </td>
          </tr>
        </tbody>
      </table>
      {sum.notes.map((n) => (
        <div key={n} className={n.startsWith('OVER') ? 'note over' : 'note'}>
          {n}
        </div>
      ))}
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
