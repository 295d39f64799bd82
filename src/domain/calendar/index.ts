export * from './dates';
export * from './working-calendar';
