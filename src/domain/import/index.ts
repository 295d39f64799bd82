export * from './mapping';
export * from './validate-rows';
export { createCsvParser, parseCsvChunks, type CsvStreamParser } from '../csv';
