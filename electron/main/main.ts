/**
 * Electron main process: wires the pure policy modules (security, navigation, ipc, protocol, menu, engine-launch)
 * to the real Electron API. Keep logic out of this file: everything decidable without Electron lives in the pure
 * modules and is unit-tested in tests/electron. Bundled by build/bundle.mjs to dist/electron/main/main.cjs.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  Notification,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
  type MessagePortMain,
  type WebContents,
} from 'electron';
import { aboutDialogText, aboutInfo } from './about';
import { ENGINE_PORT_CHANNEL } from '../shared/bridge';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl } from './app-origin';
import { ELECTRON_BASEMAP_SCHEME } from '../shared/basemap-manifest';
import { EngineControlClient } from './engine-control';
import { engineHostArgs, engineHostEnv, engineLaunchConfig, EngineSupervisor, type Log } from './engine-launch';
import { FEED_TOKEN_FILE, resolveFeedToken, type TokenCipher } from './feed-token';
import { handleIpc, IPC_CHANNELS, type IpcHandlers } from './ipc';
import { incidentDirOf, incidentInstanceCommand, incidentUserDataDir } from './incident-launch';
import { menuTemplate } from './menu';
import { saveReportAsPdf } from './pdf';
import { navigationDecision, validateExternalUrl, windowOpenDecision } from './navigation';
import { serveAppRequest, type AppRoots } from './protocol';
import { basemapLaunchConfig, serveBasemapRequest } from './basemap-protocol';
import { permissionDecision, secureWebPreferences, shouldApplyCsp, withSecurityHeaders } from './security';

const log: Log = (level, msg) => {
  const line = `[citydesk ${level}] ${msg}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

// Both must happen before 'ready'.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  // The user's city base map (--basemap / CITYDESK_BASEMAP): fetched by the page (CSP connect-src), with Range.
  { scheme: ELECTRON_BASEMAP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

// An incident pack opens in its own process beside the live desk (incident-launch.ts): its own user-data folder, and
// no single-instance lock (the live desk holds it).
const incidentDir = incidentDirOf(process.argv, process.env);
if (incidentDir !== undefined) app.setPath('userData', incidentUserDataDir(app.getPath('userData'), incidentDir));
if (incidentDir === undefined && !app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function run(): void {
  const isDev = !app.isPackaged;
  const appPath = app.getAppPath(); // the repo root under `electron .`, resources/app.asar when packaged
  const assetsDir = app.isPackaged ? path.join(process.resourcesPath, 'assets') : path.join(appPath, 'assets');
  const roots: AppRoots = { renderer: path.join(appPath, 'dist', 'renderer'), basemap: path.join(assetsDir, 'basemap') };
  const preloadPath = path.join(appPath, 'dist', 'electron', 'preload', 'preload.cjs');
  const engineHostPath = path.join(appPath, 'dist', 'electron', 'engine-host.cjs');

  const { config, warnings } = engineLaunchConfig({ argv: process.argv, env: process.env, assetsDir });
  if (incidentDir !== undefined) {
    config.incidentDir = incidentDir;
    delete config.feedUrl;
    delete config.hubConfig;
  }
  // The offline cache: one SQLite file in the app's user-data folder.
  config.dbFile = path.join(app.getPath('userData'), 'citydesk-cache.db');
  // The engine's log files (stdout is lost in a packaged app).
  config.logDir = app.getPath('logs');
  for (const w of warnings) log('warn', w);
  log('info', `engine: ${config.feedUrl ? `feed ${config.feedUrl}` : 'embedded DEMO feed'}; assets ${assetsDir}`);
  const { basemap, warnings: basemapWarnings } = basemapLaunchConfig({ argv: process.argv, env: process.env, assetsDir });
  for (const w of basemapWarnings) log('warn', w);
  if (basemap) log('info', `city base map: ${basemap.kind} ${basemap.name}`);

  let win: BrowserWindow | null = null;

  // Host-side control messages to the engine process (the first supervisor passphrase), over its parent port.
  let engineChild: Electron.UtilityProcess | null = null;
  const control = new EngineControlClient({
    send: (message) => {
      if (!engineChild) return false;
      engineChild.postMessage(message);
      return true;
    },
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
  });

  const supervisor = new EngineSupervisor<MessagePortMain>({
    fork: () => {
      const child = utilityProcess.fork(engineHostPath, engineHostArgs(config), {
        serviceName: 'CityDesk engine',
        stdio: 'inherit',
        env: engineHostEnv(config, process.env),
      });
      engineChild = child;
      child.on('message', (m: unknown) => control.onMessage(m));
      child.on('exit', () => {
        if (engineChild === child) engineChild = null;
        control.failAll('the engine process stopped');
      });
      return {
        postMessage: (message, transfer) => child.postMessage(message, transfer),
        kill: () => {
          child.kill();
        },
        onExit: (listener) => {
          child.on('exit', listener);
        },
        onMessage: (listener) => {
          child.on('message', listener);
        },
      };
    },
    createChannel: () => new MessageChannelMain(),
    closePort: (port) => port.close(),
    log,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
    now: () => Date.now(),
    onFatal: (reason) => {
      dialog.showErrorBox('CityDesk cannot start its engine', `${reason}\n\nThe cache file is ${config.dbFile ?? '(none)'}. Nothing in it was changed.`);
    },
  });

  const showAbout = (): void => {
    const info = aboutInfo({ version: app.getVersion(), versions: process.versions });
    const options = { type: 'info' as const, title: 'About CityDesk', message: `CityDesk ${info.version}`, detail: aboutDialogText(info), buttons: ['OK'] };
    void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
  };

  const ipcHandlers: IpcHandlers = {
    'app:about': () => aboutInfo({ version: app.getVersion(), versions: process.versions }),
    'app:engine-port': () => ({ sent: win !== null && supervisor.attachRenderer(rendererSink(win)) }),
    'app:notify': ({ title, body }) => {
      if (!Notification.isSupported()) return { shown: false };
      new Notification({ title, body }).show();
      return { shown: true };
    },
    'app:set-supervisor-passphrase': ({ passphrase }) => control.setSupervisorPassphrase(passphrase),
  };

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  // Every webContents (the window, and anything that might ever be created) gets the same navigation policy.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!win && app.isReady()) createWindow();
  });
  app.on('will-quit', () => supervisor.stop());

  void app.whenReady().then(async () => {
    protocol.handle(APP_SCHEME, async (request) => {
      const res = await serveAppRequest({ url: request.url, method: request.method }, roots);
      if (res.status >= 400) log('warn', `app:// ${res.status} ${request.url}`);
      return new Response(res.body === null ? null : Buffer.from(res.body), { status: res.status, headers: res.headers });
    });
    protocol.handle(ELECTRON_BASEMAP_SCHEME, (request) => {
      const res = serveBasemapRequest(request, basemap);
      if (res.status === 404 || res.status === 405) log('warn', `${ELECTRON_BASEMAP_SCHEME}:// ${res.status} ${request.url}`);
      return res;
    });

    const ses = session.defaultSession;
    ses.webRequest.onHeadersReceived((details, callback) => {
      if (!shouldApplyCsp(details.url)) return callback({});
      callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
    });
    ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
      log('warn', `permission ${permission} requested by ${details.requestingUrl}: denied`);
      callback(permissionDecision(permission, details.requestingUrl));
    });
    ses.setPermissionCheckHandler((_contents, permission, origin) => permissionDecision(permission, origin));

    for (const channel of IPC_CHANNELS) {
      ipcMain.handle(channel, async (event, payload: unknown) => {
        const frame = event.senderFrame;
        try {
          return await handleIpc(ipcHandlers, channel, { url: frame?.url, isMainFrame: frame !== null && frame.parent === null }, payload);
        } catch (err) {
          log('warn', String(err instanceof Error ? err.message : err));
          throw err;
        }
      });
    }

    const openIncident = async (): Promise<void> => {
      const options: Electron.OpenDialogOptions = { title: 'Open an incident pack (its folder)', properties: ['openDirectory'] };
      const picked = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
      const dir = picked.canceled ? undefined : picked.filePaths[0];
      if (dir === undefined) return;
      const { command, args } = incidentInstanceCommand({ execPath: process.execPath, appPath, isPackaged: app.isPackaged, incidentDir: dir });
      log('info', `opening incident pack ${dir} in a new window`);
      spawn(command, args, { detached: true, stdio: 'ignore' }).unref();
    };
    const saveReportPdf = async (): Promise<void> => {
      const options: Electron.OpenDialogOptions = { title: "Save an incident pack's report as PDF", properties: ['openFile'], filters: [{ name: 'Incident report', extensions: ['html'] }] };
      const picked = await (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options));
      const file = picked.canceled ? undefined : picked.filePaths[0];
      if (file === undefined) return;
      try {
        const pdf = await saveReportAsPdf(file, (o) => new BrowserWindow(o));
        shell.showItemInFolder(pdf);
      } catch (err) {
        dialog.showErrorBox('The report could not be saved as PDF', err instanceof Error ? err.message : String(err));
      }
    };
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({ isDev, isMac: process.platform === 'darwin', onAbout: showAbout, onOpenIncident: () => void openIncident(), onSaveReportPdf: () => void saveReportPdf() }),
      ),
    );

    // The feed token: from CITYDESK_TOKEN (then kept with safeStorage) or as kept; to the engine in its environment.
    const feedToken = await resolveFeedToken({ feedUrl: config.feedUrl, envToken: config.token, file: path.join(app.getPath('userData'), FEED_TOKEN_FILE), cipher: safeStorageCipher });
    for (const w of feedToken.warnings) log('warn', w);
    for (const n of feedToken.notes) log('info', n);
    if (feedToken.token !== undefined) config.token = feedToken.token;
    else delete config.token;

    supervisor.start();
    createWindow();
  });

  /** Sends an engine port to the window's page (only while it shows the app). */
  function rendererSink(w: BrowserWindow): (port: MessagePortMain) => boolean {
    return (port) => {
      if (w.isDestroyed() || w.webContents.isDestroyed() || !isAppUrl(w.webContents.getURL())) return false;
      w.webContents.postMessage(ENGINE_PORT_CHANNEL, null, [port]);
      return true;
    };
  }

  function createWindow(): void {
    const w = new BrowserWindow({
      width: 1600,
      height: 900,
      minWidth: 960,
      minHeight: 600,
      show: false,
      title: 'CityDesk',
      backgroundColor: '#0b1220',
      webPreferences: secureWebPreferences({ preloadPath, devTools: isDev }),
    });
    win = w;
    const contents = w.webContents;
    w.once('ready-to-show', () => w.show());
    // Every (re)load of the app page gets a fresh port to the engine.
    contents.on('did-finish-load', () => supervisor.attachRenderer(rendererSink(w)));
    contents.on('render-process-gone', (_event, details) => {
      log('error', `renderer gone: ${details.reason} (exit code ${details.exitCode})`);
      if (details.reason !== 'clean-exit' && !w.isDestroyed()) setTimeout(() => !w.isDestroyed() && contents.reload(), 1000);
    });
    w.on('closed', () => {
      supervisor.detachRenderer();
      if (win === w) win = null;
    });
    void w.loadURL(APP_ENTRY_URL);
  }
}

/** safeStorage for feed-token.ts; Linux's basic_text backend (no keyring) is a fixed key, so it counts as none. */
const safeStorageCipher: TokenCipher = {
  available: async () => (await safeStorage.isAsyncEncryptionAvailable()) && !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
  encrypt: (plain) => safeStorage.encryptStringAsync(plain),
  decrypt: async (data) => (await safeStorage.decryptStringAsync(data)).result,
};

function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    const decision = navigationDecision(event.url);
    if (decision.allow) return;
    event.preventDefault();
    log('warn', decision.reason);
    const external = event.isMainFrame ? validateExternalUrl(event.url) : null;
    if (external) void shell.openExternal(external);
  });
  contents.on('will-frame-navigate', (event) => {
    const decision = navigationDecision(event.url);
    if (decision.allow) return;
    event.preventDefault();
    log('warn', decision.reason);
  });
  contents.on('will-redirect', (event) => {
    const decision = navigationDecision(event.url);
    if (decision.allow) return;
    event.preventDefault();
    log('warn', `redirect: ${decision.reason}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('warn', 'webview refused');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternal) void shell.openExternal(decision.openExternal);
    else log('warn', `window.open(${JSON.stringify(url.slice(0, 120))}) denied`);
    return { action: decision.action };
  });
}
