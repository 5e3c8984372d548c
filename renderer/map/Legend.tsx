/** The legend of one sensor type (from the registry), and the states all types share. */
import { cssColor, cssRgb } from './colors';
import { LEGEND_STATES, type TypeLegend } from './legend';
import type { Shape } from './layers/shapes';

export function Swatch({ colour, shape = 'circle', line, ring }: { colour: string; shape?: Shape; line?: boolean; ring?: string }) {
  return <span className={line ? 'swatch line' : `swatch ${shape}`} style={{ background: colour, boxShadow: ring ? `0 0 0 2px ${ring}` : undefined }} />;
}

export function TypeLegendView({ legend }: { legend: TypeLegend }) {
  const line = legend.geometry === 'line';
  return (
    <div className="legend" data-testid={`legend-${legend.typeId}`}>
      <div className={legend.provenance.kind === 'measured' ? 'legend-note' : 'legend-note sim'} data-testid="legend-provenance" data-provenance={legend.provenance.kind}>
        {legend.provenance.text}
      </div>
      {legend.provenance.note && <div className="legend-note" data-testid="legend-provenance-note">{legend.provenance.note}</div>}
      {legend.headline && <div className="legend-note" data-testid="legend-headline">Colour: {legend.headline}</div>}
      {legend.bands.map((b) => (
        <div className="legend-row" key={`${b.label}|${b.range}`} title={b.range}>
          <Swatch colour={cssRgb(b.colour)} shape={legend.shape} line={line} />
          <span>{b.label}</span>
        </div>
      ))}
      {legend.size && <div className="legend-note">{legend.size}</div>}
    </div>
  );
}

/** Stale, never heard from, cannot be judged, not computable, flagged: the same for every type. */
export function LegendStates() {
  return (
    <div className="legend legend-states" data-testid="legend-states">
      {LEGEND_STATES.map((s) => (
        <div className="legend-row" key={s.key}>
          <Swatch colour={cssColor(s.colour)} ring={s.ring ? cssColor(s.ring) : undefined} />
          <span>{s.label}</span>
        </div>
      ))}
    </div>
  );
}
