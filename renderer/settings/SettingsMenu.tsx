/**
 * The operator's settings menu: language (every file in renderer/i18n/locales, by its own name), palette (HMI greys / classic colours), layout (auto / laptop / workstation / wall),
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
import { LANGUAGES, LANGUAGE_FILE_PROBLEMS, useT, type Translate } from '../i18n/i18n';
import './settings-menu.css';

const paletteText = (t: Translate): Record<PaletteId, { label: string; hint: string }> => ({
  hmi: { label: t('settings.paletteHmiLabel'), hint: t('settings.paletteHmiHint') },
  classic: { label: t('settings.paletteClassicLabel'), hint: t('settings.paletteClassicHint') },
});

const layoutText = (t: Translate): Record<LayoutId, { label: string; hint: string }> => ({
  auto: { label: t('settings.layoutAutoLabel'), hint: t('settings.layoutAutoHint') },
  laptop: { label: t('settings.layoutLaptopLabel'), hint: t('settings.layoutLaptopHint') },
  workstation: { label: t('settings.layoutWorkstationLabel'), hint: t('settings.layoutWorkstationHint') },
  wall: { label: t('settings.layoutWallLabel'), hint: t('settings.layoutWallHint') },
});

const listeners = new Set<() => void>();

/** Opens the settings menu (the top bar's button and the , key). */
export function openSettings(): void {
  for (const l of listeners) l();
}

export function SettingsButton() {
  const { t } = useT();
  return (
    <button type="button" className="top-button" data-testid="settings-open" aria-haspopup="dialog" onClick={openSettings} title={t('settings.openTitle')}>
      {t('settings.open')}
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
  const { t } = useT();
  return (
    <Dialog title={t('settings.title')} onCancel={onClose} testId="settings-menu" wide>
      <div className="settings-menu">
        <p className="settings-hint">{t('settings.kept')}</p>
        <Section title={t('settings.language')}>
          <select
            className="settings-language"
            data-testid="settings-language"
            aria-label={t('settings.language')}
            value={settings.language}
            onChange={(e) => setSetting('language', e.target.value)}
          >
            {LANGUAGES.map((l) => (
              <option key={l.id} value={l.id} lang={l.id} data-testid={`settings-language-${l.id}`}>
                {l.name}
              </option>
            ))}
          </select>
          <span className="settings-hint">{t('settings.languageHint')}</span>
          {LANGUAGE_FILE_PROBLEMS.length > 0 && (
            <div className="settings-problems" role="alert" data-testid="settings-language-problems">
              <strong>{t('settings.languageProblems')}</strong>
              <ul>
                {LANGUAGE_FILE_PROBLEMS.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            </div>
          )}
        </Section>
        <Choice name="palette" legend={t('settings.palette')} values={PALETTES} text={paletteText(t)} value={settings.palette} onChange={(v) => setSetting('palette', v)} />
        <Choice name="layout" legend={t('settings.layout')} values={LAYOUTS} text={layoutText(t)} value={settings.layout} onChange={(v) => setSetting('layout', v)} />
        <Section title={t('settings.sound')}>
          <label className="settings-choice">
            <input
              type="checkbox"
              data-testid="settings-sound"
              checked={settings.soundEnabled}
              onChange={(e) => (e.target.checked ? enableSound() : setSetting('soundEnabled', false))}
            />
            <span>
              <span className="settings-label">{t('settings.soundEnabled')}</span>
              <span className="settings-hint">{t('settings.soundHint')}</span>
            </span>
          </label>
          <p className="settings-hint" data-testid="settings-mute-state">
            {settings.soundMutedAt === null
              ? t('settings.notMuted')
              : t('settings.mutedAt', { time: formatWallTime(settings.soundMutedAt, tz) })}
          </p>
        </Section>
        {problems.length > 0 && (
          <div className="settings-problems" role="alert" data-testid="settings-problems">
            <strong>{t('settings.problems')}</strong>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="btn primary" onClick={onClose} data-testid="settings-close">
            {t('settings.done')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
