/**
 * The starter rules of the sensor types this feed has (engine command `listStarterRules`: each type's document may
 * carry some). Each offer shows its type, what it does, whether it is installed, and why it does not apply here if
 * so (the engine installs the starter rules of a type once, when the type first appears in the cache; one deleted or
 * never installed is offered here). A supervisor installs one as it is (publishRule), or opens it in the editor to
 * adapt, backtest and publish it.
 */
import { useCallback, useEffect, useState } from 'react';
import type { EngineClient, StarterRuleOffer } from '../../electron/engine/api';
import { errorText, formErrorText } from '../platform/rpc-client';
import { isSupervisor, useAppStore, useTimeZone } from '../store';
import { fromRule } from './ruleForm';
import { useT } from '../i18n/i18n';

/** Offers grouped by type (in the engine's order), each group with its type's label. */
export function groupOffers(offers: readonly StarterRuleOffer[]): { typeId: string; typeLabel: string; offers: StarterRuleOffer[] }[] {
  const groups = new Map<string, { typeId: string; typeLabel: string; offers: StarterRuleOffer[] }>();
  for (const o of offers) {
    const g = groups.get(o.typeId);
    if (g) g.offers.push(o);
    else groups.set(o.typeId, { typeId: o.typeId, typeLabel: o.typeLabel, offers: [o] });
  }
  return [...groups.values()];
}

export function StarterRules({ client, onClose }: { client: EngineClient; onClose: () => void }) {
  const supervisor = useAppStore(isSupervisor);
  const registry = useAppStore((s) => s.registry);
  const rules = useAppStore((s) => s.rules);
  const catalogue = useAppStore((s) => s.catalogue);
  const upsertRule = useAppStore((s) => s.upsertRule);
  const openEditor = useAppStore((s) => s.openEditor);
  const tz = useTimeZone();
  const { t } = useT();
  const [offers, setOffers] = useState<StarterRuleOffer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      setOffers(await client.call('listStarterRules', {}));
      setError(null);
    } catch (err) {
      setError(t('rules.starters.unavailable', { error: errorText(err) }));
    }
  }, [client, t]);

  // Reload when the rules (installed or not) or the catalogue (which types are present) change.
  useEffect(() => {
    void load();
  }, [load, rules, catalogue]);

  const install = async (o: StarterRuleOffer): Promise<void> => {
    setBusy(o.id);
    setMessage(null);
    try {
      upsertRule(await client.call('publishRule', { rule: o.rule }));
      setMessage({ ok: true, text: t('rules.starters.installedOne', { name: o.name }) });
    } catch (err) {
      setMessage({ ok: false, text: `${o.name}: ${formErrorText(err)}` });
    } finally {
      setBusy(null);
    }
  };

  const review = async (o: StarterRuleOffer): Promise<void> => {
    setBusy(o.id);
    setMessage(null);
    try {
      const v = await client.call('validateRule', { rule: o.rule });
      // The engine's validation errors stay in its English.
      if (!v.ok) {
        setMessage({ ok: false, text: `${o.name}: ${v.errors.join('; ')}` });
        return;
      }
      const res = fromRule(v.rule, registry, tz);
      if (!res.ok) {
        setMessage({ ok: false, text: `${o.name}: ${res.reason}` });
        return;
      }
      openEditor(res.form, null);
    } catch (err) {
      setMessage({ ok: false, text: `${o.name}: ${errorText(err)}` });
    } finally {
      setBusy(null);
    }
  };

  const groups = offers ? groupOffers(offers) : [];
  return (
    <section className="starter-rules" data-testid="starter-rules" aria-label={t('rules.starters.label')}>
      <div className="toolbar">
        <b>{t('rules.starters.title')}</b>
        <span className="spacer" />
        <button type="button" className="link" onClick={onClose}>
          {t('rules.starters.close')}
        </button>
      </div>
      {error && <p className="error small">{error}</p>}
      {message && (
        <p className={message.ok ? 'muted small' : 'error small'} role={message.ok ? 'status' : 'alert'} data-testid="starter-message">
          {message.text}
        </p>
      )}
      {offers && offers.length === 0 && <p className="muted small">{t('rules.starters.none')}</p>}
      {!offers && !error && <p className="muted small">{t('rules.starters.loading')}</p>}
      {groups.map((g) => (
        <div key={g.typeId} className="starter-group" data-type={g.typeId}>
          <h4>{g.typeLabel}</h4>
          <ul>
            {g.offers.map((o) => (
              <li key={`${o.typeId}/${o.id}`} data-testid="starter-offer" data-rule-id={o.id} data-installed={o.installed}>
                <div>
                  <b>{o.name}</b> <code>{o.id}</code> {o.installed && <span className="badge badge-sent">{t('rules.starters.installed')}</span>}
                </div>
                {o.description && <div className="muted small">{o.description}</div>}
                {o.problems.length > 0 && <div className="error small">{t('rules.starters.notHere', { problems: o.problems.join('; ') })}</div>}
                {supervisor && !o.installed && o.problems.length === 0 && (
                  <div className="row-buttons">
                    <button type="button" className="btn primary" data-testid="starter-install" disabled={busy !== null} onClick={() => void install(o)}>
                      {t('rules.starters.install')}
                    </button>
                    <button type="button" className="btn" data-testid="starter-review" disabled={busy !== null} onClick={() => void review(o)}>
                      {t('rules.starters.adapt')}
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {!supervisor && offers && offers.length > 0 && <p className="muted small">{t('rules.starters.unlockHint')}</p>}
    </section>
  );
}
