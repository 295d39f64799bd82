export * from './vietnamese';
export * from './encodings';
export * from './detect-encoding';
