/**
 * File > Open incident pack… in the desktop app: the policy of incident-launch.ts (which folder, which user-data
 * folder, which command), the menu entry, and the engine host's --incident flag (the engine then opens the pack
 * instead of any feed).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHostArgs } from '../../electron/cli/engine-host';
import { engineHostArgs } from '../../electron/main/engine-launch';
import { incidentDirOf, incidentInstanceCommand, incidentUserDataDir } from '../../electron/main/incident-launch';
import { menuTemplate } from '../../electron/main/menu';

describe('opening an incident pack in the desktop app', () => {
  it('an --incident launch (or CITYDESK_INCIDENT) names the pack folder, resolved; a live launch has none', () => {
    expect(incidentDirOf(['electron', '.', '--incident', '/packs/bruuns'], {})).toBe('/packs/bruuns');
    expect(incidentDirOf(['electron', '.', '--incident=rel/pack'], {})).toBe(path.resolve('rel/pack'));
    expect(incidentDirOf(['electron', '.'], { CITYDESK_INCIDENT: ' /packs/env ' })).toBe('/packs/env');
    expect(incidentDirOf(['electron', '.'], { CITYDESK_INCIDENT: '  ' })).toBeUndefined();
    expect(incidentDirOf(['electron', '.', '--feed', 'https://x'], {})).toBeUndefined();
    expect(incidentDirOf(['electron', '.', '--incident', 'a\0b'], {})).toBeUndefined();
  });

  it('each pack gets its own user-data folder under the app\'s (Chromium locks a profile per process)', () => {
    const a = incidentUserDataDir('/home/u/.config/CityDesk', '/packs/a');
    const b = incidentUserDataDir('/home/u/.config/CityDesk', '/packs/b');
    expect(a.startsWith('/home/u/.config/CityDesk/incident-packs-opened/')).toBe(true);
    expect(a).not.toBe(b);
    expect(incidentUserDataDir('/home/u/.config/CityDesk', '/packs/a/')).toBe(a);
  });

  it('the menu spawns the same executable with the app path in development, without it when packaged, and no feed flags', () => {
    expect(incidentInstanceCommand({ execPath: '/usr/bin/electron', appPath: '/repo', isPackaged: false, incidentDir: '/packs/a' })).toEqual({ command: '/usr/bin/electron', args: ['/repo', '--incident', '/packs/a'] });
    expect(incidentInstanceCommand({ execPath: '/opt/CityDesk/citydesk', appPath: '/opt/CityDesk/resources/app.asar', isPackaged: true, incidentDir: 'p' })).toEqual({
      command: '/opt/CityDesk/citydesk',
      args: ['--incident', path.resolve('p')],
    });
  });

  it('File has "Open incident pack…" (Ctrl/Cmd+O) when main offers it, before Quit', () => {
    let opened = 0;
    const file = menuTemplate({ isDev: false, isMac: false, onAbout: () => {}, onOpenIncident: () => opened++ }).find((m) => m.label === '&File')!.submenu!;
    expect(file[0]).toMatchObject({ label: 'Open &incident pack…', accelerator: 'CmdOrCtrl+O' });
    file[0]!.click!();
    expect(opened).toBe(1);
    expect(file.at(-1)!.role).toBe('quit');
    const withPdf = menuTemplate({ isDev: false, isMac: false, onAbout: () => {}, onOpenIncident: () => {}, onSaveReportPdf: () => opened++ }).find((m) => m.label === '&File')!.submenu!;
    expect(withPdf.map((i) => i.label ?? i.type ?? i.role)).toEqual(['Open &incident pack…', 'Save incident report as &PDF…', 'separator', 'Quit']);
    withPdf[1]!.click!();
    expect(opened).toBe(2);
    const without = menuTemplate({ isDev: false, isMac: false, onAbout: () => {} }).find((m) => m.label === '&File')!.submenu!;
    expect(without.map((i) => i.role)).toEqual(['quit']);
  });

  it('the engine process gets --incident and reads it (a pack replaces any feed)', () => {
    const args = engineHostArgs({ assetsDir: '/a', incidentDir: '/packs/a', dbFile: '/u/c.db' });
    expect(args).toEqual(expect.arrayContaining(['--incident', '/packs/a']));
    expect(parseHostArgs(args, {})).toMatchObject({ assetsDir: '/a', incidentDir: '/packs/a' });
  });
});
