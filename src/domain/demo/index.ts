export * from './types';
export { generateDemoIncidents } from './generate';
export { summarise, reduction2024, ratePct, type DemoSummary, type ClearanceTally, type ResolutionTally } from './summarise';
export { socialOrderTarget, reductionPct, REDUCTION_2024_PCT, SOCIAL_ORDER_PER_REPORT_YEAR, VOLUME_PER_YEAR } from './rhythms';
