export * from './tasks';
export * from './targets';
export * from './notifications';
