import { describe, expect, it, vi } from 'vitest';
import { aboutDialogText, aboutInfo, DATA_ATTRIBUTION } from '../../electron/main/about';
import { menuTemplate, type MenuItemSpec } from '../../electron/main/menu';

const flat = (items: MenuItemSpec[]): MenuItemSpec[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])]);

describe('menu', () => {
  it('has File > Quit, View with full screen and zoom, Help > About', () => {
    const onAbout = vi.fn();
    const t = menuTemplate({ isDev: false, isMac: false, onAbout });
    expect(t.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    const roles = flat(t).map((i) => i.role).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['quit', 'togglefullscreen', 'resetZoom', 'zoomIn', 'zoomOut']));
    const about = flat(t).find((i) => i.label === 'About CityDesk');
    about!.click!();
    expect(onAbout).toHaveBeenCalledOnce();
  });

  it('offers reload and developer tools in development only', () => {
    const prod = flat(menuTemplate({ isDev: false, isMac: false, onAbout: () => {} })).map((i) => i.role);
    expect(prod).not.toContain('reload');
    expect(prod).not.toContain('forceReload');
    expect(prod).not.toContain('toggleDevTools');
    const dev = flat(menuTemplate({ isDev: true, isMac: false, onAbout: () => {} })).map((i) => i.role);
    expect(dev).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('starts with the app menu on macOS', () => {
    expect(menuTemplate({ isDev: false, isMac: true, onAbout: () => {} })[0]).toEqual({ role: 'appMenu', label: 'CityDesk' });
  });
});

describe('about', () => {
  it('carries the data attribution, word for word', () => {
    expect(DATA_ATTRIBUTION).toBe(
      'Traffic, parking: CityPulse Dataset Collection (CC BY 4.0); data: Aarhus Kommune. Air quality: CityPulse simulated values (CC BY 4.0). ' +
        'Roads: © OpenStreetMap contributors (ODbL 1.0). Districts: Aarhus Kommune (CC BY 4.0). Water: CityPulse 3D map (MIT).',
    );
    const info = aboutInfo({ version: '0.1.0', versions: { electron: '45.5.0', chrome: '140.0', node: '22.1.0' } });
    const text = aboutDialogText(info);
    expect(text).toContain('CityDesk 0.1.0');
    expect(text).toContain('Electron 45.5.0');
    expect(text).toContain('© OpenStreetMap contributors (ODbL 1.0)');
    expect(text).toContain('Water: CityPulse 3D map (MIT).');
  });
});
