/**
 * Who is at the desk on this connection (name, operator / supervisor). The engine keeps the session per connection:
 * after a reconnect the role is operator again (store/sync.ts fetches it and re-sends the remembered name).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { Session } from '../../electron/engine/api';
import type { AppState } from './index';

export interface SessionSlice {
  session: Session | null;
  sessionError: string | null;
  setSession(session: Session | null): void;
  setSessionError(error: string | null): void;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  session: null,
  sessionError: null,
  setSession: (session) => set({ session, sessionError: null }),
  setSessionError: (sessionError) => set((s) => (s.sessionError === sessionError ? s : { sessionError })),
});

export function isSupervisor(s: { session: Session | null }): boolean {
  return s.session?.role === 'supervisor';
}
