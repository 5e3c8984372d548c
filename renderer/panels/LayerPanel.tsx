/**
 * The layers: one chip per sensor type present in the catalogue (with its count and its legend from the registry),
 * then the states every type shares. A chip says what it does in words: "shown on the map" / "hidden from the map"
 * (a checkbox: its state is announced too). Hiding a layer hides that type's sensor symbols only, never an alarm: a
 * control-room operator who hides car parks to read the traffic still has to see a car park's alarm, so alarms stay in
 * the list, in the counts and on the map, and the hidden chip says how many are open.
 */
import { useMemo } from 'react';
import type { Alarm } from '../../electron/engine/api';
import type { Sensor } from '../../electron/shared/model';
import { LegendStates, TypeLegendView } from '../map/Legend';
import { typeLegend } from '../map/legend';
import { isTypeVisible, sensorsByType } from '../map/layers/common';
import { drawOrder, presentTypes } from '../map/layers';
import { useAppStore } from '../store';
import { t as translate, useT } from '../i18n/i18n';
import './layer-chips.css';

/** What a layer chip says: its state in words, and for a hidden layer that its alarms still show. */
export function chipWords(label: string, shown: boolean, openAlarms: number): { state: string; note: string | null; name: string } {
  const alarms = translate('map.openAlarm', { count: openAlarms });
  return {
    state: translate(shown ? 'map.chipShown' : 'map.chipHidden'),
    note: shown ? null : openAlarms > 0 ? translate('map.chipNoteAlarms', { alarms }) : translate('map.chipNote'),
    name: translate('map.chipName', { label }),
  };
}

/** Open (not resolved) alarms per sensor type, by their subject sensor (a group alarm counts for its first-out's type). */
export function openAlarmsByType(alarms: Iterable<Alarm>, catalogue: ReadonlyMap<string, Sensor>): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of alarms) {
    if (a.state === 'resolved') continue;
    const kind = catalogue.get(a.group?.firstOut ?? a.subject)?.kind;
    if (kind) out.set(kind, (out.get(kind) ?? 0) + 1);
  }
  return out;
}

function Toggle({ typeId, label, count, openAlarms }: { typeId: string; label: string; count: number; openAlarms: number }) {
  const on = useAppStore((s) => isTypeVisible(s.visible, typeId));
  const toggle = useAppStore((s) => s.toggleLayer);
  const { t } = useT();
  const words = chipWords(label, on, openAlarms);
  const noteId = `layer-note-${typeId}`;
  return (
    <>
      <label className={`toggle layer-chip${on ? ' on' : ' off'}`}>
        <input type="checkbox" data-testid={`toggle-${typeId}`} checked={on} onChange={() => toggle(typeId)} aria-describedby={words.note ? noteId : undefined} />
        <span className="toggle-label">
          {label}
          <span className="chip-state" data-testid={`layer-state-${typeId}`}>
            {words.state}
          </span>
        </span>
        <span className="count" title={t('map.sensorCount', { n: count })}>
          {count}
        </span>
      </label>
      {words.note && (
        <p className="chip-note" id={noteId} data-testid={`layer-note-${typeId}`}>
          {words.note}
        </p>
      )}
    </>
  );
}

export function LayerPanel() {
  const catalogue = useAppStore((s) => s.catalogue);
  const registry = useAppStore((s) => s.registry);
  const alarms = useAppStore((s) => s.alarms);
  const { t, locale } = useT();
  const open = useMemo(() => openAlarmsByType(alarms.values(), catalogue), [alarms, catalogue]);
  const entries = useMemo(() => {
    const byType = sensorsByType(catalogue);
    // Top of the map first: the reverse of the drawing order.
    return drawOrder(presentTypes({ catalogue, registry }))
      .reverse()
      .map((type) => ({ legend: typeLegend(type, registry), count: byType.get(type.id)?.length ?? 0 }));
  }, [catalogue, registry, locale]);
  return (
    <aside className="layer-panel" aria-label={t('map.layers')}>
      <h2>{t('map.layers')}</h2>
      <p className="chip-note">{t('map.layersHint')}</p>
      {entries.length === 0 && <p className="legend-foot">{t('map.noSensors')}</p>}
      {entries.map(({ legend, count }) => (
        <section key={legend.typeId}>
          <Toggle typeId={legend.typeId} label={legend.label} count={count} openAlarms={open.get(legend.typeId) ?? 0} />
          <TypeLegendView legend={legend} />
        </section>
      ))}
      {entries.length > 0 && <LegendStates />}
    </aside>
  );
}
