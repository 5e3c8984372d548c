/** A sensor type's map style (judgement, colour, size): defined once in electron/shared/sensor-style.ts, which the engine's snapshots use too. */
export * from '../../../electron/shared/sensor-style';
