/**
 * The layers: one toggle per sensor type present in the catalogue (with its count and its legend from the registry),
 * then the states every type shares.
 */
import { useMemo } from 'react';
import { LegendStates, TypeLegendView } from '../map/Legend';
import { typeLegend } from '../map/legend';
import { isTypeVisible, sensorsByType } from '../map/layers/common';
import { drawOrder, presentTypes } from '../map/layers';
import { useAppStore } from '../store';

function Toggle({ typeId, label, count }: { typeId: string; label: string; count: number }) {
  const on = useAppStore((s) => isTypeVisible(s.visible, typeId));
  const toggle = useAppStore((s) => s.toggleLayer);
  return (
    <label className="toggle">
      <input type="checkbox" data-testid={`toggle-${typeId}`} checked={on} onChange={() => toggle(typeId)} />
      <span className="toggle-label">{label}</span>
      <span className="count">{count}</span>
    </label>
  );
}

export function LayerPanel() {
  const catalogue = useAppStore((s) => s.catalogue);
  const registry = useAppStore((s) => s.registry);
  const entries = useMemo(() => {
    const byType = sensorsByType(catalogue);
    // Top of the map first: the reverse of the drawing order.
    return drawOrder(presentTypes({ catalogue, registry }))
      .reverse()
      .map((type) => ({ legend: typeLegend(type, registry), count: byType.get(type.id)?.length ?? 0 }));
  }, [catalogue, registry]);
  return (
    <aside className="layer-panel" aria-label="Layers">
      <h2>Layers</h2>
      {entries.length === 0 && <p className="legend-foot">No sensors in the catalogue yet.</p>}
      {entries.map(({ legend, count }) => (
        <section key={legend.typeId}>
          <Toggle typeId={legend.typeId} label={legend.label} count={count} />
          <TypeLegendView legend={legend} />
        </section>
      ))}
      {entries.length > 0 && <LegendStates />}
    </aside>
  );
}
