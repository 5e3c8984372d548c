/**
 * The application menu as a plain template (a structural subset of Electron.MenuItemConstructorOptions; main.ts
 * passes it to Menu.buildFromTemplate, and tsc checks that it fits). Pure module: no electron import.
 */

export type MenuRole =
  | 'appMenu'
  | 'quit'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'togglefullscreen'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'copy'
  | 'selectAll'
  | 'minimize'
  | 'close';

export interface MenuItemSpec {
  label?: string;
  role?: MenuRole;
  type?: 'normal' | 'separator' | 'submenu';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemSpec[];
}

export interface MenuOptions {
  /** Development build (not packaged): adds reload and developer tools. */
  isDev: boolean;
  /** process.platform === 'darwin': the first menu is the app menu. */
  isMac: boolean;
  onAbout: () => void;
  /** File > Open incident pack… (asks for the folder; the pack opens read-only in its own window). */
  onOpenIncident?: () => void;
  /** File > Save incident report as PDF… (asks for a pack's report.html; writes report.pdf beside it). */
  onSaveReportPdf?: () => void;
}

const separator: MenuItemSpec = { type: 'separator' };

export function menuTemplate(opts: MenuOptions): MenuItemSpec[] {
  const template: MenuItemSpec[] = [];
  if (opts.isMac) template.push({ role: 'appMenu', label: 'CityDesk' });

  const file: MenuItemSpec[] = [];
  if (opts.onOpenIncident) file.push({ label: 'Open &incident pack…', accelerator: 'CmdOrCtrl+O', click: opts.onOpenIncident });
  if (opts.onSaveReportPdf) file.push({ label: 'Save incident report as &PDF…', click: opts.onSaveReportPdf });
  if (file.length > 0) file.push(separator);
  file.push({ role: 'quit', label: opts.isMac ? 'Quit CityDesk' : 'Quit' });
  template.push({ label: '&File', submenu: file });

  template.push({ label: '&Edit', submenu: [{ role: 'copy' }, { role: 'selectAll' }] });

  const view: MenuItemSpec[] = [];
  if (opts.isDev) view.push({ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator);
  view.push(
    { role: 'togglefullscreen', label: 'Toggle Full Screen (video wall)' },
    separator,
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
  );
  template.push({ label: '&View', submenu: view });

  template.push({ label: '&Help', submenu: [{ label: 'About CityDesk', click: opts.onAbout }] });
  return template;
}
