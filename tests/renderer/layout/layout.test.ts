import { describe, expect, it } from 'vitest';
import { DRAWER_MIN_PX, clampDrawerHeight, drawerBounds, drawerHeightAfterKey, drawerHeightFor } from '../../../renderer/layout/drawerSize';
import { startDrawerPersistence } from '../../../renderer/layout/drawerPersistence';
import { ROOT_FONT_PCT, classOfSize, defaultDrawerHeight, screenClassOf } from '../../../renderer/layout/screenClass';
import { createAppStore } from '../../../renderer/store';

describe('screen class', () => {
  it('follows the window in auto: laptop, workstation, 4K', () => {
    expect(classOfSize(1366, 768)).toBe('laptop');
    expect(classOfSize(1440, 1000)).toBe('laptop');
    expect(classOfSize(1920, 800)).toBe('laptop'); // wide but short: a laptop's height
    expect(classOfSize(1920, 1080)).toBe('workstation');
    expect(classOfSize(2560, 1440)).toBe('large');
    expect(classOfSize(3840, 2160)).toBe('large');
  });

  it('a zoomed-in window (fewer CSS px) moves down a class', () => {
    // 1920x1080 at 125 % zoom is 1536x864 CSS px.
    expect(classOfSize(1920 / 1.25, 1080 / 1.25)).toBe('laptop');
  });

  it('the setting forces a class; the URL wins over the setting; an unknown URL value is ignored', () => {
    expect(screenClassOf('auto', null, 3840, 2160)).toBe('large');
    expect(screenClassOf('laptop', null, 3840, 2160)).toBe('laptop');
    expect(screenClassOf('workstation', null, 1366, 768)).toBe('workstation');
    expect(screenClassOf('wall', null, 1366, 768)).toBe('wall');
    expect(screenClassOf('auto', 'wall', 1920, 1080)).toBe('wall');
    expect(screenClassOf('wall', 'auto', 1920, 1080)).toBe('workstation');
    expect(screenClassOf('laptop', 'bogus', 1920, 1080)).toBe('laptop');
  });

  it('type grows with the class, never below the browser font size', () => {
    expect(ROOT_FONT_PCT.laptop).toBe(100);
    expect(ROOT_FONT_PCT.workstation).toBeGreaterThan(ROOT_FONT_PCT.laptop);
    expect(ROOT_FONT_PCT.large).toBeGreaterThan(ROOT_FONT_PCT.workstation);
  });
});

describe('drawer height', () => {
  it('defaults to a share of the window, larger on a 4K screen', () => {
    expect(defaultDrawerHeight('laptop', 768)).toBe(323);
    expect(defaultDrawerHeight('large', 2160)).toBe(1080);
    expect(drawerHeightFor(null, 'laptop', 768)).toBe(323);
  });

  it('a remembered height is kept within what the window can show', () => {
    expect(drawerHeightFor(400, 'laptop', 768)).toBe(400);
    expect(drawerHeightFor(2000, 'laptop', 768)).toBe(drawerBounds(768).max);
    expect(drawerHeightFor(90, 'laptop', 768)).toBe(DRAWER_MIN_PX);
    expect(clampDrawerHeight(300.4, 768)).toBe(300);
  });

  it('keys: arrows step, Page Up / Down five steps, Home / End the bounds, other keys nothing', () => {
    const { min, max } = drawerBounds(1000);
    expect(drawerHeightAfterKey('ArrowUp', 300, 1000, 40)).toBe(340);
    expect(drawerHeightAfterKey('ArrowDown', 300, 1000, 40)).toBe(260);
    expect(drawerHeightAfterKey('PageUp', 300, 1000, 40)).toBe(500);
    expect(drawerHeightAfterKey('PageDown', 300, 1000, 40)).toBe(min);
    expect(drawerHeightAfterKey('Home', 300, 1000, 40)).toBe(min);
    expect(drawerHeightAfterKey('End', 300, 1000, 40)).toBe(max);
    expect(drawerHeightAfterKey('ArrowUp', max, 1000, 40)).toBe(max);
    expect(drawerHeightAfterKey('a', 300, 1000, 40)).toBeNull();
  });
});

describe('drawer collapsed state', () => {
  it('the remembered state opens the drawer as it was left, and every change is copied both ways', () => {
    const store = createAppStore();
    store.getState().setSetting('drawerCollapsed', true);
    const stop = startDrawerPersistence(store);
    expect(store.getState().drawerOpen).toBe(false);
    store.getState().setDrawerTab('rules'); // a tab opens the drawer
    expect(store.getState().settings.drawerCollapsed).toBe(false);
    store.getState().setDrawerOpen(false);
    expect(store.getState().settings.drawerCollapsed).toBe(true);
    store.getState().setSetting('drawerCollapsed', false); // e.g. a settings menu
    expect(store.getState().drawerOpen).toBe(true);
    stop();
    store.getState().setDrawerOpen(false);
    expect(store.getState().settings.drawerCollapsed).toBe(false);
  });
});
