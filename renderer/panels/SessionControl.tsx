/**
 * The operator's name (editable; sent with setUser and remembered on this desk; self-declared, and shown as such) and
 * role, with the supervisor mode unlock dialog and the lock button. The first passphrase is set on the host side: in
 * the desktop app through its first-run form (main process), in browser mode with `npm run passphrase` on the host.
 */
import { useState, type FormEvent } from 'react';
import type { EngineClient } from '../../electron/engine/api';
import { formErrorText } from '../platform/rpc-client';
import { useAppStore } from '../store';
import { Dialog } from './Dialog';
import { t as translate, useT } from '../i18n/i18n';

const USER_KEY = 'citydesk.user';

export function rememberedUser(): string | null {
  try {
    return window.localStorage.getItem(USER_KEY);
  } catch {
    return null;
  }
}

function rememberUser(name: string): void {
  try {
    window.localStorage.setItem(USER_KEY, name);
  } catch {
    // private mode: the name lasts for this connection only
  }
}

/** Names are whatever the person at the desk typed: the UI says so wherever it shows one. */
/** "Self-declared name: typed at the desk, not verified." (in the current language). */
export const selfDeclaredHint = (): string => translate('panels.selfDeclaredHint');
/** English only, kept for the callers not yet translated: use selfDeclaredHint(). */
export const SELF_DECLARED_HINT = 'Self-declared name: typed at the desk, not verified.';

export function SessionControl({ client }: { client: EngineClient }) {
  const session = useAppStore((s) => s.session);
  const sessionError = useAppStore((s) => s.sessionError);
  const setSession = useAppStore((s) => s.setSession);
  const closeEditor = useAppStore((s) => s.closeEditor);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [unlockOpen, setUnlockOpen] = useState(false);

  const saveName = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      const next = await client.call('setUser', { name: name.trim() });
      rememberUser(next.user);
      setSession(next);
      setEditing(false);
      setNameError(null);
    } catch (err) {
      setNameError(formErrorText(err));
    }
  };

  const lock = async (): Promise<void> => {
    try {
      setSession(await client.call('lockSupervisor', {}));
      closeEditor();
    } catch (err) {
      setNameError(formErrorText(err));
    }
  };

  const supervisor = session?.role === 'supervisor';
  const { t } = useT();
  return (
    <div className="session" data-testid="session">
      {editing ? (
        <form className="session-name-form" onSubmit={(e) => void saveName(e)}>
          <input
            data-testid="operator-name-input"
            aria-label={t('panels.operatorName')}
            value={name}
            maxLength={80}
            autoFocus
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setEditing(false)}
          />
          <button type="submit" data-testid="operator-name-save">{t('common.save')}</button>
          {nameError && <span className="error small">{nameError}</span>}
        </form>
      ) : (
        <button
          type="button"
          className="session-name"
          data-testid="operator-name"
          title={sessionError ?? t('panels.nameTitle', { hint: selfDeclaredHint() })}
          onClick={() => {
            setName(session?.user ?? '');
            setEditing(true);
            setNameError(null);
          }}
        >
          <bdi className="session-user">{session?.user ?? '—'}</bdi>
        </button>
      )}
      {!editing && (
        <span className="muted small" data-testid="operator-name-self-declared" title={selfDeclaredHint()}>
          {t('panels.selfDeclared')}
        </span>
      )}
      <span className={supervisor ? 'role role-supervisor' : 'role'} data-testid="session-role">
        {supervisor ? t('panels.supervisor') : t('panels.operator')}
      </span>
      {supervisor ? (
        <button type="button" className="btn" data-testid="supervisor-lock" onClick={() => void lock()}>
          {t('panels.lock')}
        </button>
      ) : (
        <button type="button" className="btn" data-testid="supervisor-mode" disabled={!session} onClick={() => setUnlockOpen(true)}>
          {t('panels.supervisorMode')}
        </button>
      )}
      {unlockOpen && session && <UnlockDialog client={client} configured={session.supervisorConfigured} onDone={() => setUnlockOpen(false)} />}
    </div>
  );
}

function UnlockDialog({ client, configured, onDone }: { client: EngineClient; configured: boolean; onDone: () => void }) {
  const setSession = useAppStore((s) => s.setSession);
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // First run in the desktop app: main sets the passphrase host-side. In a browser there is no such path.
  const firstRun = window.citydesk?.setSupervisorPassphrase;
  const { t } = useT();

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (busy) return;
    if (!configured && pass !== again) {
      setError(t('panels.passphrasesDiffer'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (!configured && firstRun) {
        const set = await firstRun(pass);
        if (!set.ok) {
          setError(set.message);
          return;
        }
      }
      setSession(await client.call('unlockSupervisor', { passphrase: pass }));
      onDone();
    } catch (err) {
      setError(formErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (!configured && !firstRun) {
    return (
      <Dialog title={t('panels.setUpSupervisor')} onCancel={onDone} testId="supervisor-unlock">
        <div className="form">
          <p className="muted" data-testid="supervisor-setup-hint">
            {t('panels.noPassphraseBefore')} <code>npm run web</code>
            {t('panels.noPassphraseRun')} <code>{`npm run passphrase -- --db <${t('panels.cacheFile')}>`}</code>
            {t('panels.noPassphraseAfter')}
          </p>
          <div className="form-actions">
            <button type="button" className="btn" onClick={onDone}>
              {t('common.close')}
            </button>
          </div>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={configured ? t('panels.supervisorMode') : t('panels.setUpSupervisor')} onCancel={onDone} testId="supervisor-unlock">
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="muted">
          {configured
            ? t('panels.unlockHint')
            : t('panels.chooseHint')}
        </p>
        <label>
          {t('panels.passphrase')}
          <input type="password" data-testid="supervisor-passphrase" autoComplete={configured ? 'current-password' : 'new-password'} value={pass} onChange={(e) => setPass(e.target.value)} />
        </label>
        {!configured && (
          <label>
            {t('panels.passphraseAgain')}
            <input type="password" data-testid="supervisor-passphrase-confirm" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
          </label>
        )}
        {error && (
          <p className="error" role="alert" data-testid="supervisor-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onDone}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn primary" data-testid="supervisor-submit" disabled={busy || !pass}>
            {configured ? t('panels.unlock') : t('panels.setAndUnlock')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
