/** The keyboard help overlay (the ? key): every shortcut of SHORTCUTS, as keyboard.ts maps them. */
import { SHORTCUTS } from './keyboard';

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal help-overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="help-overlay" data-keyboard-help="">
        <header className="modal-head">
          <h2>Keyboard shortcuts</h2>
          <button type="button" className="close" onClick={onClose} aria-label="Close">
            ×
          </button>
        </header>
        <p className="muted small">
          For the alarm you are on (the selected one in the alarm list). Keys do nothing while you type in a field or while a dialog is open.
        </p>
        <table className="shortcut-table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.label} data-testid="shortcut-row">
                <td>
                  <kbd>{s.label}</kbd>
                </td>
                <td>{s.description}</td>
              </tr>
            ))}
            <tr>
              <td>
                <kbd>H</kbd>
              </td>
              <td>Map: back to the city's home view</td>
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
