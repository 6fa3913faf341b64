/**
 * Reports an error no caller can catch (a done callback's, an unjoined greenlet's) as a process
 * warning named `name`. Node names a warning given as an Error after that error, whatever `type`
 * says, so the warning is a new Error carrying the original as `cause`.
 */
export function warn(name: string, what: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const warning = new Error(`${what}: ${message}`, { cause: error });
  warning.name = name;
  process.emitWarning(warning);
}
