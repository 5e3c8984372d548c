/** An alarm row's word on its data (alarmNote.ts): source down since …, or frozen with the engine gone. */
import type { Alarm } from '../../electron/engine/api';
import { useAppStore } from '../store';
import { alarmSourceNote } from './alarmNote';
import './health.css';

export function AlarmSourceNote({ alarm }: { alarm: Alarm }) {
  const note = useAppStore((s) => alarmSourceNote(alarm, s));
  if (!note) return null;
  return (
    <span className="alarm-source-note" data-testid="alarm-source-note" title={note}>
      {note}
    </span>
  );
}
