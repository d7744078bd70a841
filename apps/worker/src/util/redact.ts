/** Text that may reach a log or the database, with every secret cut out (agents and providers echo them back). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) if (secret !== undefined && secret !== '') result = result.split(secret).join('[redacted]');
  return result;
}

/** First non-blank line of an error's message: the rest can be a stack or a provider's whole answer. */
export function errorLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '')?.trim() || 'unexpected error';
}
