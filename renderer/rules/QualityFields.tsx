/**
 * Quality flags and the rule: for each flag a reading of this type can carry (the type's checks and the generic
 * flags, labelled from the registry), use such readings, skip them (unknown to the rule: they neither raise nor
 * clear), or look only at them (a data-quality rule).
 */
import { useT } from '../i18n/i18n';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import type { ErrorOf } from './FormParts';
import { qualityFlagOptions, type QualityChoice, type RuleForm } from './ruleForm';

const CHOICES: readonly QualityChoice[] = ['use', 'skip', 'only'];

export function QualityFields({
  registry,
  kind,
  quality,
  err,
  onChoose,
}: {
  registry: SensorTypeRegistry;
  kind: string;
  quality: RuleForm['quality'];
  err: ErrorOf;
  onChoose: (flag: string, choice: QualityChoice) => void;
}) {
  const { t } = useT();
  const flags = qualityFlagOptions(registry, kind);
  const stale = Object.keys(quality).filter((f) => !flags.some((x) => x.id === f));
  return (
    <div className="quality-fields" data-testid="rule-quality">
      <p className="muted small">{t('rules.quality.intro')}</p>
      <table className="quality-table">
        <tbody>
          {flags.map((f) => {
            const current: QualityChoice = quality[f.id] ?? 'use';
            return (
              <tr key={f.id} data-testid="rule-quality-flag" data-flag={f.id} data-choice={current}>
                <td>
                  {f.label}
                  <div className="muted small">
                    <code>{f.id}</code>
                    {f.own ? '' : ` · ${t('rules.quality.anyType')}`}
                  </div>
                </td>
                <td className="quality-choice" role="radiogroup" aria-label={f.label}>
                  {CHOICES.map((c) => (
                    <label key={c} className="check small">
                      <input type="radio" name={`quality-${f.id}`} data-testid={`rule-quality-${f.id}-${c}`} checked={current === c} onChange={() => onChoose(f.id, c)} />
                      {t(`rules.quality.choice.${c}`)}
                    </label>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {stale.length > 0 && (
        <p className="warn small">
          {t('rules.quality.notFlags', { flags: stale.join(', ') })}{' '}
          {stale.map((f) => (
            <button key={f} type="button" className="link" onClick={() => onChoose(f, 'use')}>
              {t('rules.quality.drop', { flag: f })}
            </button>
          ))}
        </p>
      )}
      {err('quality')}
    </div>
  );
}
