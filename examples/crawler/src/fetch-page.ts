/** A response that is not 2xx. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly status: number;

  constructor(status: number, statusText: string) {
    super(`${status} ${statusText}`);
    this.status = status;
  }
}

/** GETs `url` and reads its body; aborting `signal` stops both. Throws `HttpError` for a non-2xx answer. */
export async function fetchPage(url: string, signal: AbortSignal): Promise<string> {
  const response = await fetch(url, { signal });
  if (!response.ok) {
    await response.body?.cancel();
    throw new HttpError(response.status, response.statusText);
  }
  return response.text();
}
