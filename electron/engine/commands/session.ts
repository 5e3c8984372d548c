/** Commands about who is at the desk: the session's role and user name, supervisor unlock, lock and passphrase change. */
import type { EngineParts, HandlersFor } from './types';

export function sessionCommands({ access }: EngineParts): HandlersFor<'session' | 'setUser' | 'unlockSupervisor' | 'lockSupervisor' | 'setSupervisorPassphrase'> {
  return {
    session: (_q, session) => access.session(session),
    setUser: (q, session) => access.setUser(session, q.name),
    unlockSupervisor: (q, session) => access.unlock(session, q.passphrase),
    lockSupervisor: (_q, session) => access.lock(session),
    setSupervisorPassphrase: (q, session) => access.changePassphrase(session, q.current, q.next),
  };
}
