import { pino, type Logger } from 'pino';

/** JSON lines on stdout. Nothing that could carry a secret is ever passed to it (no headers, no bodies). */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: undefined, redact: { paths: ['authorization', '*.authorization', 'token', '*.token', 'secret_value', '*.secret_value'], censor: '[redacted]' } });
}
