/** Where a sensor is, for any geometry: defined once in electron/shared/sensor-geometry.ts (the pack's snapshots use it too). */
export * from '../../../electron/shared/sensor-geometry';
