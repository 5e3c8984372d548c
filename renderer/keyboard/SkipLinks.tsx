/**
 * The first stops of the Tab order: "Skip to the first alarm" (Enter puts the operator on it, focus in the list), the
 * map and the layers. Hidden until focused (keyboard users see them; the mouse never meets them). In the top bar.
 */
import type { MouseEvent } from 'react';
import { goToFirstAlarm } from '../alarms/AlarmKeyboard';
import { appStore } from '../store';
import { REGIONS, focusRegion, type Region } from './regions';
import { useT } from '../i18n/i18n';
import './keyboard.css';

function region(id: Region['id']): Region {
  return REGIONS.find((r) => r.id === id)!;
}

export function SkipLinks() {
  const { t } = useT();
  const go = (e: MouseEvent, fn: () => boolean): void => {
    e.preventDefault();
    fn();
  };
  const toRegion = (id: Region['id']) => () => focusRegion(region(id), appStore.getState().selectedAlarmId);
  return (
    <nav className="skip-links" aria-label={t('keys.skipLinks')}>
      <a href="#alarms" className="skip-link" data-testid="skip-to-alarms" onClick={(e) => go(e, () => goToFirstAlarm() || toRegion('alarms')())}>
        {t('keys.skipAlarm')}
      </a>
      <a href="#map" className="skip-link" data-testid="skip-to-map" onClick={(e) => go(e, toRegion('map'))}>
        {t('keys.skipMap')}
      </a>
      <a href="#layers" className="skip-link" data-testid="skip-to-layers" onClick={(e) => go(e, toRegion('layers'))}>
        {t('keys.skipLayers')}
      </a>
    </nav>
  );
}
