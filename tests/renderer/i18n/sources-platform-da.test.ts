/** The engine connection's messages and the source form's own words follow the language (issue 12 item 11). */
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../renderer/platform/channel';
import { setLanguage } from '../../../renderer/i18n/i18n';
import { createRpcClient } from '../../../renderer/platform/rpc-client';
import { closeText, noAccessText } from '../../../renderer/platform/web';
import { issuesByField, newTypeDocument } from '../../../renderer/sources/draft';
import { MAX_REQUEST_BYTES } from '../../../electron/shared/engine-limits';

function openChannel(): Channel & { open(): void } {
  const opens: (() => void)[] = [];
  return {
    send() {},
    onMessage() {},
    onOpen: (l) => void opens.push(l),
    onClose() {},
    close() {},
    open: () => opens.forEach((l) => l()),
  };
}

describe('Danish: the engine connection and the source form', () => {
  afterEach(() => void setLanguage('en'));

  it('says why the connection closed, in Danish, and in English as before', () => {
    setLanguage('da');
    expect(closeText(1009, '')).toBe('forbindelsen til motoren er tabt (kode 1009: en besked var over motorens grænse på 4 MiB)');
    expect(closeText(1001, '')).toBe('forbindelsen til motoren er tabt (kode 1001: CityDesk-værten er ved at stoppe)');
    expect(closeText(1006, '')).toBe('forbindelsen til motoren er tabt (kode 1006)');
    expect(noAccessText()).toMatch(/^denne side har ingen nøgle til motoren/);
    setLanguage('en');
    expect(closeText(1006, '')).toBe('connection to the engine lost (code 1006)');
    expect(noAccessText()).toBe("this page has no key to the engine: open the address the CityDesk host printed (it carries this launch's key)");
  });

  it('refuses a request over the limit in Danish, with a decimal comma', async () => {
    setLanguage('da');
    const ch = openChannel();
    const client = createRpcClient(ch, 'web');
    ch.open();
    const huge = client.call('importRules', { json: { rules: ['é'.repeat(MAX_REQUEST_BYTES / 2)] } });
    await expect(huge).rejects.toMatchObject({ code: 'too-large', message: 'importRules: forespørgslen er 4,0 MiB; motoren tager højst imod 4,0 MiB' });
    client.close();
    await expect(client.call('snapshot', {})).rejects.toMatchObject({ message: 'motorklienten er lukket' });
  });

  it("a new type's band is named in the supervisor's language; document paths stay as they are", () => {
    setLanguage('da');
    const doc = newTypeDocument({ id: 'vandstand', label: 'Vandstand', geometry: 'point', metrics: [{ id: 'level', label: 'Niveau', unit: 'cm' }] }) as { style: { bands: { label: string }[] } };
    expect(doc.style.bands[0]!.label).toBe('Rapporteret');
    expect(issuesByField([{ path: 'source.schedule', message: 'x' }]).get('')).toEqual(['source.schedule: x']);
  });
});
