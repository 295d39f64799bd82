export * from './change';
export * from './format';
export * from './gistar';
export * from './normal';
export * from './random';
export * from './windows';
