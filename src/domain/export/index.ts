export * from './csv';
export * from './header';
export * from './labels';
export * from './language';
export * from './local-time';
