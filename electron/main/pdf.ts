/**
 * "Save as PDF" for an incident pack's report: open report.html in a hidden window with JavaScript disabled and every
 * request refused but the report itself (it is self-contained: images are data: URIs), print it with Chromium's
 * printToPDF (A4, backgrounds, the report's @media print rules) and write report.pdf beside it.
 *
 * Pure module: no electron import. main.ts passes a factory of real BrowserWindows (`(o) => new BrowserWindow(o)`);
 * PdfWindow is the structural subset used, and tests/electron/pdf.test.ts checks that BrowserWindow fits it.
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The hidden window's options: nothing of the report runs, nothing reaches the app or the network. */
export const PDF_WINDOW_OPTIONS = {
  show: false,
  width: 1100,
  height: 1400,
  webPreferences: {
    javascript: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    images: true,
  },
} as const;

/** Chromium's print settings (the report's @page rule sets A4 and margins too). */
export const PDF_PRINT_OPTIONS = { pageSize: 'A4', printBackground: true, preferCSSPageSize: true, landscape: false } as const;

export interface PdfWindow {
  loadURL(url: string): Promise<void>;
  destroy(): void;
  webContents: {
    printToPDF(options: typeof PDF_PRINT_OPTIONS): Promise<Buffer>;
    session: {
      webRequest: {
        onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
      };
    };
  };
}

/** Where the PDF goes: beside the report, same name, .pdf. Only an .html file is printed. */
export function pdfPathFor(reportPath: string): string {
  const ext = extname(reportPath).toLowerCase();
  if (ext !== '.html' && ext !== '.htm') throw new Error(`Save as PDF: ${reportPath} is not an HTML report`);
  return join(dirname(reportPath), `${basename(reportPath, extname(reportPath))}.pdf`);
}

/** Whether the hidden window may load `url` while printing `reportUrl`: the report itself and data: URIs only. */
export function allowReportRequest(url: string, reportUrl: string): boolean {
  if (url.startsWith('data:')) return true;
  const strip = (u: string): string => u.split('#')[0]!;
  return strip(url) === strip(reportUrl);
}

/** Prints `reportPath` to the PDF beside it and returns that path; the window is always closed. */
export async function saveReportAsPdf(reportPath: string, createWindow: (options: typeof PDF_WINDOW_OPTIONS) => PdfWindow): Promise<string> {
  const out = pdfPathFor(reportPath);
  const reportUrl = pathToFileURL(reportPath).href;
  const win = createWindow(PDF_WINDOW_OPTIONS);
  try {
    win.webContents.session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !allowReportRequest(details.url, reportUrl) }));
    await win.loadURL(reportUrl);
    const pdf = await win.webContents.printToPDF(PDF_PRINT_OPTIONS);
    await writeFile(out, pdf);
    return out;
  } finally {
    win.destroy();
  }
}
