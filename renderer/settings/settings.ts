/**
 * The operator's settings that survive a reload: palette, sound, layout, drawer size. A validated document (errors
 * name the field) kept in the browser's localStorage under one versioned key; a damaged or older document is reported and
 * replaced by the defaults field by field (a bad field never discards the good ones). Pure apart from the Storage
 * passed in.
 */
export const SETTINGS_KEY = 'citydesk.settings.v1';

/** 'hmi': greys for normal, colour kept for abnormal and alarm priority (ISA-101 practice). 'classic': the older colours. */
export const PALETTES = ['hmi', 'classic'] as const;
export type PaletteId = (typeof PALETTES)[number];

/** 'auto' follows the window's size; 'wall' is the video wall's read-only layout (large type, ticker, no controls). */
export const LAYOUTS = ['auto', 'laptop', 'workstation', 'wall'] as const;
export type LayoutId = (typeof LAYOUTS)[number];

export interface Settings {
  palette: PaletteId;
  layout: LayoutId;
  /** The operator enabled the alarm sound once: it is resumed on the next gesture without asking again. */
  soundEnabled: boolean;
  /** The drawer's height in CSS px at the user's zoom (null: a share of the window). */
  drawerHeight: number | null;
  drawerCollapsed: boolean;
  /**
   * The alarm sound was muted (with its logged reason) at this feed time (ms); null: not muted. Kept over a reload
   * until what lifts a mute happens: a new urgent or high alarm (raised after it).
   */
  soundMutedAt: number | null;
  /** The "worst now" card over the map is open (null: not chosen yet, open except on a laptop's screen). */
  worstNowOpen: boolean | null;
  /** The screen's language: the id of a file in renderer/i18n/locales ("en", "da"). */
  language: string;
}

export const DEFAULT_SETTINGS: Settings = {
  palette: 'hmi',
  layout: 'auto',
  soundEnabled: false,
  drawerHeight: null,
  drawerCollapsed: false,
  soundMutedAt: null,
  worstNowOpen: null,
  language: 'en',
};

/** One checker per field: null when the value is valid, else what is wrong (zod stays out of the renderer bundle). */
const oneOf = (values: readonly string[]) => (v: unknown) => (typeof v === 'string' && values.includes(v) ? null : `expected one of ${values.join(', ')}, got ${JSON.stringify(v)}`);
const bool = (v: unknown) => (typeof v === 'boolean' ? null : `expected true or false, got ${JSON.stringify(v)}`);
const CHECKS: { [K in keyof Settings]: (v: unknown) => string | null } = {
  palette: oneOf(PALETTES),
  layout: oneOf(LAYOUTS),
  soundEnabled: bool,
  drawerHeight: (v) => (v === null || (Number.isInteger(v) && (v as number) >= 80 && (v as number) <= 4000) ? null : `expected null or a whole number of px from 80 to 4000, got ${JSON.stringify(v)}`),
  drawerCollapsed: bool,
  worstNowOpen: (v) => (v === null || typeof v === 'boolean' ? null : `expected null, true or false, got ${JSON.stringify(v)}`),
  language: (v) => (typeof v === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v) ? null : `expected a language tag such as "en" or "da", got ${JSON.stringify(v)}`),
  soundMutedAt: (v) => (v === null || (typeof v === 'number' && Number.isFinite(v)) ? null : `expected null or a feed time in ms, got ${JSON.stringify(v)}`),
};

/** What is wrong with a settings document, one line per field ("layout: expected …"); empty when valid. */
export function settingsProblems(doc: Settings): string[] {
  return (Object.keys(CHECKS) as (keyof Settings)[]).flatMap((k) => {
    const p = CHECKS[k](doc[k]);
    return p ? [`${k}: ${p}`] : [];
  });
}

export interface LoadedSettings {
  settings: Settings;
  /** One line per field that was unreadable and fell back to its default ("palette: Invalid option …"). */
  problems: string[];
}

/** Reads the settings document from a JSON text (null: none stored yet). */
export function parseSettings(text: string | null): LoadedSettings {
  if (text === null) return { settings: DEFAULT_SETTINGS, problems: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { settings: DEFAULT_SETTINGS, problems: [`settings: not JSON (${(e as Error).message})`] };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { settings: DEFAULT_SETTINGS, problems: ['settings: not an object'] };
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  for (const key of Object.keys(CHECKS) as (keyof Settings)[]) {
    if (!(key in doc)) continue;
    const value = (doc as Record<string, unknown>)[key];
    const problem = CHECKS[key](value);
    if (problem) problems.push(`${key}: ${problem}`);
    else out[key] = value;
  }
  return { settings: out as unknown as Settings, problems };
}

export function loadSettings(storage: Pick<Storage, 'getItem'> | null): LoadedSettings {
  if (!storage) return { settings: DEFAULT_SETTINGS, problems: [] };
  try {
    return parseSettings(storage.getItem(SETTINGS_KEY));
  } catch (e) {
    return { settings: DEFAULT_SETTINGS, problems: [`settings: cannot read the browser's storage (${(e as Error).message})`] };
  }
}

/** Writes the settings; returns an error line when the storage refuses (full, disabled), null when saved. */
export function saveSettings(storage: Pick<Storage, 'setItem'> | null, settings: Settings): string | null {
  if (!storage) return 'settings: no storage in this window';
  const problems = settingsProblems(settings);
  if (problems.length) return `settings: not saved (${problems.join('; ')})`;
  try {
    storage.setItem(SETTINGS_KEY, JSON.stringify(settings));
    return null;
  } catch (e) {
    return `settings: not saved (${(e as Error).message})`;
  }
}
