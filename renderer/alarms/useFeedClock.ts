/** The alarm rows' ticking clock: the shared one (renderer/time/useNow.ts), by the name the rows know it by. */
export { useNow as useFeedClock } from '../time/useNow';
