/** The alarm load a backtest measured (what the rule would add to an operator's desk), beside its other results. */
import type { AlarmLoad } from '../../electron/engine/api';
import { loadFacts, loadLevel } from './load';

export function LoadSummary({ load }: { load: AlarmLoad }) {
  const level = loadLevel(load);
  return (
    <div className={`load-summary load-${level}`} data-testid="backtest-load" data-level={level} data-per-day={load.perDay} data-floods={load.floods}>
      <p>
        <b>Load on the operator:</b> <span data-testid="backtest-load-summary">{load.summary}</span>
        {level === 'flood' && ' — this rule alone would flood the desk.'}
        {level === 'high' && ' — more than the desk should get from one rule.'}
      </p>
      <ul className="small">
        {loadFacts(load).map((f, i) => (
          <li key={i}>{f}</li>
        ))}
      </ul>
    </div>
  );
}
