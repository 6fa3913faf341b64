import {
  deserializeError as rebuild,
  type KnownErrors,
  type SerializedError,
} from '@skein/sync/serialize-error';
import {
  CancelledError,
  ExceptionGroup,
  InvalidStateError,
  LookupError,
  TimeoutError,
} from '../errors.js';

// Build-time only: the bundler inlines @skein/sync/serialize-error (it imports nothing), so
// this package still installs and runs without @skein/sync.
export { serializeError, type SerializedError } from '@skein/sync/serialize-error';

/** The package's own errors, by code (their `instanceof` checks the code, so a copy could not lie about it). */
const OWN: KnownErrors = {
  ERR_CANCELLED: (m) => new CancelledError(m),
  ERR_TIMEOUT: (m) => new TimeoutError(m),
  ERR_INVALID_STATE: (m) => new InvalidStateError(m),
  ERR_LOOKUP: (m) => new LookupError(m),
  // An empty group cannot be made: the rebuilt error is then a plain Error of that name and code.
  ERR_EXCEPTION_GROUP: (m, errors) =>
    errors.length > 0 ? new ExceptionGroup('', errors) : new Error(m),
};

/** Rebuilds an error a loop thread sent: the package's errors by `code`, the rest as `@skein/sync/serialize-error` does. */
export function deserializeError(data: SerializedError): Error {
  return rebuild(data, OWN);
}
