/**
 * The legend of one sensor type (from the registry), and the states all types share, in the operator's palette. Each
 * row's symbol carries the second cue beside its colour, as the map draws it: shape, width or size growing with the
 * state, hollow when there is no value to show, a ring when flagged; and the cue in words.
 */
import { useAppStore } from '../store';
import type { ColourBand } from '../../electron/shared/sensor-types/types';
import { bandRgb, cssColor, cssRgb, PALETTES, type PaletteId, type RGBA } from './colors';
import { LEGEND_STATES, legendStateColour, type LegendSymbol, type TypeLegend } from './legend';
import type { Shape } from './layers/shapes';
import { useT } from '../i18n/i18n';

/** The box every legend symbol is drawn in (px). */
const BOX = 24;
const C = BOX / 2;

function shapePath(shape: Shape, r: number): string {
  switch (shape) {
    case 'circle':
      return `M ${C - r} ${C} a ${r} ${r} 0 1 0 ${2 * r} 0 a ${r} ${r} 0 1 0 ${-2 * r} 0 Z`;
    case 'square':
      return `M ${C - r * 0.8} ${C - r * 0.8} h ${1.6 * r} v ${1.6 * r} h ${-1.6 * r} Z`;
    case 'diamond':
      return `M ${C} ${C - r} L ${C + r} ${C} L ${C} ${C + r} L ${C - r} ${C} Z`;
    case 'triangle':
      return `M ${C} ${C - r} L ${C + r} ${C + 0.8 * r} L ${C - r} ${C + 0.8 * r} Z`;
  }
}

export interface SwatchProps {
  colour: string;
  symbol: Pick<LegendSymbol, 'sizePx' | 'outlinePx' | 'hollow'>;
  shape?: Shape;
  line?: boolean;
  ring?: string;
  /** The map's dark ground (inside a hollow line) and a filled symbol's outline. */
  ground: string;
  outline: string;
}

/** A legend symbol: a short line at its width (two rails when hollow), or the type's shape at its size. */
export function Swatch({ colour, symbol, shape = 'circle', line, ring, ground, outline }: SwatchProps) {
  const w = Math.min(symbol.sizePx, BOX - 4);
  return (
    <svg className="legend-symbol" width={BOX} height={BOX} viewBox={`0 0 ${BOX} ${BOX}`} aria-hidden="true" data-hollow={symbol.hollow ? 'true' : 'false'}>
      {line ? (
        <>
          {ring && <line x1={3} y1={C} x2={BOX - 3} y2={C} stroke={ring} strokeWidth={w + 4} strokeLinecap="round" />}
          <line x1={3} y1={C} x2={BOX - 3} y2={C} stroke={colour} strokeWidth={w} strokeLinecap="round" />
          {symbol.hollow && <line x1={3} y1={C} x2={BOX - 3} y2={C} stroke={ground} strokeWidth={Math.max(1, w - 2.5)} strokeLinecap="round" />}
        </>
      ) : (
        <>
          {ring && <circle cx={C} cy={C} r={Math.min(C - 1.5, Math.min(symbol.sizePx, C - 5) + 4)} fill="none" stroke={ring} strokeWidth={2} />}
          <path
            d={shapePath(shape, Math.min(symbol.sizePx, C - 5))}
            fill={symbol.hollow ? 'none' : colour}
            stroke={symbol.hollow ? colour : outline}
            strokeWidth={symbol.hollow ? 2 : symbol.outlinePx}
          />
        </>
      )}
    </svg>
  );
}

function usePalette(): PaletteId {
  return useAppStore((s) => s.settings.palette);
}

function groundOf(palette: PaletteId): { ground: string; outline: string } {
  const shared = PALETTES[palette].shared;
  return { ground: cssColor(shared.hole), outline: cssColor(shared.outlineLive) };
}

export function TypeLegendView({ legend }: { legend: TypeLegend }) {
  const palette = usePalette();
  const line = legend.geometry === 'line';
  const ground = groundOf(palette);
  const { t } = useT();
  return (
    <div className="legend" data-testid={`legend-${legend.typeId}`} data-palette={palette}>
      <div className={legend.provenance.kind === 'measured' ? 'legend-note' : 'legend-note sim'} data-testid="legend-provenance" data-provenance={legend.provenance.kind}>
        {legend.provenance.text}
      </div>
      {legend.provenance.note && <div className="legend-note" data-testid="legend-provenance-note">{legend.provenance.note}</div>}
      {legend.headline && <div className="legend-note" data-testid="legend-headline">{t('map.colour', { headline: legend.headline })}</div>}
      {legend.bands.map((b) => (
        <div className="legend-row" key={`${b.label}|${b.range}`} title={`${b.range}: ${b.symbol.cue}`} data-state={b.state.key} data-severity={b.state.severity} data-colour={cssRgb(b.colours[palette])}>
          <Swatch colour={cssRgb(b.colours[palette])} symbol={b.symbol} shape={legend.shape} line={line} {...ground} />
          <span>{b.label}</span>
          {b.state.key === 'abnormal' && <span className="legend-cue">{'▲'.repeat(b.state.severity)}</span>}
        </div>
      ))}
      {legend.size && <div className="legend-note">{legend.size}</div>}
    </div>
  );
}

/** Stale, never heard from, cannot be judged, not computable, flagged: the same for every type. */
export function LegendStates() {
  const palette = usePalette();
  const ground = groundOf(palette);
  return (
    <div className="legend legend-states" data-testid="legend-states" data-palette={palette}>
      {LEGEND_STATES.map((s) => {
        const colour: RGBA = legendStateColour(s, palette);
        const symbol = { sizePx: 5, outlinePx: 1, hollow: s.hollow };
        return (
          <div className="legend-row" key={s.key} data-state={s.key} title={s.cue}>
            <Swatch colour={s.ring ? cssColor(PALETTES[palette].shared.stale) : cssColor(colour)} ring={s.ring ? cssColor(colour) : undefined} symbol={symbol} {...ground} />
            <span>
              {s.label} <span className="legend-cue">({s.cue})</span>
            </span>
          </div>
        );
      })}
    </div>
  );
}

/** A band's colour chip in the operator's palette (the sensor panel's level), for a sensor of the type `kind`. */
export function BandSwatch({ kind, band }: { kind: string; band: ColourBand }) {
  const palette = usePalette();
  const type = useAppStore((s) => s.registry.get(kind));
  const colour = type ? bandRgb(palette, type, band) : band.colour;
  return <span className="swatch" data-testid="band-swatch" style={{ background: cssRgb(colour) }} />;
}
