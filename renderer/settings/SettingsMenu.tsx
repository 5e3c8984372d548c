/**
 * The operator's settings menu: palette (HMI greys / classic colours), layout (auto / laptop / workstation / wall),
 * the alarm sound (enabled once: no prompt after a reload) and the state of a mute. Every choice is written to the
 * settings slice (settings.ts), which keeps it over a reload. The top bar shows the button (SettingsButton); the
 * dialog is mounted once beside the keyboard (SettingsHost), so that the , key opens it in any layout, the wall's too.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Dialog } from '../panels/Dialog';
import { formatWallTime } from '../panels/format';
import { enableSound } from '../alarms/AlarmSound';
import { useAppStore, useTimeZone } from '../store';
import { LAYOUTS, PALETTES, type LayoutId, type PaletteId } from './settings';
import './settings-menu.css';

const PALETTE_TEXT: Record<PaletteId, { label: string; hint: string }> = {
  hmi: { label: 'Control room (HMI)', hint: 'Greys for normal; colour only for what is abnormal and for alarm priority.' },
  classic: { label: 'Classic colours', hint: 'The older green-to-red scales on every sensor.' },
};

const LAYOUT_TEXT: Record<LayoutId, { label: string; hint: string }> = {
  auto: { label: 'Automatic', hint: "Follows the window's size." },
  laptop: { label: 'Laptop', hint: 'Compact, for about 1366 × 768.' },
  workstation: { label: 'Workstation', hint: 'For about 1920 × 1080.' },
  wall: { label: 'Video wall', hint: 'Large type and an alarm ticker, no controls (read from 4 m). The , key brings this menu back.' },
};

const listeners = new Set<() => void>();

/** Opens the settings menu (the top bar's button and the , key). */
export function openSettings(): void {
  for (const l of listeners) l();
}

export function SettingsButton() {
  return (
    <button type="button" className="top-button" data-testid="settings-open" aria-haspopup="dialog" onClick={openSettings} title="Settings (,)">
      Settings
    </button>
  );
}

/** Mounted once: the menu, opened by openSettings(). */
export function SettingsHost() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const l = (): void => setOpen(true);
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, []);
  return open ? <SettingsMenu onClose={() => setOpen(false)} /> : null;
}

function Choice<T extends string>({ name, legend, values, text, value, onChange }: { name: string; legend: string; values: readonly T[]; text: Record<T, { label: string; hint: string }>; value: T; onChange: (v: T) => void }) {
  return (
    <fieldset className="settings-group" data-testid={`settings-${name}`}>
      <legend>{legend}</legend>
      {values.map((v) => (
        <label key={v} className="settings-choice">
          <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} data-testid={`settings-${name}-${v}`} />
          <span>
            <span className="settings-label">{text[v].label}</span>
            <span className="settings-hint">{text[v].hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="settings-group">
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

export function SettingsMenu({ onClose }: { onClose: () => void }) {
  const settings = useAppStore((s) => s.settings);
  const setSetting = useAppStore((s) => s.setSetting);
  const problems = useAppStore((s) => s.settingsProblems);
  const tz = useTimeZone();
  return (
    <Dialog title="Settings" onCancel={onClose} testId="settings-menu" wide>
      <div className="settings-menu">
        <p className="settings-hint">Kept in this browser for this desk: they come back after a reload.</p>
        <Choice name="palette" legend="Palette" values={PALETTES} text={PALETTE_TEXT} value={settings.palette} onChange={(v) => setSetting('palette', v)} />
        <Choice name="layout" legend="Layout" values={LAYOUTS} text={LAYOUT_TEXT} value={settings.layout} onChange={(v) => setSetting('layout', v)} />
        <Section title="Alarm sound">
          <label className="settings-choice">
            <input
              type="checkbox"
              data-testid="settings-sound"
              checked={settings.soundEnabled}
              onChange={(e) => (e.target.checked ? enableSound() : setSetting('soundEnabled', false))}
            />
            <span>
              <span className="settings-label">Alarm sound enabled</span>
              <span className="settings-hint">
                On: after a reload the sound starts at your first click or key, without asking. Off: the top bar asks first (a browser holds audio until a click).
              </span>
            </span>
          </label>
          <p className="settings-hint" data-testid="settings-mute-state">
            {settings.soundMutedAt === null
              ? 'Not muted. Muting asks for a reason, which is logged (M, or Mute… in the top bar).'
              : `Muted at ${formatWallTime(settings.soundMutedAt, tz)} (feed time), with its reason logged: it stays muted, after a reload too, until a new urgent or high alarm.`}
          </p>
        </Section>
        {problems.length > 0 && (
          <div className="settings-problems" role="alert" data-testid="settings-problems">
            <strong>Stored settings that could not be used</strong>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="btn primary" onClick={onClose} data-testid="settings-close">
            Done
          </button>
        </div>
      </div>
    </Dialog>
  );
}
