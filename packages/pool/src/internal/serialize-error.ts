// Runs inside workers too: it imports nothing, so a worker does not load the error classes to report an error.

/** An error as it crosses a thread or process boundary. */
export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  code: unknown;
  cause?: SerializedError | { value: unknown } | undefined;
}

/** Keeps `name`, `message`, `stack`, `code` and `cause` of an error; any other thrown value rides in `cause.value`. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) {
    return {
      name: 'Error',
      message: String(error),
      stack: undefined,
      code: undefined,
      cause: { value: cloneable(error) },
    };
  }
  const out: SerializedError = {
    name: error.name,
    message: error.message,
    stack: error.stack,
    code: cloneable((error as { code?: unknown }).code),
  };
  if ('cause' in error)
    out.cause =
      error.cause instanceof Error
        ? serializeError(error.cause)
        : { value: cloneable(error.cause) };
  return out;
}

function cloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
}
