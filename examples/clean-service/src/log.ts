import pino from 'pino';
import { config } from './config';

// Logs are an event stream on stdout; the platform routes them.
export const log = pino({ level: config.logLevel });
