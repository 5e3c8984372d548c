/** Commands about who is at the desk: the session's role and user name, supervisor unlock, lock and passphrase. */
import type { EngineParts, HandlersFor } from './types';

export function sessionCommands({ alerting }: EngineParts): HandlersFor<'session' | 'setUser' | 'unlockSupervisor' | 'lockSupervisor' | 'setSupervisorPassphrase'> {
  return {
    session: (_q, session) => alerting.session(session),
    setUser: (q, session) => alerting.setUser(session, q.name),
    unlockSupervisor: (q, session) => alerting.unlock(session, q.passphrase),
    lockSupervisor: (_q, session) => alerting.lock(session),
    setSupervisorPassphrase: (q, session) => alerting.setPassphrase(session, q.next, q.current),
  };
}
