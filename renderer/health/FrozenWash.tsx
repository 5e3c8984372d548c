/** The engine is gone: a grey, hatched wash over the whole screen (pure state: shown while the transport is not open). */
import './health.css';

export function FrozenWash() {
  return <div className="frozen-wash" data-testid="frozen-wash" aria-hidden="true" />;
}
