/** "Save as PDF" (electron/main/pdf.ts) without Electron: the path, the request policy, the window, the steps. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { allowReportRequest, PDF_PRINT_OPTIONS, PDF_WINDOW_OPTIONS, pdfPathFor, saveReportAsPdf, type PdfWindow } from '../../electron/main/pdf';

// Compile-time: a real BrowserWindow fits PdfWindow, and the options fit Electron's.
const fits = (w: BrowserWindow): PdfWindow => w;
const options: Electron.BrowserWindowConstructorOptions = PDF_WINDOW_OPTIONS;
const print: Electron.PrintToPDFOptions = PDF_PRINT_OPTIONS;
void [fits, options, print];

describe('Save as PDF', () => {
  it('writes report.pdf beside report.html, and prints only HTML', () => {
    expect(pdfPathFor('/packs/p1/report.html')).toBe('/packs/p1/report.pdf');
    expect(pdfPathFor('/packs/p1/Report.HTM')).toBe('/packs/p1/Report.pdf');
    expect(() => pdfPathFor('/packs/p1/readings.csv')).toThrow(/not an HTML report/);
  });

  it('lets the hidden window load the report and data: URIs, nothing else', () => {
    const report = 'file:///packs/p1/report.html';
    expect(allowReportRequest(report, report)).toBe(true);
    expect(allowReportRequest(`${report}#alarms`, report)).toBe(true);
    expect(allowReportRequest('data:image/png;base64,AAAA', report)).toBe(true);
    expect(allowReportRequest('https://example.com/x.png', report)).toBe(false);
    expect(allowReportRequest('file:///etc/passwd', report)).toBe(false);
    expect(allowReportRequest('file:///packs/p1/readings.csv', report)).toBe(false);
  });

  it('opens the report hidden with JavaScript off, prints A4 with backgrounds, writes the PDF, closes the window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-pdf-'));
    const report = join(dir, 'report.html');
    writeFileSync(report, '<!DOCTYPE html><p>report</p>');
    const steps: string[] = [];
    let policy: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null = null;
    const out = await saveReportAsPdf(report, (o) => {
      expect(o.show).toBe(false);
      expect(o.webPreferences.javascript).toBe(false);
      expect(o.webPreferences.sandbox).toBe(true);
      return {
        loadURL: async (url) => void steps.push(`load ${url}`),
        destroy: () => void steps.push('destroy'),
        webContents: {
          printToPDF: async (p) => {
            steps.push(`print ${p.pageSize} ${p.printBackground}`);
            return Buffer.from('%PDF-1.4 fake');
          },
          session: { webRequest: { onBeforeRequest: (l) => void (policy = l) } },
        },
      };
    });
    expect(out).toBe(join(dir, 'report.pdf'));
    expect(readFileSync(out, 'latin1')).toBe('%PDF-1.4 fake');
    expect(steps).toEqual([`load ${pathToFileURL(report).href}`, 'print A4 true', 'destroy']);
    const answers: boolean[] = [];
    policy!({ url: 'https://example.com/' }, (r) => answers.push(r.cancel));
    policy!({ url: pathToFileURL(report).href }, (r) => answers.push(r.cancel));
    expect(answers).toEqual([true, false]);
  });

  it('closes the window and writes nothing when printing fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citydesk-pdf-'));
    const report = join(dir, 'report.html');
    writeFileSync(report, '<p>x</p>');
    let destroyed = false;
    const failing: PdfWindow = {
      loadURL: async () => {},
      destroy: () => void (destroyed = true),
      webContents: { printToPDF: async () => Promise.reject(new Error('printing failed')), session: { webRequest: { onBeforeRequest: () => {} } } },
    };
    await expect(saveReportAsPdf(report, () => failing)).rejects.toThrow(/printing failed/);
    expect(destroyed).toBe(true);
    expect(existsSync(join(dir, 'report.pdf'))).toBe(false);
  });
});
