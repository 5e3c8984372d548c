/**
 * The alarm load a backtest measured, in a supervisor's words, judged against the standards' limits (EEMUA 191 /
 * ISA-18.2: about one new alarm per 10 minutes on average is acceptable; more than FLOOD_ALARMS in 10 minutes is a
 * flood), and the question asked before publishing.
 */
import type { AlarmLoad } from '../../electron/engine/api';
import { CHATTER_CYCLES, CHATTER_WINDOW_MS, FLOOD_ALARMS, TARGET_AVERAGE_PER_WINDOW } from '../../electron/shared/alarm-priority';
import { currentLanguage, currentLocale, t as current, type Translate } from '../i18n/i18n';
import { REFERENCE_LANGUAGE } from '../i18n/languages';

export type LoadLevel = 'ok' | 'high' | 'flood';

/** 'flood' when the rule alone flooded the desk, 'high' when it adds more than the acceptable average or chatters. */
export function loadLevel(load: AlarmLoad): LoadLevel {
  if (load.floods > 0 || load.peakPerTenMinutes > FLOOD_ALARMS) return 'flood';
  if (load.averagePerTenMinutes > TARGET_AVERAGE_PER_WINDOW || load.chattering > 0) return 'high';
  return 'ok';
}

/**
 * The load in words: the engine's own summary in English ("14 alarms a day, 3 floods in the last 7 days"), built from
 * the same fields in another language (electron/engine/rules/alarm-load.ts loadSummary).
 */
export function loadSummaryText(load: AlarmLoad, t: Translate = current, english = currentLanguage().id === REFERENCE_LANGUAGE): string {
  if (english) return load.summary;
  const { perDay, days, floods, chattering } = load;
  const rate = perDay >= 10 || perDay === 0 ? Math.round(perDay) : Math.round(perDay * 10) / 10;
  const span = days >= 1.5 ? t('rules.load.days', { count: Math.round(days) }) : days >= 0.9 ? t('rules.load.day') : t('rules.load.hours', { count: Math.max(1, Math.round(days * 24)) });
  const parts = [t('rules.load.perDay', { count: rate, rate: rate.toLocaleString(currentLocale()) }), t('rules.load.floods', { count: floods, span })];
  if (chattering) parts.push(t('rules.load.chattering', { count: chattering }));
  return parts.join(', ');
}

/** The facts beside the engine's summary, one per line. */
export function loadFacts(load: AlarmLoad, t: Translate = current): string[] {
  const n = (x: number) => x.toLocaleString(currentLocale());
  return [
    t('rules.load.peak', { count: load.peakPerTenMinutes, n: n(load.peakPerTenMinutes), flood: FLOOD_ALARMS }),
    t('rules.load.average', { average: load.averagePerTenMinutes.toLocaleString(currentLocale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }), target: TARGET_AVERAGE_PER_WINDOW }),
    t('rules.load.chatter', {
      places: load.chattering === 0 ? t('rules.load.none') : t('rules.load.places', { count: load.chattering, n: n(load.chattering) }),
      cycles: CHATTER_CYCLES,
      minutes: CHATTER_WINDOW_MS / 60_000,
    }),
  ];
}

/** The confirmation asked before publishing: "This rule would have raised 14 alarms a day, … Publish?" */
export function publishQuestion(load: AlarmLoad, t: Translate = current): string {
  // (the engine's summary already counts floods and chattering)
  const peak = load.peakPerTenMinutes > 0 ? ` ${t('rules.load.atMost', { count: load.peakPerTenMinutes })}` : '';
  return t('rules.load.question', { summary: loadSummaryText(load, t), peak });
}
