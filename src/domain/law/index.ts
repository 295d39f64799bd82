export * from './penal-code';
export * from './legal-clock';
